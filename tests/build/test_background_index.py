"""`kbgen build` builds the search index in a process of its own, beside the templates (issue 12)."""

from __future__ import annotations

import hashlib

from click.testing import CliRunner

from kbgen.cli import main
from kbgen.index import builder
from kbgen.index.documents import article_page


def tree(root) -> dict[str, str]:
    files = (p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def pages():
    return [
        article_page(url=f"/a{n}/", title=f"Return a parcel {n}", category="Returns",
                     html=f"<h2 id='s'>Step</h2><p>Print label {n} and drop the parcel off.</p>",
                     description="How to send it back", keywords=["refund"])
        for n in range(30)
    ]


def test_background_index_writes_the_files_an_index_built_here_writes(tmp_path):
    here = builder.build_indexes([{"pages": pages(), "out_dir": tmp_path / "here"}], background=False).wait()
    jobs = builder.build_indexes([{"pages": pages(), "out_dir": tmp_path / "there"}], background=True)
    assert jobs.process is not None  # a process of its own: pytest runs one thread here
    there = jobs.wait()
    assert tree(tmp_path / "here") == tree(tmp_path / "there")
    assert [s.summary for s in here] == [s.summary for s in there]


def test_failed_background_index_is_one_line_and_leaves_the_site(make_site, monkeypatch):
    root = make_site()
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    before = tree(root / "site")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(builder, "build_index", full_disk)  # the forked process inherits it
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert "search index not built: OSError: [Errno 28] No space left on device" in result.output
    assert "Traceback" not in result.output
    assert tree(root / "site") == before
