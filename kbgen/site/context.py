"""What each template receives as ``kbgen``: plain dataclasses, URLs relative to the site root."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kbgen.content.model import Article, Faq, HelpCenter
from kbgen.locales import Language, Locales, bcp47
from kbgen.palette import dark_palette, light_palette, palette_css
from kbgen.resources import client_name
from kbgen.site.escaping import fill, interface_texts, plain, script_json
from kbgen.site.pages import CONTACT_SRC, SEARCH_SRC, page_kind


@dataclass
class Card:
    """A link to a page with what a shopper needs to choose it."""

    title: str
    url: str
    description: str = ""
    icon: str = ""
    count: int = 0
    kind: str = "article"


@dataclass
class LanguageLink:
    """One entry of the language switcher: a page in that language, or that language's home."""

    title: str
    url: str
    lang: str
    translated: bool = False  # the page itself exists in this language (an hreflang alternate)

    @property
    def tag(self) -> str:
        """The code as hreflang and lang attributes write it: ``pt-BR``."""
        return bcp47(self.lang)


@dataclass
class Contact:
    email: str = ""
    chat_url: str = ""
    phone: str = ""
    hours: str = ""
    response_time: str = ""

    @property
    def phone_href(self) -> str:
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    @property
    def any(self) -> bool:
        return bool(self.email or self.chat_url or self.phone)


@dataclass
class SiteInfo:
    store_name: str
    tagline: str
    home_url: str
    contact_url: str
    categories: list[Card]
    featured: list[Card]
    contact: Contact
    search_url: str = "search/"
    client: str = ""
    client_config: str = "{}"  # JSON for the browser client: analytics sink, feedback on/off
    feedback: bool = True
    lang: str = "en"
    material_lang: str = "en"  # the Material interface translation to use (a close one if none exists)
    t: dict[str, str] = field(default_factory=dict)  # kbgen's own strings in this language
    html_lang: str = "en"  # the code as <html lang> and hreflang write it: pt-BR
    direction: str = "ltr"  # "rtl" for Arabic, Hebrew...: the sub-site reads right to left
    language: Language | None = None  # everything its catalogs say: dates, widget texts
    languages: list[LanguageLink] = field(default_factory=list)  # each language's home, for the switcher
    palette_css: str = ""  # the store's colours (or kbgen's), light and dark
    store_url: str = ""  # the shop, linked from the header
    store_link_text: str = ""
    # What the sub-site's pages share once rendered (closed sidebar entries per folder): it lives
    # as long as this object, one build or one preview update (kbgen/site/navigation.py).
    fragments: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def manifest(self) -> str:
        """The sub-site's search manifest, preloaded so the first keystroke finds it there."""
        return self.home_url + "search/manifest.json"


@dataclass
class PageInfo:
    kind: str
    site: SiteInfo
    breadcrumbs: list[Card] = field(default_factory=list)
    related: list[Card] = field(default_factory=list)
    items: list[Card] = field(default_factory=list)
    subcategories: list[Card] = field(default_factory=list)
    updated: str = ""
    updated_label: str = ""
    jsonld: str = ""
    feedback: bool = True
    # The same page in the other languages (or their home), for the switcher and hreflang links.
    alternates: list[LanguageLink] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.site.lang

    @property
    def t(self) -> dict[str, str]:
        return self.site.t


def page_card(page: Article | Faq, t: dict[str, str]) -> Card:
    """``t``: the texts of the page's language."""
    kind = "faq" if isinstance(page, Faq) else "article"
    description = page.description
    if isinstance(page, Faq) and not description:
        description = fill(t["questions_answered"], n=len(page.entries))
    return Card(page.title, page.url, description, kind=kind)


def category_card(center: HelpCenter, category_id: str) -> Card:
    category = center.categories[category_id]
    count = len(center.items_in(category_id, deep=True))
    return Card(category.title, category.url, category.description, category.icon, count, "category")


def per_language(value: Any, lang: str, default_lang: str) -> str:
    """A setting given once for all languages, or as a mapping of language code to text."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get(default_lang) or next(iter(value.values()), ""))
    return str(value or "")


def contact_for(settings: Any, lang: str, default_lang: str = "en") -> Contact:
    contact = settings.contact
    return Contact(
        email=contact.email or "",
        chat_url=contact.chat_url or "",
        phone=contact.phone or "",
        hours=per_language(contact.hours, lang, default_lang),
        response_time=per_language(contact.response_time, lang, default_lang),
    )


def site_info(
    center: HelpCenter, config: Any, settings: Any, lang: str | None = None, locales: Locales | None = None,
) -> SiteInfo:
    """What every page of one language shows of its sub-site: categories, featured, contact, search.

    ``locales``: the catalogs in use (kbgen's own only, when not given)."""
    lang = lang or center.default_lang
    locales = locales or Locales()
    language = locales.language(lang)
    root = center.root(lang)
    t = interface_texts(language.texts)
    store_name = settings.store_name or plain(config.site_name)
    featured = [p for p in center.articles if p.featured and not p.draft and p.lang == lang]
    featured.sort(key=lambda a: (a.order if a.order is not None else 10_000, a.title.casefold()))
    return SiteInfo(
        store_name=store_name,
        tagline=per_language(settings.tagline, lang, center.default_lang) or t["tagline"],
        home_url=root,
        contact_url=root + posixpath.splitext(CONTACT_SRC)[0] + "/",
        categories=[category_card(center, c.id) for c in center.children_of(None, lang)],
        featured=[page_card(p, t) for p in featured[: settings.featured_limit]],
        contact=contact_for(settings, lang, center.default_lang),
        search_url=root + posixpath.dirname(SEARCH_SRC) + "/",
        client=root + "search/" + client_name(),
        client_config=client_config(settings, site_path(config), center.default_lang),
        feedback=settings.feedback.enabled,
        lang=lang,
        material_lang=language.material,
        t=t,
        html_lang=language.html_lang,
        direction=language.direction,
        language=language,
        languages=[
            LanguageLink(locales.language(code).name, center.root(code), code) for code in center.languages
        ] if len(center.languages) > 1 else [],
        palette_css=store_palette_css(settings.colors),
        store_url=settings.store_url or "",
        store_link_text=per_language(settings.store_link_text, lang, center.default_lang)
        or fill(t["back_to_store"], store=store_name),
    )


def store_palette_css(colors: Any) -> str:
    """The store's colours (or kbgen's) as CSS custom properties, for the light and dark schemes."""
    light = light_palette(colors.primary, colors.accent)
    return palette_css(light, dark_palette(light, colors.dark.primary, colors.dark.accent))


def site_path(config: Any) -> str:
    """The path the site is published under (``/`` or ``/help/``), from ``site_url``."""
    from urllib.parse import urlsplit

    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def client_config(settings: Any, root: str = "/", default_lang: str = "en") -> str:
    """Settings the browser client reads from the page, safe inside a <script> element."""
    analytics = settings.analytics
    data = {
        "sink": analytics.sink, "endpoint": analytics.endpoint or "", "feedback": settings.feedback.enabled,
        "root": root, "defaultLang": default_lang,
    }
    return script_json(data, sort_keys=True)


def breadcrumbs(center: HelpCenter, category_id: str | None) -> list[Card]:
    crumbs: list[Card] = []
    while category_id:
        category = center.categories.get(category_id)
        if category is None:
            break
        crumbs.insert(0, Card(category.title, category.url, kind="category"))
        category_id = category.parent_id
    return crumbs


def related_cards(center: HelpCenter, article: Article, t: dict[str, str]) -> list[Card]:
    """The article's ``related`` list; without one, its neighbours in the same category."""
    cards: list[Card] = []
    for target in article.related:
        path, _, anchor = target.partition("#")
        src = posixpath.normpath(posixpath.join(posixpath.dirname(article.src), path))
        page = center.page_by_src(src)
        if page is None or getattr(page, "draft", False):
            continue
        card = page_card(page, t)
        if anchor:
            card.url += "#" + anchor
        cards.append(card)
    if not cards and article.category is not None:
        cards = [page_card(p, t) for p in center.items_in(article.category, lang=article.lang) if p is not article][:3]
    return cards


def alternates(
    center: HelpCenter, item: Article | Faq | None, src: str, site: SiteInfo, url_of: Callable[[str], str | None]
) -> list[LanguageLink]:
    """For each language: the same page if it exists there, else that language's home."""
    if len(center.languages) < 2:
        return []
    versions = center.translations(item) if item is not None else {}
    inner = src[len(center.root(center.lang_of(src))) :]
    out = []
    for language in site.languages:
        code = language.lang
        if item is not None:
            target = versions.get(code)
            url = target.url if target is not None else None
        else:
            url = url_of(center.root(code) + inner)
        out.append(LanguageLink(language.title, url or language.url, code, translated=bool(url)))
    return out


def build_page_info(center: HelpCenter, page: Any, site: SiteInfo, page_alternates: list[LanguageLink]) -> PageInfo:
    """``page_alternates``: from :func:`alternates`, worked out once per page while it renders."""
    src = page.file.src_uri
    kind = page_kind(src, center)
    info = PageInfo(kind=kind, site=site, alternates=page_alternates)
    item = center.page_by_src(src)
    if kind == "category":
        category_id = posixpath.dirname(src)
        info.breadcrumbs = breadcrumbs(center, center.categories[category_id].parent_id)
        info.subcategories = [category_card(center, c.id) for c in center.children_of(category_id)]
        info.items = [page_card(p, site.t) for p in center.items_in(category_id)]
    elif item is not None:
        info.breadcrumbs = breadcrumbs(center, item.category)
        info.feedback = item.feedback and info.site.feedback
        if item.updated:
            info.updated = item.updated.isoformat()
            info.updated_label = (site.language or Locales().language(site.lang)).format_date(item.updated)
        if isinstance(item, Article):
            info.related = related_cards(center, item, site.t)
        else:
            info.jsonld = page.meta.get("kbgen_jsonld", "")
    if kind != "home":
        info.breadcrumbs.insert(0, Card(site.t["help_center"], site.home_url, kind="home"))
    return info
