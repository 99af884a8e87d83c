"""The analysers' generated data (stop word lists, the Traditional -> Simplified table) match their
packaged sources: a hand edit is lost at the next regeneration, so it fails here first."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("script", ["stopwords.mjs", "han-table.mjs"])
def test_generated_analysis_data_is_what_its_script_writes(script):
    node = shutil.which("node")
    if node is None or not (ROOT / "search/node_modules/stopwords-iso").is_dir():
        message = "node and search/node_modules are needed (cd search && npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(
        [node, f"tools/{script}", "--check"], cwd=ROOT / "search", capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr

