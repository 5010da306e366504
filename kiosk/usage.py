"""Usage counting: a listener of the session that turns a patient's visit into anonymous
events (``kiosk.analytics``).

A visit begins with a patient's first action after the attract screen and ends at the privacy
reset ("timeout"), at "Start over" ("home"), or when the kiosk stops ("exit"). Events say which
topic, which page, how long, in which language, text size and contrast: never who, and never
any text. Recording only queues the event; a background thread writes it, so the screen never
waits.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject

from kiosk.analytics.events import Event, new_session_id
from kiosk.content import EntryRef
from kiosk.session import Preferences, Session

log = logging.getLogger(__name__)


class Recorder(Protocol):
    def record(self, event: Event) -> None: ...


class UsageCounter(QObject):
    """Listens to ``session`` and records what a patient does, one visit at a time. It lives
    as long as the session."""

    def __init__(
        self, session: Session, recorder: Recorder, now: Callable[[], float] = time.time
    ) -> None:
        super().__init__(session)
        self.session = session
        self.recorder = recorder
        self._now = now
        self.visit: str | None = None  # the random id of the visit being counted
        self._visit_start = 0.0
        self._page: tuple[EntryRef, int] | None = None
        self._page_since = 0.0
        self._chosen = session.preferences  # to tell which setting a patient changed
        session.visit_started.connect(self._visit_started)
        session.visit_ended.connect(self._visit_ended)
        session.topic_opened.connect(self._opened)
        session.page_turned.connect(self._page_turned)
        session.preferences_changed.connect(self._preferences_changed)
        session.listening_changed.connect(self._listening_changed)

    def _emit(self, kind: str, ref: EntryRef | None = None, **fields: float | str | None) -> None:
        if self.visit is None:
            return
        prefs = self.session.preferences
        try:
            self.recorder.record(
                Event(
                    kind=kind,
                    session=self.visit,
                    at=self._now(),
                    section=str(ref.section) if ref else None,
                    slug=ref.slug if ref else None,
                    lang=prefs.lang,
                    text_scale=prefs.text_scale,
                    contrast=prefs.contrast,
                    **fields,  # type: ignore[arg-type]
                )
            )
        except Exception:
            log.exception("could not record a usage event")

    def _visit_started(self) -> None:
        self.visit = new_session_id()
        self._visit_start = self._now()
        self._page = None
        self._chosen = self.session.preferences
        self._emit("session_start")

    def _visit_ended(self, reason: str) -> None:
        self._emit("session_end", seconds=self._now() - self._visit_start, reason=reason)
        self.visit = None
        self._page = None

    def _opened(self, ref: EntryRef, pages: int) -> None:
        self._emit("open", ref, page=1, pages=pages)
        self._page, self._page_since = (ref, 1), self._now()
        self._count_qr(ref, 0, pages)

    def _page_turned(self, ref: EntryRef, page: int, pages: int) -> None:
        """A page reached; ``seconds`` is the time spent on the page before it."""
        shown = page + 1
        if self._page == (ref, shown):
            return
        spent = self._now() - self._page_since if self._page else None
        self._emit("page", ref, page=shown, pages=pages, seconds=spent)
        self._page, self._page_since = (ref, shown), self._now()
        self._count_qr(ref, page, pages)

    def _count_qr(self, ref: EntryRef, page: int, pages: int) -> None:
        """The take-home QR code is on the last page: count it when that page is shown."""
        topic = self.session.topic
        if (
            page == pages - 1
            and topic is not None
            and self.session.library.take_home_url(topic.entry)
        ):
            self._emit("qr_shown", ref)

    def _preferences_changed(self, preferences: Preferences) -> None:
        """Which settings the patient changed (the reset's return to the defaults, outside
        any visit, is not counted)."""
        before, self._chosen = self._chosen, preferences
        for kind, changed in (
            ("language", before.lang != preferences.lang),
            ("text_size", before.text_scale != preferences.text_scale),
            ("contrast", before.high_contrast != preferences.high_contrast),
        ):
            if changed:
                self._emit(kind)

    def _listening_changed(self, listening: bool) -> None:
        if listening:
            topic = self.session.topic
            self._emit("listen", topic.entry.ref if topic is not None else None)
