"""Opening hours applied to the session, with an injected clock and hand-fired timers:
closing, never on a patient, opening again, a wake touch, a day change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.content import EntryRef, Section
from kiosk.opening_hours import parse_opening_hours
from kiosk.session import Attract, Closed, Home, OpeningSchedule, Reading, Session
from kiosk.session.schedule import WAKE_SECONDS
from tests.helpers.session import Recorded, make_session
from tests.helpers.stubs import FAKE_TIMERS

HOURS = parse_opening_hours("Mon-Fri 07:30-18:00, Sat 09:00-13:00")
WEDNESDAY_5PM = dt.datetime(2026, 12, 2, 17, 0)


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def move(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def scheduled(content_dir: Path, clock: Clock) -> tuple[Session, OpeningSchedule]:
    session = make_session(content_dir)
    schedule = OpeningSchedule(session, HOURS, clock=clock, timer_factory=FAKE_TIMERS)
    schedule.start()
    return session, schedule


def test_at_closing_time_the_attract_screen_goes_black(content_dir: Path) -> None:
    clock = Clock(WEDNESDAY_5PM)
    session, schedule = scheduled(content_dir, clock)
    session.reset()
    schedule.check()
    assert isinstance(session.place.screen, Attract)
    clock.move(hours=1)
    schedule.check()
    assert isinstance(session.place.screen, Closed)


def test_closing_waits_for_the_patient_and_forgets_them(content_dir: Path) -> None:
    clock = Clock(WEDNESDAY_5PM)
    session, schedule = scheduled(content_dir, clock)
    session.start()
    session.open_entry(EntryRef(Section.LEARN, "alpha"))
    clock.move(hours=1, minutes=5)
    schedule.check()
    assert isinstance(session.place.screen, Reading)  # someone is reading: not now
    recorded = Recorded(session)
    session.reset("timeout")  # the idle reset ends the visit
    schedule.check()
    assert isinstance(session.place.screen, Closed)
    assert recorded.of("visit_ended") == [("timeout",)]


def test_a_wake_touch_opens_for_a_while_then_it_sleeps_again(content_dir: Path) -> None:
    clock = Clock(dt.datetime(2026, 12, 2, 21, 0))  # Wednesday night
    session, schedule = scheduled(content_dir, clock)
    assert isinstance(session.place.screen, Closed)  # started outside the hours
    session.wake()
    assert isinstance(session.place.screen, Attract)
    clock.move(seconds=WAKE_SECONDS - 1)
    schedule.check()
    assert isinstance(session.place.screen, Attract)
    clock.move(seconds=2)
    schedule.check()
    assert isinstance(session.place.screen, Closed)


def test_opening_time_wakes_it_even_across_a_day(content_dir: Path) -> None:
    clock = Clock(dt.datetime(2026, 12, 4, 19, 0))  # Friday evening
    session, schedule = scheduled(content_dir, clock)
    assert isinstance(session.place.screen, Closed)
    clock.now = dt.datetime(2026, 12, 5, 8, 59)  # Saturday, a minute before opening
    schedule.check()
    assert isinstance(session.place.screen, Closed)
    clock.move(minutes=1)
    schedule.check()
    assert isinstance(session.place.screen, Attract)
    session.start()
    assert isinstance(session.place.screen, Home)
