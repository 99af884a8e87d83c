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
    response_time = c.Optional(c.Type(str))


class AnalyticsConfig(base.Config):
    """Where search and feedback events go. Nothing is sent with ``none``."""

    sink = c.Choice(("none", "endpoint", "ga4", "plausible"), default="none")
    endpoint = c.Optional(c.URL())  # required when sink is "endpoint"; checked by the plugin


class FeedbackConfig(base.Config):
    """The "Was this helpful?" widget on every article and FAQ answer."""

    enabled = c.Type(bool, default=True)


class KbgenConfig(base.Config):
    store_name = c.Type(str, default="")
    tagline = c.Type(str, default="How can we help?")
    contact = c.SubConfig(ContactConfig)
    languages = c.ListOfItems(c.Type(str), default=["en"])
    featured_limit = c.Type(int, default=6)
    analytics = c.SubConfig(AnalyticsConfig)
    feedback = c.SubConfig(FeedbackConfig)
