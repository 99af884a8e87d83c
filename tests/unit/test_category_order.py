"""A category's sub-categories and pages share one order, as Docusaurus' sidebar mixes them."""

from __future__ import annotations

from kbgen.content.validation import load_help_center
from kbgen.site.pages import in_order


def test_sub_categories_and_pages_are_listed_in_one_order(docs):
    folder = docs({
        "orders/_category.yml": "title: Orders\n",
        "orders/track.md": "---\ntitle: Track\norder: 1\n---\n\nText.\n",
        "orders/cancel.md": "---\ntitle: Cancel\norder: 3\n---\n\nText.\n",
        "orders/late/_category.yml": "title: Late parcels\norder: 2\n",
        "orders/late/wait.md": "---\ntitle: Wait a day\n---\n\nText.\n",
        "orders/gifts/_category.yml": "title: Gifts\n",
        "orders/gifts/wrap.md": "---\ntitle: Wrap\n---\n\nText.\n",
        "orders/address.md": "---\ntitle: Address\n---\n\nText.\n",
    })
    center = load_help_center(str(folder), shown_prefix="articles/")
    entries = in_order(center.children_of("orders"), center.items_in("orders"))
    # by order; without one, the sub-categories first, then the pages, each by title
    assert [entry.title for entry in entries] == ["Track", "Late parcels", "Cancel", "Gifts", "Address"]
