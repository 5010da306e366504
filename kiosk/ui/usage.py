"""Turns what a patient does into anonymous usage events (kiosk.analytics).

A session begins with the first touch after the attract screen and ends at the idle reset
("timeout") or at "Start over" ("home"). Events say which topic, which page, how long, in
which language, text size and contrast: never who, and never any text. Recording only
queues the event; a background thread writes it, so the screen never waits.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

from kiosk.analytics.events import Event, new_session_id
from kiosk.content import EntryRef

log = logging.getLogger(__name__)


class Recorder(Protocol):
    def record(self, event: Event) -> None: ...


class UsageTracker:
    """Remembers the current session and page, and records what changes."""

    def __init__(self, recorder: Recorder, now: Callable[[], float] = time.time) -> None:
        self.recorder = recorder
        self._now = now
        self.session: str | None = None
        self._session_start = 0.0
        self._page: tuple[EntryRef, int] | None = None
        self._page_since = 0.0
        self.lang = "en"
        self.text_scale = 1.0
        self.contrast = "standard"

    def _emit(self, kind: str, ref: EntryRef | None = None, **fields: float | str | None) -> None:
        if self.session is None:
            self._start()
        assert self.session is not None
        try:
            self.recorder.record(
                Event(
                    kind=kind,
                    session=self.session,
                    at=self._now(),
                    section=str(ref.section) if ref else None,
                    slug=ref.slug if ref else None,
                    lang=self.lang,
                    text_scale=self.text_scale,
                    contrast=self.contrast,
                    **fields,  # type: ignore[arg-type]
                )
            )
        except Exception:
            log.exception("could not record a usage event")

    def _start(self) -> None:
        self.session = new_session_id()
        self._session_start = self._now()
        self._page = None
        self._emit("session_start")

    def session_end(self, reason: str) -> None:
        if self.session is None:
            return
        self._emit("session_end", seconds=self._now() - self._session_start, reason=reason)
        self.session = None
        self._page = None

    def opened(self, ref: EntryRef, pages: int) -> None:
        self._emit("open", ref, page=1, pages=pages)
        self._page, self._page_since = (ref, 1), self._now()

    def page(self, ref: EntryRef, page: int, pages: int) -> None:
        """A page reached; ``seconds`` is the time spent on the page before it."""
        if self._page == (ref, page):
            return
        spent = self._now() - self._page_since if self._page else None
        self._emit("page", ref, page=page, pages=pages, seconds=spent)
        self._page, self._page_since = (ref, page), self._now()

    def setting(self, kind: str) -> None:
        """``language``, ``text_size`` or ``contrast`` changed; the event carries the new one."""
        self._emit(kind)

    def qr_shown(self, ref: EntryRef) -> None:
        self._emit("qr_shown", ref)

    def listened(self, ref: EntryRef | None) -> None:
        self._emit("listen", ref)
