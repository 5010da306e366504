"""Where the patient is, as one value: a ``Place``, owned by the session and shown by the window.

A place is a screen (``Attract``, ``Closed``, ``Updating``, ``Home``, a ``CardList`` and its
page, a topic being ``Reading`` and its page) and, over it, at most one ``Overlay``. Page
counts are known once the window has laid the list or topic out at its size and text size:
until then they are None. Places are frozen values, so "did anything change?" is ``==``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from kiosk.content import EntryRef, Section


class Overlay(Enum):
    """What can cover a screen: the idle prompt, and the two staff overlays."""

    STILL_THERE = "still-there"
    PIN_PAD = "pin-pad"
    ADMIN = "admin"


class Notice(Enum):
    """A calm word on a screen after something went wrong (the details are in the log)."""

    ERROR = "error"  # on Home, after an unexpected error
    PAGE_UNAVAILABLE = "page_unavailable"  # on a list, after a page that cannot be shown


@dataclass(frozen=True)
class Attract:
    """The attract screen: after the privacy reset, until someone touches the screen."""


@dataclass(frozen=True)
class Closed:
    """Outside opening hours: a black screen, the display asleep; a touch wakes it."""


@dataclass(frozen=True)
class Updating:
    """ "Our information is being updated": there is no content to show."""


@dataclass(frozen=True)
class Home:
    notice: Notice | None = None


@dataclass(frozen=True)
class CardList:
    section: Section
    page: int = 0
    page_count: int | None = None
    notice: Notice | None = None


@dataclass(frozen=True)
class Reading:
    ref: EntryRef
    page: int = 0
    page_count: int | None = None


Screen = Attract | Closed | Updating | Home | CardList | Reading


@dataclass(frozen=True)
class Place:
    screen: Screen
    overlay: Overlay | None = None

    @property
    def shows_nothing_private(self) -> bool:
        """True where nothing a patient chose is on screen (the attract, closed and updating
        screens)."""
        return isinstance(self.screen, Attract | Closed | Updating)
