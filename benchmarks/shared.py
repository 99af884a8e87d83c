"""What every benchmark module here needs: the repository root, units and progress lines."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KIB = 1024


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the result tables."""
    print(message, file=sys.stderr, flush=True)
