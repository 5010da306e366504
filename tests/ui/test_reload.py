"""Live reload while the kiosk runs: saves by rename, half-written files, deletions and a
folder that goes away. No sleeps: tests wait for the watcher's ``reloaded`` signal."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.content import EntryRef, Section
from kiosk.ui.reload import ContentWatcher
from kiosk.ui.window import KioskWindow
from tests.helpers.content import long_body, topic
from tests.helpers.stubs import FAKE_TIMERS, fire
from tests.ui.conftest import WindowMaker

ALPHA = EntryRef(Section.LEARN, "alpha")


def watched(window: KioskWindow) -> ContentWatcher:
    """A real watcher (real file events and timers), no wait for files to settle."""
    watcher = ContentWatcher(window.library, settle_seconds=0.0, parent=window)
    watcher.reloaded.connect(window.apply_library)
    window.watcher = watcher
    return watcher


def save_by_rename(path: Path, text: str) -> None:
    """What many editors do: write a temporary file, then rename it over the original."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def card_titles(window: KioskWindow, section: Section = Section.LEARN) -> list[str]:
    window.open_section(section)
    return [card.accessibleName() for card in window.lists[section].visible_cards()]


def test_a_save_by_rename_shows_up_and_watching_continues(
    make_window: WindowMaker, qtbot: QtBot, content_dir: Path
) -> None:
    window = make_window()
    watcher = watched(window)
    with qtbot.waitSignal(watcher.reloaded, timeout=5000):
        save_by_rename(content_dir / "learn" / "beta.md", topic("Beta renamed", "New.", order=20))
    assert card_titles(window) == ["Alpha topic", "Beta renamed"]
    with qtbot.waitSignal(watcher.reloaded, timeout=5000):
        save_by_rename(content_dir / "learn" / "beta.md", topic("Beta again", "New.", order=20))
    assert card_titles(window) == ["Alpha topic", "Beta again"]


def test_a_new_file_appears(make_window: WindowMaker, qtbot: QtBot, content_dir: Path) -> None:
    window = make_window()
    watcher = watched(window)
    with qtbot.waitSignal(watcher.reloaded, timeout=5000):
        (content_dir / "learn" / "gamma.md").write_text(topic("Gamma", "G.", order=30))
    assert card_titles(window) == ["Alpha topic", "Beta topic", "Gamma"]


def test_a_half_written_file_keeps_its_last_good_version(
    make_window: WindowMaker, qtbot: QtBot, content_dir: Path
) -> None:
    window = make_window()
    watcher = watched(window)
    window.open_entry(ALPHA)
    window.reader.show_next()
    with qtbot.waitSignal(watcher.reloaded, timeout=5000):
        (content_dir / "learn" / "alpha.md").write_text("---\ntitle: Alpha top", encoding="utf-8")
    assert window.stack.currentWidget() is window.reader
    assert window.reader.title.text() == "Alpha topic"
    assert window.reader.page == 1
    messages = [p.format() for p in window.library.problems]
    assert any(
        m.startswith("learn/alpha.md:1: warning: the kiosk keeps showing the last good version")
        for m in messages
    )
    assert any(
        m.startswith("learn/alpha.md:1: error: front matter is not closed") for m in messages
    )


def test_a_changed_topic_keeps_the_reader_on_a_sensible_page(
    make_window: WindowMaker, qtbot: QtBot, content_dir: Path
) -> None:
    window = make_window()
    watcher = watched(window)
    window.open_entry(ALPHA)
    window.reader.show_next()
    with qtbot.waitSignal(watcher.reloaded, timeout=5000):
        save_by_rename(content_dir / "learn" / "alpha.md", topic("Alpha v2", long_body(12, "V2")))
    assert window.reader.title.text() == "Alpha v2"
    assert window.reader.page == 1
    with qtbot.waitSignal(watcher.reloaded, timeout=5000):
        save_by_rename(content_dir / "learn" / "alpha.md", topic("Alpha short", "Now one page."))
    assert window.reader.title.text() == "Alpha short"
    assert (window.reader.page, window.reader.page_count) == (0, 1)


def test_a_deleted_topic_returns_the_reader_to_its_list(
    make_window: WindowMaker, qtbot: QtBot, content_dir: Path
) -> None:
    window = make_window()
    watcher = watched(window)
    window.open_entry(ALPHA)
    with qtbot.waitSignal(watcher.reloaded, timeout=5000):
        (content_dir / "learn" / "alpha.md").unlink()
    assert window.stack.currentWidget() is window.lists[Section.LEARN]
    assert window.reader.ref is None
    assert [c.accessibleName() for c in window.lists[Section.LEARN].visible_cards()] == [
        "Beta topic"
    ]


def test_a_vanished_folder_keeps_the_last_good_content_and_recovers(
    make_window: WindowMaker, qtbot: QtBot, content_dir: Path, tmp_path: Path
) -> None:
    window = make_window()
    watcher = watched(window)
    window.open_entry(ALPHA)
    backup = tmp_path / "backup"
    with qtbot.waitSignal(watcher.reloaded, timeout=5000):
        shutil.move(content_dir, backup)
    assert window.stack.currentWidget() is window.reader
    assert window.reader.title.text() == "Alpha topic"
    assert any("content folder is missing or empty" in p.message for p in window.library.problems)
    window.go_home()
    assert card_titles(window) == ["Alpha topic", "Beta topic"]
    with qtbot.waitSignal(watcher.reloaded, timeout=5000):
        shutil.move(backup, content_dir)
    assert not any("missing or empty" in p.message for p in window.library.problems)


def test_an_emptied_folder_keeps_the_last_good_content(
    make_window: WindowMaker, qtbot: QtBot, content_dir: Path
) -> None:
    window = make_window()
    watcher = watched(window)
    with qtbot.waitSignal(watcher.reloaded, timeout=5000):
        for path in (content_dir / "learn").glob("*.md"):
            path.unlink()
        for path in (content_dir / "treatments").glob("*.md"):
            path.unlink()
    assert card_titles(window) == ["Alpha topic", "Beta topic"]


def test_a_file_still_being_written_waits_for_it_to_settle(
    make_window: WindowMaker, content_dir: Path
) -> None:
    now = [0.0]
    window = make_window()
    watcher = ContentWatcher(
        window.library,
        FAKE_TIMERS,
        settle_seconds=1.0,
        wall_clock=lambda: now[0],
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


def test_polling_notices_changes_the_watcher_missed(
    make_window: WindowMaker, content_dir: Path
) -> None:
    window = make_window()
    watcher = ContentWatcher(window.library, FAKE_TIMERS, settle_seconds=0.0)
    fire(watcher.poll)
    assert not watcher.debounce.isActive()  # nothing changed
    (content_dir / "learn" / "gamma.md").write_text(topic("Gamma", "G"), encoding="utf-8")
    fire(watcher.poll)
    assert watcher.debounce.isActive()


def test_unchanged_files_are_not_read_again(make_window: WindowMaker, content_dir: Path) -> None:
    window = make_window()
    before = window.library.entry(ALPHA, "en")
    watcher = ContentWatcher(window.library, FAKE_TIMERS, settle_seconds=0.0)
    (content_dir / "learn" / "beta.md").write_text(topic("Beta 2", "x"), encoding="utf-8")
    after = watcher.reload().entry(ALPHA, "en")
    assert before is not None and after is not None
    assert after[0] is before[0]  # the same object: not parsed again
