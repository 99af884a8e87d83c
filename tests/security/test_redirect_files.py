"""An old path whose folder is a file of the built site (an image, a page, another old path's page) is
refused with its line, as one that would replace a file is; the build stopped with NotADirectoryError."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kbgen.cli import main

ARTICLE = """---
title: Return an item
redirect_from:
{paths}
---

Send it back within 30 days.
"""


@pytest.mark.parametrize(("paths", "written", "replaced"), [
    (["/img/logo.png"], "/img/logo.png", "img/logo.png"),
    (["/img/logo.png/old"], "/img/logo.png/old", "img/logo.png"),
    (["/orders/index.html/old"], "/orders/index.html/old", "orders/index.html"),
    (["/old.html", "/old.html/b"], "/old.html/b", "old.html"),
], ids=["image", "under-image", "under-page", "under-redirect"])
def test_old_path_under_a_file_of_the_site_is_an_error_with_its_line(make_site, paths, written, replaced):
    lines = "\n".join(f"  - {p}" for p in paths)
    root = make_site({"articles/orders/returns.md": ARTICLE.format(paths=lines),
                      "articles/img/logo.png": b"\x89PNG\r\n\x1a\n"})
    checked = CliRunner().invoke(main, ["check"])  # kbgen check says so too: it passed these
    assert checked.exit_code == 1
    line = 4 + paths.index(written)
    assert (f"articles/orders/returns.md:{line}: error: redirect_from {written!r} would replace {replaced}, "
            "which the site publishes") in checked.output
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    line = 4 + paths.index(written)
    assert (f"articles/orders/returns.md:{line}: error: redirect_from {written!r} would replace {replaced}, "
            "which the site publishes") in result.output
    assert "NotADirectoryError" not in result.output and "FileExistsError" not in result.output
    assert not (root / "site").exists()
