"""The figures a clinic manager asks for, read from a usage database: ``kiosk stats``.

Qt-free, so ``kiosk stats`` runs on any machine a database file is copied to. The database is
opened read-only: reading figures never changes, upgrades or prunes it, and works on a copy
from an older kiosk (columns a version lacks read as empty).

How the figures are counted:

- A *session* is one patient's visit, from touching the attract screen to going back to it; it
  counts on the local day it started. Session length comes from the ``session_end`` event.
- A *reading* starts when a topic is opened and lasts until the next topic is opened or the
  session ends. It is *completed* when it reached the topic's last page. Otherwise the page it
  was on last is where that reader left; ``leave_page`` is the page most readers left from
  (the lowest such page on a tie).
- Setting use counts the sessions that used each language, text size and contrast mode, at the
  start or after changing it, so a session that switched to Spanish counts under both.
"""

from __future__ import annotations

import csv
import sqlite3
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar

from kiosk.analytics.store import COLUMNS
from kiosk.errors import KioskError

__all__ = [
    "CSV_HEADER",
    "CsvRow",
    "Summary",
    "TopicFigures",
    "UsageDataError",
    "check_period",
    "csv_rows",
    "format_kiosk_table",
    "format_table",
    "read_event_rows",
    "summarize",
    "summarize_rows",
    "write_csv",
    "write_csv_rows",
]

CSV_HEADER = ("kiosk", "period_start", "period_end", "figure", "subject", "value")
CsvRow = tuple[str, str, str, str, str, str]  # one value per CSV_HEADER column
_Key = TypeVar("_Key", str, float)
TOP_TOPICS = 10  # rows in the "top topics" tables; the CSV has every topic


class UsageDataError(KioskError):
    """A usage database that cannot be read, or a period that makes no sense."""


@dataclass
class TopicFigures:
    """How one topic or treatment was read."""

    section: str
    slug: str
    opens: int = 0
    completed: int = 0  # readings that reached the last page
    pages: int | None = None  # page count most recently recorded
    leave_page: int | None = None  # the page most unfinished readings ended on
    leaving: int = 0  # unfinished readings that ended on leave_page
    unfinished: int = 0
    qr_shown: int = 0
    listens: int = 0

    @property
    def name(self) -> str:
        """``learn/what-is-ketamine``, as the kiosk's links name a topic."""
        return f"{self.section}/{self.slug}" if self.section else self.slug

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.opens if self.opens else None


@dataclass
class Summary:
    """Usage figures for one period; days are local dates, times are seconds."""

    period_start: date | None  # None when there is no data and no --since
    period_end: date | None
    kiosk_labels: tuple[str, ...]
    sessions_per_day: list[tuple[date, int]]  # every day of the period, zeros included
    session_seconds: list[float]  # lengths of the sessions that ended in the period
    topics: list[TopicFigures]  # by opens, most first
    end_reasons: dict[str, int] = field(default_factory=dict)  # "timeout": 12, ...
    languages: dict[str, int] = field(default_factory=dict)  # sessions per language code
    text_sizes: dict[float, int] = field(default_factory=dict)  # sessions per text scale
    contrasts: dict[str, int] = field(default_factory=dict)  # sessions per contrast mode
    qr_shown: int = 0
    listens: int = 0

    @property
    def sessions(self) -> int:
        return sum(count for _day, count in self.sessions_per_day)

    @property
    def median_session_seconds(self) -> float | None:
        return statistics.median(self.session_seconds) if self.session_seconds else None

    @property
    def readings(self) -> int:
        """Topics opened, all topics together."""
        return sum(topic.opens for topic in self.topics)

    @property
    def completion_rate(self) -> float | None:
        """The share of readings that reached the topic's last page, all topics together."""
        completed = sum(topic.completed for topic in self.topics)
        return completed / self.readings if self.readings else None

    def top_by_opens(self, limit: int = TOP_TOPICS) -> list[TopicFigures]:
        return sorted(self.topics, key=lambda t: (-t.opens, t.name))[:limit]

    def top_by_completion(self, limit: int = TOP_TOPICS) -> list[TopicFigures]:
        """Topics read to the end most often (by count; the rate is shown beside it)."""
        finished = [topic for topic in self.topics if topic.completed]
        return sorted(finished, key=lambda t: (-t.completed, -(t.completion_rate or 0), t.name))[
            :limit
        ]


# --- reading the database ------------------------------------------------------------------------


def _open_read_only(db: Path) -> sqlite3.Connection:
    if not db.is_file():
        raise UsageDataError(
            f"{db}: no usage database here (check the path; has the kiosk recorded any use?)"
        )
    return sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)


def _local_midnight(day: date) -> float:
    return datetime.combine(day, time()).timestamp()


def _rows(
    db: Path, connection: sqlite3.Connection, since: date | None, until: date | None
) -> list[sqlite3.Row]:
    present = {row[1] for row in connection.execute("PRAGMA table_info(events)")}
    if not present:
        raise UsageDataError(
            f"{db}: not a kiosk usage database (it has no events table); check that this is "
            "the file the kiosk's usage_db setting names"
        )
    columns = ", ".join(name if name in present else f"NULL AS {name}" for name in COLUMNS)
    query = f"SELECT kiosk, {columns} FROM events WHERE at >= ? AND at < ? ORDER BY session, id"
    low = _local_midnight(since) if since else float("-inf")
    high = _local_midnight(until + timedelta(days=1)) if until else float("inf")
    connection.row_factory = sqlite3.Row
    return list(connection.execute(query, (low, high)))


def check_period(since: date | None, until: date | None) -> None:
    """Raise UsageDataError when ``since`` is after ``until``: no database can answer that."""
    if since and until and since > until:
        raise UsageDataError(f"the period starts ({since}) after it ends ({until})")


def read_event_rows(db: Path, since: date | None, until: date | None) -> list[sqlite3.Row]:
    """The rows of the days from ``since`` to ``until``, grouped by session in recorded order.

    Raises UsageDataError, naming ``db`` and what to do, when the file is missing, damaged or
    not a usage database.
    """
    db = Path(db)
    try:
        connection = _open_read_only(db)
        try:
            return _rows(db, connection, since, until)
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise UsageDataError(
            f"{db}: cannot read the usage database ({error}); if it was copied from a kiosk, "
            "copy it again"
        ) from error


def summarize(db: Path, since: date | None = None, until: date | None = None) -> Summary:
    """The figures for the days from ``since`` to ``until`` (both included, local time).

    Raises UsageDataError when the file is missing, damaged or not a usage database, or when
    ``since`` is after ``until``.
    """
    check_period(since, until)
    return summarize_rows(read_event_rows(db, since, until), since, until)


@dataclass
class _Reading:
    topic: TopicFigures
    last_page: int = 1
    completed: bool = False

    def reach(self, page: int | None, pages: int | None) -> None:
        if page is None:
            return
        self.last_page = page
        if pages is not None and page >= pages:
            self.completed = True


def summarize_rows(rows: Sequence[sqlite3.Row], since: date | None, until: date | None) -> Summary:
    """The figures of ``rows`` (as ``read_event_rows`` gives them, or several such lists one
    after the other); ``since`` and ``until`` only set the period's days."""
    labels: set[str] = set()
    starts: Counter[date] = Counter()
    seconds: list[float] = []
    reasons: Counter[str] = Counter()
    topics: dict[tuple[str, str], TopicFigures] = {}
    leaves: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    languages: dict[str, set[str]] = defaultdict(set)
    text_sizes: dict[float, set[str]] = defaultdict(set)
    contrasts: dict[str, set[str]] = defaultdict(set)
    qr_shown = listens = 0
    readings: dict[str, _Reading] = {}  # the open reading of each session
    pages_since: dict[str, float] = {}  # when each topic's page count was last recorded

    def topic_of(row: sqlite3.Row) -> TopicFigures:
        key = (row["section"] or "", row["slug"])
        if key not in topics:
            topics[key] = TopicFigures(section=key[0], slug=key[1])
        return topics[key]

    def finish(session: str) -> None:
        reading = readings.pop(session, None)
        if reading is None:
            return
        if reading.completed:
            reading.topic.completed += 1
        else:
            reading.topic.unfinished += 1
            leaves[(reading.topic.section, reading.topic.slug)][reading.last_page] += 1

    previous_session = None
    for row in rows:
        session, kind = row["session"], row["kind"]
        if session != previous_session and previous_session is not None:
            finish(previous_session)  # rows come grouped by session, in the order recorded
        previous_session = session
        labels.add(row["kiosk"])
        for value, users in (
            (row["lang"], languages),
            (row["text_scale"], text_sizes),
            (row["contrast"], contrasts),
        ):
            if value is not None:
                users[value].add(session)
        if kind == "session_start":
            starts[date.fromtimestamp(row["at"])] += 1
        elif kind == "session_end":
            finish(session)
            if row["seconds"] is not None:
                seconds.append(float(row["seconds"]))
            if row["reason"] is not None:
                reasons[row["reason"]] += 1
        elif kind in ("open", "page", "qr_shown", "listen") and row["slug"] is not None:
            topic = topic_of(row)
            if row["pages"] is not None and row["at"] >= pages_since.get(topic.name, 0):
                # The latest count (rows are in session order, not time order).
                topic.pages, pages_since[topic.name] = row["pages"], row["at"]
            if kind == "open":
                finish(session)
                topic.opens += 1
                readings[session] = reading = _Reading(topic)
                reading.reach(row["page"] or 1, row["pages"])
            elif kind == "page":
                current = readings.get(session)
                if current is not None and current.topic is topic:
                    current.reach(row["page"], row["pages"])
            elif kind == "qr_shown":
                topic.qr_shown += 1
                qr_shown += 1
            else:
                topic.listens += 1
                listens += 1
        elif kind == "qr_shown":
            qr_shown += 1
        elif kind == "listen":
            listens += 1
    if previous_session is not None:
        finish(previous_session)

    for key, counts in leaves.items():
        page, leaving = min(counts.items(), key=lambda item: (-item[1], item[0]))
        topics[key].leave_page, topics[key].leaving = page, leaving

    days = _days(starts, since, until)
    return Summary(
        period_start=days[0][0] if days else since,
        period_end=days[-1][0] if days else until,
        kiosk_labels=tuple(sorted(labels)),
        sessions_per_day=days,
        session_seconds=seconds,
        topics=sorted(topics.values(), key=lambda t: (-t.opens, t.name)),
        end_reasons=dict(reasons.most_common()),
        languages=_by_use(languages),
        text_sizes=_by_use(text_sizes),
        contrasts=_by_use(contrasts),
        qr_shown=qr_shown,
        listens=listens,
    )


def _by_use(users: dict[_Key, set[str]]) -> dict[_Key, int]:
    """Number of sessions per setting, most used first."""
    counts = [(key, len(sessions)) for key, sessions in users.items()]
    return dict(sorted(counts, key=lambda item: (-item[1], item[0])))


def _days(starts: Counter[date], since: date | None, until: date | None) -> list[tuple[date, int]]:
    """Every day from the first to the last of the period, so quiet days show as zero."""
    first = since or min(starts, default=None)
    last = until or max(starts, default=None) or since
    if first is None or last is None:
        return []
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [(day, starts[day]) for day in days]


# --- presenting the figures ----------------------------------------------------------------------


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.0%}"


def _scale(scale: float) -> str:
    return f"{scale:.0%}"


def _table(title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A titled plain-text table; numbers right-aligned, text left-aligned."""
    body = [[str(cell) for cell in row] for row in rows]
    if not body:
        return f"{title}\n  (none)"
    widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(headers)]
    right = [all(_looks_numeric(r[i]) for r in body) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return (
            "  "
            + "  ".join(
                cell.rjust(width) if align else cell.ljust(width)
                for cell, width, align in zip(cells, widths, right, strict=True)
            ).rstrip()
        )

    rule = "  " + "  ".join("-" * width for width in widths)
    return "\n".join([title, line(list(headers)), rule, *(line(r) for r in body)])


def _looks_numeric(cell: str) -> bool:
    return cell == "-" or cell.replace("%", "").replace(".", "", 1).isdigit()


def format_table(summary: Summary) -> str:
    """The figures as plain-text tables for a terminal (``kiosk stats``)."""
    start = summary.period_start.isoformat() if summary.period_start else "-"
    end = summary.period_end.isoformat() if summary.period_end else "-"
    kiosks = ", ".join(summary.kiosk_labels) or "-"
    sessions_line = f"Sessions: {summary.sessions}"
    if summary.end_reasons:
        ended = ", ".join(f"{count} by {reason}" for reason, count in summary.end_reasons.items())
        sessions_line += f" (ended: {ended})"
    parts = [
        "\n".join(
            [
                f"Usage from {start} to {end} (kiosk: {kiosks})",
                sessions_line,
                f"Median session length: {_duration(summary.median_session_seconds)}",
                f"QR codes shown: {summary.qr_shown}    Read aloud used: {summary.listens}",
            ]
        ),
        _table("Sessions per day", ("Day", "Sessions"), summary.sessions_per_day),
        _table(
            "Top topics by opens",
            ("Topic", "Opens", "Read to the end", "Rate"),
            (
                (t.name, t.opens, t.completed, _percent(t.completion_rate))
                for t in summary.top_by_opens()
            ),
        ),
        _table(
            "Top topics by completion (reached the last page)",
            ("Topic", "Read to the end", "Opens", "Rate"),
            (
                (t.name, t.completed, t.opens, _percent(t.completion_rate))
                for t in summary.top_by_completion()
            ),
        ),
        _table(
            "Where readers leave (unfinished readings)",
            ("Topic", "Pages", "Most leave at page", "Readers leaving there", "Unfinished"),
            (
                (t.name, t.pages or "-", t.leave_page, t.leaving, t.unfinished)
                for t in summary.topics
                if t.leave_page is not None
            ),
        ),
        _table("Language use (sessions)", ("Language", "Sessions"), summary.languages.items()),
        _table(
            "Text size use (sessions)",
            ("Text size", "Sessions"),
            ((_scale(scale), count) for scale, count in summary.text_sizes.items()),
        ),
        _table("Contrast use (sessions)", ("Contrast", "Sessions"), summary.contrasts.items()),
    ]
    return "\n\n".join(parts) + "\n"


def format_kiosk_table(kiosks: Iterable[tuple[str, Summary]]) -> str:
    """The headline figures side by side, a row per kiosk label, to compare waiting rooms."""
    return _table(
        "By kiosk",
        ("Kiosk", "Sessions", "Median length", "Readings", "Read to the end", "QR codes"),
        (
            (
                label,
                summary.sessions,
                _duration(summary.median_session_seconds),
                summary.readings,
                _percent(summary.completion_rate),
                summary.qr_shown,
            )
            for label, summary in kiosks
        ),
    )


def csv_rows(summary: Summary, kiosk_label: str) -> list[CsvRow]:
    """The figures as (kiosk, period_start, period_end, figure, subject, value) rows."""
    start = summary.period_start.isoformat() if summary.period_start else ""
    end = summary.period_end.isoformat() if summary.period_end else ""
    rows: list[CsvRow] = []

    def add(figure: str, subject: object, value: object) -> None:
        text = "" if value is None else (f"{value:.4g}" if isinstance(value, float) else value)
        rows.append((kiosk_label, start, end, figure, str(subject), str(text)))

    add("sessions_total", "", summary.sessions)
    add("median_session_seconds", "", summary.median_session_seconds)
    add("qr_shown", "", summary.qr_shown)
    add("listens", "", summary.listens)
    for day, count in summary.sessions_per_day:
        add("sessions", day.isoformat(), count)
    for reason, count in summary.end_reasons.items():
        add("sessions_ended_by", reason, count)
    for topic in summary.topics:
        add("topic_opens", topic.name, topic.opens)
        add("topic_completed", topic.name, topic.completed)
        add("topic_completion_rate", topic.name, topic.completion_rate)
        add("topic_pages", topic.name, topic.pages)
        add("topic_leave_page", topic.name, topic.leave_page)
        add("topic_leaving_at_leave_page", topic.name, topic.leaving)
        add("topic_unfinished", topic.name, topic.unfinished)
        add("topic_qr_shown", topic.name, topic.qr_shown)
        add("topic_listens", topic.name, topic.listens)
    for lang, count in summary.languages.items():
        add("language_sessions", lang, count)
    for scale, count in summary.text_sizes.items():
        add("text_size_sessions", f"{scale:g}", count)
    for mode, count in summary.contrasts.items():
        add("contrast_sessions", mode, count)
    return rows


def write_csv(summary: Summary, path: Path, kiosk_label: str) -> None:
    """One CSV of the same figures, one figure per row, each row carrying ``kiosk_label``.

    The long format (figure, subject, value) lets a clinic group concatenate several kiosks'
    files and pivot them in a spreadsheet.
    """
    write_csv_rows(path, csv_rows(summary, kiosk_label))


def write_csv_rows(path: Path, rows: Iterable[CsvRow]) -> None:
    """``rows`` under the CSV_HEADER line, as UTF-8 CSV."""
    with Path(path).open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(CSV_HEADER)
        writer.writerows(rows)
