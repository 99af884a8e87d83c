"""The wheel carries everything: a fresh virtual environment can init and build a help center."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def test_wheel_installs_and_builds_a_new_help_center(tmp_path):
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT), cwd=tmp_path)
    [wheel] = dist.glob("kbgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "kbgen/theme/main.html" in names
    assert "kbgen/theme/assets/kbgen/kbgen.css" in names
    assert "kbgen/skeleton/dot-github/workflows/publish.yml" in names
    assert "kbgen/search_client/kbgen-search.js" in names
    assert "kbgen/search_client/kbgen-widget.js" in names
    assert "kbgen/locales/da.yml" in names
    assert "kbgen/index/stopwords/en.txt" in names
    assert "kbgen/index/slips/ar.txt" in names

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    run(str(bin_dir / "pip"), "install", "--quiet", str(wheel), cwd=tmp_path)
    run(str(bin_dir / "kbgen"), "init", "x", cwd=tmp_path)
    result = run(str(bin_dir / "kbgen"), "build", cwd=tmp_path / "x")
    assert "Built " in result.stdout
    site = tmp_path / "x" / "site"
    assert (site / "index.html").is_file()
    assert (site / "assets/kbgen/kbgen.css").is_file()
    assert "kbgen-hero" in (site / "index.html").read_text()
    assert (site / "search/manifest.json").is_file()
    assert list((site / "search").glob("kbgen-search.*.js"))
    assert (site / "widget.js").is_file() and (site / "widget.json").is_file()
    result = run(str(bin_dir / "kbgen"), "search", "track order", "--json", cwd=tmp_path / "x")
    assert '"url": "/orders/track-your-order/"' in result.stdout
