"""The help widget's files: ``widget.js`` and ``widget.json`` at each language's root, and the
Netlify ``_headers`` that let a store's pages on another origin read what the panel fetches.

``widget.json`` is what the panel shows besides the index: its texts, the contact channels with
hours and response time, the articles of each topic (``data-topics``), the analytics sink. Its
addresses are site-absolute, so the widget resolves them against the help center's origin.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kbgen.content.model import HelpCenter
from kbgen.locales import Locales
from kbgen.site.escaping import plain

WIDGET_FORMAT = 1
TOPIC_PAGES = 5
# The site's texts the panel shows besides its own (the catalogs' ``widget:`` section).
SHARED_TEXTS = (
    "help_center", "search", "search_label", "search_placeholder", "no_results", "no_results_hint",
    "result_one", "result_many", "popular_articles", "was_helpful", "yes", "no", "thanks_yes", "thanks_no",
    "still_need_help", "team_happy", "live_chat", "email", "phone", "opening_hours",
)
# A store page on another origin fetches widget.json, search/* and article pages, which can be
# anywhere: one rule for the whole site (Netlify joins the values of overlapping rules, and
# "*, *" is no valid origin). GitHub Pages sends the header itself; S3 and others: see the README.
CORS_PATH = "/*"


def topics(center: HelpCenter, lang: str, base: str) -> dict[str, Any]:
    """Each category's first articles, keyed by its folder inside the language (``returns``)."""
    root = center.root(lang)
    out: dict[str, Any] = {}
    for category in center.categories.values():
        if category.lang != lang:
            continue
        pages = center.items_in(category.id, deep=True, lang=lang)[:TOPIC_PAGES]
        key = category.id[len(root):] if root and category.id.startswith(root) else category.id
        out[key] = {"title": category.title, "pages": [[base + p.url, p.title] for p in pages if p.url]}
    return out


def widget_config(center: HelpCenter, site: Any, settings: Any, base: str) -> dict[str, Any]:
    """widget.json for one language: ``site`` is its SiteInfo, ``base`` the site's path (``/``)."""
    lang = site.lang
    contact = site.contact
    texts = {key: plain(site.t[key]) for key in SHARED_TEXTS if key in site.t}
    language = site.language or Locales().language(lang)
    texts.update(language.widget)
    colors = getattr(settings, "colors", None)
    primary = getattr(colors, "primary", None)
    featured = [[base + card.url, card.title] for card in site.featured]
    return {
        "format": WIDGET_FORMAT,
        "lang": lang,
        "title": site.store_name,
        "home": base + center.root(lang),
        "languages": {code: base + center.root(code) for code in center.languages},
        "manifest": base + center.root(lang) + "search/manifest.json",
        "texts": texts,
        "contact": {
            "email": contact.email, "chat_url": contact.chat_url, "phone": contact.phone,
            "phone_href": contact.phone_href if contact.phone else "", "hours": contact.hours,
            "response_time": contact.response_time,
        },
        "feedback": bool(settings.feedback.enabled),
        "analytics": {"sink": settings.analytics.sink, "endpoint": settings.analytics.endpoint or ""},
        "colors": {"primary": primary} if primary else {},
        "topics": {"_featured": {"title": texts["popular_articles"], "pages": featured},
                   **topics(center, lang, base)},
        # Only where it is not the default: the panel (search/src/widget.js) reads right to left.
        **({"dir": language.direction} if language.direction != "ltr" else {}),
    }


def write_widget_config(site_dir: str, root: str, data: dict[str, Any]) -> None:
    path = Path(site_dir) / root / "widget.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def headers_file(base: str) -> str:
    """Netlify's _headers: the widget, its settings, the index and the article pages, for any origin."""
    lines = ["# Written by kbgen build: lets the help widget on the store's pages read the help center."]
    lines += [base.rstrip("/") + CORS_PATH, "  Access-Control-Allow-Origin: *", ""]
    return "\n".join(lines)


def write_headers(site_dir: str, base: str) -> None:
    """Write _headers unless the site's docs already publish one of their own."""
    path = Path(site_dir) / "_headers"
    if not path.exists():
        path.write_text(headers_file(base), encoding="utf-8")
