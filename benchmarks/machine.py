"""What machine a benchmark ran on, shared by the benchmark scripts in this folder."""

from __future__ import annotations

import platform


def cpu_and_memory() -> tuple[str, str]:
    """The CPU model and the total memory, as /proc reports them ("?" where it does not)."""
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((ln.split(":", 1)[1].strip() for ln in info if ln.startswith("model name")), cpu)
    except OSError:
        pass
    memory = "?"
    try:
        with open("/proc/meminfo", encoding="utf-8") as info:
            kb = int(next(ln.split()[1] for ln in info if ln.startswith("MemTotal")))
            memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return cpu, memory
