"""The daily restart and the memory ceiling: due at the right moment, never while someone is
using the kiosk, each with its reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.content import Section
from kiosk.session import Overlay, Session
from kiosk.session.hygiene import Hygiene, first_after
from tests.helpers.session import make_session
from tests.helpers.stubs import FAKE_TIMERS


def test_the_first_restart_is_the_next_one_after_start() -> None:
    four = dt.time(4, 0)
    assert first_after(dt.datetime(2026, 12, 2, 3, 0), four) == dt.datetime(2026, 12, 2, 4, 0)
    assert first_after(dt.datetime(2026, 12, 2, 4, 0), four) == dt.datetime(2026, 12, 3, 4, 0)
    assert first_after(dt.datetime(2026, 12, 2, 9, 0), four) == dt.datetime(2026, 12, 3, 4, 0)


def hygiene(
    content_dir: Path, now: list[dt.datetime], memory: list[float]
) -> tuple[Session, Hygiene, list[str]]:
    session = make_session(content_dir)
    keeper = Hygiene(
        session,
        daily_restart=dt.time(4, 0),
        memory_limit_mb=800,
        resident_mb=lambda: memory[0],
        clock=lambda: now[0],
        timer_factory=FAKE_TIMERS,
    )
    wanted: list[str] = []
    keeper.restart_wanted.connect(wanted.append)
    return session, keeper, wanted


def test_the_daily_restart_waits_for_its_time_and_for_nobody_to_be_there(
    content_dir: Path,
) -> None:
    now, memory = [dt.datetime(2026, 12, 2, 22, 0)], [100.0]
    session, keeper, wanted = hygiene(content_dir, now, memory)
    keeper.check()
    assert wanted == []
    now[0] = dt.datetime(2026, 12, 3, 4, 1)
    session.start()
    session.open_section(Section.LEARN)  # a patient at 4 a.m.: not now
    keeper.check()
    assert wanted == []
    session.reset()
    keeper.check()
    assert wanted == ["the daily restart (04:00)"]


def test_the_memory_ceiling_is_taken_only_when_idle(content_dir: Path) -> None:
    now, memory = [dt.datetime(2026, 12, 2, 12, 0)], [900.0]
    session, keeper, wanted = hygiene(content_dir, now, memory)
    session.open_pin_pad()  # staff at work
    keeper.check()
    assert wanted == []
    assert session.place.overlay is Overlay.PIN_PAD
    session.close_admin()
    session.reset()
    keeper.check()
    assert wanted == ["memory 900 MB is above memory_limit_mb = 800"]
