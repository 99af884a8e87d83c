"""The ``kbgen`` plugin's settings in ``mkdocs.yml``: store name, contact channels, features."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ContactConfig(base.Config):
    """How a shopper reaches a person when the help center has no answer."""

    email = c.Optional(c.Type(str))
    chat_url = c.Optional(c.URL())
    phone = c.Optional(c.Type(str))
    # Either one text for every language or a mapping of language code to text.
    hours = c.Optional(c.Type((str, dict)))
    response_time = c.Optional(c.Type((str, dict)))


class AnalyticsConfig(base.Config):
    """Where search and feedback events go. Nothing is sent with ``none``."""

    sink = c.Choice(("none", "endpoint", "ga4", "plausible"), default="none")
    endpoint = c.Optional(c.URL())  # required when sink is "endpoint"; checked by the plugin


class FeedbackConfig(base.Config):
    """The "Was this helpful?" widget on every article and FAQ answer."""

    enabled = c.Type(bool, default=True)


class TranslationsConfig(base.Config):
    """How ``kbgen check`` treats a language that does not have every article yet."""

    warn_missing = c.Type(bool, default=True)


class KbgenConfig(base.Config):
    store_name = c.Type(str, default="")
    tagline = c.Type((str, dict), default="")  # or {lang: text}; default: "How can we help?" translated
    contact = c.SubConfig(ContactConfig)
    # The first is the default language, at the top of the docs folder; each other one lives in a
    # folder named by its code and is published as its own sub-site (/da/, /zh/...).
    languages = c.ListOfItems(c.Type(str), default=["en"])
    translations = c.SubConfig(TranslationsConfig)
    featured_limit = c.Type(int, default=6)
    analytics = c.SubConfig(AnalyticsConfig)
    feedback = c.SubConfig(FeedbackConfig)
