"""Several kiosks' usage databases in one report: ``kiosk stats --db A --db FOLDER ...``.

A clinic group collects each kiosk's database in one synced folder and wants the figures of all
its waiting rooms together and side by side. The figures themselves are counted by ``report``;
this module decides which files to read and which kiosk each row belongs to:

- a folder stands for the database files directly in it (not in subfolders), so the kiosk's
  own side files (``-wal``, ``-shm``, ``.broken-<time>``) and a sync tool's folders stay out;
- a file given twice, or given and also found in a folder, is read once;
- rows are grouped by the kiosk label they carry, so two files of one kiosk (this month's and an
  older copy) merge; a file whose rows carry no label is labelled by its file name;
- a patient session found in two files of one kiosk is counted once, from the file that holds
  more of it: session ids are random (``new_session_id``), so the same id twice is a copy, as
  a sync tool's conflicted copy (``front-desk.sync-conflict-....sqlite3``) or a backup beside
  the database is;
- a file that cannot be read is skipped with a message naming it, so one bad copy does not hide
  the other waiting rooms; only when no file can be read is that an error.

Qt-free, like ``report``.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kiosk.analytics.report import (
    CsvRow,
    Summary,
    UsageDataError,
    check_period,
    csv_rows,
    format_kiosk_table,
    format_table,
    read_event_rows,
    summarize_rows,
    write_csv_rows,
)

__all__ = [
    "COMBINED_LABEL",
    "DATABASE_SUFFIXES",
    "GroupSummary",
    "SkippedDatabase",
    "find_databases",
    "format_group",
    "group_csv_rows",
    "skipped_warning",
    "summarize_group",
    "write_group_csv",
]

# ``.sqlite3`` is what the kiosk names its own database (kiosk.config.usage_db_path).
DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
COMBINED_LABEL = "all"  # the kiosk column of the CSV rows that add up every kiosk


@dataclass(frozen=True)
class SkippedDatabase:
    """A database (or folder) left out of the report, and why, in words that say what to do."""

    path: Path
    problem: str


@dataclass
class GroupSummary:
    """The figures of every database read: all kiosks together, and each kiosk label apart."""

    combined: Summary
    kiosks: dict[str, Summary]  # by label, in label order
    read: list[Path]  # the database files whose rows are in the figures
    skipped: list[SkippedDatabase]

    @property
    def several_kiosks(self) -> bool:
        return len(self.kiosks) > 1

    def by_kiosk(self) -> list[tuple[str, Summary]]:
        """Each kiosk's figures, then the combined ones as ``all``; one kiosk: just its own."""
        if not self.several_kiosks:
            return list(self.kiosks.items())
        return [*self.kiosks.items(), (COMBINED_LABEL, self.combined)]


def find_databases(paths: Iterable[Path]) -> tuple[list[Path], list[SkippedDatabase]]:
    """The database files ``paths`` name, each once, in the order given (a folder's by name).

    A path that is not a folder is taken as a database file even when it does not exist, so
    reading it says it is missing. A folder without database files is skipped.
    """
    found: dict[Path, Path] = {}  # resolved path -> the path as the user wrote it
    skipped: list[SkippedDatabase] = []
    for path in paths:
        try:
            files = _database_files(path) if path.is_dir() else [path]
        except OSError as error:
            skipped.append(SkippedDatabase(path, f"{path}: cannot list the folder ({error})"))
            continue
        if not files:
            skipped.append(SkippedDatabase(path, _no_databases_message(path)))
        for file in files:
            found.setdefault(file.resolve(), file)
    return list(found.values()), skipped


def _database_files(folder: Path) -> list[Path]:
    return sorted(
        (entry for entry in folder.iterdir() if entry.suffix.lower() in DATABASE_SUFFIXES),
        key=lambda entry: entry.name,
    )


def _no_databases_message(folder: Path) -> str:
    patterns = ", ".join(f"*{suffix}" for suffix in DATABASE_SUFFIXES)
    return (
        f"{folder}: no usage databases ({patterns}) in this folder; subfolders are not read, "
        "so give each folder with --db"
    )


def summarize_group(
    paths: Sequence[Path],
    since: date | None = None,
    until: date | None = None,
    labels: Mapping[Path, str] | None = None,
) -> GroupSummary:
    """The figures of the databases ``paths`` name (files or folders), for ``since``-``until``.

    ``labels`` names the kiosk of a database whose rows carry no label (by default its file
    name). Raises UsageDataError when the period makes no sense or no database can be read.
    """
    check_period(since, until)
    files, skipped = find_databases(paths)
    fallback = {path.resolve(): label for path, label in (labels or {}).items()}
    sessions_by_kiosk: dict[str, dict[str, list[sqlite3.Row]]] = defaultdict(dict)
    read: list[Path] = []
    for file in files:
        try:
            rows = read_event_rows(file, since, until)
        except UsageDataError as error:
            skipped.append(SkippedDatabase(file, str(error)))
            continue
        read.append(file)
        unlabelled = fallback.get(file.resolve(), file.name)
        for label, kiosk_rows in _by_label(rows, unlabelled).items():
            sessions = sessions_by_kiosk[label]
            for session, session_rows in _by_session(kiosk_rows).items():
                if len(session_rows) > len(sessions.get(session, [])):
                    sessions[session] = session_rows  # the fuller copy of this session
    if not read:
        raise UsageDataError(_nothing_read_message(skipped))
    rows_by_kiosk = {
        label: [row for rows in sessions.values() for row in rows]
        for label, sessions in sessions_by_kiosk.items()
    }
    return _group_summary(rows_by_kiosk, read, skipped, since, until)


def _by_label(rows: Iterable[sqlite3.Row], unlabelled: str) -> dict[str, list[sqlite3.Row]]:
    """One database's rows by kiosk label. A database with no rows in the period still stands
    for a kiosk (under ``unlabelled``), so a waiting room nobody used shows as zero rather than
    vanishing from the comparison."""
    groups: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for row in rows:
        groups[row["kiosk"] or unlabelled].append(row)
    return groups or {unlabelled: []}


def _by_session(rows: Iterable[sqlite3.Row]) -> dict[str, list[sqlite3.Row]]:
    """One kiosk's rows of one database by session, each session's in recorded order."""
    sessions: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for row in rows:
        sessions[row["session"]].append(row)
    return sessions


def _nothing_read_message(skipped: Sequence[SkippedDatabase]) -> str:
    if len(skipped) == 1:
        return skipped[0].problem
    problems = "\n".join(f"  {item.problem}" for item in skipped)
    return f"none of the usage databases could be read:\n{problems}"


def _group_summary(
    rows_by_kiosk: Mapping[str, list[sqlite3.Row]],
    read: list[Path],
    skipped: list[SkippedDatabase],
    since: date | None,
    until: date | None,
) -> GroupSummary:
    """Every kiosk is counted over the combined period, so their days line up side by side."""
    all_rows = [row for rows in rows_by_kiosk.values() for row in rows]
    combined = _labelled(summarize_rows(all_rows, since, until), rows_by_kiosk)
    start, end = combined.period_start, combined.period_end
    kiosks = {
        label: _labelled(summarize_rows(rows, start, end), {label: rows})
        for label, rows in sorted(rows_by_kiosk.items())
    }
    return GroupSummary(combined=combined, kiosks=kiosks, read=read, skipped=skipped)


def _labelled(summary: Summary, rows_by_kiosk: Mapping[str, list[sqlite3.Row]]) -> Summary:
    """``summary`` naming the kiosks that have rows, with file names for unlabelled rows."""
    used = tuple(sorted(label for label, rows in rows_by_kiosk.items() if rows))
    return dataclasses.replace(summary, kiosk_labels=used)


# --- presenting the group ------------------------------------------------------------------------


def format_group(group: GroupSummary) -> str:
    """The combined tables of ``format_table``, then one row per kiosk when there are several."""
    text = format_table(group.combined)
    if group.several_kiosks:
        text += "\n" + format_kiosk_table(group.by_kiosk()) + "\n"
    return text


def group_csv_rows(group: GroupSummary) -> list[CsvRow]:
    """Each kiosk's rows, then the combined rows with kiosk ``all`` (one kiosk: just its own)."""
    return [row for label, summary in group.by_kiosk() for row in csv_rows(summary, label)]


def write_group_csv(group: GroupSummary, path: Path) -> None:
    """The CSV of ``group_csv_rows``: the same long format as ``report.write_csv``."""
    write_csv_rows(path, group_csv_rows(group))


def skipped_warning(group: GroupSummary) -> str | None:
    """One line saying which databases the figures leave out, or None when none were."""
    if not group.skipped:
        return None
    names = ", ".join(str(item.path) for item in group.skipped)
    total = len(group.read) + len(group.skipped)
    return f"skipped {len(group.skipped)} of {total} (left out of the figures): {names}"
