"""`kbgen build` builds the search index in a process of its own, beside the templates (issue 12)."""

from __future__ import annotations

import hashlib

import pytest
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


def test_background_index_writes_the_files_an_index_built_here_writes(tmp_path, monkeypatch):
    here = builder.build_indexes([{"pages": pages(), "out_dir": tmp_path / "here"}], background=False).wait()
    monkeypatch.setattr(builder, "can_fork", lambda: True)  # other tests' servers may run threads here
    jobs = builder.build_indexes([{"pages": pages(), "out_dir": tmp_path / "there"}], background=True)
    assert jobs.process is not None  # a process of its own
    there = jobs.wait()
    assert tree(tmp_path / "here") == tree(tmp_path / "there")
    assert [s.summary for s in here] == [s.summary for s in there]


def test_index_needs_one_thread_and_two_cores_to_fork(monkeypatch):
    monkeypatch.setattr(builder.threading, "active_count", lambda: 2)
    assert builder.can_fork() is False


@pytest.mark.parametrize("background", [True, False], ids=["in a second process", "in the build process"])
def test_failed_index_is_one_line_and_leaves_the_site(make_site, monkeypatch, background):
    monkeypatch.setattr(builder, "can_fork", lambda: background)
    root = make_site()
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    before = tree(root / "site")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(builder, "build_index", full_disk)  # the forked process inherits it
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    reason = "search index not built: " if background else "rendering failed: "
    assert result.output.startswith(f"Error: {reason}OSError: [Errno 28] No space left on device\n")
    assert result.output.count("\n") == 2  # and "the site was not changed: <folder>"
    assert "Traceback" not in result.output
    assert tree(root / "site") == before
