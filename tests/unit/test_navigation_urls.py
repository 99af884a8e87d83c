"""kbgen's remembered ``url`` filter gives what MkDocs' own gives, for every address and page."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils import normalize_url

from kbgen.site.navigation import folder_url, relative_url

SEGMENTS = st.sampled_from(["a", "b", "ab", "x.html", "img.png", ".", "..", "", "a b", "%20", "q?x=1", "#top"])
PATHS = st.lists(SEGMENTS, max_size=4).map("/".join)
ADDRESSES = st.one_of(
    PATHS, PATHS.map(lambda p: p + "/"), PATHS.map(lambda p: "/" + p), st.just("https://example.com/a/"),
    st.just("assets/kbgen/kbgen.css"), st.just("mailto:help@example.com"),
)
PAGES = st.one_of(st.just(""), PATHS.map(lambda p: p + "/"), PATHS)


@settings(max_examples=1000, deadline=None)  # the space is small: 12 segments, 4 deep, 3 bases
@given(ADDRESSES, PAGES, st.sampled_from(["", ".", "../.."]))
def test_remembered_url_filter_equals_mkdocs(url, page_url, base):
    expected = normalize_url(url, page=SimpleNamespace(url=page_url), base=base)
    assert relative_url(url, page_url, base) == expected


def test_pages_of_one_folder_share_their_answers():
    folder_url.cache_clear()
    assert relative_url("assets/a.css", "orders/late/", "") == "../../assets/a.css"
    hits = folder_url.cache_info().hits
    assert relative_url("assets/a.css", "orders/lost/", "") == "../../assets/a.css"
    assert folder_url.cache_info().hits == hits + 1  # answered by the folder "orders/"
    assert relative_url("orders/late/", "orders/lost/", "") == "../late/"
    assert relative_url("orders/", "orders/lost/", "") == "../"
