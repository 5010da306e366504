"""The versions of a clinic group's content on this kiosk: which one shows, and the history.

One folder (``[content_source] versions_dir``) holds everything, and every change to it is a
rename, so that a power cut or a kill at any moment leaves a kiosk that starts on the last
good version:

``good/<id>/``
    complete versions that passed validation, each with ``.kiosk-version.json`` (where it came
    from, when it arrived). A version is built in ``incoming/`` and renamed here only once it
    is complete and valid, so a folder in ``good/`` is never half a version.
``rejected/<id>/``
    versions that failed validation, kept aside for inspection with ``.kiosk-problems.txt``;
    never shown.
``current``
    the id of the version shown, replaced atomically (a temporary file, then a rename). If it
    names a version that is gone (deleted by hand), the newest good version on disk shows.
``state.json``
    the last check and its result, and the versions a rollback holds back.
``history.jsonl``
    one line per event (shown, rejected, rolled back), appended, never rewritten.
``lock``
    held while a check, a switch or a rollback runs, by the kiosk or by ``kiosk content``: two
    at once take turns (``filelock``, which works the same on Linux and Windows).

No Qt here: the ``kiosk content`` commands use it as well as the running kiosk.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock

log = logging.getLogger(__name__)

VERSION_FILE = ".kiosk-version.json"
PROBLEMS_FILE = ".kiosk-problems.txt"
KEEP_REJECTED = 3
LOCK_TIMEOUT = 600.0  # seconds a second update waits for the first (a large first fetch)


@dataclass(frozen=True)
class VersionInfo:
    """Where a version came from: a commit, or a copy of a synced folder."""

    id: str
    source: str  # "git https://... main" or "folder /srv/kiosk-content"
    arrived: float  # when it was fetched or copied (seconds since the epoch)
    commit: str | None = None
    author: str | None = None
    committed: str | None = None  # ISO date of the commit
    subject: str | None = None  # the commit's first line

    def describe(self) -> str:
        """One line for a person: id, and the commit's subject and author where there is one."""
        if self.subject is None:
            return self.id
        by = f" by {self.author}" if self.author else ""
        return f'{self.id} "{self.subject}"{by}'


@dataclass
class CheckState:
    """What the last check found; the commands and the admin screen show it."""

    checked: float | None = None  # when
    result: str = ""  # "shown" | "no change" | "rejected" | "failed" | "waiting"
    message: str = ""
    rejected: str | None = None  # the last rejected version's id
    held_back: list[str] = field(default_factory=list)  # rolled back from: not shown again


def _write_atomically(path: Path, text: str) -> None:
    """A temporary file in the same folder, flushed to disk, then renamed over ``path``."""
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp_name).replace(path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` survive a power cut (POSIX; Windows has no such call)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_version_info(folder: Path) -> VersionInfo | None:
    try:
        data = json.loads((folder / VERSION_FILE).read_text(encoding="utf-8"))
        return VersionInfo(**data)
    except (OSError, ValueError, TypeError):
        return None


class VersionStore:
    """The ``versions_dir`` of one kiosk."""

    def __init__(self, root: Path, keep: int = 5) -> None:
        self.root = root
        self.keep = keep
        self.good = root / "good"
        self.rejected = root / "rejected"
        self.incoming = root / "incoming"
        self.pointer = root / "current"
        self.state_file = root / "state.json"
        self.history_file = root / "history.jsonl"

    # Reading: safe without the lock (every file is replaced whole).

    def current_id(self) -> str | None:
        """The version that shows: ``current`` if its folder is there, else the newest good."""
        with contextlib.suppress(OSError, ValueError):
            wanted = self.pointer.read_text(encoding="utf-8").strip()
            if wanted == Path(wanted).name and (self.good / wanted).is_dir():
                return wanted
        versions = self.versions()
        return versions[0].id if versions else None

    def current_folder(self) -> Path | None:
        shown = self.current_id()
        return None if shown is None else self.good / shown

    def versions(self) -> list[VersionInfo]:
        """The good versions on disk, newest first."""
        found = []
        with contextlib.suppress(OSError):
            for folder in self.good.iterdir():
                info = read_version_info(folder)
                if info is not None and info.id == folder.name:
                    found.append(info)
        return sorted(found, key=lambda info: info.arrived, reverse=True)

    def version(self, version_id: str) -> VersionInfo | None:
        return read_version_info(self.good / version_id)

    def rejected_problems(self, version_id: str) -> list[str]:
        with contextlib.suppress(OSError):
            text = (self.rejected / version_id / PROBLEMS_FILE).read_text(encoding="utf-8")
            return text.splitlines()
        return []

    def state(self) -> CheckState:
        with contextlib.suppress(OSError, ValueError, TypeError):
            return CheckState(**json.loads(self.state_file.read_text(encoding="utf-8")))
        return CheckState()

    def history(self) -> list[dict[str, Any]]:
        events = []
        with contextlib.suppress(OSError):
            for line in self.history_file.read_text(encoding="utf-8").splitlines():
                with contextlib.suppress(ValueError):
                    events.append(json.loads(line))
        return events

    # Changing: only while holding ``locked()``.

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's lock; a second caller waits its turn."""
        self.root.mkdir(parents=True, exist_ok=True)
        with FileLock(self.root / "lock", timeout=LOCK_TIMEOUT):
            yield

    def recover(self) -> None:
        """Clear what a kill or a power cut part-way through a fetch or copy left behind."""
        shutil.rmtree(self.incoming, ignore_errors=True)
        for folder in (self.good, self.rejected, self.incoming):
            folder.mkdir(parents=True, exist_ok=True)

    def staging_folder(self) -> Path:
        """An empty folder in ``incoming/`` to build a version in."""
        self.recover()
        return Path(tempfile.mkdtemp(dir=self.incoming))

    def add_good(self, staged: Path, info: VersionInfo) -> Path:
        """Move a complete, valid version into ``good/`` (one rename)."""
        (staged / VERSION_FILE).write_text(json.dumps(asdict(info), indent=2), encoding="utf-8")
        target = self.good / info.id
        if target.exists():  # the same content seen again: the copy on disk is as good
            shutil.rmtree(staged, ignore_errors=True)
            return target
        staged.rename(target)
        _sync_folder(self.good)
        return target

    def add_rejected(self, staged: Path, info: VersionInfo, problems: list[str]) -> None:
        """Keep a version that failed validation aside, with its problems, for inspection."""
        (staged / VERSION_FILE).write_text(json.dumps(asdict(info), indent=2), encoding="utf-8")
        (staged / PROBLEMS_FILE).write_text("\n".join(problems) + "\n", encoding="utf-8")
        target = self.rejected / info.id
        shutil.rmtree(target, ignore_errors=True)
        staged.rename(target)
        self._prune(self.rejected, KEEP_REJECTED, keep_also=set())

    def show(self, version_id: str) -> None:
        """Make ``version_id`` (in ``good/``) the version that shows."""
        _write_atomically(self.pointer, version_id + "\n")
        self._prune(self.good, self.keep, keep_also={version_id})

    def save_state(self, state: CheckState) -> None:
        _write_atomically(self.state_file, json.dumps(asdict(state), indent=2))

    def record(self, event: str, version_id: str, **details: Any) -> None:
        """Append one line to the history."""
        line = json.dumps({"time": time.time(), "event": event, "version": version_id, **details})
        with self.history_file.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def _prune(self, folder: Path, keep: int, keep_also: set[str]) -> None:
        """Delete all but the ``keep`` newest versions in ``folder`` (never one in keep_also).

        The version shown until a moment ago is among the newest, so a kiosk still drawing a
        picture from it finds it there."""
        entries = []
        with contextlib.suppress(OSError):
            for version in folder.iterdir():
                info = read_version_info(version)
                entries.append((info.arrived if info else version.stat().st_mtime, version))
        entries.sort(reverse=True)
        for _, version in entries[keep:]:
            if version.name not in keep_also:
                shutil.rmtree(version, ignore_errors=True)
                log.info("content: removed old version %s", version.name)
