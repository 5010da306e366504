"""A heartbeat to a monitor that hangs never slows what a patient sees: page turns are timed
while the heartbeat thread waits on the server."""

from __future__ import annotations

import time

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config import HealthConfig
from kiosk.content import EntryRef, Section
from kiosk.health import HealthReporter
from kiosk.session.place import Reading
from tests.ui.conftest import KioskMaker
from tests.unit.test_health import Monitor, monitor

__all__ = ["monitor"]


def test_a_hanging_monitor_never_slows_a_page_turn(
    monitor: str, make_kiosk: KioskMaker, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    # The monitor hangs for 30 s; the heartbeat waits 25 s for it, far longer than the turns take
    # even on a busy machine, so the heartbeat is still waiting when it is checked below.
    monkeypatch.setattr("kiosk.health.HEARTBEAT_TIMEOUT", 25.0)
    Monitor.mode = "hang"
    kiosk = make_kiosk()
    reporter = HealthReporter(
        kiosk.session, HealthConfig(heartbeat_url=monitor, heartbeat_interval=30)
    )
    reporter.start()  # the heartbeat thread is now waiting on the hanging server
    qtbot.waitUntil(lambda: bool(Monitor.calls))
    kiosk.session.open_entry(EntryRef(Section.LEARN, "alpha"))
    turns = []
    for _ in range(20):
        start = time.perf_counter()
        kiosk.session.next_page()
        kiosk.session.previous_page()
        turns.append((time.perf_counter() - start) / 2)
    assert reporter.heartbeat is not None
    result_during_turns = reporter.heartbeat.last_result
    reporter.stop()
    turns.sort()
    assert turns[len(turns) // 2] < 0.0167  # the page-turn budget: one 60 Hz frame
    assert isinstance(kiosk.session.place.screen, Reading)  # the turns turned real pages
    assert result_during_turns == "not sent yet"  # still waiting, off the screen
