"""Tests for kiosk.analytics.events: the closed vocabulary that keeps free text out."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.analytics.events import EVENT_KINDS, Event, event_problem, new_session_id

SESSION = "0123456789abcdef0123456789abcdef"
AT = 1_772_000_000.0


def test_session_ids_are_random_hex_and_never_repeat() -> None:
    ids = {new_session_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)


ONE_OF_EACH_KIND = [
    Event("session_start", SESSION, AT, lang="en", text_scale=1.0, contrast="standard"),
    Event("session_end", SESSION, AT, seconds=95.5, reason="timeout"),
    Event("open", SESSION, AT, section="learn", slug="what-is-ketamine", page=1, pages=4),
    Event("page", SESSION, AT, section="treatments", slug="step.2", page=2, pages=4, seconds=3),
    Event("qr_shown", SESSION, AT, section="learn", slug="What Is Ketamine"),
    Event("listen", SESSION, AT, section="learn", slug="ptsd"),
    Event("language", SESSION, AT, lang="pt-BR"),
    Event("text_size", SESSION, AT, text_scale=2.0),
    Event("contrast", SESSION, AT, contrast="high"),
]


@pytest.mark.parametrize("event", ONE_OF_EACH_KIND, ids=lambda event: event.kind)
def test_every_kind_of_event_with_its_fields_is_accepted(event: Event) -> None:
    assert event_problem(event) is None


def test_the_events_above_are_one_of_every_kind() -> None:
    assert sorted(event.kind for event in ONE_OF_EACH_KIND) == sorted(EVENT_KINDS)


GOOD = Event("page", SESSION, AT, section="learn", slug="ptsd", page=2, pages=3, seconds=4.0)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "typed_text"}, "kind"),
        ({"session": "maria-garcia"}, "session"),
        ({"session": "AA" * 16}, "session"),  # uppercase: not from new_session_id
        ({"at": float("nan")}, "at"),
        ({"at": -1.0}, "at"),
        ({"section": "notes"}, "section"),
        ({"slug": "I feel anxious about my appointment\nplease call me"}, "slug"),
        ({"slug": "../../etc/passwd"}, "slug"),
        ({"slug": "x" * 121}, "slug"),
        ({"page": 0}, "page"),
        ({"pages": True}, "pages"),
        ({"seconds": -2.0}, "seconds"),
        ({"seconds": float("inf")}, "seconds"),
        ({"lang": "my name is Bob"}, "lang"),
        ({"text_scale": 40.0}, "text_scale"),
        ({"contrast": "dark"}, "contrast"),
        ({"reason": "patient left crying"}, "reason"),
    ],
)
def test_values_outside_the_vocabulary_are_rejected(changes: dict[str, object], field: str) -> None:
    problem = event_problem(dataclasses.replace(GOOD, **changes))  # type: ignore[arg-type]
    assert problem is not None
    assert problem.startswith(field)
    # The message never repeats the value: it might be the very free text being kept out.
    for value in changes.values():
        if isinstance(value, str) and len(value) > 4:
            assert value not in problem
