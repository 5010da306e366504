"""Tests for kiosk.analytics.group: several kiosks' databases in one ``kiosk stats`` report.

The databases are written by the real UsageRecorder from the planned month of test_report (the
front desk has all of it, waiting room 2 a part, with session ids of its own); the expected
figures are counted from the plans, never with the code under test.
"""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import statistics
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk.analytics.group import (
    COMBINED_LABEL,
    GroupSummary,
    find_databases,
    format_group,
    group_csv_rows,
    summarize_group,
    write_group_csv,
)
from kiosk.analytics.report import Summary, UsageDataError, csv_rows, format_table, summarize
from kiosk.analytics.store import UsageRecorder
from kiosk.cli import build_parser, cmd_stats
from tests.helpers.imports import modules_loaded_by, qt_modules
from tests.unit.analytics.test_report import (
    LABEL,
    PlannedSession,
    events_of,
    plan_month,
    read_csv,
    table_rows,
)

FRONT, ROOM_2 = "front-desk", "waiting-room-2"
LAST_DAY_OF_ROOM_2 = date(2026, 3, 15)  # so its own days end before the group's


def write_database(db: Path, label: str, plan: list[PlannedSession], prefix: str = "") -> Path:
    """``plan``'s events in ``db`` as kiosk ``label``; ``prefix`` keeps session ids apart, as
    the random ids of two real kiosks are."""
    recorder = UsageRecorder(db, label, now=lambda: datetime(2026, 4, 5).timestamp())
    for event in events_of(plan):
        recorder.record(dataclasses.replace(event, session=prefix + event.session[len(prefix) :]))
    recorder.close()
    assert recorder.problems == []
    return db


def write_broken(db: Path) -> Path:
    db.write_bytes(b"not a database" * 500)
    return db


@pytest.fixture(scope="module")
def front_plan() -> list[PlannedSession]:
    return plan_month()


@pytest.fixture(scope="module")
def room_2_plan() -> list[PlannedSession]:
    return [s for s in plan_month() if s.number % 3 == 0 and s.day <= LAST_DAY_OF_ROOM_2]


@pytest.fixture(scope="module")
def sync_folder(
    tmp_path_factory: pytest.TempPathFactory,
    front_plan: list[PlannedSession],
    room_2_plan: list[PlannedSession],
) -> Path:
    """A clinic group's synced folder: one database per kiosk, as the kiosk names it or not."""
    folder = tmp_path_factory.mktemp("sync")
    write_database(folder / "front-desk.sqlite3", FRONT, front_plan)
    write_database(folder / "room2.db", ROOM_2, room_2_plan, prefix="b")
    return folder


@pytest.fixture(scope="module")
def group(sync_folder: Path) -> GroupSummary:
    return summarize_group([sync_folder / "front-desk.sqlite3", sync_folder / "room2.db"])


def completion(plan: list[PlannedSession]) -> float:
    readings = [reading for session in plan for reading in session.readings]
    return sum(r.pages in r.shown for r in readings) / len(readings)


def headline(plan: list[PlannedSession]) -> dict[str, object]:
    """What the By kiosk table compares, counted from a plan."""
    return {
        "sessions": len(plan),
        "median": statistics.median(s.seconds for s in plan),
        "readings": sum(len(s.readings) for s in plan),
        "completion": completion(plan),
        "qr_shown": sum(s.qr_on_first for s in plan),
    }


def headline_of(summary: Summary) -> dict[str, object]:
    return {
        "sessions": summary.sessions,
        "median": summary.median_session_seconds,
        "readings": summary.readings,
        "completion": summary.completion_rate,
        "qr_shown": summary.qr_shown,
    }


# --- together and per kiosk ----------------------------------------------------------------------


def test_two_kiosks_are_reported_together_and_per_label(
    group: GroupSummary, front_plan: list[PlannedSession], room_2_plan: list[PlannedSession]
) -> None:
    assert list(group.kiosks) == [FRONT, ROOM_2]
    assert headline_of(group.kiosks[FRONT]) == headline(front_plan)
    assert headline_of(group.kiosks[ROOM_2]) == headline(room_2_plan)
    assert headline_of(group.combined) == headline(front_plan + room_2_plan)
    assert group.combined.kiosk_labels == (FRONT, ROOM_2)
    per_day = Counter(s.day for s in front_plan + room_2_plan)
    assert dict(group.combined.sessions_per_day) == {
        day: per_day[day] for day, _count in group.combined.sessions_per_day
    }
    assert sum(per_day.values()) == group.combined.sessions


def test_every_kiosk_is_counted_over_the_same_days(group: GroupSummary) -> None:
    """Waiting room 2 stopped on the 15th; its days still run to the group's last day."""
    days = [day for day, _count in group.combined.sessions_per_day]
    room_2 = group.kiosks[ROOM_2]
    assert [day for day, _count in room_2.sessions_per_day] == days
    assert room_2.period_end == group.combined.period_end == date(2026, 3, 31)
    assert all(count == 0 for day, count in room_2.sessions_per_day if day > LAST_DAY_OF_ROOM_2)


def test_the_text_shows_the_combined_tables_then_one_row_per_kiosk(
    group: GroupSummary, front_plan: list[PlannedSession], room_2_plan: list[PlannedSession]
) -> None:
    text = format_group(group)
    assert text.startswith(format_table(group.combined))
    rows = table_rows(text, "By kiosk")
    assert [row[0] for row in rows] == [FRONT, ROOM_2, COMBINED_LABEL]
    for row, plan in zip(rows, (front_plan, room_2_plan, front_plan + room_2_plan), strict=True):
        expected = headline(plan)
        assert int(row[1]) == expected["sessions"]
        assert int(row[3]) == expected["readings"]
        assert row[4] == f"{expected['completion']:.0%}"
        assert int(row[5]) == expected["qr_shown"]
    assert all(len(line) <= 100 for line in text.splitlines())


def test_the_csv_has_rows_per_kiosk_and_combined_rows_as_all(
    group: GroupSummary,
    front_plan: list[PlannedSession],
    room_2_plan: list[PlannedSession],
    tmp_path: Path,
) -> None:
    path = tmp_path / "group.csv"
    write_group_csv(group, path)
    rows = read_csv(path)
    assert list(dict.fromkeys(row["kiosk"] for row in rows)) == [FRONT, ROOM_2, COMBINED_LABEL]

    def figure(kiosk: str, name: str) -> dict[str, str]:
        return {
            r["subject"]: r["value"] for r in rows if r["kiosk"] == kiosk and r["figure"] == name
        }

    assert figure(FRONT, "sessions_total") == {"": str(len(front_plan))}
    assert figure(ROOM_2, "sessions_total") == {"": str(len(room_2_plan))}
    assert figure(COMBINED_LABEL, "sessions_total") == {"": str(len(front_plan + room_2_plan))}
    opens = Counter(f"{r.section}/{r.slug}" for s in front_plan + room_2_plan for r in s.readings)
    assert {k: int(v) for k, v in figure(COMBINED_LABEL, "topic_opens").items()} == opens
    assert {(r["period_start"], r["period_end"]) for r in rows} == {("2026-03-03", "2026-03-31")}


def test_two_files_of_one_kiosk_merge_into_one_label(
    tmp_path: Path, front_plan: list[PlannedSession]
) -> None:
    """This month's database and an older copy: one kiosk, so no By kiosk table or "all"."""
    early = [s for s in front_plan if s.day.day <= 15]
    late = [s for s in front_plan if s.day.day > 15]
    first = write_database(tmp_path / "march-1.db", FRONT, early)
    second = write_database(tmp_path / "march-2.db", FRONT, late)
    merged = summarize_group([first, second])
    assert list(merged.kiosks) == [FRONT]
    assert headline_of(merged.combined) == headline(front_plan)
    assert "By kiosk" not in format_group(merged)
    assert {row[0] for row in group_csv_rows(merged)} == {FRONT}


def test_a_conflicted_copy_beside_the_database_is_not_counted_twice(
    tmp_path: Path, front_plan: list[PlannedSession]
) -> None:
    """A sync tool copied the database mid-month, and the kiosk went on writing the original:
    the sessions both hold are counted once, and none is lost."""
    folder = tmp_path / "sync"
    folder.mkdir()
    original = folder / "front-desk.sqlite3"
    early = [s for s in front_plan if s.day.day <= 15]
    late = [s for s in front_plan if s.day.day > 15]
    write_database(original, FRONT, early)
    copy = folder / "front-desk.sync-conflict-20260316-101500-ABC1234.sqlite3"
    shutil.copyfile(original, copy)
    write_database(original, FRONT, late)
    group = summarize_group([folder])
    assert group.read == [original, copy]  # both read: each may hold sessions the other lacks
    assert headline_of(group.combined) == headline(front_plan)
    assert group.kiosks[FRONT].sessions == len(front_plan)


def test_a_file_whose_rows_carry_no_label_is_named_by_its_file(
    tmp_path: Path, sync_folder: Path, room_2_plan: list[PlannedSession]
) -> None:
    unlabelled = write_database(tmp_path / "lobby.sqlite3", "", room_2_plan, prefix="c")
    mixed = summarize_group([sync_folder / "front-desk.sqlite3", unlabelled])
    assert list(mixed.kiosks) == [FRONT, "lobby.sqlite3"]
    assert mixed.kiosks["lobby.sqlite3"].sessions == len(room_2_plan)
    assert mixed.combined.kiosk_labels == (FRONT, "lobby.sqlite3")


def test_a_kiosk_without_use_in_the_period_shows_as_zero(sync_folder: Path) -> None:
    late = summarize_group([sync_folder], since=date(2026, 3, 20))
    assert late.kiosks["room2.db"].sessions == 0
    assert late.kiosks[FRONT].sessions > 0
    assert [row[0] for row in table_rows(format_group(late), "By kiosk")] == [
        FRONT,
        "room2.db",
        COMBINED_LABEL,
    ]


# --- which files ---------------------------------------------------------------------------------


def test_a_folder_stands_for_the_database_files_directly_in_it(
    tmp_path: Path, sync_folder: Path, group: GroupSummary
) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    for db in sync_folder.glob("*"):
        if db.suffix in (".db", ".sqlite3"):
            (folder / db.name).write_bytes(db.read_bytes())
    (folder / "front-desk.sqlite3.broken-20260301-101010").write_bytes(b"set aside")
    (folder / "notes.txt").write_text("not a database")
    (folder / "old").mkdir()
    write_database(folder / "old" / "other.sqlite", "elsewhere", [])
    empty = write_database(folder / "spare.sqlite", "spare", [])

    files, skipped = find_databases([folder])
    assert files == [folder / "front-desk.sqlite3", folder / "room2.db", empty]
    assert skipped == []
    from_folder = summarize_group([folder])
    assert headline_of(from_folder.combined) == headline_of(group.combined)
    assert "elsewhere" not in from_folder.kiosks


def test_a_folder_without_databases_is_named_in_a_warning(
    tmp_path: Path, sync_folder: Path
) -> None:
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    result = summarize_group([nothing, sync_folder])
    assert [item.path for item in result.skipped] == [nothing]
    assert str(nothing) in result.skipped[0].problem
    assert "*.sqlite3" in result.skipped[0].problem


def test_the_same_file_given_twice_counts_once(
    sync_folder: Path, front_plan: list[PlannedSession]
) -> None:
    db = sync_folder / "front-desk.sqlite3"
    spelled_otherwise = sync_folder / ".." / sync_folder.name / db.name
    assert spelled_otherwise != db
    twice = summarize_group([db, db, spelled_otherwise, sync_folder])
    assert twice.read == [db, sync_folder / "room2.db"]
    assert twice.kiosks[FRONT].sessions == len(front_plan)


# --- files that cannot be read -------------------------------------------------------------------


def test_unreadable_files_are_skipped_by_name_and_the_rest_reported(
    tmp_path: Path, sync_folder: Path, group: GroupSummary
) -> None:
    broken = write_broken(tmp_path / "broken.db")
    other = tmp_path / "other.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE patients (name TEXT)")
    connection.close()
    missing = tmp_path / "missing.sqlite3"

    result = summarize_group([broken, sync_folder, other, missing])
    assert [item.path for item in result.skipped] == [broken, other, missing]
    problems = [item.problem for item in result.skipped]
    assert problems[0].startswith(f"{broken}: cannot read") and "copy it again" in problems[0]
    assert problems[1].startswith(f"{other}: not a kiosk usage database")
    assert problems[2].startswith(f"{missing}: no usage database here")
    assert headline_of(result.combined) == headline_of(group.combined)
    assert list(result.kiosks) == [FRONT, ROOM_2]


def test_no_readable_file_is_an_error_naming_each(tmp_path: Path) -> None:
    broken = write_broken(tmp_path / "broken.db")
    missing = tmp_path / "missing.db"
    with pytest.raises(UsageDataError) as raised:
        summarize_group([broken, missing])
    assert str(broken) in str(raised.value) and str(missing) in str(raised.value)


def test_a_period_that_ends_before_it_starts_is_one_error_not_a_skip(sync_folder: Path) -> None:
    with pytest.raises(UsageDataError, match="after it ends"):
        summarize_group([sync_folder], since=date(2026, 3, 10), until=date(2026, 3, 1))


# --- one database, as before ---------------------------------------------------------------------


def test_one_database_gives_the_single_kiosk_report_unchanged(sync_folder: Path) -> None:
    db = sync_folder / "front-desk.sqlite3"
    alone, before = summarize_group([db]), summarize(db)
    assert format_group(alone) == format_table(before)
    assert group_csv_rows(alone) == csv_rows(before, FRONT)


# --- the command ---------------------------------------------------------------------------------


def run_stats(tmp_path: Path, *args: str) -> int:
    """``kiosk stats ARGS`` in this process, with a kiosk.toml of its own."""
    config = tmp_path / "kiosk.toml"
    config.write_text(f'kiosk_label = "{LABEL}"\n', encoding="utf-8")
    return cmd_stats(build_parser().parse_args(["--config", str(config), "stats", *args]))


def test_kiosk_stats_reports_what_it_can_and_warns_about_the_rest(
    tmp_path: Path,
    sync_folder: Path,
    group: GroupSummary,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    charted = []
    monkeypatch.setattr(
        "kiosk.analytics.chart.write_chart_png", lambda summary, path: charted.append(summary)
    )
    broken = write_broken(tmp_path / "broken.db")
    out = tmp_path / "out.csv"
    status = run_stats(
        tmp_path, "--db", str(sync_folder), "--db", str(broken), "--csv", str(out),
        "--chart", str(tmp_path / "out.png"),
    )  # fmt: skip
    printed = capsys.readouterr()
    assert status == 0
    assert printed.out.startswith(format_group(group))
    warnings = printed.err.splitlines()
    assert warnings[0].startswith(f"warning: {broken}: cannot read the usage database")
    assert warnings[1] == f"warning: skipped 1 of 3 (left out of the figures): {broken}"
    assert {row["kiosk"] for row in read_csv(out)} == {FRONT, ROOM_2, COMBINED_LABEL}
    assert [summary.sessions for summary in charted] == [group.combined.sessions]


def test_kiosk_stats_on_one_database_prints_what_it_always_did(
    tmp_path: Path, sync_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = sync_folder / "front-desk.sqlite3"
    out = tmp_path / "out.csv"
    assert run_stats(tmp_path, "--db", str(db), "--csv", str(out)) == 0
    printed = capsys.readouterr()
    assert printed.out == f"{format_table(summarize(db))}\nwrote {out}\n"
    assert printed.err == ""
    assert {row["kiosk"] for row in read_csv(out)} == {FRONT}


def test_kiosk_stats_without_any_readable_database_fails(
    tmp_path: Path,
) -> None:
    with pytest.raises(UsageDataError, match=r"broken\.db"):  # main() prints it and exits 1
        run_stats(tmp_path, "--db", str(write_broken(tmp_path / "broken.db")))


def test_the_group_module_is_qt_free() -> None:
    assert qt_modules(modules_loaded_by("kiosk.analytics.group")) == []
