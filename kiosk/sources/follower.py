"""The running kiosk's side of a content source: check every ``check_every``, show what is new.

A check (a fetch, a copy, a validation of every page) takes seconds, so it runs on a thread
of its own and the screen never waits for it. Which version shows is read from the store's
``current`` file every two seconds, so a switch made by this kiosk's own check and one made by
``kiosk content update`` or ``rollback`` from a terminal are picked up the same way. A new
version is loaded, then handed to the session, which keeps a patient on the topic they read.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.config import ContentSourceConfig, KioskConfig
from kiosk.content import load_library
from kiosk.sources.report import admin_line, source_status
from kiosk.sources.store import VersionStore
from kiosk.sources.update import (
    Outcome,
    Source,
    check_now,
    log_outcome,
    make_source,
    open_store,
)

log = logging.getLogger(__name__)

POINTER_POLL_MS = 2000


class ContentFollower(QObject):
    """Checks the source on a timer and emits ``switched`` with each new version's library."""

    switched = Signal(object)  # ContentLibrary
    checked = Signal(object)  # Outcome, on the GUI thread

    def __init__(
        self,
        source: Source,
        store: VersionStore,
        shown: Path,
        check_every: float,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.store = store
        self.shown = shown
        self._checking = threading.Lock()
        self._check_timer = QTimer(self)
        self._check_timer.setInterval(round(check_every * 1000))
        self._check_timer.timeout.connect(self.check)
        self._pointer_timer = QTimer(self)
        self._pointer_timer.setInterval(POINTER_POLL_MS)
        self._pointer_timer.timeout.connect(self.follow_pointer)
        self.checked.connect(lambda _outcome: self.follow_pointer())

    def start(self) -> None:
        """Check once now, then every ``check_every``."""
        self._check_timer.start()
        self._pointer_timer.start()
        self.check()

    def check(self) -> None:
        """Check on a worker thread (the admin screen's "Reload content" too); one at a time."""
        if not self._checking.acquire(blocking=False):
            return
        threading.Thread(target=self._check_in_thread, name="content-check", daemon=True).start()

    def _check_in_thread(self) -> None:
        try:
            outcome = check_now(self.source, self.store)
            log_outcome(outcome)
        except Exception:  # a bug must not end the checks: log it, try at the next one
            log.exception("content source: the check failed")
            outcome = Outcome("failed", "the check failed; see the log")
        finally:
            self._checking.release()
        self.checked.emit(outcome)  # queued to the GUI thread

    def follow_pointer(self) -> None:
        """Show the store's current version if it is not the one shown."""
        folder = self.store.current_folder()
        if folder is None or folder == self.shown:
            return
        library = load_library(folder)
        self.shown = folder
        log.info("content source: showing %s", folder.name)
        self.switched.emit(library)


class FollowedSource:
    """``[content_source]`` as the app uses it: the store, the source, the folder to show."""

    def __init__(self, config: ContentSourceConfig, store: VersionStore, shown: Path) -> None:
        self.config = config
        self.store = store
        self.source = make_source(config, store)
        self.shown = shown

    @classmethod
    def open(cls, config: KioskConfig, content_dir: Path) -> FollowedSource:
        """Until a first good version arrives, ``content_dir`` shows."""
        store = open_store(config.content_source)
        shown = store.current_folder()
        if shown is None:
            log.warning(
                "content source: no version on this kiosk yet; showing %s until one arrives",
                content_dir,
            )
        return cls(config.content_source, store, shown or content_dir)

    def follow(self, parent: QObject) -> ContentFollower:
        return ContentFollower(
            self.source, self.store, self.shown, self.config.check_every, parent=parent
        )

    def admin_line(self) -> str:
        return admin_line(self.config, self.store)

    def status(self) -> dict[str, Any]:
        return source_status(self.config, self.store)
