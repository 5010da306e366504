"""Live reload: the kiosk notices edits in the content folder and shows them within 2 s.

``QFileSystemWatcher`` reports changes to the folders and files; editors often save by
writing a new file and renaming it over the old one, which drops the old file's watch, so
watches are re-added after every reload. Events are debounced, and a reload waits until
files have stopped changing, so a file caught half-written is not read. Network shares do
not always report changes, so a slow poll backs the watcher up.

The reload itself is ``load_library(root, previous=...)``: unchanged files are not read
again, a broken file keeps its last good version, and a vanished folder keeps all of the
last good content.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.content import ContentLibrary, Section, load_library
from kiosk.session import TimerFactory

log = logging.getLogger(__name__)

DEBOUNCE_MS = 400
POLL_MS = 5000
SETTLE_SECONDS = 0.4  # a file changed more recently than this may still be being written


def tree_fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """A cheap summary of the folder (names, sizes, times) to notice changes by polling."""
    found: list[tuple[str, int, int]] = []
    for folder in (root, *(root / s.value for s in Section), root / "images"):
        try:
            for path in folder.iterdir():
                stat = path.stat()
                found.append((str(path), stat.st_size, stat.st_mtime_ns))
        except OSError:
            found.append((str(folder), -1, -1))
    return tuple(sorted(found))


class ContentWatcher(QObject):
    """Watches ``library.root`` and emits ``reloaded`` with each new library."""

    reloaded = Signal(object)

    def __init__(
        self,
        library: ContentLibrary,
        timer_factory: TimerFactory = QTimer,
        *,
        settle_seconds: float = SETTLE_SECONDS,
        wall_clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.settle_seconds = settle_seconds
        self._wall_clock = wall_clock
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._directory_changed)
        self._watcher.fileChanged.connect(self.changed)
        self.debounce = timer_factory()
        self.debounce.setParent(self)  # dies with its owner: never fires at a deleted object
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self._reload_when_settled)
        self.poll = timer_factory()
        self.poll.setParent(self)  # dies with its owner: never fires at a deleted object
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self._poll)
        self._fingerprint = tree_fingerprint(library.root)
        self._root_existed = library.root.exists()
        self._rewatch()
        self.poll.start()

    def _directory_changed(self, path: str) -> None:
        # The folder holding the content folder is watched only to see the content folder
        # itself disappear or come back (a share going offline); ignore its other changes.
        root = self.library.root
        if Path(path) == root.parent and root.exists() == self._root_existed:
            return
        self.changed()

    def changed(self, _path: str = "") -> None:
        """Something changed: reload once things have been quiet for a moment."""
        self.debounce.start()

    def _poll(self) -> None:
        if tree_fingerprint(self.library.root) != self._fingerprint:
            self.changed()

    def _still_being_written(self) -> bool:
        newest = 0.0
        for _, _, mtime_ns in tree_fingerprint(self.library.root):
            newest = max(newest, mtime_ns / 1e9)
        return self._wall_clock() - newest < self.settle_seconds

    def _reload_when_settled(self) -> None:
        if self._still_being_written():
            self.debounce.start()
            return
        self.reload()

    def reload(self) -> ContentLibrary:
        """Load again now (also the admin screen's "Reload content")."""
        self.library = load_library(self.library.root, previous=self.library)
        self._fingerprint = tree_fingerprint(self.library.root)
        self._rewatch()
        log.info("content reloaded: %d problem(s)", len(self.library.problems))
        self.reloaded.emit(self.library)
        return self.library

    def _rewatch(self) -> None:
        """Watch the folder, its section folders and every file in them (again)."""
        root = self.library.root
        self._root_existed = root.exists()
        wanted = [root.parent, root, root / "site.yaml", root / "images"]
        for section in Section:
            folder = root / section.value
            wanted.append(folder)
            if folder.is_dir():
                wanted += sorted(folder.glob("*.md"))
        paths = [str(p) for p in wanted if p.exists()]
        current = set(self._watcher.files()) | set(self._watcher.directories())
        missing = [p for p in paths if p not in current]
        if missing:
            self._watcher.addPaths(missing)
