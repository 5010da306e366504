"""A session on a small content tree, without a window: what the window would tell it about
pages is told by ``Pages``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from kiosk.config import KioskConfig
from kiosk.content import load_library
from kiosk.session import CardList, Place, Reading, Session
from tests.helpers.stubs import FAKE_TIMERS


def make_session(root: Path, **config: object) -> Session:
    """A session on the content at ``root``, with ``kiosk.toml`` settings and hand-fired timers."""
    return Session(load_library(root), KioskConfig(**config), timer_factory=FAKE_TIMERS)  # type: ignore[arg-type]


class Pages(QObject):
    """Stands in for the window's layout: each topic takes ``topics[slug]`` pages (else
    ``default``) and each list ``lists`` pages, reported to the session as the window
    reports them, when a place's count is not known yet. It lives as long as the session."""

    def __init__(
        self,
        session: Session,
        topics: dict[str, int] | None = None,
        *,
        default: int = 3,
        lists: int = 1,
    ) -> None:
        super().__init__(session)
        self.session = session
        self.topics = topics or {}
        self.default = default
        self.lists = lists
        session.place_changed.connect(self._lay_out)
        self._lay_out(session.place)

    def _lay_out(self, place: Place) -> None:
        screen = place.screen
        if isinstance(screen, Reading) and screen.page_count is None:
            self.session.paged(self.topics.get(screen.ref.slug, self.default), screen.page)
        elif isinstance(screen, CardList) and screen.page_count is None:
            self.session.paged(self.lists, screen.page)


class Recorded(QObject):
    """Every signal a session sends, in order, as (name, arguments)."""

    SIGNALS = (
        "place_changed",
        "preferences_changed",
        "library_changed",
        "kiosk_mode_changed",
        "listening_changed",
        "speech_repeated",
        "visit_started",
        "visit_ended",
        "topic_opened",
        "page_turned",
        "countdown",
    )

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.calls: list[tuple[str, tuple[object, ...]]] = []
        for name in self.SIGNALS:
            getattr(session, name).connect(lambda *args, name=name: self.calls.append((name, args)))

    def of(self, name: str) -> list[tuple[object, ...]]:
        return [args for called, args in self.calls if called == name]
