"""What the kiosk records about its use: a small, closed vocabulary of anonymous events.

A clinic wants to know which topics patients open, how far they read and where they stop. It
must never learn who a patient is. So an event holds only choices from fixed lists (a kind, a
section, a topic slug from the content folder, a page number, a language code, a text size, a
contrast mode) and a random session id that lives for one patient's visit. There is no field for
free text, names or device identifiers; ``event_problem`` rejects anything that does not look
like one of the allowed values, so a programming mistake cannot smuggle free text into the
database.
"""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass

from kiosk.content.names import Section

__all__ = [
    "CONTRAST_MODES",
    "END_REASONS",
    "EVENT_KINDS",
    "SECTIONS",
    "Event",
    "event_problem",
    "new_session_id",
]

# session_start: a patient touched the attract screen. Carries the starting lang, text_scale and
#     contrast, so setting use counts the sessions that never changed them.
# session_end: back to the attract screen; reason says why and seconds how long the visit was.
# open: a topic or treatment was opened (section, slug, page=1, pages).
# page: a page was reached (section, slug, page, pages; seconds = time on the page just left).
# qr_shown / listen: the take-home QR code was shown / read aloud was started (section, slug).
# language / text_size / contrast: the patient changed a setting (lang / text_scale / contrast).
EVENT_KINDS = (
    "session_start",
    "session_end",
    "open",
    "page",
    "qr_shown",
    "listen",
    "language",
    "text_size",
    "contrast",
)
SECTIONS = tuple(str(section) for section in Section)
CONTRAST_MODES = ("standard", "high")
END_REASONS = ("home", "timeout", "exit")

_SESSION = re.compile(r"[0-9a-f]{32}")
# A slug is a content file's name without ``.md``: any printable name, but no path separators,
# no control characters and not long enough to carry a sentence.
_SLUG = re.compile(r"[^\x00-\x1f\x7f/\\]{1,120}")
_LANG = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{1,8}){0,2}")
_MIN_TEXT_SCALE = 0.5
_MAX_TEXT_SCALE = 5.0


@dataclass(frozen=True)
class Event:
    """One thing a patient did, with only the fields that kind of event needs."""

    kind: str  # one of EVENT_KINDS
    session: str  # new_session_id() for each patient session; never a device or person id
    at: float  # unix time
    section: str | None = None  # "learn" | "treatments"
    slug: str | None = None
    page: int | None = None  # 1-based page shown
    pages: int | None = None  # page count of that topic at that moment
    seconds: float | None = None  # time spent on the page being left / session length
    lang: str | None = None
    text_scale: float | None = None
    contrast: str | None = None  # "standard" | "high"
    reason: str | None = None  # session end: "home" | "timeout" | "exit"


def new_session_id() -> str:
    """A random id for one patient session: links its events, and nothing outside it."""
    return uuid.uuid4().hex


def _finite(value: float) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _count(value: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def event_problem(event: Event) -> str | None:
    """What makes ``event`` unfit to store, or None when every field holds an allowed value.

    The message names the field, never its value: a bad value might be exactly the free text the
    check keeps out of the database and the log.
    """
    if event.kind not in EVENT_KINDS:
        return "kind is not one of " + ", ".join(EVENT_KINDS)
    if not isinstance(event.session, str) or not _SESSION.fullmatch(event.session):
        return "session is not an id from new_session_id()"
    if not _finite(event.at) or event.at <= 0:
        return "at is not a unix time"
    if event.section is not None and event.section not in SECTIONS:
        return "section is not one of " + ", ".join(SECTIONS)
    if event.slug is not None and (
        not isinstance(event.slug, str) or not _SLUG.fullmatch(event.slug)
    ):
        return "slug is not a content file name"
    for name, number in (("page", event.page), ("pages", event.pages)):
        if number is not None and not _count(number):
            return f"{name} is not a whole number from 1"
    if event.seconds is not None and (not _finite(event.seconds) or event.seconds < 0):
        return "seconds is not a duration"
    if event.lang is not None and (
        not isinstance(event.lang, str) or not _LANG.fullmatch(event.lang)
    ):
        return "lang is not a language code"
    if event.text_scale is not None and (
        not _finite(event.text_scale) or not _MIN_TEXT_SCALE <= event.text_scale <= _MAX_TEXT_SCALE
    ):
        return f"text_scale is not a scale from {_MIN_TEXT_SCALE} to {_MAX_TEXT_SCALE}"
    if event.contrast is not None and event.contrast not in CONTRAST_MODES:
        return "contrast is not one of " + ", ".join(CONTRAST_MODES)
    if event.reason is not None and event.reason not in END_REASONS:
        return "reason is not one of " + ", ".join(END_REASONS)
    return None
