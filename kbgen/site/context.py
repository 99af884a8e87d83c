"""What each template receives as ``kbgen``: plain dataclasses, URLs relative to the site root."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from dataclasses import dataclass, field
from typing import Any

from kbgen.content.model import Article, Faq, HelpCenter
from kbgen.resources import client_name
from kbgen.site.pages import CONTACT_SRC, HOME_SRC, SEARCH_SRC, page_kind


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


def format_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def page_card(page: Article | Faq) -> Card:
    kind = "faq" if isinstance(page, Faq) else "article"
    description = page.description
    if isinstance(page, Faq) and not description:
        description = f"{len(page.entries)} questions answered"
    return Card(page.title, page.url, description, kind=kind)


def category_card(center: HelpCenter, category_id: str) -> Card:
    category = center.categories[category_id]
    count = len(center.items_in(category_id, deep=True))
    return Card(category.title, category.url, category.description, category.icon, count, "category")


def contact_for(settings: Any, lang: str) -> Contact:
    contact = settings.contact
    hours = contact.hours or ""
    if isinstance(hours, dict):
        hours = str(hours.get(lang) or next(iter(hours.values()), ""))
    return Contact(
        email=contact.email or "",
        chat_url=contact.chat_url or "",
        phone=contact.phone or "",
        hours=hours,
        response_time=contact.response_time or "",
    )


def site_info(center: HelpCenter, config: Any, settings: Any) -> SiteInfo:
    lang = config.theme.get("language") or "en"
    featured = [p for p in center.articles if p.featured and not p.draft]
    featured.sort(key=lambda a: (a.order if a.order is not None else 10_000, a.title.casefold()))
    return SiteInfo(
        store_name=settings.store_name or config.site_name,
        tagline=settings.tagline,
        home_url="",
        contact_url=posixpath.splitext(CONTACT_SRC)[0] + "/",
        categories=[category_card(center, c.id) for c in center.children_of(None)],
        featured=[page_card(p) for p in featured[: settings.featured_limit]],
        contact=contact_for(settings, lang),
        search_url=posixpath.dirname(SEARCH_SRC) + "/",
        client="search/" + client_name(),
        client_config=client_config(settings),
        feedback=settings.feedback.enabled,
    )


def client_config(settings: Any) -> str:
    """Settings the browser client reads from the page, safe inside a <script> element."""
    analytics = settings.analytics
    data = {"sink": analytics.sink, "endpoint": analytics.endpoint or "", "feedback": settings.feedback.enabled}
    return json.dumps(data, sort_keys=True).replace("</", "<\\/")


def breadcrumbs(center: HelpCenter, category_id: str | None) -> list[Card]:
    crumbs: list[Card] = []
    while category_id:
        category = center.categories.get(category_id)
        if category is None:
            break
        crumbs.insert(0, Card(category.title, category.url, kind="category"))
        category_id = category.parent_id
    return crumbs


def related_cards(center: HelpCenter, article: Article) -> list[Card]:
    """The article's ``related`` list; without one, its neighbours in the same category."""
    cards: list[Card] = []
    for target in article.related:
        path, _, anchor = target.partition("#")
        src = posixpath.normpath(posixpath.join(posixpath.dirname(article.src), path))
        page = center.page_by_src(src)
        if page is None or getattr(page, "draft", False):
            continue
        card = page_card(page)
        if anchor:
            card.url += "#" + anchor
        cards.append(card)
    if not cards and article.category is not None:
        cards = [page_card(p) for p in center.items_in(article.category) if p is not article][:3]
    return cards


def build_page_info(center: HelpCenter, page: Any, config: Any, site: SiteInfo, settings: Any) -> PageInfo:
    src = page.file.src_uri
    kind = page_kind(src, center)
    info = PageInfo(kind=kind, site=site)
    item = center.page_by_src(src)
    if kind == "category":
        category_id = posixpath.dirname(src)
        info.breadcrumbs = breadcrumbs(center, center.categories[category_id].parent_id)
        info.subcategories = [category_card(center, c.id) for c in center.children_of(category_id)]
        info.items = [page_card(p) for p in center.items_in(category_id)]
    elif item is not None:
        info.breadcrumbs = breadcrumbs(center, item.category)
        info.feedback = item.feedback and info.site.feedback
        if item.updated:
            info.updated = item.updated.isoformat()
            info.updated_label = format_date(item.updated)
        if isinstance(item, Article):
            info.related = related_cards(center, item)
        else:
            info.jsonld = page.meta.get("kbgen_jsonld", "")
    if kind not in ("home",) and src != HOME_SRC:
        info.breadcrumbs.insert(0, Card("Help center", "", kind="home"))
    return info
