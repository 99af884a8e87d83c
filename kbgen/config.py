"""The ``kbgen`` plugin's settings in ``mkdocs.yml``: store name, contact channels, features.

MkDocs only warns about a setting it does not know, without a line. kbgen checks its own
settings against the file itself, so a typo or a wrong type is ``mkdocs.yml:LINE: error: ...``
in ``kbgen check`` and ``kbgen build`` alike (see :func:`settings_problems`).
"""

from __future__ import annotations

import copy
import difflib
import os
import re
from typing import Any
from urllib.parse import urlsplit

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from kbgen.errors import ConfigError, ContentError, Diagnostic
from kbgen.locales.codes import is_code, normalise
from kbgen.palette import HEX, SLATE, WHITE, contrast_findings

#: What no URL in a setting may hold: it would end an attribute, hide a scheme or need encoding.
URL_UNSAFE = re.compile(r"[\s<>\"'`\\\x00-\x1f\x7f-\x9f\u2028\u2029]")
EMAIL = re.compile(r"[^@\s<>\"'`\\,;:()\[\]]+@[^@\s<>\"'`\\,;:()\[\]]+\.[^@\s<>\"'`\\,;:()\[\]]+")


def url_problem(value: str, schemes: tuple[str, ...], example: str = "/chat/") -> str | None:
    """Why ``value`` is not a URL with one of ``schemes`` or a path on this site; None when it is."""
    shown = repr(value if len(value) <= 60 else value[:57] + "...")
    if URL_UNSAFE.search(value):
        return f"must be an address without spaces, quotes, '<', '>' or control characters, not {shown}"
    if value.startswith("/") and not value.startswith("//"):
        return None
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme in schemes and (parts.netloc if scheme in ("http", "https") else parts.path):
        return None
    allowed = [f"{s}://" if s in ("http", "https") else f"{s}:" for s in schemes]
    listed = ", ".join(allowed[:-1]) + " or " + allowed[-1] if len(allowed) > 1 else allowed[0]
    return f"must start with {listed}, or be a path on this site such as {example}, not {shown}"


class Address(c.OptionallyRequired[str]):
    """A URL a page links to or sends events to: only the given schemes, or a site-absolute path."""

    def __init__(self, schemes: tuple[str, ...], example: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.schemes = schemes
        self.example = example

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"must be an address such as https://example.com{self.example}, not {value!r}")
        problem = url_problem(value, self.schemes, self.example)
        if problem:
            raise ValidationError(problem)
        return value


class Email(c.OptionallyRequired[str]):
    """An email address, put after ``mailto:`` in links."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not EMAIL.fullmatch(value):
            raise ValidationError(f"must be an email address such as help@example.com, not {value!r}")
        return value


class Languages(c.OptionallyRequired[list]):
    """Language codes, the first the default: they name folders and go into ``lang`` attributes.

    Written in any case (``pt-BR``), kept in lower case (``pt-br``: the folder and the URL). Whether
    kbgen has a catalog for each is checked against the file, with its line (:func:`language_problems`).
    """

    def run_validation(self, value: object) -> list[str]:
        if not isinstance(value, list) or not value:
            raise ValidationError("must be a list of language codes such as [en, da]")
        for code in value:
            if not isinstance(code, str):
                raise ValidationError(f"must hold language codes such as 'en', 'da' or 'pt-BR', not {code!r}")
        codes = [normalise(code) for code in value]
        if len(set(codes)) != len(codes):
            raise ValidationError("lists a language twice")
        return codes


class Colour(c.OptionallyRequired[str]):
    """A colour as CSS hex, ``#1d5c4d`` or ``#1d5``: it goes into the page's stylesheet as it is."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not HEX.fullmatch(value):
            raise ValidationError(f"must be a colour such as '#1d5c4d' (in quotes in YAML), not {value!r}")
        return value.lower()


class PaletteConfig(base.Config):
    """The colours of one scheme; the dark one is used by Material's ``slate`` scheme."""

    primary = c.Optional(Colour())  # the header, headings' accents and links
    accent = c.Optional(Colour())  # buttons, focus rings, the selected result


class ColorsConfig(PaletteConfig):
    # Without it, the light colours lightened until they read on the dark background.
    dark = c.SubConfig(PaletteConfig)


class ContactConfig(base.Config):
    """How a shopper reaches a person when the help center has no answer."""

    email = c.Optional(Email())
    # A link shoppers click: never javascript: or data:.
    chat_url = c.Optional(Address(("https", "http", "mailto", "tel"), "/chat/"))
    phone = c.Optional(c.Type(str))
    # Either one text for every language or a mapping of language code to text.
    hours = c.Optional(c.Type((str, dict)))
    response_time = c.Optional(c.Type((str, dict)))


class AnalyticsConfig(base.Config):
    """Where search and feedback events go. Nothing is sent with ``none``."""

    sink = c.Choice(("none", "endpoint", "ga4", "plausible"), default="none")
    # Required when sink is "endpoint": the collector's address, or a path on the same host.
    endpoint = c.Optional(Address(("https", "http"), "/events"))


class FeedbackConfig(base.Config):
    """The "Was this helpful?" widget on every article and FAQ answer."""

    enabled = c.Type(bool, default=True)


class TranslationsConfig(base.Config):
    """How ``kbgen check`` treats a language that does not have every article yet."""

    warn_missing = c.Type(bool, default=True)


class KbgenConfig(base.Config):
    store_name = c.Type(str, default="")
    # The store's look: a logo and favicon (paths in the docs folder, or addresses), its colours
    # (checked against WCAG AA), and a link back to the shop in the header.
    logo = c.Optional(c.Type(str))
    favicon = c.Optional(c.Type(str))
    colors = c.SubConfig(ColorsConfig)
    store_url = c.Optional(Address(("https", "http"), "/"))
    store_link_text = c.Type((str, dict), default="")  # or {lang: text}; default: "Back to STORE" translated
    tagline = c.Type((str, dict), default="")  # or {lang: text}; default: "How can we help?" translated
    contact = c.SubConfig(ContactConfig)
    # The first is the default language, at the top of the docs folder; each other one lives in a
    # folder named by its code and is published as its own sub-site (/da/, /zh/...).
    languages = Languages(default=["en"])
    # The store's own interface texts: a folder of <code>.yml catalogs, or {code: file}, beside mkdocs.yml.
    locales = c.Optional(c.Type((str, dict)))
    translations = c.SubConfig(TranslationsConfig)
    featured_limit = c.Type(int, default=6)
    analytics = c.SubConfig(AnalyticsConfig)
    feedback = c.SubConfig(FeedbackConfig)
    # Where a page's <lastmod> in sitemap.xml comes from when it has no `updated`: nowhere, or
    # the date of its file's last git commit.
    sitemap_dates = c.Choice(("updated", "git"), default="updated")

    def load_dict(self, patch: dict) -> None:
        # Kept as written: what the checks below compare with the file.
        self.given = {**getattr(self, "given", {}), **patch} if isinstance(patch, dict) else patch
        super().load_dict(patch)

    def validate(self):
        """Check the settings against ``mkdocs.yml`` first, so that each problem has its line."""
        path = self.config_file_path
        if path and os.path.isfile(path) and isinstance(getattr(self, "given", None), dict):
            problems = settings_problems(self.given, path)
            if problems:
                raise SettingsError(problems)
        return super().validate()


class SettingsError(ContentError, ConfigError):
    """The kbgen settings in ``mkdocs.yml`` hold errors; every one is shown with its line."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(diagnostics)
        count = len(diagnostics)
        where = diagnostics[0].path if diagnostics else "mkdocs.yml"
        self.message = (
            f"{count} error{'s' if count != 1 else ''} in the kbgen settings of {where}; nothing was checked or built"
        )


# -- checking the settings against the file --------------------------------------------------------

class _MarksLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its line marks only: MkDocs' own tags (!ENV, !relative...) are ignored."""


def settings_problems(given: dict[str, Any], config_file: str) -> list[Diagnostic]:
    """Every unknown kbgen setting and every value of the wrong kind, with its line in ``config_file``."""
    shown = os.path.relpath(config_file) if not os.path.relpath(config_file).startswith("..") else config_file
    node, line = settings_node(config_file)
    problems: list[Diagnostic] = []
    check_level(given, KbgenConfig, node, line, shown, "", problems)
    if not problems:
        problems += [d for d in colour_problems(given, node, line, shown) if d.is_error]
        problems += language_problems(given, node, line, shown, config_file)
    analytics = given.get("analytics")
    if isinstance(analytics, dict) and analytics.get("sink") == "endpoint" and not analytics.get("endpoint"):
        at = key_line(child_node(node, "analytics"), "sink") or line
        problems.append(Diagnostic(
            shown, at, "error", "analytics sink 'endpoint' needs 'endpoint:'",
            "the collector's address, such as https://stats.example.com/events",
        ))
    return sorted(problems)


def language_problems(given: dict[str, Any], node: Any, line: int, shown: str, config_file: str) -> list[Diagnostic]:
    """The ``locales:`` setting's files, and each code in ``languages:`` kbgen has no catalog for, at its line."""
    from kbgen.locales.registry import Locales
    from kbgen.locales.store import store_files

    found = store_files(given.get("locales"), os.path.dirname(os.path.abspath(config_file)))
    locales_node = child_node(node, "locales")
    problems = [
        Diagnostic(shown, (key_line(locales_node, key) if key else None) or key_line(node, "locales") or line,
                   "error", message)
        for key, message in found.problems
    ]
    locales = Locales.with_store_files(found.files)
    codes = given.get("languages")
    items = child_node(node, "languages")
    for index, code in enumerate(codes if isinstance(codes, list) else []):
        if not is_code(code) or not locales.knows(code):
            message, hint = locales.unknown(code)
            at = item_line(items, index) or key_line(node, "languages") or line
            problems.append(Diagnostic(shown, at, "error", f"kbgen setting 'languages': {message}", hint))
    return problems


def language_lines(config_file: str) -> dict[str, int]:
    """The line of each code in ``languages:`` (lower case), for warnings about one language."""
    node, line = settings_node(config_file)
    items = child_node(node, "languages")
    if not isinstance(items, yaml.SequenceNode):
        return {}
    return {normalise(str(item.value)): item.start_mark.line + 1
            for item in items.value if isinstance(item, yaml.ScalarNode)}


def languages_at(config_file: str | None) -> tuple[str, int] | None:
    """``config_file`` as messages show it and the line of kbgen's ``languages:`` in it, where it has one."""
    if not config_file:
        return None
    line = key_line(settings_node(config_file)[0], "languages")
    shown = os.path.relpath(config_file) if not os.path.relpath(config_file).startswith("..") else config_file
    return (shown, line) if line else None


def locale_diagnostics(locales: Any, languages: list[str], config_file: str) -> list[Diagnostic]:
    """Errors in the catalogs the site uses, a warning per key only English fills in, and one per
    language search has no stemmer for (at its line in ``languages:``)."""
    from kbgen.locales.search_support import no_stemmer_warning

    shown = os.path.relpath(config_file) if not os.path.relpath(config_file).startswith("..") else config_file
    found = locales.problems(languages)
    lines = language_lines(config_file)
    _, line = settings_node(config_file)
    for code in languages:
        warning = no_stemmer_warning(code, locales.language(code).name)
        if warning:
            found.append(Diagnostic(shown, lines.get(code, line), "warning", warning))
    return found


def locales_setting(config_file: str) -> str | dict[str, str] | None:
    """``locales:`` as written in mkdocs.yml, read without loading MkDocs (for ``kbgen search``)."""
    node, _ = settings_node(config_file)
    value = child_node(node, "locales")
    if isinstance(value, yaml.ScalarNode):
        return value.value
    if isinstance(value, yaml.MappingNode):
        return {k.value: v.value for k, v in value.value if isinstance(k, yaml.ScalarNode)
                and isinstance(v, yaml.ScalarNode)}
    return None


def item_line(node: Any, index: int) -> int | None:
    if isinstance(node, yaml.SequenceNode) and index < len(node.value):
        return node.value[index].start_mark.line + 1
    return None


def settings_warnings(given: dict[str, Any], config_file: str) -> list[Diagnostic]:
    """What ``kbgen check`` warns about in valid settings: colours that pass 3:1 but not 4.5:1."""
    shown = os.path.relpath(config_file) if not os.path.relpath(config_file).startswith("..") else config_file
    node, line = settings_node(config_file)
    return [d for d in colour_problems(given, node, line, shown) if not d.is_error]


#: Each colour setting, what it is drawn on and what it is used for: text on the light scheme's
#: white and in white on the colour; on the dark scheme's slate background.
COLOUR_CHECKS = (
    (("primary",), WHITE, "white text in the header, and links on white"),
    (("accent",), WHITE, "white text on buttons"),
    (("dark", "primary"), SLATE, "links on the dark background"),
    (("dark", "accent"), SLATE, "buttons and focus rings on the dark background"),
)


def colour_problems(given: dict[str, Any], node: Any, line: int, shown: str) -> list[Diagnostic]:
    """WCAG AA contrast of the store's colours: an error under 3:1, a warning under 4.5:1."""
    colours = given.get("colors")
    if not isinstance(colours, dict):
        return []
    problems = []
    for path, against, use in COLOUR_CHECKS:
        value, where = colours, child_node(node, "colors")
        for key in path[:-1]:
            value, where = (value or {}).get(key), child_node(where, key)
        value = value.get(path[-1]) if isinstance(value, dict) else None
        if not isinstance(value, str) or not HEX.fullmatch(value):
            continue
        found = contrast_findings("colors." + ".".join(path), value.lower(), against, use)
        if found:
            problems.append(Diagnostic(shown, key_line(where, path[-1]) or line, found[0], found[1]))
    return problems


def settings_node(config_file: str) -> tuple[yaml.MappingNode | None, int]:
    """The YAML mapping under ``plugins: - kbgen:``, and the line of ``kbgen`` (1 if not found)."""
    try:
        with open(config_file, encoding="utf-8-sig") as fh:
            root = yaml.compose(fh, Loader=_MarksLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None, 1  # MkDocs reports a file it cannot read
    plugins = child_node(root, "plugins")
    entries = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins] if plugins else []
    for entry in entries:
        if isinstance(entry, yaml.MappingNode):
            for key, value in entry.value:
                if key.value == "kbgen":
                    return (value if isinstance(value, yaml.MappingNode) else None), key.start_mark.line + 1
        elif isinstance(entry, yaml.ScalarNode) and entry.value == "kbgen":
            return None, entry.start_mark.line + 1
    return None, 1


def child_node(node: Any, key: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def key_line(node: Any, key: str) -> int | None:
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return k.start_mark.line + 1
    return None


def check_level(
    given: dict[str, Any], schema: type[base.Config], node: Any, line: int, shown: str, prefix: str,
    problems: list[Diagnostic],
) -> None:
    """One mapping of settings: unknown names (with a did-you-mean), then each value's kind."""
    options = dict(schema._schema)
    for key, value in given.items():
        name = f"{prefix}{key}"
        at = key_line(node, str(key)) or line
        option = options.get(key)
        if option is None:
            problems.append(unknown_setting(shown, at, name, prefix, list(options)))
        elif isinstance(option, c.SubConfig):
            if isinstance(value, dict):
                check_level(value, option.config_class, child_node(node, key), at, shown, name + ".", problems)
            elif value is not None:
                fields = ", ".join(f"{k}:" for k in dict(option.config_class._schema))
                problems.append(Diagnostic(shown, at, "error", f"kbgen setting '{name}' must be a mapping of {fields}"))
        elif (problem := value_problem(option, value)) is not None:
            problems.append(Diagnostic(shown, at, "error", f"kbgen setting '{name}' {problem}"))


def unknown_setting(shown: str, line: int, name: str, prefix: str, known: list[str]) -> Diagnostic:
    close = difflib.get_close_matches(name[len(prefix):], known, n=1, cutoff=0.6)
    hint = f"did you mean '{prefix}{close[0]}'?" if close else "known here: " + ", ".join(prefix + k for k in known)
    return Diagnostic(shown, line, "error", f"unknown kbgen setting '{name}'", hint)


def value_problem(option: c.BaseConfigOption, value: Any) -> str | None:
    """What is wrong with ``value`` for ``option``, in kbgen's words; None when it is fine."""
    inner = option.option if isinstance(option, c.Optional) else option
    if value is None and isinstance(option, c.Optional):
        return None
    if isinstance(inner, c.Type) and inner._type is int and isinstance(value, bool):
        return f"must be {expected(inner)}, not {value!r}"
    if isinstance(inner, c.Type) and isinstance(value, dict) and dict in inner._type:
        wrong = [key for key, text in value.items() if not isinstance(key, str) or not isinstance(text, str)]
        if wrong:
            return f"must map language codes to text, as in {{en: ..., da: ...}}; {wrong[0]!r} does not"
    try:
        copy.deepcopy(option).validate(value)
    except ValidationError as exc:
        if isinstance(inner, (Address, Email, Languages, Colour)):
            return str(exc)
        return f"must be {expected(inner)}, not {value!r}"
    return None


def expected(option: c.BaseConfigOption) -> str:
    """How an error names what a setting takes."""
    if isinstance(option, c.Choice):
        return "one of " + ", ".join(repr(choice) for choice in option.choices)
    kinds = getattr(option, "_type", None)
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    names = {str: "text", int: "a whole number", bool: "true or false", dict: "a mapping of language code to text"}
    return " or ".join(names.get(kind, "a valid value") for kind in kinds)
