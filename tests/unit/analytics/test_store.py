"""Tests for kiosk.analytics.store: batching off the caller's thread, schema, retention, and
never failing the kiosk (corrupt, locked, full or unwritable databases)."""

from __future__ import annotations

import logging
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.analytics import store
from kiosk.analytics.events import Event, new_session_id
from kiosk.analytics.store import SCHEMA_VERSION, UsageRecorder

NOW = datetime(2026, 6, 1, 12, 0).timestamp()
DAY = 86_400.0
LABEL = "waiting-room-1"

MakeRecorder = Callable[..., UsageRecorder]


@pytest.fixture
def make_recorder() -> Iterator[MakeRecorder]:
    """UsageRecorders with a fixed clock, all closed at the end of the test."""
    made: list[UsageRecorder] = []

    def make(path: Path, **options: object) -> UsageRecorder:
        options.setdefault("now", lambda: NOW)
        options.setdefault("busy_timeout", 0.05)
        recorder = UsageRecorder(path, options.pop("kiosk_label", LABEL), **options)  # type: ignore[arg-type]
        made.append(recorder)
        return recorder

    yield make
    for recorder in made:
        recorder.close()


def rows(db: Path, columns: str = "kind, session, at") -> list[tuple[object, ...]]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(f"SELECT {columns} FROM events ORDER BY id").fetchall()
    finally:
        connection.close()


def stored(db: Path) -> list[dict[str, object]]:
    """Each row's columns that hold a value (the id aside)."""
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    try:
        found = connection.execute("SELECT * FROM events ORDER BY id").fetchall()
    finally:
        connection.close()
    return [{k: v for k, v in dict(row).items() if k != "id" and v is not None} for row in found]


def count(db: Path) -> int:
    return len(rows(db, "id"))


def page_event(session: str, at: float = NOW, page: int = 2) -> Event:
    return Event("page", session, at, section="learn", slug="ptsd", page=page, pages=5, seconds=7)


# --- writing -------------------------------------------------------------------------------------


def test_events_round_trip_into_rows_with_the_kiosk_label(
    tmp_path: Path, make_recorder: MakeRecorder
) -> None:
    db = tmp_path / "usage.db"
    session = new_session_id()
    at = NOW + 123.456
    events = [
        Event("session_start", session, at, lang="es", text_scale=1.25, contrast="standard"),
        Event("open", session, at, section="treatments", slug="infusion", page=1, pages=6),
        Event(
            "page",
            session,
            at,
            section="treatments",
            slug="infusion",
            page=2,
            pages=6,
            seconds=12.34,
        ),
        Event("qr_shown", session, at, section="treatments", slug="infusion"),
        Event("listen", session, at, section="treatments", slug="infusion"),
        Event("language", session, at, lang="en"),
        Event("text_size", session, at, text_scale=1.5),
        Event("contrast", session, at, contrast="high"),
        Event("session_end", session, at, seconds=61.0, reason="timeout"),
    ]
    recorder = make_recorder(db)
    for event in events:
        recorder.record(event)
    recorder.flush()

    # Stored to the quarter hour, so no row can be matched to an appointment by its minute.
    quarter = int(at) - int(at) % 900
    common = {"kiosk": LABEL, "session": session, "at": quarter}
    topic = {"section": "treatments", "slug": "infusion"}
    assert stored(db) == [
        {
            **common,
            "kind": "session_start",
            "lang": "es",
            "text_scale": 1.25,
            "contrast": "standard",
        },
        {**common, **topic, "kind": "open", "page": 1, "pages": 6},
        {**common, **topic, "kind": "page", "page": 2, "pages": 6, "seconds": 12.3},
        {**common, **topic, "kind": "qr_shown"},
        {**common, **topic, "kind": "listen"},
        {**common, "kind": "language", "lang": "en"},
        {**common, "kind": "text_size", "text_scale": 1.5},
        {**common, "kind": "contrast", "contrast": "high"},
        {**common, "kind": "session_end", "seconds": 61.0, "reason": "timeout"},
    ]
    assert recorder.problems == []


def test_the_table_holds_no_column_for_people_or_devices(
    tmp_path: Path, make_recorder: MakeRecorder
) -> None:
    db = tmp_path / "usage.db"
    make_recorder(db).flush()
    connection = sqlite3.connect(db)
    columns = [row[1] for row in connection.execute("PRAGMA table_info(events)")]
    tables = [
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    ]
    connection.close()
    assert tables == ["events"]
    assert columns == [
        "id", "kiosk", "kind", "session", "at", "section", "slug", "page", "pages",
        "seconds", "lang", "text_scale", "reason", "contrast",
    ]  # fmt: skip


def test_record_returns_at_once_while_the_database_is_slow(
    tmp_path: Path, make_recorder: MakeRecorder
) -> None:
    db = tmp_path / "usage.db"
    recorder = make_recorder(db, busy_timeout=60.0, flush_interval=0.01)
    recorder.flush()
    session = new_session_id()
    events = [page_event(session, page=1 + n % 5) for n in range(1000)]
    # Another program holds the write lock: every insert waits for it.
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        started = time.perf_counter()
        for event in events:
            recorder.record(event)
        elapsed = time.perf_counter() - started
        assert elapsed < 0.05, f"1,000 record() calls took {elapsed * 1000:.1f} ms"
        assert blocker.execute("SELECT count(*) FROM events").fetchone() == (0,)
    finally:
        blocker.execute("COMMIT")
        blocker.close()
    recorder.flush(timeout=60.0)
    assert count(db) == 1000
    assert recorder.problems == []


def test_inserts_happen_on_the_writer_thread_in_batches(
    tmp_path: Path, make_recorder: MakeRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches: list[tuple[str, int]] = []
    connect = sqlite3.connect

    class CountingConnection(sqlite3.Connection):
        def executemany(self, sql: str, parameters: Iterable[Any], /) -> sqlite3.Cursor:
            rows_ = list(parameters)
            batches.append((threading.current_thread().name, len(rows_)))
            return super().executemany(sql, rows_)

    def counting_connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        return connect(*args, factory=CountingConnection, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(sqlite3, "connect", counting_connect)
    recorder = make_recorder(tmp_path / "usage.db", flush_interval=60.0)
    session = new_session_id()
    for page in range(1, 301):
        recorder.record(page_event(session, page=page))
    recorder.flush()
    assert batches == [("usage-recorder", 300)]


def test_the_database_is_in_wal_mode(tmp_path: Path, make_recorder: MakeRecorder) -> None:
    db = tmp_path / "usage.db"
    make_recorder(db).flush()
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()


def test_the_folder_is_created(tmp_path: Path, make_recorder: MakeRecorder) -> None:
    db = tmp_path / "data" / "patient-kiosk" / "usage.db"
    recorder = make_recorder(db)
    recorder.record(page_event(new_session_id()))
    recorder.flush()
    assert count(db) == 1
    assert recorder.location == str(db)


def test_close_writes_what_is_queued(tmp_path: Path, make_recorder: MakeRecorder) -> None:
    db = tmp_path / "usage.db"
    recorder = make_recorder(db, flush_interval=60.0)
    recorder.record(page_event(new_session_id()))
    recorder.close()
    assert count(db) == 1


# --- retention -----------------------------------------------------------------------------------


def test_rows_older_than_the_retention_period_are_deleted_at_start_up(
    tmp_path: Path, make_recorder: MakeRecorder
) -> None:
    db = tmp_path / "usage.db"
    first = make_recorder(db)
    for age_days in (400, 366, 364, 1):
        first.record(page_event(new_session_id(), at=NOW - age_days * DAY, page=1))
    first.close()
    assert count(db) == 4

    make_recorder(db, retention_days=365).flush()
    assert [at for (_kind, _session, at) in rows(db)] == [
        int(NOW - age * DAY) - int(NOW - age * DAY) % 900 for age in (364, 1)
    ]

    make_recorder(db, retention_days=30).flush()
    assert count(db) == 1


def test_a_kiosk_that_runs_for_months_prunes_once_a_day(
    tmp_path: Path, make_recorder: MakeRecorder
) -> None:
    db = tmp_path / "usage.db"
    clock = [NOW]
    recorder = make_recorder(db, now=lambda: clock[0], retention_days=365)
    recorder.record(page_event(new_session_id(), at=NOW - 300 * DAY))
    recorder.flush()
    assert count(db) == 1
    clock[0] += 70 * DAY  # the kiosk was never restarted
    recorder.record(page_event(new_session_id(), at=clock[0]))
    recorder.flush()
    assert count(db) == 1
    assert rows(db, "at")[0][0] == int(clock[0]) - int(clock[0]) % 900


def test_retention_must_be_at_least_a_day(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="retention_days"):
        UsageRecorder(tmp_path / "usage.db", LABEL, retention_days=0)


# --- schema versions -----------------------------------------------------------------------------

# The first schema, written out here as it shipped: the test must not derive it from the code.
SCHEMA_1 = """
CREATE TABLE events (
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
);
CREATE INDEX events_at ON events (at);
PRAGMA user_version = 1;
"""


def make_version_1(db: Path, session: str) -> None:
    connection = sqlite3.connect(db)
    connection.executescript(SCHEMA_1)
    connection.execute(
        "INSERT INTO events (kiosk, kind, session, at, section, slug, page, pages) "
        "VALUES ('old-kiosk', 'open', ?, ?, 'learn', 'ptsd', 1, 3)",
        (session, int(NOW)),
    )
    connection.commit()
    connection.close()


def test_a_version_1_database_is_upgraded_and_keeps_its_rows(
    tmp_path: Path, make_recorder: MakeRecorder
) -> None:
    db = tmp_path / "usage.db"
    old_session, new_session = new_session_id(), new_session_id()
    make_version_1(db, old_session)
    recorder = make_recorder(db)
    recorder.record(Event("contrast", new_session, NOW, contrast="high"))
    recorder.flush()

    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,) == (2,)
    connection.close()
    assert rows(db, "kiosk, kind, session, slug, contrast") == [
        ("old-kiosk", "open", old_session, "ptsd", None),
        (LABEL, "contrast", new_session, None, "high"),
    ]
    assert recorder.problems == []


def test_a_database_from_a_newer_kiosk_is_kept_and_written(
    tmp_path: Path, make_recorder: MakeRecorder
) -> None:
    db = tmp_path / "usage.db"
    make_recorder(db).close()
    connection = sqlite3.connect(db)
    connection.execute("ALTER TABLE events ADD COLUMN future TEXT")
    connection.execute("PRAGMA user_version = 9")
    connection.commit()
    connection.close()

    recorder = make_recorder(db)
    recorder.record(page_event(new_session_id()))
    recorder.flush()
    assert count(db) == 1
    assert len(recorder.problems) == 1
    assert "newer version" in recorder.problems[0]


# --- failures: the kiosk keeps running -----------------------------------------------------------


def warnings_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == store.__name__ and record.levelno >= logging.WARNING
    ]


def test_a_file_of_random_bytes_is_set_aside_and_a_fresh_database_started(
    tmp_path: Path, make_recorder: MakeRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "usage.db"
    garbage = random.Random(6).randbytes(8192)
    db.write_bytes(garbage)
    recorder = make_recorder(db)
    recorder.record(page_event(new_session_id()))
    recorder.flush()

    (broken,) = tmp_path.glob("usage.db.broken-*")
    assert broken.read_bytes() == garbage  # kept for inspection
    assert count(db) == 1
    assert recorder.location == str(db)
    assert len(recorder.problems) == 1
    assert "damaged" in recorder.problems[0]
    assert broken.name in recorder.problems[0]
    assert warnings_logged(caplog) == recorder.problems


def test_a_database_damaged_inside_is_set_aside_too(
    tmp_path: Path, make_recorder: MakeRecorder
) -> None:
    db = tmp_path / "usage.db"
    first = make_recorder(db)
    session = new_session_id()
    for page in range(2000):
        first.record(page_event(session, page=1 + page))
    first.close()
    data = bytearray(db.read_bytes())
    assert len(data) > 5 * 4096
    data[2 * 4096 : 4 * 4096] = random.Random(7).randbytes(2 * 4096)  # past the header
    db.write_bytes(bytes(data))

    recorder = make_recorder(db)
    recorder.record(page_event(new_session_id()))
    recorder.flush()
    assert len(list(tmp_path.glob("usage.db.broken-*"))) == 1
    assert count(db) == 1
    assert "damaged" in recorder.problems[0]


def test_damage_found_while_writing_is_a_reason_to_reopen(
    tmp_path: Path, make_recorder: MakeRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = sqlite3.DatabaseError("database disk image is malformed")
    damaged.sqlite_errorcode = 11  # SQLITE_CORRUPT
    failures = [damaged]
    connect = sqlite3.connect

    class DamagedOnce(sqlite3.Connection):
        def executemany(self, sql: str, parameters: Iterable[Any], /) -> sqlite3.Cursor:
            if failures:
                raise failures.pop()
            return super().executemany(sql, parameters)

    def connect_damaged(*args: object, **kwargs: object) -> sqlite3.Connection:
        return connect(*args, factory=DamagedOnce, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(sqlite3, "connect", connect_damaged)
    db = tmp_path / "usage.db"
    recorder = make_recorder(db)
    recorder.record(page_event(new_session_id()))
    recorder.flush()
    monkeypatch.undo()
    # Reopened at once: the file checks out, so it is kept, and the batch is written.
    assert failures == []
    assert count(db) == 1
    assert list(tmp_path.glob("*.broken-*")) == []
    assert recorder.problems == []


def test_a_locked_database_keeps_events_until_it_is_free(
    tmp_path: Path, make_recorder: MakeRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "usage.db"
    recorder = make_recorder(db, busy_timeout=0.01, flush_interval=0.01)
    recorder.flush()
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    session = new_session_id()
    for page in range(1, 4):  # three batches, each refused
        recorder.record(page_event(session, page=page))
        recorder.flush()
    blocker.execute("COMMIT")
    blocker.close()
    assert count(db) == 0
    assert len(recorder.problems) == 1
    assert "locked" in recorder.problems[0]
    assert warnings_logged(caplog) == recorder.problems  # logged once, not once a batch

    recorder.flush()  # free again: the kept events are written, in order
    assert rows(db, "page") == [(1,), (2,), (3,)]
    assert recorder.dropped == 0


def test_a_full_disk_keeps_events_until_there_is_space(
    tmp_path: Path, make_recorder: MakeRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "usage.db"
    make_recorder(db).close()
    connect = sqlite3.connect
    opened: list[sqlite3.Connection] = []

    def connect_to_a_full_disk(*args: object, **kwargs: object) -> sqlite3.Connection:
        # The database may not grow by a page: SQLite reports SQLITE_FULL as on a full disk.
        connection: sqlite3.Connection = connect(*args, check_same_thread=False, **kwargs)  # type: ignore[call-overload]
        connection.execute("PRAGMA max_page_count = 1")
        opened.append(connection)
        return connection

    monkeypatch.setattr(sqlite3, "connect", connect_to_a_full_disk)
    recorder = make_recorder(db)
    session = new_session_id()
    for page in range(1, 501):
        recorder.record(page_event(session, page=page))
    recorder.flush()
    monkeypatch.undo()
    assert count(db) == 0
    assert len(recorder.problems) == 1
    assert "full" in recorder.problems[0]

    opened[0].execute("PRAGMA max_page_count = 1000000")  # space was freed
    recorder.flush()
    assert count(db) == 500
    assert recorder.dropped == 0


def test_when_the_database_never_frees_up_the_oldest_events_are_dropped(
    tmp_path: Path, make_recorder: MakeRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "MAX_PENDING", 10)
    db = tmp_path / "usage.db"
    recorder = make_recorder(db, flush_interval=0.01)
    recorder.flush()
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    session = new_session_id()
    for page in range(1, 16):
        recorder.record(page_event(session, page=page))
    recorder.flush()
    blocker.execute("COMMIT")
    blocker.close()
    recorder.flush()
    assert recorder.dropped == 5
    assert rows(db, "page") == [(page,) for page in range(6, 16)]
    assert any("dropped" in problem for problem in recorder.problems)


def test_a_folder_that_cannot_be_written_falls_back_to_memory(
    tmp_path: Path, make_recorder: MakeRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    # Tests run as root, where chmod does not stop writes: a file where the folder should be does.
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file, not a folder")
    recorder = make_recorder(not_a_folder / "usage.db")
    for page in range(1, 4):
        recorder.record(page_event(new_session_id(), page=page))
    recorder.flush()
    assert recorder.location == ":memory:"
    assert len(recorder.problems) == 1
    assert "kept in memory only" in recorder.problems[0]
    assert warnings_logged(caplog) == recorder.problems
    assert recorder.dropped == 0
    assert not (tmp_path / ":memory:").exists()


def test_sqlite_refusing_to_open_the_file_falls_back_to_memory(
    tmp_path: Path, make_recorder: MakeRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    connect = sqlite3.connect

    def read_only_folder(database: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        if str(database) != ":memory:":
            raise sqlite3.OperationalError("unable to open database file")
        return connect(database, *args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(sqlite3, "connect", read_only_folder)
    recorder = make_recorder(tmp_path / "usage.db")
    recorder.record(page_event(new_session_id()))
    recorder.flush()
    recorder.close()
    assert recorder.location == ":memory:"
    assert "unable to open database file" in recorder.problems[0]
    assert not (tmp_path / "usage.db").exists()


def test_record_and_close_never_raise(tmp_path: Path, make_recorder: MakeRecorder) -> None:
    db = tmp_path / "usage.db"
    recorder = make_recorder(db)
    session = new_session_id()
    recorder.record(Event("open", session, NOW, section="learn", slug="ptsd\nMaria called"))
    recorder.record(Event("open", session, NOW, section="learn", slug="ptsd\nJohn called"))
    recorder.record(Event("typed", session, NOW))
    recorder.record(None)  # type: ignore[arg-type]
    recorder.record(page_event(session))
    recorder.flush()
    recorder.close()
    recorder.close()
    recorder.record(page_event(session))  # after close: ignored
    recorder.flush()
    assert rows(db, "kind") == [("page",)]
    assert recorder.problems == [
        "A usage event was not recorded because its slug is not a content file name "
        "(a bug in the kiosk, please report it).",
        "A usage event was not recorded because its kind is not one of session_start, "
        "session_end, open, page, qr_shown, listen, language, text_size, contrast "
        "(a bug in the kiosk, please report it).",
    ]


def test_a_slow_or_stuck_disk_does_not_hold_up_close_for_ever(
    tmp_path: Path, make_recorder: MakeRecorder
) -> None:
    db = tmp_path / "usage.db"
    recorder = make_recorder(db, busy_timeout=0.01)
    recorder.flush()
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        recorder.record(page_event(new_session_id()))
        started = time.perf_counter()
        recorder.close()
        assert time.perf_counter() - started < timedelta(seconds=6).total_seconds()
    finally:
        blocker.execute("COMMIT")
        blocker.close()
