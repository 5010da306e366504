"""Live reload: the watcher notices saves by rename, new and deleted files, a folder that goes
away, and waits for files still being written. No sleeps: tests wait for ``reloaded`` or fire
the watcher's timers by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.content import EntryRef, Section, load_library
from kiosk.reload import ContentWatcher
from kiosk.session import Session
from tests.helpers.content import topic
from tests.helpers.session import make_session
from tests.helpers.stubs import FAKE_TIMERS, fire

ALPHA = EntryRef(Section.LEARN, "alpha")
pytestmark = pytest.mark.usefixtures("kiosk_app")  # real file events need Qt's event loop


def watched(session: Session) -> ContentWatcher:
    """A real watcher (real file events and timers), no wait for files to settle."""
    watcher = ContentWatcher(session.library, settle_seconds=0.0, parent=session)
    watcher.reloaded.connect(session.apply_library)
    return watcher


def save_by_rename(path: Path, text: str) -> None:
    """What many editors do: write a temporary file, then rename it over the original."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def titles(session: Session) -> list[str]:
    return [entry.title for entry, _ in session.library.entries(Section.LEARN, "en")]


def test_a_save_by_rename_shows_up_and_watching_continues(qtbot: QtBot, content_dir: Path) -> None:
    session = make_session(content_dir)
    watcher = watched(session)
    with qtbot.waitSignal(watcher.reloaded, timeout=5000):
        save_by_rename(content_dir / "learn" / "beta.md", topic("Beta renamed", "New.", order=20))
    assert titles(session) == ["Alpha topic", "Beta renamed"]
    with qtbot.waitSignal(watcher.reloaded, timeout=5000):
        save_by_rename(content_dir / "learn" / "beta.md", topic("Beta again", "New.", order=20))
    assert titles(session) == ["Alpha topic", "Beta again"]


def test_a_new_file_appears(qtbot: QtBot, content_dir: Path) -> None:
    session = make_session(content_dir)
    watcher = watched(session)
    with qtbot.waitSignal(watcher.reloaded, timeout=5000):
        (content_dir / "learn" / "gamma.md").write_text(topic("Gamma", "G.", order=30))
    assert titles(session) == ["Alpha topic", "Beta topic", "Gamma"]


def test_a_half_written_file_keeps_its_last_good_version(qtbot: QtBot, content_dir: Path) -> None:
    session = make_session(content_dir)
    watcher = watched(session)
    with qtbot.waitSignal(watcher.reloaded, timeout=5000):
        (content_dir / "learn" / "alpha.md").write_text("---\ntitle: Alpha top", encoding="utf-8")
    assert titles(session) == ["Alpha topic", "Beta topic"]
    messages = [p.format() for p in session.library.problems]
    assert any(
        m.startswith("learn/alpha.md:1: warning: the kiosk keeps showing the last good version")
        for m in messages
    )
    assert any(
        m.startswith("learn/alpha.md:1: error: front matter is not closed") for m in messages
    )


def test_a_vanished_folder_keeps_the_last_good_content_and_recovers(
    qtbot: QtBot, content_dir: Path, tmp_path: Path
) -> None:
    session = make_session(content_dir)
    watcher = watched(session)
    backup = tmp_path / "backup"
    with qtbot.waitSignal(watcher.reloaded, timeout=5000):
        shutil.move(content_dir, backup)
    assert titles(session) == ["Alpha topic", "Beta topic"]
    assert any("content folder is missing or empty" in p.message for p in session.library.problems)
    with qtbot.waitSignal(watcher.reloaded, timeout=5000):
        shutil.move(backup, content_dir)
    assert not any("missing or empty" in p.message for p in session.library.problems)


def test_an_emptied_folder_keeps_the_last_good_content(qtbot: QtBot, content_dir: Path) -> None:
    session = make_session(content_dir)
    watcher = watched(session)
    with qtbot.waitSignal(watcher.reloaded, timeout=5000):
        for section in ("learn", "treatments"):
            for path in (content_dir / section).glob("*.md"):
                path.unlink()
    assert titles(session) == ["Alpha topic", "Beta topic"]


def test_a_file_still_being_written_waits_for_it_to_settle(content_dir: Path) -> None:
    now = [0.0]
    watcher = ContentWatcher(
        load_library(content_dir), FAKE_TIMERS, settle_seconds=1.0, wall_clock=lambda: now[0]
    )
    reloads: list[object] = []
    watcher.reloaded.connect(reloads.append)
    path = content_dir / "learn" / "beta.md"
    path.write_text(topic("Beta new", "x"), encoding="utf-8")
    now[0] = path.stat().st_mtime + 0.2  # just written
    watcher.changed()
    fire(watcher.debounce)
    assert reloads == []
    assert watcher.debounce.isActive()  # it looks again shortly
    now[0] += 1.0
    fire(watcher.debounce)
    assert len(reloads) == 1


def test_polling_notices_changes_the_watcher_missed(content_dir: Path) -> None:
    watcher = ContentWatcher(load_library(content_dir), FAKE_TIMERS, settle_seconds=0.0)
    fire(watcher.poll)
    assert not watcher.debounce.isActive()  # nothing changed
    (content_dir / "learn" / "gamma.md").write_text(topic("Gamma", "G"), encoding="utf-8")
    fire(watcher.poll)
    assert watcher.debounce.isActive()


def test_unchanged_files_are_not_read_again(content_dir: Path) -> None:
    library = load_library(content_dir)
    before = library.entry(ALPHA, "en")
    watcher = ContentWatcher(library, FAKE_TIMERS, settle_seconds=0.0)
    (content_dir / "learn" / "beta.md").write_text(topic("Beta 2", "x"), encoding="utf-8")
    after = watcher.reload().entry(ALPHA, "en")
    assert before is not None and after is not None
    assert after[0] is before[0]  # the same object: not parsed again
