"""PySide6 6.12.0 on Python 3.11 crashes (``Fatal Python error: none_dealloc``) after a few
thousand Qt calls that return nothing. We pin PySide6 below 6.12 there; this test makes
20,000 such calls in one process so a bad PySide6 fails CI instead of a waiting room.
"""

from __future__ import annotations

import textwrap

from tests.helpers.imports import run_offscreen

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
    result = run_offscreen(SCRIPT, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived 20000"
