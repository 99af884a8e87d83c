"""`kbgen build` builds the search index in a process of its own, beside the templates (issue 12)."""

from __future__ import annotations

import hashlib
import sys

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.index import worker
from kbgen.index.documents import article_page


def tree(root) -> dict[str, str]:
    files = (p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def pages():
    """Sorted by address, as the build hands them to the index."""
    return sorted([
        article_page(url=f"/a{n}/", title=f"Return a parcel {n}", category="Returns",
                     html=f"<h2 id='s'>Step</h2><p>Print label {n} and drop the parcel off.</p>",
                     description="How to send it back", keywords=["refund"])
        for n in range(30)
    ], key=lambda p: p.url)


def test_background_index_writes_the_files_an_index_built_here_writes(tmp_path, monkeypatch):
    here = worker.build_indexes([{"pages": pages(), "out_dir": tmp_path / "here"}], background=False).wait()
    monkeypatch.setattr(worker, "spare_core", lambda: True)
    jobs = worker.build_indexes([{"pages": pages(), "out_dir": tmp_path / "there"}], background=True)
    assert jobs.process is not None  # a process of its own
    there = jobs.wait()
    assert tree(tmp_path / "here") == tree(tmp_path / "there")
    assert [s.summary for s in here] == [s.summary for s in there]


def test_pages_sent_in_any_order_give_the_files_of_pages_sorted_by_address(tmp_path, monkeypatch):
    monkeypatch.setattr(worker, "spare_core", lambda: True)
    ordered = pages()
    worker.build_indexes([{"pages": ordered, "out_dir": tmp_path / "here"}], background=False).wait()
    process = worker.IndexProcess([{"out_dir": tmp_path / "there", "lang": "en"}])
    for page in reversed(ordered):  # as MkDocs might render them
        process.add("en", page)
    process.wait()
    assert tree(tmp_path / "here") == tree(tmp_path / "there")


def test_index_process_needs_a_second_core(tmp_path, monkeypatch):
    monkeypatch.setattr(worker.os, "sched_getaffinity", lambda pid: {0})
    assert worker.spare_core() is False
    jobs = worker.build_indexes([{"pages": pages()[:1], "out_dir": tmp_path}], background=True)
    assert isinstance(jobs, worker.IndexesHere)


FAILING_WORKER = (
    "import kbgen.index.builder as b, kbgen.index.worker as w, sys\n"
    "def full_disk(*args, **kwargs): raise OSError(28, 'No space left on device')\n"
    "b.IndexBuilder.finish = full_disk\n"
    "w.serve(sys.stdin.buffer, sys.stdout.buffer)\n"
)


@pytest.mark.parametrize("background", [True, False], ids=["in a second process", "in the build process"])
def test_failed_index_is_one_line_and_leaves_the_site(make_site, monkeypatch, background):
    monkeypatch.setattr(worker, "spare_core", lambda: background)
    root = make_site()
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    before = tree(root / "site")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(worker, "build_index", full_disk)
    monkeypatch.setattr(worker, "worker_command", lambda: [sys.executable, "-c", FAILING_WORKER])
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    reason = "search index not built: " if background else "rendering failed: "
    assert result.output.startswith(f"Error: {reason}OSError: [Errno 28] No space left on device\n")
    assert result.output.count("\n") == 2  # and "the site was not changed: <folder>"
    assert "Traceback" not in result.output
    assert tree(root / "site") == before


def test_index_process_that_stops_is_one_line_and_leaves_the_site(make_site, monkeypatch):
    monkeypatch.setattr(worker, "spare_core", lambda: True)
    root = make_site()
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    before = tree(root / "site")
    monkeypatch.setattr(worker, "worker_command", lambda: [sys.executable, "-c", "import os; os._exit(9)"])
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: search index not built: the process building it stopped\n")
    assert "Traceback" not in result.output
    assert tree(root / "site") == before
