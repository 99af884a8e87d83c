"""Building the same corpus with each engine (kbgen; Material with its search; Material, then
Pagefind), timed, with what each site weighs on disk."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from corpus import ML_LANGS
from shared import ROOT, log

ENGINES = ("kbgen", "material", "pagefind")
ENGINE_TITLES = {"kbgen": "kbgen", "material": "Material", "pagefind": "Pagefind"}
# ======================================================================================
# Building the three sites.
# ======================================================================================


@dataclass
class Tools:
    """The commands the benchmark runs; ``None`` where a tool is missing (with the reason)."""

    kbgen: list[str] | None
    mkdocs: list[str]
    pagefind: list[str] | None
    pagefind_missing: str = ""


@dataclass
class Build:
    """One engine's build: wall-clock seconds (median of the runs), the site, and what it weighs."""

    engine: str
    site: Path
    runs: int = 1
    seconds: float | None = None
    parts: dict[str, float] = field(default_factory=dict)
    error: str = ""
    site_bytes: int = 0
    search_disk_bytes: int = 0


def runs_ok(command: list[str]) -> bool:
    """Whether ``command`` runs and exits 0 (used to probe for tools)."""
    try:
        return subprocess.run(command, capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def find_tools(kbgen: str | None, pagefind: str | None) -> Tools:
    """Locate kbgen, the MkDocs next to it (same MkDocs and Material versions) and Pagefind."""
    candidates = [Path(kbgen)] if kbgen else [
        Path(sys.executable).parent / "kbgen", ROOT / ".venv" / "bin" / "kbgen", Path(shutil.which("kbgen") or "-")
    ]
    kbgen_path = next((p for p in candidates if p.is_file() and os.access(p, os.X_OK)), None)
    bin_dir = kbgen_path.parent if kbgen_path else Path(sys.executable).parent
    mkdocs = [str(bin_dir / "mkdocs")] if (bin_dir / "mkdocs").is_file() else [sys.executable, "-m", "mkdocs"]
    if pagefind:
        options = [shlex.split(pagefind)]
    else:
        options = [[sys.executable, "-m", "pagefind"], [str(bin_dir / "python"), "-m", "pagefind"]]
        if shutil.which("pagefind"):
            options.append([shutil.which("pagefind") or "pagefind"])
    pagefind_cmd = next((o for o in options if runs_ok([*o, "--version"])), None)
    missing = "" if pagefind_cmd else "Pagefind not found: pip install 'pagefind[bin]' (or pass --pagefind)"
    return Tools([str(kbgen_path)] if kbgen_path else None, mkdocs, pagefind_cmd, missing)


def run_timed(command: list[str], cwd: Path, log_file: Path) -> float:
    """Run ``command`` in ``cwd``, output appended to ``log_file``; wall-clock seconds, or raise with the tail."""
    with log_file.open("a", encoding="utf-8") as out:
        out.write(f"$ {shlex.join(command)}\n")
        out.flush()
        started = time.perf_counter()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        seconds = time.perf_counter() - started
    if result.returncode != 0:
        tail = log_file.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-6:]
        raise RuntimeError(f"{shlex.join(command)} exited {result.returncode}: " + " / ".join(tail))
    return seconds


def tree_bytes(paths: Iterable[Path]) -> int:
    """Total size of the files at or under ``paths``."""
    total = 0
    for path in paths:
        if path.is_file():
            total += path.stat().st_size
        elif path.is_dir():
            total += sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return total


def search_disk_paths(engine: str, site: Path) -> list[Path]:
    """The files each engine's search can download (Material: its index and worker)."""
    if engine == "kbgen":
        return [site / "search"]
    if engine == "material":
        workers = site / "assets" / "javascripts" / "workers"
        return [site / "search" / "search_index.json", *workers.glob("search*.js")]
    return [site / "pagefind"]


def build_engine(engine: str, tools: Tools, work: Path, runs: int) -> Build:
    """Build one engine's site ``runs`` times and keep the median wall-clock time."""
    site = work / f"site-{engine}"
    build = Build(engine, site, runs)
    log_file = work / f"build-{engine}.log"
    log_file.write_text("", encoding="utf-8")
    totals: list[float] = []
    parts: dict[str, list[float]] = {}
    try:
        for _ in range(runs):
            if engine == "kbgen":
                if tools.kbgen is None:
                    raise RuntimeError("kbgen not found (pass --kbgen)")
                steps = {"kbgen build": ([*tools.kbgen, "build", "--site-dir", str(site)], work / "kbgen-project")}
            elif engine == "material":
                steps = {"mkdocs build": ([*tools.mkdocs, "build", "-q", "-d", str(site)], work / "plain-project")}
            else:
                if tools.pagefind is None:
                    raise RuntimeError(tools.pagefind_missing)
                steps = {
                    "mkdocs build": ([*tools.mkdocs, "build", "-q", "-f", "mkdocs-pagefind.yml", "-d", str(site)],
                                     work / "plain-project"),
                    "pagefind": ([*tools.pagefind, "--site", str(site), "--root-selector", "article.md-content__inner"],
                                 work / "plain-project"),
                }
            if site.exists():
                shutil.rmtree(site)
            total = 0.0
            for name, (command, cwd) in steps.items():
                seconds = run_timed(command, cwd, log_file)
                parts.setdefault(name, []).append(seconds)
                total += seconds
            totals.append(total)
    except RuntimeError as exc:
        build.error = str(exc)
        return build
    build.seconds = statistics.median(totals)
    build.parts = {name: statistics.median(values) for name, values in parts.items()}
    build.site_bytes = tree_bytes([site])
    build.search_disk_bytes = tree_bytes(search_disk_paths(engine, site))
    return build


def set_html_lang(site: Path, langs: Sequence[str]) -> int:
    """Rewrite ``<html lang="en"`` to the folder's language in every page under ``site/<lang>/``."""
    changed = 0
    for lang in langs:
        for page in (site / lang).rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            new = re.sub(r'<html lang="[^"]*"', f'<html lang="{lang}"', html, count=1)
            if new != html:
                page.write_text(new, encoding="utf-8")
                changed += 1
    return changed


def build_ml(engine: str, tools: Tools, work: Path) -> Build:
    """kbgen's multilingual build, or plain MkDocs (one-entry nav) + ``<html lang>`` per folder + Pagefind."""
    site = work / f"site-{engine}"
    build = Build(engine, site)
    log_file = work / f"build-{engine}.log"
    log_file.write_text("", encoding="utf-8")
    if site.exists():
        shutil.rmtree(site)
    try:
        if engine == "kbgen":
            if tools.kbgen is None:
                raise RuntimeError("kbgen not found (pass --kbgen)")
            build.parts["kbgen build"] = run_timed([*tools.kbgen, "build", "--site-dir", str(site)],
                                                   work / "kbgen-project", log_file)
        else:
            if tools.pagefind is None:
                raise RuntimeError(tools.pagefind_missing)
            build.parts["mkdocs build"] = run_timed(
                [*tools.mkdocs, "build", "-q", "-f", "mkdocs-pagefind.yml", "-d", str(site)],
                work / "plain-project", log_file)
            started = time.perf_counter()
            pages = set_html_lang(site, ML_LANGS[1:])
            build.parts["html lang rewrite"] = time.perf_counter() - started
            log(f"[ML] set <html lang> in {pages} pages")
            build.parts["pagefind"] = run_timed(
                [*tools.pagefind, "--site", str(site), "--root-selector", "article.md-content__inner"],
                work / "plain-project", log_file)
    except RuntimeError as exc:
        build.error = str(exc)
        return build
    build.seconds = sum(build.parts.values())
    build.site_bytes = tree_bytes([site])
    build.search_disk_bytes = tree_bytes(search_disk_paths(engine, site) if engine == "pagefind"
                                         else [p for p in [site / "search", *site.glob("*/search")]])
    return build
