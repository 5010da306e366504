"""Tests for kiosk.analytics.report: the figures of ``kiosk stats`` on a generated month.

The month is planned first (who read what, how far, with which settings); events are made from
the plan and go through the real UsageRecorder; the expected figures are counted from the plan,
never with the code under test.
"""

from __future__ import annotations

import csv
import re
import sqlite3
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from kiosk.analytics.events import Event
from kiosk.analytics.report import (
    CSV_HEADER,
    Summary,
    UsageDataError,
    format_table,
    summarize,
    write_csv,
)
from kiosk.analytics.store import UsageRecorder

LABEL = "waiting-room-1"
FIRST_DAY = date(2026, 3, 2)
DAYS = 30
PAGES = {
    ("learn", "what-is-ketamine"): 4,
    ("learn", "is-ketamine-safe"): 3,
    ("treatments", "infusion"): 5,
    ("learn", "one-page"): 1,
}
TOPICS = list(PAGES)


@dataclass
class Reading:
    section: str
    slug: str
    pages: int
    shown: list[int]  # the pages shown, in order, starting with 1


@dataclass
class PlannedSession:
    number: int
    day: date
    start: datetime
    lang: str
    switched_to: str | None
    bigger_text: float | None
    high_contrast: bool
    readings: list[Reading] = field(default_factory=list)
    qr_on_first: bool = False
    listens_on_first: int = 0
    seconds: float = 0.0
    reason: str = "home"


def plan_month() -> list[PlannedSession]:
    """30 days; day n has n % 4 sessions (so some days have none), each reading 1-3 topics."""
    sessions = []
    n = 0
    for offset in range(DAYS):
        day = FIRST_DAY + timedelta(days=offset)
        for k in range(offset % 4):
            n += 1
            plan = PlannedSession(
                number=n,
                day=day,
                start=datetime.combine(day, time(9, 0)) + timedelta(minutes=50 * k),
                lang="es" if n % 5 == 0 else "en",
                switched_to="es" if n % 7 == 0 else None,
                bigger_text=1.5 if n % 4 == 0 else None,
                high_contrast=n % 6 == 0,
                qr_on_first=n % 3 == 0,
                listens_on_first=2 if n % 8 == 0 else 0,
                seconds=60.0 + 10 * n,
                reason="timeout" if n % 2 else "home",
            )
            for r in range(1 + n % 3):
                section, slug = TOPICS[(n + r) % len(TOPICS)]
                pages = PAGES[(section, slug)]
                reached = 1 + (n * 7 + r) % pages
                shown = list(range(1, reached + 1))
                if n % 5 == 1 and reached >= 2:
                    shown.append(reached - 1)  # went back a page, then left
                plan.readings.append(Reading(section, slug, pages, shown))
            sessions.append(plan)
    return sessions


def session_id(number: int) -> str:
    return f"{number:032x}"


def events_of(plan: list[PlannedSession]) -> Iterator[Event]:
    for session in plan:
        sid = session_id(session.number)
        at = session.start.timestamp()

        def later(seconds: float = 20.0) -> float:
            nonlocal at
            at += seconds
            return at

        yield Event(
            "session_start", sid, at, lang=session.lang, text_scale=1.0, contrast="standard"
        )
        if session.switched_to:
            yield Event("language", sid, later(), lang=session.switched_to)
        if session.bigger_text:
            yield Event("text_size", sid, later(), text_scale=session.bigger_text)
        if session.high_contrast:
            yield Event("contrast", sid, later(), contrast="high")
        for index, reading in enumerate(session.readings):
            section, slug, pages = reading.section, reading.slug, reading.pages
            yield Event("open", sid, later(), section, slug, page=1, pages=pages)
            for page in reading.shown[1:]:
                yield Event("page", sid, later(), section, slug, page=page, pages=pages, seconds=20)
            if index == 0 and session.qr_on_first:
                yield Event("qr_shown", sid, later(), section, slug)
            if index == 0:
                for _ in range(session.listens_on_first):
                    yield Event("listen", sid, later(), section, slug)
        yield Event("session_end", sid, later(), seconds=session.seconds, reason=session.reason)


@pytest.fixture(scope="module")
def plan() -> list[PlannedSession]:
    return plan_month()


@pytest.fixture(scope="module")
def month_db(tmp_path_factory: pytest.TempPathFactory, plan: list[PlannedSession]) -> Path:
    db = tmp_path_factory.mktemp("month") / "usage.db"
    recorder = UsageRecorder(db, LABEL, now=lambda: datetime(2026, 4, 5).timestamp())
    for event in events_of(plan):
        recorder.record(event)
    recorder.close()
    assert recorder.problems == []
    return db


@pytest.fixture(scope="module")
def month(month_db: Path) -> Summary:
    return summarize(month_db)


def name(section: str, slug: str) -> str:
    return f"{section}/{slug}"


# --- the expected figures, counted from the plan -------------------------------------------------


def expected_topics(plan: list[PlannedSession]) -> dict[str, dict[str, object]]:
    figures: dict[str, dict[str, object]] = {}
    leaves: dict[str, Counter[int]] = {}
    for session in plan:
        for index, reading in enumerate(session.readings):
            key = name(reading.section, reading.slug)
            topic = figures.setdefault(
                key,
                {"opens": 0, "completed": 0, "unfinished": 0, "pages": reading.pages,
                 "qr_shown": 0, "listens": 0},
            )  # fmt: skip
            topic["opens"] += 1  # type: ignore[operator]
            if reading.pages in reading.shown:
                topic["completed"] += 1  # type: ignore[operator]
            else:
                topic["unfinished"] += 1  # type: ignore[operator]
                leaves.setdefault(key, Counter())[reading.shown[-1]] += 1
            if index == 0:
                topic["qr_shown"] += int(session.qr_on_first)  # type: ignore[operator]
                topic["listens"] += session.listens_on_first  # type: ignore[operator]
    for key, topic in figures.items():
        counts = leaves.get(key, Counter())
        most = max(counts.values(), default=0)
        topic["leave_page"] = min((p for p, c in counts.items() if c == most), default=None)
        topic["leaving"] = most
    return figures


def test_sessions_per_day_cover_every_day_with_quiet_days_as_zero(
    month: Summary, plan: list[PlannedSession]
) -> None:
    per_day = Counter(session.day for session in plan)
    first = FIRST_DAY + timedelta(days=1)  # day 0 of the plan has no sessions
    last = FIRST_DAY + timedelta(days=DAYS - 1)
    assert month.period_start == first
    assert month.period_end == last
    assert month.sessions_per_day == [
        (first + timedelta(days=n), per_day[first + timedelta(days=n)])
        for n in range((last - first).days + 1)
    ]
    assert month.sessions == len(plan) == sum(offset % 4 for offset in range(DAYS)) == 43
    assert (FIRST_DAY + timedelta(days=4), 0) in month.sessions_per_day


def test_median_session_length_and_how_sessions_ended(
    month: Summary, plan: list[PlannedSession]
) -> None:
    lengths = [session.seconds for session in plan]
    assert lengths == [60.0 + 10 * n for n in range(1, 44)]
    assert month.median_session_seconds == lengths[21] == 280.0  # the 22nd of 43
    assert month.end_reasons == {"timeout": 22, "home": 21}  # odd and even session numbers


def test_topic_opens_completions_and_where_readers_leave(
    month: Summary, plan: list[PlannedSession]
) -> None:
    expected = expected_topics(plan)
    actual = {
        topic.name: {
            "opens": topic.opens,
            "completed": topic.completed,
            "unfinished": topic.unfinished,
            "pages": topic.pages,
            "qr_shown": topic.qr_shown,
            "listens": topic.listens,
            "leave_page": topic.leave_page,
            "leaving": topic.leaving,
        }
        for topic in month.topics
    }
    assert actual == expected
    assert sum(t.opens for t in month.topics) == sum(len(s.readings) for s in plan)
    # A one-page topic is finished as soon as it is opened.
    one_page = next(t for t in month.topics if t.slug == "one-page")
    assert one_page.completed == one_page.opens and one_page.leave_page is None


def test_top_topics_are_ordered_by_opens_and_by_completion(
    month: Summary, plan: list[PlannedSession]
) -> None:
    expected = expected_topics(plan)
    by_opens = sorted(expected, key=lambda k: (-expected[k]["opens"], k))  # type: ignore[operator]
    assert [t.name for t in month.top_by_opens()] == by_opens
    by_completion = sorted(
        (k for k in expected if expected[k]["completed"]),
        key=lambda k: (
            -expected[k]["completed"],  # type: ignore[operator]
            -expected[k]["completed"] / expected[k]["opens"],  # type: ignore[operator]
            k,
        ),
    )
    assert [t.name for t in month.top_by_completion()] == by_completion
    assert [t.name for t in month.top_by_opens(2)] == by_opens[:2]


def test_setting_use_counts_sessions(month: Summary, plan: list[PlannedSession]) -> None:
    spanish = sum(1 for s in plan if s.lang == "es" or s.switched_to == "es")
    english = sum(1 for s in plan if s.lang == "en")
    assert month.languages == {"en": english, "es": spanish}
    assert month.text_sizes == {1.0: 43, 1.5: sum(1 for s in plan if s.bigger_text)}
    assert month.contrasts == {"standard": 43, "high": sum(1 for s in plan if s.high_contrast)}
    assert month.qr_shown == sum(s.qr_on_first for s in plan) == 14
    assert month.listens == sum(s.listens_on_first for s in plan) == 10
    assert month.kiosk_labels == (LABEL,)


def test_since_and_until_select_whole_local_days(
    month_db: Path, plan: list[PlannedSession]
) -> None:
    since, until = date(2026, 3, 10), date(2026, 3, 16)
    chosen = [s for s in plan if since <= s.day <= until]
    week = summarize(month_db, since=since, until=until)
    assert week.period_start == since and week.period_end == until
    assert len(week.sessions_per_day) == 7
    assert week.sessions == len(chosen)
    assert week.median_session_seconds == statistics.median(s.seconds for s in chosen)
    assert sum(t.opens for t in week.topics) == sum(len(s.readings) for s in chosen)


def test_a_period_without_use_shows_zeros(month_db: Path) -> None:
    empty = summarize(month_db, since=date(2027, 1, 1), until=date(2027, 1, 3))
    assert empty.sessions_per_day == [(date(2027, 1, d), 0) for d in (1, 2, 3)]
    assert empty.median_session_seconds is None
    assert empty.topics == []
    assert "Sessions: 0" in format_table(empty)


# --- the terminal table --------------------------------------------------------------------------


def table_rows(text: str, title: str) -> list[list[str]]:
    """The cells of the table under ``title`` (split on runs of two or more spaces)."""
    block = text.split(title + "\n", 1)[1].split("\n\n", 1)[0]
    lines = block.splitlines()[2:]  # below the header and its rule
    return [re.split(r"\s{2,}", line.strip()) for line in lines]


def test_the_table_prints_the_expected_figures(month: Summary, plan: list[PlannedSession]) -> None:
    text = format_table(month)
    expected = expected_topics(plan)
    assert "Usage from 2026-03-03 to 2026-03-31 (kiosk: waiting-room-1)" in text
    assert "Sessions: 43 (ended: 22 by timeout, 21 by home)" in text
    assert "Median session length: 4 min 40 s" in text
    assert "QR codes shown: 14    Read aloud used: 10" in text
    assert table_rows(text, "Sessions per day")[:3] == [
        ["2026-03-03", "1"],
        ["2026-03-04", "2"],
        ["2026-03-05", "3"],
    ]
    opens = table_rows(text, "Top topics by opens")
    assert {row[0]: int(row[1]) for row in opens} == {k: v["opens"] for k, v in expected.items()}
    assert {row[0]: int(row[2]) for row in opens} == {
        k: v["completed"] for k, v in expected.items()
    }
    leave = table_rows(text, "Where readers leave (unfinished readings)")
    assert {row[0]: int(row[2]) for row in leave} == {
        k: v["leave_page"] for k, v in expected.items() if v["leave_page"] is not None
    }
    assert table_rows(text, "Language use (sessions)") == [
        ["en", str(month.languages["en"])],
        ["es", str(month.languages["es"])],
    ]
    assert table_rows(text, "Text size use (sessions)") == [
        ["100%", "43"],
        ["150%", str(month.text_sizes[1.5])],
    ]
    assert all(len(line) <= 100 for line in text.splitlines())


# --- CSV -----------------------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_the_csv_has_every_figure_and_the_kiosk_label_on_every_row(
    month: Summary, plan: list[PlannedSession], tmp_path: Path
) -> None:
    path = tmp_path / "usage.csv"
    write_csv(month, path, LABEL)
    with path.open(newline="", encoding="utf-8") as file:
        assert tuple(next(csv.reader(file))) == CSV_HEADER
    rows = read_csv(path)
    assert rows
    assert all(row["kiosk"] == LABEL for row in rows)
    assert all(
        (row["period_start"], row["period_end"]) == ("2026-03-03", "2026-03-31") for row in rows
    )

    def figure(name_: str) -> dict[str, str]:
        return {row["subject"]: row["value"] for row in rows if row["figure"] == name_}

    assert figure("sessions_total") == {"": "43"}
    assert figure("median_session_seconds") == {"": "280"}
    per_day = Counter(s.day.isoformat() for s in plan)
    assert {day: int(v) for day, v in figure("sessions").items() if v != "0"} == dict(per_day)
    expected = expected_topics(plan)
    assert {k: int(v) for k, v in figure("topic_opens").items()} == {
        k: v["opens"] for k, v in expected.items()
    }
    assert {k: int(v) for k, v in figure("topic_completed").items()} == {
        k: v["completed"] for k, v in expected.items()
    }
    assert {k: v for k, v in figure("topic_leave_page").items() if v} == {
        k: str(v["leave_page"]) for k, v in expected.items() if v["leave_page"] is not None
    }
    assert figure("language_sessions") == {k: str(v) for k, v in month.languages.items()}
    assert figure("text_size_sessions") == {"1": "43", "1.5": str(month.text_sizes[1.5])}


def test_csv_files_of_several_kiosks_concatenate(month: Summary, tmp_path: Path) -> None:
    write_csv(month, tmp_path / "a.csv", "front-desk")
    write_csv(month, tmp_path / "b.csv", "waiting-room-2")
    merged = read_csv(tmp_path / "a.csv") + read_csv(tmp_path / "b.csv")
    labels = Counter(row["kiosk"] for row in merged)
    assert labels["front-desk"] == labels["waiting-room-2"] == len(merged) // 2


# --- reading any database -------------------------------------------------------------------------


def test_a_version_1_database_is_read_without_changing_it(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    connection = sqlite3.connect(db)
    connection.executescript(
        """
        CREATE TABLE events (id INTEGER PRIMARY KEY, kiosk TEXT NOT NULL, kind TEXT NOT NULL,
            session TEXT NOT NULL, at INTEGER NOT NULL, section TEXT, slug TEXT, page INTEGER,
            pages INTEGER, seconds REAL, lang TEXT, text_scale REAL, reason TEXT);
        PRAGMA user_version = 1;
        """
    )
    at = datetime(2025, 5, 5, 10).timestamp()
    connection.executemany(
        "INSERT INTO events (kiosk, kind, session, at, section, slug, page, pages, seconds, lang, "
        "reason) VALUES ('old', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ("session_start", "a" * 32, at, None, None, None, None, None, "en", None),
            ("open", "a" * 32, at, "learn", "ptsd", 1, 2, None, None, None),
            ("page", "a" * 32, at, "learn", "ptsd", 2, 2, 30.0, None, None),
            ("session_end", "a" * 32, at, None, None, None, None, 50.0, None, "home"),
        ],
    )
    connection.commit()
    connection.close()
    before = db.read_bytes()

    summary = summarize(db)
    assert summary.sessions == 1
    assert summary.median_session_seconds == 50.0
    assert [(t.name, t.opens, t.completed) for t in summary.topics] == [("learn/ptsd", 1, 1)]
    assert summary.contrasts == {}
    assert db.read_bytes() == before


def test_a_missing_database_is_reported_in_plain_words(tmp_path: Path) -> None:
    with pytest.raises(UsageDataError, match="no usage database"):
        summarize(tmp_path / "usage.db")


def test_a_damaged_database_is_reported_not_raised_raw(tmp_path: Path) -> None:
    db = tmp_path / "usage.db"
    db.write_bytes(b"not a database" * 500)
    with pytest.raises(UsageDataError, match="cannot read"):
        summarize(db)


def test_another_programs_database_is_reported(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE patients (name TEXT)")
    connection.close()
    with pytest.raises(UsageDataError, match="not a kiosk usage database"):
        summarize(db)


def test_a_period_that_ends_before_it_starts_is_refused(month_db: Path) -> None:
    with pytest.raises(UsageDataError, match="after it ends"):
        summarize(month_db, since=date(2026, 3, 10), until=date(2026, 3, 1))
