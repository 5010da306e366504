"""A short soak in every test run: 2,000 scripted interactions in one window must not crash,
leak Qt objects or grow memory, so a leak is caught the day it is written. (The benchmark,
``python -m tests.benchmarks``, runs 20,000.)"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.config import KioskConfig
from kiosk.content import load_library
from tests.helpers.content import SHIPPED
from tests.helpers.soak import interactions, qt_objects, resident_kib, settle
from tests.ui.conftest import Kiosk

WARM_UP = 500
TOTAL = 2000
MAX_GROWTH_KIB = 10 * 1024


def test_two_thousand_interactions_leak_nothing(qtbot: QtBot, kiosk_app: object) -> None:
    kiosk = Kiosk(load_library(SHIPPED), KioskConfig(fullscreen=False))
    window = kiosk.window
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.show()
    steps = interactions(kiosk.session)
    for _ in range(WARM_UP):
        next(steps)
    kiosk.session.reset()  # the same state at both measurements: a fresh visit
    settle()
    objects, memory = qt_objects(window), resident_kib()
    for _ in range(TOTAL - WARM_UP):
        next(steps)
    kiosk.session.reset()
    settle()
    assert qt_objects(window) <= objects
    assert resident_kib() - memory <= MAX_GROWTH_KIB
