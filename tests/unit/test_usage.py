"""Usage counting as a listener of the session: a scripted visit becomes anonymous events,
with nothing about who the patient is."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from kiosk.analytics.events import Event, event_problem
from kiosk.content import EntryRef, Section
from kiosk.session import Attract, Place, Session
from kiosk.usage import UsageCounter
from tests.helpers.session import Pages, make_session

ALPHA = EntryRef(Section.LEARN, "alpha")
BETA = EntryRef(Section.LEARN, "beta")


class Events:
    """A recorder that keeps what it is given."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def record(self, event: Event) -> None:
        self.events.append(event)

    def kinds(self) -> list[str]:
        return [event.kind for event in self.events]


NOW = [1_772_000_000.0]  # the time as usage counting sees it; tests move it on


def counted(content_dir: Path) -> tuple[Session, Events]:
    session = make_session(content_dir)
    Pages(session, {"alpha": 4, "beta": 2})
    events = Events()
    UsageCounter(session, events, now=lambda: NOW[0])
    return session, events


def test_a_visit_from_the_first_touch_to_the_reset(content_dir: Path) -> None:
    session, events = counted(content_dir)
    session.reset()
    session.start()
    session.open_section(Section.LEARN)
    session.open_entry(ALPHA)
    NOW[0] += 12
    session.next_page()
    session.change_text_size(+1)
    session.next_language()  # the topic opens again, in Spanish
    NOW[0] += 30
    session.reset("timeout")
    assert events.kinds() == [
        "session_start",
        "open",
        "page",
        "text_size",
        "language",
        "open",
        "session_end",
    ]
    start, opened, turned, size, language, reopened, end = events.events
    assert (start.lang, start.text_scale, start.contrast) == ("en", 1.0, "standard")
    assert (opened.section, opened.slug, opened.page, opened.pages) == ("learn", "alpha", 1, 4)
    assert (turned.page, turned.pages, turned.seconds) == (2, 4, 12.0)
    assert size.text_scale == 1.25
    assert language.lang == reopened.lang == "es"
    assert (end.reason, end.seconds) == ("timeout", 42.0)
    assert len({event.session for event in events.events}) == 1
    assert all(event_problem(event) is None for event in events.events)


def test_the_resets_return_to_the_defaults_is_not_a_patients_choice(content_dir: Path) -> None:
    session, events = counted(content_dir)
    session.toggle_contrast()
    session.reset()
    assert events.kinds() == ["session_start", "contrast", "session_end"]


def test_each_visit_has_its_own_id(content_dir: Path) -> None:
    session, events = counted(content_dir)
    session.open_entry(ALPHA)
    session.reset("home")
    session.start()
    session.open_entry(ALPHA)
    visits = [event.session for event in events.events if event.kind == "session_start"]
    assert len(visits) == 2 and visits[0] != visits[1]


def test_the_take_home_code_is_counted_when_its_page_is_shown(content_dir: Path) -> None:
    site = content_dir / "site.yaml"
    site.write_text(site.read_text() + "web_address: https://clinic.example/read\n")
    session, events = counted(content_dir)
    session.open_entry(BETA)
    assert "qr_shown" not in events.kinds()
    session.next_page()
    session.previous_page()
    session.next_page()  # the last page again: shown twice
    shown = [e for e in events.events if e.kind == "qr_shown"]
    assert [(e.section, e.slug) for e in shown] == [("learn", "beta")] * 2


def test_listen_is_counted_with_the_topic(content_dir: Path) -> None:
    session, events = counted(content_dir)
    session.open_entry(ALPHA)
    session.toggle_listening()
    session.toggle_listening()  # stopping is not another listen
    listened = [e for e in events.events if e.kind == "listen"]
    assert [(e.section, e.slug) for e in listened] == [("learn", "alpha")]


def test_a_recorder_that_fails_never_stops_the_kiosk(content_dir: Path) -> None:
    class Broken:
        def record(self, event: Event) -> None:
            raise OSError("disk full")

    session = make_session(content_dir)
    UsageCounter(session, Broken())
    session.open_section(Section.LEARN)
    session.reset()
    assert session.place == Place(Attract())


def test_events_carry_only_the_allowed_fields() -> None:
    fields = {field.name for field in dataclasses.fields(Event)}
    assert fields == {
        "kind", "session", "at", "section", "slug", "page", "pages", "seconds", "lang",
        "text_scale", "contrast", "reason",
    }  # fmt: skip
