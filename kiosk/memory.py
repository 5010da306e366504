"""The kiosk's own memory: how much it holds (for start-up figures, the soak test and the
health status), and source text it need not keep."""

from __future__ import annotations

import linecache
from pathlib import Path


def resident_kib() -> int:
    """This process's resident memory in KiB (Linux), or 0 where /proc is not available."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def forget_source_lines() -> None:
    """Drop the modules' source text that Python keeps in ``linecache``.

    PySide6 reads the source of every module imported after it, looking for the word
    "PySide6" (its ``__feature__`` check), and ``linecache`` keeps each line it read: about 5
    MiB for the kiosk run from source, which nothing needs (a traceback reads its lines
    again). Dropped after each burst of imports (the start, the first paint, the warm-up),
    the space goes to what comes next instead of the process growing: measured on Xvfb, PSS
    83.5 -> 80.0 MiB at Home and 87.0 -> 82.0 MiB on a 30-screen topic. A packaged kiosk has no
    source to keep, and this does nothing there.
    """
    linecache.clearcache()
