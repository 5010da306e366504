"""Usage counting through the real UI: a scripted patient session, read back from SQLite.
Nothing about who the patient is is stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.analytics.store import UsageRecorder
from kiosk.content import EntryRef, Section
from kiosk.ui.usage import UsageTracker
from kiosk.ui.window import KioskWindow, settle_layout
from tests.helpers.layout import check_words_fit, global_rect
from tests.helpers.stubs import fire
from tests.ui.conftest import WindowMaker

ALPHA = EntryRef(Section.LEARN, "alpha")


def rows(database: Path) -> list[dict[str, object]]:
    with sqlite3.connect(database) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(r) for r in connection.execute("SELECT * FROM events ORDER BY id")]


def counting(window: KioskWindow, database: Path) -> UsageRecorder:
    recorder = UsageRecorder(database, "waiting-room-1")
    window.set_usage(UsageTracker(recorder))
    window.usage_db = database
    return recorder


def test_a_scripted_session_is_recorded_without_personal_data(
    make_window: WindowMaker, qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window()
    database = tmp_path / "usage.sqlite3"
    recorder = counting(window, database)
    window.go_attract()
    qtbot.mouseClick(window.attract, Qt.MouseButton.LeftButton)  # a patient walks up
    qtbot.mouseClick(window.home.tiles[Section.LEARN], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.lists[Section.LEARN].visible_cards()[0], Qt.MouseButton.LeftButton)
    pages = window.reader.page_count
    qtbot.mouseClick(window.reader.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.top_bar.larger_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.top_bar.language_button, Qt.MouseButton.LeftButton)
    fire(window.idle.idle_timer)  # ... and walks away
    for _ in range(20):
        fire(window.idle.tick_timer)
    recorder.flush()
    recorded = rows(database)
    kinds = [r["kind"] for r in recorded]
    assert kinds[:2] == ["session_start", "open"]
    assert kinds[-1] == "session_end"
    assert {"page", "text_size", "language"} <= set(kinds)
    opened = next(r for r in recorded if r["kind"] == "open")
    assert (opened["section"], opened["slug"], opened["page"], opened["pages"]) == (
        "learn",
        "alpha",
        1,
        pages,
    )
    turned = next(r for r in recorded if r["kind"] == "page")
    assert (turned["page"], turned["pages"]) == (2, pages)
    assert recorded[-1]["reason"] == "timeout"
    assert {r["kiosk"] for r in recorded} == {"waiting-room-1"}
    assert len({r["session"] for r in recorded}) == 1
    assert next(r for r in recorded if r["kind"] == "language")["lang"] == "es"
    recorder.close()


def test_the_admin_screen_shows_the_last_seven_days(
    make_window: WindowMaker, qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(kiosk_mode=False)
    recorder = counting(window, tmp_path / "usage.sqlite3")
    window.open_entry(ALPHA)
    window.go_attract("home")
    recorder.flush()
    window.open_admin()
    assert window.admin.isVisible()
    assert window.admin.usage.text().startswith("Last 7 days: 1 sessions")
    assert "Most opened: Alpha topic (1)." in window.admin.usage.text()
    assert not window.admin.chart.pixmap().isNull()
    recorder.close()


def test_counting_off_says_so(make_window: WindowMaker) -> None:
    window = make_window(kiosk_mode=False)
    window.open_admin()
    assert window.admin.usage.text() == "Usage counting is off on this kiosk."


def test_the_admin_chart_fits_a_landscape_window(make_window: WindowMaker, tmp_path: Path) -> None:
    for size in ((1080, 1920), (1920, 1080)):
        window = make_window(size=size, kiosk_mode=False)
        recorder = counting(window, tmp_path / f"usage-{size[0]}.sqlite3")
        window.open_entry(ALPHA)
        window.go_attract()
        recorder.flush()
        window.open_admin_panel()
        settle_layout()
        assert window.admin.chart.isVisible()
        check_words_fit(window.admin)
        assert window.rect().contains(global_rect(window.admin.dialog)), size
        recorder.close()
