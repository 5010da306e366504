"""Usage counting through the real window: a patient's taps, read back from SQLite, and the
admin screen's summary and chart. Nothing about who the patient is is stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.analytics.store import UsageRecorder
from kiosk.content import EntryRef, Section
from kiosk.ui.widgets import settle_layout
from kiosk.usage import UsageCounter
from tests.helpers.layout import check_words_fit, global_rect
from tests.helpers.stubs import fire
from tests.ui.conftest import Kiosk, KioskMaker

ALPHA = EntryRef(Section.LEARN, "alpha")


def rows(database: Path) -> list[dict[str, object]]:
    with sqlite3.connect(database) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(r) for r in connection.execute("SELECT * FROM events ORDER BY id")]


def counting(kiosk: Kiosk, database: Path) -> UsageRecorder:
    """What the app does after the first paint."""
    recorder = UsageRecorder(database, "waiting-room-1")
    UsageCounter(kiosk.session, recorder)
    kiosk.admin.usage_db = database
    return recorder


def test_a_patients_taps_are_recorded_without_personal_data(
    make_kiosk: KioskMaker, qtbot: QtBot, tmp_path: Path
) -> None:
    kiosk = make_kiosk()
    database = tmp_path / "usage.sqlite3"
    recorder = counting(kiosk, database)
    kiosk.session.reset()
    qtbot.mouseClick(kiosk.attract, Qt.MouseButton.LeftButton)  # a patient walks up
    qtbot.mouseClick(kiosk.home.tiles[Section.LEARN], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.lists.visible_cards()[0], Qt.MouseButton.LeftButton)
    pages = kiosk.reader.page_count
    qtbot.mouseClick(kiosk.reader.nav.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.top_bar.larger_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.top_bar.language_button, Qt.MouseButton.LeftButton)
    fire(kiosk.session.idle.idle_timer)  # ... and walks away
    for _ in range(20):
        fire(kiosk.session.idle.tick_timer)
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


def test_the_admin_screen_shows_the_last_seven_days(make_kiosk: KioskMaker, tmp_path: Path) -> None:
    kiosk = make_kiosk()
    recorder = counting(kiosk, tmp_path / "usage.sqlite3")
    kiosk.session.open_entry(ALPHA)
    kiosk.session.reset("home")
    recorder.flush()
    kiosk.admin.open()  # windowed, no PIN: straight in
    panel = kiosk.admin_panel
    assert panel.isVisible()
    assert panel.usage.text().startswith("Last 7 days: 1 session, median ")
    assert "Most opened: Alpha topic (1)." in panel.usage.text()
    assert not panel.chart.pixmap().isNull()
    recorder.close()


def test_counting_off_says_so(make_kiosk: KioskMaker) -> None:
    kiosk = make_kiosk()
    kiosk.admin.open()
    assert kiosk.admin_panel.usage.text() == "Usage counting is off on this kiosk."


def test_the_admin_chart_fits_a_landscape_window(make_kiosk: KioskMaker, tmp_path: Path) -> None:
    for size in ((1080, 1920), (1920, 1080)):
        kiosk = make_kiosk(size=size)
        recorder = counting(kiosk, tmp_path / f"usage-{size[0]}.sqlite3")
        kiosk.session.open_entry(ALPHA)
        kiosk.session.reset()
        recorder.flush()
        kiosk.session.open_admin_panel()
        settle_layout()
        panel = kiosk.admin_panel
        assert panel.chart.isVisible()
        check_words_fit(panel)
        assert kiosk.window.rect().contains(global_rect(panel.dialog)), size
        recorder.close()
