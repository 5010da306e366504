"""PySide6 6.12.0 on Python 3.11 crashes (``Fatal Python error: none_dealloc``) after a few
thousand Qt calls that return nothing. We pin PySide6 below 6.12 there; this test makes
20,000 such calls in one process so a bad PySide6 fails CI instead of a waiting room.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    from PySide6.QtWidgets import QApplication, QLabel
    app = QApplication([])
    label = QLabel()
    for n in range(20_000):
        label.setText("x")      # returns None
        label.update()          # returns None
    print("survived", n + 1)
    """
)


def test_twenty_thousand_void_qt_calls_do_not_crash() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived 20000"
