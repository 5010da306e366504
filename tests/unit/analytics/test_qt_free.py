"""Recording and ``kiosk stats`` must run without Qt; only the PNG step loads it."""

from __future__ import annotations

import subprocess
import sys

CHECK = (
    "import sys, kiosk.analytics, kiosk.analytics.events, kiosk.analytics.store,"
    " kiosk.analytics.report, kiosk.analytics.chart;"
    "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')));"
    "print(qt); sys.exit(1 if qt else 0)"
)


def test_the_analytics_package_is_qt_free() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, f"Qt modules imported: {result.stdout}{result.stderr}"


def test_recording_does_not_load_the_charting_library() -> None:
    check = "import sys, kiosk.analytics; sys.exit(1 if 'pygal' in sys.modules else 0)"
    result = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
