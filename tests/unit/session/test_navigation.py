"""A patient's path through the session, without a window: Home, a list, a topic page by page,
links, Home again; and what happens when a page cannot be shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import EntryRef, Section
from kiosk.session import (
    Attract,
    CardList,
    Home,
    Notice,
    Overlay,
    Place,
    Reading,
    Session,
    Updating,
)
from tests.helpers.content import topic, write_content
from tests.helpers.session import Pages, Recorded, make_session

ALPHA = EntryRef(Section.LEARN, "alpha")
BETA = EntryRef(Section.LEARN, "beta")


@pytest.fixture
def session(content_dir: Path) -> Session:
    session = make_session(content_dir)
    Pages(session, {"alpha": 4, "beta": 2})
    return session


def test_it_starts_on_home_or_says_the_content_is_being_updated(tmp_path: Path) -> None:
    assert make_session(write_content(tmp_path / "c")).place == Place(Home())
    empty = tmp_path / "empty"
    empty.mkdir()
    assert make_session(empty).place == Place(Updating())


def test_a_section_then_a_topic(session: Session) -> None:
    recorded = Recorded(session)
    session.open_section(Section.LEARN)
    assert session.place == Place(CardList(Section.LEARN, 0, 1))
    assert session.open_entry(ALPHA)
    assert session.place == Place(Reading(ALPHA, 0, 4))
    assert session.topic is not None and session.topic.entry.title == "Alpha topic"
    assert recorded.of("topic_opened") == [(ALPHA, 4)]


def test_next_and_back_turn_pages_and_leave_at_either_end(session: Session) -> None:
    recorded = Recorded(session)
    session.open_entry(BETA)
    session.next_page()
    assert session.place == Place(Reading(BETA, 1, 2))
    assert recorded.of("page_turned") == [(BETA, 1, 2)]
    session.next_page()  # Next on the last page: back to the list
    assert session.place.screen == CardList(Section.LEARN, 0, 1)
    session.open_entry(BETA)
    session.previous_page()  # Back on the first page: back to the list too
    assert isinstance(session.place.screen, CardList)
    assert session.topic is None


def test_list_pages_turn_within_the_list(content_dir: Path) -> None:
    session = make_session(content_dir)
    Pages(session, lists=2)
    session.open_section(Section.TREATMENTS)
    session.previous_page()
    assert session.place.screen == CardList(Section.TREATMENTS, 0, 2)
    session.next_page()
    session.next_page()  # there is no third page
    assert session.place.screen == CardList(Section.TREATMENTS, 1, 2)


def test_a_topic_that_does_not_exist_is_not_opened(session: Session) -> None:
    session.open_entry(ALPHA)
    assert not session.open_entry(EntryRef(Section.LEARN, "missing"))
    assert session.place.screen == Reading(ALPHA, 0, 4)


def test_only_links_between_topics_are_followed(session: Session) -> None:
    session.open_entry(ALPHA)
    for ignored in ("https://example.org", "file:///etc/passwd", "kiosk:nonsense", "kiosk:"):
        session.follow_link(ignored)
        assert session.place.screen == Reading(ALPHA, 0, 4), ignored
    session.follow_link("kiosk:learn/beta")
    assert session.place.screen == Reading(BETA, 0, 2)


def test_home_is_one_call_away_but_not_past_a_staff_overlay(session: Session) -> None:
    session.open_entry(ALPHA)
    session.go_home()
    assert session.place == Place(Home())
    session.open_pin_pad()
    session.go_home()  # Escape on the PIN pad: staff close it themselves
    assert session.place == Place(Home(), Overlay.PIN_PAD)
    session.close_admin()
    assert session.place == Place(Home())


def test_a_page_that_cannot_be_converted_is_withdrawn_with_a_calm_word(tmp_path: Path) -> None:
    deep = "\n".join("    " * depth + "- item" for depth in range(300))
    root = write_content(tmp_path / "c", {"learn/deep.md": topic("Deep", deep)})
    session = make_session(root)
    recorded = Recorded(session)
    assert not session.open_entry(EntryRef(Section.LEARN, "deep"))
    assert session.place == Place(CardList(Section.LEARN, notice=Notice.PAGE_UNAVAILABLE))
    assert session.library.entry(EntryRef(Section.LEARN, "deep"), "en") is None
    assert (
        session.library.problems[-1]
        .format()
        .startswith("learn/deep.md:4: error: is nested too deeply")
    )
    assert len(recorded.of("library_changed")) == 1  # the admin screen hears of it


def test_after_an_unexpected_error_home_says_sorry(session: Session) -> None:
    session.open_entry(ALPHA)
    session.ask_still_there()
    session.show_error()
    assert session.place == Place(Home(Notice.ERROR))
    session.go_home()
    assert session.place == Place(Home())  # the word goes with the next move


def test_the_attract_screen_starts_a_visit_on_home(session: Session) -> None:
    recorded = Recorded(session)
    session.reset()
    assert session.place == Place(Attract())
    session.start()
    assert session.place == Place(Home())
    assert recorded.of("visit_started") == [()]


def test_a_visit_begins_with_the_first_thing_a_patient_does(session: Session) -> None:
    recorded = Recorded(session)
    session.activity()  # a touch that does nothing is not a visit
    assert recorded.of("visit_started") == []
    session.open_section(Section.LEARN)
    session.open_entry(ALPHA)
    assert recorded.of("visit_started") == [()]
    session.reset("home")
    assert recorded.of("visit_ended") == [("home",)]
    session.reset()  # no visit, nothing to end
    assert recorded.of("visit_ended") == [("home",)]


def test_speech_mode_stays_on_across_screens_until_stopped_or_reset(session: Session) -> None:
    recorded = Recorded(session)
    session.open_entry(BETA)
    session.toggle_listening()
    session.next_page()
    session.go_home()
    assert session.listening  # each new screen is read: speech mode is not one screen's
    session.repeat_speech()
    session.toggle_listening()
    assert recorded.of("listening_changed") == [(True,), (False,)]
    assert recorded.of("speech_repeated") == [()]
    session.repeat_speech()  # off: nothing to repeat
    assert recorded.of("speech_repeated") == [()]
    session.toggle_listening()
    session.change_speech_rate(+1)
    session.change_speech_volume(-1)
    session.reset()
    assert not session.listening
    assert (session.preferences.speech_rate, session.preferences.speech_volume) == (0.0, 0.8)


def test_kiosk_mode_is_the_sessions_to_change(content_dir: Path) -> None:
    session = make_session(content_dir, fullscreen=True)
    recorded = Recorded(session)
    assert session.kiosk_mode
    session.set_kiosk_mode(False)
    session.set_kiosk_mode(False)
    assert recorded.of("kiosk_mode_changed") == [(False,)]
