"""Storing usage events in SQLite without ever slowing or stopping the kiosk.

``UsageRecorder.record`` only puts the event on a queue: the UI thread never touches the disk. One
background writer thread owns the SQLite connection; it wakes when events arrive, waits
``flush_interval`` to gather a batch and inserts it with one ``executemany`` in one transaction.

Analytics must never cost the patient the content display, so nothing here raises to the caller.
Every failure becomes a message for the admin in ``problems`` (and is logged once):

- the database cannot be created or opened (read-only folder, a file where the folder should
  be): events go to an in-memory database for this run;
- the file is corrupt: it is renamed ``<name>.broken-<timestamp>`` for inspection and a fresh
  database is started in its place;
- the database is locked by another program or the disk is full: events stay queued in memory
  (at most ``MAX_PENDING``; the oldest are dropped beyond that) and are written once it works again.

Privacy: rows hold the kiosk label from ``kiosk.toml`` and the event's fields, nothing else. Times
are stored rounded down to the quarter hour (``TIME_RESOLUTION``), so a row cannot be matched to
an appointment list by its exact minute; the order of events within a session is kept by the row
id. Deleted rows are overwritten (``secure_delete``), and rows older than ``retention_days`` are
deleted at start-up and once a day after that, for kiosks that run for months without a restart.

The schema is versioned with ``PRAGMA user_version``: ``MIGRATIONS[n - 1]`` takes a database from
version n - 1 to n, so a newer kiosk upgrades an older database in place.
"""

from __future__ import annotations

import logging
import math
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kiosk.analytics.events import Event, event_problem

__all__ = [
    "COLUMNS",
    "MAX_PENDING",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "TIME_RESOLUTION",
    "UsageRecorder",
]

log = logging.getLogger(__name__)

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the first schema.
    (
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            kiosk TEXT NOT NULL,
            kind TEXT NOT NULL,
            session TEXT NOT NULL,
            at INTEGER NOT NULL,
            section TEXT,
            slug TEXT,
            page INTEGER,
            pages INTEGER,
            seconds REAL,
            lang TEXT,
            text_scale REAL,
            reason TEXT
        )""",
        "CREATE INDEX events_at ON events (at)",
    ),
    # 2: the high-contrast theme arrived, and with it the contrast mode.
    ("ALTER TABLE events ADD COLUMN contrast TEXT",),
)
SCHEMA_VERSION = len(MIGRATIONS)

# The event fields stored in each row, in the order of the insert's parameters (after ``kiosk``).
COLUMNS = (
    "kind",
    "session",
    "at",
    "section",
    "slug",
    "page",
    "pages",
    "seconds",
    "lang",
    "text_scale",
    "contrast",
    "reason",
)
_INSERT = (
    f"INSERT INTO events (kiosk, {', '.join(COLUMNS)}) "
    f"VALUES ({', '.join('?' * (len(COLUMNS) + 1))})"
)

# Seconds. Every UTC offset is a multiple of 15 minutes, so rounding keeps local days exact.
TIME_RESOLUTION = 900
MAX_PENDING = 10_000  # events kept in memory while the database cannot take them
_RETRY_INTERVAL = 10.0  # seconds between attempts to save rows the database refused
_DAY = 86_400.0
_MEMORY = ":memory:"

# Primary SQLite result codes (the low byte of ``sqlite_errorcode``).
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_FULL = 13

Row = tuple[object, ...]


@dataclass
class _Flush:
    """A marker in the queue: set ``done`` once everything queued before it has been handled."""

    done: threading.Event = field(default_factory=threading.Event)
    close: bool = False


class _CorruptError(Exception):
    """The database file is damaged or is not a database."""


class _BusyError(Exception):
    """The database is locked by another connection; try again later."""


def _primary_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _classify(error: sqlite3.Error) -> type[Exception] | None:
    """_CorruptError, _BusyError, or None for any other failure."""
    code = _primary_code(error)
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return _CorruptError
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return _BusyError
    return None


def to_row(kiosk_label: str, event: Event) -> Row:
    """The insert parameters for ``event``: its time coarsened, its durations to a tenth."""
    at = int(event.at // TIME_RESOLUTION * TIME_RESOLUTION)
    seconds = None if event.seconds is None else round(event.seconds, 1)
    scale = None if event.text_scale is None else round(event.text_scale, 2)
    return (
        kiosk_label,
        event.kind,
        event.session,
        at,
        event.section,
        event.slug,
        event.page,
        event.pages,
        seconds,
        event.lang,
        scale,
        event.contrast,
        event.reason,
    )


def migrate(connection: sqlite3.Connection) -> int:
    """Bring the schema to ``SCHEMA_VERSION``, one transaction per step; returns the old version.

    A database from a newer kiosk is left alone: its extra columns do not stop our inserts.
    """
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    for number in range(version + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[number - 1]:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {number}")
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    return int(version)


class UsageRecorder:
    """Records usage events to SQLite from a background thread; see the module docstring.

    ``retention_days`` below 1 or ``flush_interval`` not above 0 are programming errors (the
    config validates its values) and raise ValueError here; after construction nothing raises.
    """

    def __init__(
        self,
        path: Path,
        kiosk_label: str,
        *,
        retention_days: float = 365,
        now: Callable[[], float] = time.time,
        flush_interval: float = 0.5,
        busy_timeout: float = 2.0,
    ) -> None:
        if retention_days < 1:
            raise ValueError(f"retention_days must be at least 1, not {retention_days}")
        if not flush_interval > 0:
            raise ValueError(f"flush_interval must be above 0, not {flush_interval}")
        self._path = Path(path)
        self._label = kiosk_label
        self._retention = retention_days * _DAY
        self._now = now
        self._flush_interval = flush_interval
        self._busy_timeout = busy_timeout
        self._queue: queue.SimpleQueue[Event | _Flush] = queue.SimpleQueue()
        self._wake = threading.Event()
        self._closed = False
        self._problems: list[str] = []
        self._problem_keys: set[str] = set()
        self._problems_lock = threading.Lock()
        # Owned by the writer thread from here on.
        self._connection: sqlite3.Connection | None = None
        self._location = str(self._path)
        self._pending: list[Row] = []
        self._dropped = 0
        self._failing = False
        self._last_prune = -math.inf
        self._thread = threading.Thread(target=self._run, name="usage-recorder", daemon=True)
        self._thread.start()

    # --- the caller's side ---------------------------------------------------------------------

    def record(self, event: Event) -> None:
        """Queue ``event`` for the writer thread; returns at once and never raises."""
        if self._closed:
            return
        try:
            self._queue.put(event)
        except Exception:  # pragma: no cover - SimpleQueue.put does not fail in practice
            self._problem("queue", "Usage events could not be queued; some were not recorded.")

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until every event recorded so far has been written (or kept for a retry).

        For tests and shutdown; gives up after ``timeout`` seconds rather than hang the kiosk.
        """
        if not self._thread.is_alive():
            return
        marker = _Flush()
        self._queue.put(marker)
        self._wake.set()
        marker.done.wait(timeout)

    def close(self) -> None:
        """Write what is queued, close the database and stop the writer; never raises.

        Events recorded after ``close`` are ignored. If the disk hangs, the writer is a daemon
        thread and does not keep the kiosk from exiting.
        """
        if self._closed:
            return
        self._closed = True
        try:
            if self._thread.is_alive():
                marker = _Flush(close=True)
                self._queue.put(marker)
                self._wake.set()
                self._thread.join(self._busy_timeout + 5.0)
        except Exception:  # pragma: no cover - joining a thread does not fail in practice
            log.exception("stopping the usage recorder failed")

    @property
    def problems(self) -> list[str]:
        """What went wrong so far, in an admin's words, each once (for the admin screen)."""
        with self._problems_lock:
            return list(self._problems)

    @property
    def location(self) -> str:
        """Where events are being written: the database path, or ``:memory:`` after a fallback."""
        return self._location

    @property
    def dropped(self) -> int:
        """How many events were lost because the database could not take them in time."""
        return self._dropped

    # --- the writer thread ---------------------------------------------------------------------

    def _problem(self, key: str, message: str) -> None:
        """Log ``message`` and show it to the admin, the first time ``key`` happens only."""
        with self._problems_lock:
            if key in self._problem_keys:
                return
            self._problem_keys.add(key)
            self._problems.append(message)
        log.warning("%s", message)

    def _run(self) -> None:
        try:
            self._open()
            while True:
                try:
                    # While rows wait for a locked or full database, retry now and then even
                    # when no new events arrive.
                    first = self._queue.get(timeout=_RETRY_INTERVAL if self._pending else None)
                except queue.Empty:
                    self._write()
                    continue
                if isinstance(first, Event):
                    # Gather a batch, unless flush() or close() asks for it now.
                    self._wake.wait(self._flush_interval)
                self._wake.clear()
                items: list[Event | _Flush] = [first]
                while True:
                    try:
                        items.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                self._take([item for item in items if isinstance(item, Event)])
                self._write()
                self._prune_if_due()
                markers = [item for item in items if isinstance(item, _Flush)]
                closing = any(marker.close for marker in markers)
                if closing:
                    self._disconnect()
                for marker in markers:
                    marker.done.set()
                if closing:
                    return
        except Exception:  # pragma: no cover - a bug here must not take the kiosk down
            log.exception("the usage recorder stopped")
            self._problem("crashed", "Usage statistics stopped recording because of an error.")

    def _take(self, events: list[Event]) -> None:
        """Turn valid events into rows; keep at most MAX_PENDING, dropping the oldest."""
        for event in events:
            problem = event_problem(event)
            if problem is not None:
                self._problem(
                    f"invalid:{problem}",
                    f"A usage event was not recorded because its {problem} "
                    "(a bug in the kiosk, please report it).",
                )
                continue
            self._pending.append(to_row(self._label, event))
        excess = len(self._pending) - MAX_PENDING
        if excess > 0:
            del self._pending[:excess]
            self._dropped += excess
            self._problem(
                "dropped",
                f"Usage statistics could not be saved for a while; the oldest unsaved events "
                f"are being dropped (only the latest {MAX_PENDING:,} are kept).",
            )

    def _open(self) -> None:
        """Connect to the database file, or set it aside if corrupt, or fall back to memory."""
        for attempt in range(2):
            try:
                self._connection = self._connect(self._path)
                self._location = str(self._path)
                return
            except _BusyError:
                self._problem_locked()
                return  # stay unconnected; the next batch tries again
            except _CorruptError:
                if attempt == 0 and self._set_aside():
                    continue
                break
            except (sqlite3.Error, OSError) as error:
                self._fall_back_to_memory(error)
                return
        self._fall_back_to_memory(None)

    def _connect(self, path: Path) -> sqlite3.Connection:
        """A ready connection: WAL mode, current schema, old rows pruned.

        Raises _CorruptError or _BusyError for those cases, sqlite3.Error or OSError for any other.
        """
        if str(path) != _MEMORY:
            path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(
            _MEMORY if str(path) == _MEMORY else path,
            timeout=self._busy_timeout,
            isolation_level=None,
        )
        try:
            if str(path) != _MEMORY:
                (check,) = connection.execute("PRAGMA quick_check").fetchone()
                if check != "ok":
                    raise _CorruptError(check)
                (mode,) = connection.execute("PRAGMA journal_mode = WAL").fetchone()
                if str(mode).lower() != "wal":
                    log.info("usage database %s uses journal mode %s, not WAL", path, mode)
            connection.execute("PRAGMA secure_delete = ON")
            connection.execute("PRAGMA synchronous = NORMAL")
            old_version = migrate(connection)
            if old_version > SCHEMA_VERSION:
                self._problem(
                    "newer",
                    f"The usage statistics database {path} was made by a newer version of the "
                    f"kiosk (schema {old_version}, this kiosk knows {SCHEMA_VERSION}); "
                    "recording continues, but update this kiosk.",
                )
            elif 0 < old_version < SCHEMA_VERSION:
                log.info("usage database %s upgraded from schema %d", path, old_version)
            self._prune(connection)
        except sqlite3.Error as error:
            connection.close()
            kind = _classify(error)
            if kind is not None:
                raise kind(str(error)) from error
            raise
        except BaseException:
            connection.close()
            raise
        return connection

    def _set_aside(self) -> bool:
        """Rename a corrupt database (and its WAL files) to ``<name>.broken-<timestamp>``."""
        stamp = datetime.fromtimestamp(time.time()).strftime("%Y%m%d-%H%M%S")
        broken = self._path.with_name(f"{self._path.name}.broken-{stamp}")
        try:
            self._path.replace(broken)
            for suffix in ("-wal", "-shm"):
                sidecar = self._path.with_name(self._path.name + suffix)
                if sidecar.exists():
                    sidecar.replace(broken.with_name(broken.name + suffix))
        except OSError as error:
            log.warning("could not rename the damaged usage database %s: %s", self._path, error)
            return False
        self._problem(
            f"corrupt:{broken.name}",
            f"The usage statistics database {self._path} was damaged; it was renamed to "
            f"{broken.name} for inspection and a new, empty one was started.",
        )
        return True

    def _fall_back_to_memory(self, error: BaseException | None) -> None:
        reason = f" ({error})" if error is not None else ""
        self._problem(
            "memory",
            f"Usage statistics cannot be saved at {self._path}{reason}; this run's figures are "
            "kept in memory only and are lost when the kiosk closes. Check that the folder is "
            "writable, or set usage_db in kiosk.toml.",
        )
        try:
            self._connection = self._connect(Path(_MEMORY))
            self._location = _MEMORY
        except (
            sqlite3.Error,
            OSError,
            _CorruptError,
            _BusyError,
        ):  # pragma: no cover - memory works
            log.exception("even an in-memory usage database failed")
            self._connection = None

    def _problem_locked(self) -> None:
        self._problem(
            "locked",
            f"The usage statistics database {self._path} is locked by another program; events "
            "are kept in memory and saved when it is free again.",
        )

    def _write(self) -> None:
        """Insert the pending rows in one transaction; on failure keep them for the next batch."""
        if not self._pending:
            return
        if self._connection is None:
            self._open()
            if self._connection is None:
                return
        for _attempt in range(2):  # a second time only into a fresh database after corruption
            connection = self._connection
            if connection is None:
                return
            try:
                connection.execute("BEGIN IMMEDIATE")
                connection.executemany(_INSERT, self._pending)
                connection.execute("COMMIT")
                break
            except sqlite3.Error as error:
                self._rollback(connection)
                if not self._write_failed(error):
                    return
        else:
            return
        self._pending.clear()
        if self._failing:
            self._failing = False
            log.info("usage statistics are being saved again")

    def _write_failed(self, error: sqlite3.Error) -> bool:
        """Report a failed insert; True when a fresh database replaced a corrupt one (retry)."""
        self._failing = True
        kind = _classify(error)
        if kind is _CorruptError and self._location != _MEMORY:
            self._disconnect()
            self._open()
            return self._connection is not None
        if kind is _BusyError:
            self._problem_locked()
        elif _primary_code(error) == _SQLITE_FULL:
            self._problem(
                "full",
                f"The disk holding the usage statistics database {self._path} is full; recent "
                "events are kept in memory and saved when there is space again.",
            )
        else:
            self._problem(
                f"write:{getattr(error, 'sqlite_errorname', type(error).__name__)}",
                f"Usage statistics could not be saved to {self._location} ({error}); "
                "the kiosk keeps trying.",
            )
        return False

    @staticmethod
    def _rollback(connection: sqlite3.Connection) -> None:
        try:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
        except sqlite3.Error:
            log.debug("rollback after a failed usage write failed", exc_info=True)

    def _prune(self, connection: sqlite3.Connection) -> None:
        """Delete rows older than the retention period."""
        now = self._now()
        connection.execute("DELETE FROM events WHERE at < ?", (now - self._retention,))
        self._last_prune = now

    def _prune_if_due(self) -> None:
        if self._connection is None or self._now() - self._last_prune < _DAY:
            return
        try:
            self._prune(self._connection)
        except sqlite3.Error as error:
            log.info("pruning old usage events failed: %s", error)

    def _disconnect(self) -> None:
        if self._connection is None:
            return
        try:
            self._connection.close()
        except sqlite3.Error:  # pragma: no cover - closing does not fail in practice
            log.debug("closing the usage database failed", exc_info=True)
        self._connection = None
