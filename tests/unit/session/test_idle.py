"""Privacy: a quiet kiosk asks "Still there?", then forgets the visit and shows Attract; Home
goes to Attract with no prompt. Decided from the place alone, timed by hand-fired timers."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import EntryRef, Section
from kiosk.session import (
    Attract,
    CardList,
    Home,
    Idle,
    Overlay,
    Place,
    Preferences,
    Reading,
    Session,
    Updating,
    idle_behaviour,
)
from tests.helpers.session import Pages, Recorded, make_session
from tests.helpers.stubs import fire

ALPHA = EntryRef(Section.LEARN, "alpha")


@pytest.mark.parametrize(
    ("place", "behaviour"),
    [
        (Place(Attract()), Idle.OFF),
        (Place(Updating()), Idle.OFF),
        (Place(Home()), Idle.HOME),
        (Place(CardList(Section.LEARN)), Idle.READING),
        (Place(Reading(ALPHA, 2, 4)), Idle.READING),
        (Place(Reading(ALPHA), Overlay.STILL_THERE), Idle.PROMPTING),
        (Place(Home(), Overlay.PIN_PAD), Idle.OFF),
        (Place(Reading(ALPHA), Overlay.ADMIN), Idle.OFF),
    ],
)
def test_what_being_left_alone_leads_to(place: Place, behaviour: Idle) -> None:
    assert idle_behaviour(place) is behaviour


def reading(content_dir: Path, **config: object) -> Session:
    session = make_session(content_dir, **config)
    Pages(session, {"alpha": 4})
    session.open_entry(ALPHA)
    session.next_page()
    return session


def test_a_quiet_reader_is_asked_if_they_are_still_there(content_dir: Path) -> None:
    session = reading(content_dir, still_there_timeout=20)
    recorded = Recorded(session)
    assert session.idle.idle_timer.interval() == 60_000
    fire(session.idle.idle_timer)
    assert session.place == Place(Reading(ALPHA, 1, 4), Overlay.STILL_THERE)
    fire(session.idle.tick_timer)
    assert recorded.of("countdown") == [(20,), (19,)]


def test_one_tap_answers_and_keeps_the_page(content_dir: Path) -> None:
    session = reading(content_dir)
    fire(session.idle.idle_timer)
    session.activity()
    assert session.place == Place(Reading(ALPHA, 1, 4))
    assert session.idle.behaviour is Idle.READING
    assert session.idle.idle_timer.isActive()


def test_no_answer_forgets_everything_and_shows_attract(content_dir: Path) -> None:
    session = reading(content_dir, still_there_timeout=20)
    session.change_text_size(+1)
    session.toggle_contrast()
    session.set_language("es")
    recorded = Recorded(session)
    fire(session.idle.idle_timer)
    for _ in range(20):
        fire(session.idle.tick_timer)
    assert session.place == Place(Attract())
    assert session.topic is None
    assert session.preferences == Preferences(lang="en")  # the site's default language
    assert recorded.of("visit_ended") == [("timeout",)]
    assert not session.in_visit


def test_start_over_now_resets_at_once(content_dir: Path) -> None:
    session = reading(content_dir)
    recorded = Recorded(session)
    fire(session.idle.idle_timer)
    session.reset("home")  # the prompt's "Start over now"
    assert session.place == Place(Attract())
    assert recorded.of("visit_ended") == [("home",)]


def test_home_goes_to_attract_without_a_prompt(content_dir: Path) -> None:
    session = make_session(content_dir, attract_delay=30)
    session.open_section(Section.LEARN)
    session.go_home()
    assert session.idle.idle_timer.interval() == 30_000
    fire(session.idle.idle_timer)
    assert session.place == Place(Attract())
    assert not session.idle.idle_timer.isActive()  # nothing to time on the attract screen


def test_a_touch_restarts_the_wait(content_dir: Path) -> None:
    session = reading(content_dir)
    session.idle.idle_timer.stop()
    session.activity()
    assert session.idle.idle_timer.isActive()


def test_staff_overlays_are_never_timed_out(content_dir: Path) -> None:
    session = reading(content_dir)
    session.open_pin_pad()
    assert not session.idle.idle_timer.isActive()
    session.open_admin_panel()
    assert not session.idle.idle_timer.isActive()


def test_idle_timeout_zero_turns_the_reset_off(content_dir: Path) -> None:
    session = reading(content_dir, idle_timeout=0)
    assert session.idle.behaviour is Idle.OFF
    assert not session.idle.idle_timer.isActive()


def test_the_reset_with_no_content_shows_the_updating_screen(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    session = make_session(empty)
    session.reset()
    assert session.place == Place(Updating())
