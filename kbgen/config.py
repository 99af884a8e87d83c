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


class KbgenConfig(base.Config):
    store_name = c.Type(str, default="")
    tagline = c.Type(str, default="How can we help?")
    contact = c.SubConfig(ContactConfig)
    languages = c.ListOfItems(c.Type(str), default=["en"])
    featured_limit = c.Type(int, default=6)
