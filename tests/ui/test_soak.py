"""A short soak in every test run: 2,000 scripted interactions in one window must not crash,
leak Qt objects or grow memory, so a leak is caught the day it is written. (The benchmark,
``python -m tests.benchmarks``, runs 20,000.)"""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.content import load_library
from kiosk.ui.window import KioskOptions, KioskWindow
from tests.helpers.soak import interactions, qt_objects, resident_kib, settle
from tests.helpers.stubs import FAKE_TIMERS

SHIPPED = Path(__file__).parents[2] / "content"
WARM_UP = 500
TOTAL = 2000
MAX_GROWTH_KIB = 10 * 1024


def test_two_thousand_interactions_leak_nothing(qtbot: QtBot, kiosk_app: object) -> None:
    window = KioskWindow(
        load_library(SHIPPED), KioskOptions(kiosk_mode=False), timer_factory=FAKE_TIMERS
    )
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.show()
    window.go_home()
    steps = interactions(window)
    for _ in range(WARM_UP):
        next(steps)
    window.go_attract()  # the same state at both measurements: a fresh session
    settle()
    objects, memory = qt_objects(window), resident_kib()
    for _ in range(TOTAL - WARM_UP):
        next(steps)
    window.go_attract()
    settle()
    assert qt_objects(window) <= objects
    assert resident_kib() - memory <= MAX_GROWTH_KIB
