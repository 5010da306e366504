"""The kiosk's own resident memory: for start-up figures, the soak test and the health status."""

from __future__ import annotations

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
