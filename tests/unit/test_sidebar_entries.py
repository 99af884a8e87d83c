"""The sidebar's closed entries, written once per folder, are what each page would write for itself."""

from __future__ import annotations

from types import SimpleNamespace

from kbgen.site.navigation import nav_entries, nav_link


def page(title: str, url: str) -> SimpleNamespace:
    return SimpleNamespace(title=title, url=url, meta={}, active=False, children=None)


def section(title: str, children: list) -> SimpleNamespace:
    return SimpleNamespace(title=title, children=children, active=False, meta=None)


ORDERS = [page("Orders", "orders/"), page("Late", "orders/late/"), page("Lost", "orders/lost/"),
          page("Gift", "orders/lost/gift/"), page("Icon", "orders/icon/")]
ORDERS[4].meta = {"icon": "material/star"}
TOP = [page("Home", ""), section("Orders", ORDERS), section("Returns", [page("Returns", "returns/")]),
       page("Shop", "https://shop.example/")]


def entries(items: list, current, shared: bool) -> str:
    site = SimpleNamespace(fragments=FRAGMENTS)
    depth = current.url.count("/")
    context = {"page": current, "base_url": "/".join([".."] * depth) or ".", "config": SimpleNamespace(extra={}),
               "kbgen": SimpleNamespace(site=site) if shared else None}

    def render(item, path, level):  # partials/nav-item.html's render(): open entries, else the closed one
        if item is current or (item.children and item.active):
            return f"<open {item.title} {path}>"
        return nav_link(context, item) or f"<icon {item.title} {path}>"

    return nav_entries(context, items, "__nav_", 1, render)


FRAGMENTS: dict = {}


def test_shared_entries_equal_each_pages_own():
    FRAGMENTS.clear()
    for current in [*ORDERS, TOP[0]]:
        ORDERS_SECTION = TOP[1]
        ORDERS_SECTION.active = current in ORDERS
        for items in (ORDERS, TOP[:3]):
            assert entries(items, current, shared=True) == entries(items, current, shared=False), current.url
    assert any(key[0] == "entries" for key in FRAGMENTS)  # something was shared


def test_an_entry_from_the_folder_of_the_first_page_is_right_on_the_next():
    FRAGMENTS.clear()
    first, second = entries(ORDERS, ORDERS[1], shared=True), entries(ORDERS, ORDERS[2], shared=True)
    assert '<a href="../late/"' in second and "<open Late" in first and "<open Lost" in second
    assert "<icon Icon __nav_5>" in second
