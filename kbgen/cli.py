"""The ``kbgen`` command line: parse options, call the library, print results.

Heavy imports (MkDocs, Markdown) happen inside each command so ``kbgen --help`` is quick.
"""

from __future__ import annotations

import os
import sys
import traceback

import click

from kbgen import __version__
from kbgen.analytics.cli import analytics
from kbgen.errors import KbgenError

CONFIG_HELP = "The help center's mkdocs.yml."


class KbgenGroup(click.Group):
    """Shows every failure as a one-line error, never a traceback (unless KBGEN_DEBUG=1)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            if os.environ.get("KBGEN_DEBUG"):
                traceback.print_exc()
            raise KbgenError(
                f"unexpected {type(exc).__name__}: {exc}\n"
                "Please report this; set KBGEN_DEBUG=1 to see the details."
            ) from None


def config_option(function):
    return click.option(
        "-f", "--config-file", default="mkdocs.yml", show_default=True,
        type=click.Path(dir_okay=False), help=CONFIG_HELP,
    )(function)


@click.group(cls=KbgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kbgen")
def main() -> None:
    """kbgen turns Markdown articles and FAQ YAML into a searchable help center.

    \b
    Example:
        kbgen init shop-help && cd shop-help && kbgen build
    """


@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--lang", default="en", show_default=True, help="The help center's first language.")
@click.option("--store-name", default="My Store", show_default=True, help="Shown in the header.")
def init(directory: str, lang: str, store_name: str) -> None:
    """Start a new help center in DIRECTORY, ready to build.

    It holds sample articles, an FAQ, synonyms, mkdocs.yml and a GitHub
    Actions workflow that publishes to GitHub Pages.

    \b
    Example:
        kbgen init shop-help --store-name "Acme Outdoor"
    """
    from kbgen.scaffold import create_help_center

    written = create_help_center(directory, lang=lang, store_name=store_name)
    click.echo(f"Created a help center in {directory} ({len(written)} files).")
    click.echo(f"Next: cd {directory} && kbgen serve")


@main.command()
@click.argument("title")
@click.option("--category", "-c", help="Category folder to put it in, e.g. shipping-and-delivery.")
@click.option("--lang", help="Language of the article, e.g. da.")
@click.option("--new-category", is_flag=True, help="Create the category folder if it does not exist.")
@config_option
def new(title: str, category: str | None, lang: str | None, new_category: bool, config_file: str) -> None:
    """Write a new article called TITLE with its front matter filled in.

    \b
    Example:
        kbgen new "Where is my order?" --category orders
    """
    from kbgen.scaffold import create_article

    path = create_article(config_file, title, category=category, lang=lang, new_category=new_category)
    click.echo(f"Created {path}")


@main.command()
@config_option
@click.option("--verbose", "-v", is_flag=True, help="Print a summary even when all is well.")
def check(config_file: str, verbose: bool) -> None:
    """Validate every article, FAQ, category and synonym file.

    Prints one 'path:line: error: message' per problem and exits with 1
    if there is any error (warnings alone exit 0).

    \b
    Example:
        kbgen check
    """
    from kbgen.build import check_content

    center = check_content(config_file)
    for diagnostic in center.diagnostics:
        click.echo(diagnostic.format())
    errors, warnings = len(center.errors), len(center.warnings)
    if errors or warnings or verbose:
        from kbgen.wording import plural

        click.echo(f"{plural(errors, 'error')}, {plural(warnings, 'warning')} "
                   f"in {plural(len(center.articles), 'article')} and {plural(len(center.faqs), 'FAQ file')}")
    if errors:
        sys.exit(1)


@main.command()
@click.option("--site-dir", "-d", type=click.Path(file_okay=False),
              help="Where to write the site (default: site_dir from mkdocs.yml, usually site/).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--force", is_flag=True,
              help="Replace the site folder even if it holds files kbgen did not build.")
@config_option
def build(site_dir: str | None, strict: bool, force: bool, config_file: str) -> None:
    """Check the content and render the site.

    The site is written to a temporary folder and swapped in only when
    everything succeeded, so a failed build leaves the old site untouched.
    A folder that holds files kbgen did not build is never replaced without
    --force.

    \b
    Example:
        kbgen build --site-dir public --strict
    """
    from kbgen.build import build_site

    progress = ProgressPrinter()
    report = build_site(
        config_file, site_dir, strict=strict, force=force, progress=progress,
        echo=lambda line: click.echo(line, err=True),
    )
    progress.finish()
    click.echo(report.summary)
    if report.index_summary:
        click.echo(report.index_summary)


class DevAddress(click.ParamType):
    """``IP:PORT`` (``localhost`` too, IPv6 in brackets), as ``(host, port)``, port 1-65535."""

    name = "IP:PORT"
    EXAMPLE = "e.g. --dev-addr 127.0.0.1:8000"

    def convert(self, value, param, ctx) -> tuple[str, int]:
        import ipaddress

        if isinstance(value, tuple):
            return value
        host, colon, port = str(value).strip().rpartition(":")
        if not colon or not port.isascii() or not port.isdigit():
            self.fail(f"{value!r} has no port number; {self.EXAMPLE}", param, ctx)
        host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
        try:
            if host != "localhost":
                ipaddress.ip_address(host)
        except ValueError:
            self.fail(f"{value!r}: {host!r} is not an IP address or localhost; {self.EXAMPLE}", param, ctx)
        if not 1 <= int(port) <= 65535:
            self.fail(f"port {port} is out of range; use a port from 1 to 65535, {self.EXAMPLE}", param, ctx)
        return host, int(port)


def address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def ensure_port_free(host: str, port: int) -> None:
    """Fail now, before the first build, if the preview server could not listen on ``host:port``."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the preview server does
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise KbgenError(listen_problem(host, port, exc)) from None


def listen_problem(host: str, port: int, exc: OSError) -> str:
    """What to do when the preview server cannot listen, by the OS error's number."""
    import errno

    if exc.errno == errno.EADDRINUSE:
        other = address(host, port + 1 if port < 65535 else 8000)
        return f"port {port} is in use on {host}: stop the other server or pick another with --dev-addr {other}"
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port}: pick a port above 1023, e.g. --dev-addr 127.0.0.1:8000"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"{host} is not an address of this machine: use e.g. --dev-addr 127.0.0.1:{port}"
    return f"cannot listen on {address(host, port)} ({exc.strerror or exc}); pick another with --dev-addr"


@main.command()
@click.option("--dev-addr", "-a", default="127.0.0.1:8000", show_default=True, type=DevAddress(),
              help="Address and port to serve on.")
@click.option("--no-livereload", is_flag=True, help="Do not reload the browser on changes.")
@config_option
def serve(dev_addr: tuple[str, int], no_livereload: bool, config_file: str) -> None:
    """Preview the help center, re-rendering what each saved edit changes.

    A content error shows on the page until the file is fixed; the
    terminal says what each update re-rendered and how long it took.

    \b
    Example:
        kbgen serve --dev-addr 127.0.0.1:8000
    """
    import errno
    import logging

    from kbgen.build import check_content
    from kbgen.preview.reloading import LoadCache
    from kbgen.preview.server import serve as serve_preview

    host, port = dev_addr
    cache = LoadCache()  # the preview re-reads only the files that change from here on
    with cache.active():
        center = check_content(config_file)
    for diagnostic in center.diagnostics:
        click.echo(diagnostic.format(), err=True)
    if center.errors:
        count = len(center.errors)
        raise KbgenError(f"{count} error{'s' if count != 1 else ''} in the content; "
                         f"fix {'them' if count != 1 else 'it'}, then run kbgen serve")
    ensure_port_free(host, port)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    for handler in logging.getLogger().handlers:  # a handler's filter sees every logger's lines
        handler.addFilter(quiet_mkdocs_lines)
    click.echo(f"Building the preview for http://{address(host, port)}/ (Ctrl+C to stop)", err=True)
    try:
        serve_preview(config_file, host, port, livereload=not no_livereload, cache=cache)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:  # another server took the port during the first build
            raise
        raise KbgenError(listen_problem(host, port, exc)) from None


# MkDocs' lines that say nothing true of kbgen's preview: it keeps the built site in a folder of its own,
# and it shows drafts there without any draft_docs setting of the store's.
MKDOCS_NOISE = ("Cleaning site directory", "The following pages are being built only for the preview")


def quiet_mkdocs_lines(record) -> bool:
    """A logging filter: False for MKDOCS_NOISE's lines, so the terminal shows kbgen's own."""
    return not str(record.msg).startswith(MKDOCS_NOISE)


@main.command()
@click.argument("query")
@click.option("--lang", help="Language of the index to search (default: the site's).")
@click.option("--json", "as_json", is_flag=True,
              help="Print the answer as JSON: results, total and unmatched words, as window.kbgen.query gives them.")
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 100), help="How many results.")
@click.option("--site-dir", "-d", type=click.Path(file_okay=False), help="The built site (default: from mkdocs.yml).")
@config_option
def search(query: str, lang: str | None, as_json: bool, limit: int, site_dir: str | None, config_file: str) -> None:
    """Search the built site, ranked exactly as the browser ranks it.

    \b
    Example:
        kbgen search "where is my order" --limit 5
    """
    import json
    from pathlib import Path

    from kbgen.index.query import SearchIndex

    if site_dir is None:
        from kbgen.build import load_mkdocs_config

        site_dir = load_mkdocs_config(config_file).site_dir
    search_dir = Path(site_dir) / "search"
    if lang:
        search_dir = language_search_dir(Path(site_dir), lang, config_file)
    answer = SearchIndex(search_dir).search(query, limit=limit)
    if as_json:
        click.echo(json.dumps(
            {"query": query, "results": [r.as_dict() for r in answer.results], "total": answer.total,
             "unmatched": answer.unmatched},
            ensure_ascii=False, indent=2,
        ))
        return
    if not answer.results:
        click.echo(f"No results for {shortened(query, 80)!r}.")
    for position, result in enumerate(answer.results, 1):
        click.echo(f"{position:>2}. {result.title}  [{result.kind}, {result.score}]")
        click.echo(f"    {result.url}")
    if answer.unmatched:
        click.echo(f"Words found nowhere on the site: {', '.join(shortened(w, 40) for w in answer.unmatched)}")


def shortened(text: str, limit: int) -> str:
    """At most ``limit`` characters of a shopper's text for the terminal (a pasted page stays one line)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def language_search_dir(site_dir, lang: str, config_file: str):
    """``--lang``'s index in the built site; an unknown code, or a language the site was not built in,
    is an error naming the codes there are (never a quiet search in another language)."""
    import os

    from kbgen.errors import KbgenError
    from kbgen.locales.codes import is_code, normalise
    from kbgen.locales.store import load_locales
    from kbgen.site.built import search_dir_for, search_dirs

    found = search_dir_for(site_dir, lang)
    if found is not None:
        return found
    from kbgen.config import locales_setting

    locales = load_locales(locales_setting(config_file) if os.path.isfile(config_file) else None, config_file)
    if not is_code(lang) or not locales.knows(lang):
        message, hint = locales.unknown(lang)
        raise KbgenError(f"--lang: {message}; {hint}")
    built = ", ".join(search_dirs(site_dir)) or "none"
    shown = os.path.relpath(site_dir) if not os.path.relpath(site_dir).startswith("..") else site_dir
    raise KbgenError(
        f"--lang {normalise(lang)}: the site in {shown} has no search index in that language (it has: {built}); "
        f"add {normalise(lang)} under 'languages:' in mkdocs.yml and run kbgen build"
    )


@main.group(name="import")
def import_() -> None:
    """Bring articles, categories and old addresses over from a hosted help desk.

    \b
    Example:
        kbgen import zendesk zendesk-export/
    """


def import_options(function):
    function = click.option("--force", is_flag=True, help="Replace files that already exist in the docs folder.")(
        function)
    function = click.option("--docs-dir", type=click.Path(file_okay=False),
                            help="Where to write the articles (default: docs_dir from mkdocs.yml).")(function)
    function = config_option(function)
    return click.argument("directory", type=click.Path(exists=True, file_okay=False))(function)


@import_.command()
@import_options
def zendesk(directory: str, docs_dir: str | None, force: bool, config_file: str) -> None:
    """Import a Zendesk Guide export: the Help Center API's JSON in DIRECTORY.

    DIRECTORY holds the API's answers as saved: categories.json, sections.json
    and articles.json (paged files such as articles-2.json, and one folder per
    locale, are fine). Each article's old address redirects to its new page.

    \b
    Example:
        kbgen import zendesk zendesk-export/
    """
    from kbgen.importers.writing import run_import
    from kbgen.importers.zendesk import read_export

    click.echo(run_import(read_export(directory), config_file, docs_dir, force=force))


@import_.command()
@import_options
def helpscout(directory: str, docs_dir: str | None, force: bool, config_file: str) -> None:
    """Import a Help Scout Docs export: the Docs API's JSON in DIRECTORY.

    DIRECTORY holds the API's answers as saved: collections, categories and
    articles (each article as GET /v1/articles/{id} returns it, with its text).
    Each article's public URL redirects to its new page.

    \b
    Example:
        kbgen import helpscout helpscout-export/
    """
    from kbgen.importers.helpscout import read_export
    from kbgen.importers.writing import run_import

    click.echo(run_import(read_export(directory), config_file, docs_dir, force=force))


main.add_command(analytics)


class ProgressPrinter:
    """Progress for builds of more than a few pages: a bar on a terminal, milestones in CI."""

    MIN_PAGES = 50

    def __init__(self) -> None:
        self.bar = None
        self.next_milestone = 25

    def __call__(self, done: int, total: int) -> None:
        if total < self.MIN_PAGES:
            return
        if sys.stderr.isatty():
            if self.bar is None:
                self.bar = click.progressbar(length=total, label="Rendering pages", file=sys.stderr)
                self.bar.__enter__()
            self.bar.update(1)
            return
        percent = done * 100 // total
        if percent >= self.next_milestone:
            click.echo(f"  rendered {done}/{total} pages ({percent}%)", err=True)
            self.next_milestone = (percent // 25 + 1) * 25

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
