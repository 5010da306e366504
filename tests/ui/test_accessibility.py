"""Every patient can use it: text size to 200%, high contrast, Spanish, keyboard, read aloud."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.content import EntryRef, Section, load_library
from kiosk.ui.window import KioskOptions, KioskWindow
from tests.helpers.stubs import FAKE_TIMERS, fire
from tests.ui.conftest import WindowMaker

SHIPPED = Path(__file__).parents[2] / "content"
SIZES = [(1080, 1920), (1920, 1080)]


@pytest.fixture
def shipped_window(qtbot: QtBot, kiosk_app: object) -> KioskWindow:
    window = KioskWindow(
        load_library(SHIPPED), KioskOptions(kiosk_mode=False), timer_factory=FAKE_TIMERS
    )
    qtbot.addWidget(window)
    window.show()
    return window


def overflowing(window: KioskWindow) -> list[str]:
    """Visible labels and buttons whose text does not fit the space they were given."""
    QApplication.processEvents()
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if isinstance(widget, QLabel) and widget.text():
            if widget.wordWrap():
                needed = widget.heightForWidth(widget.width())
                if needed > widget.height() + 1:
                    found.append(
                        f"label '{widget.text()[:30]}' needs {needed}px, has {widget.height()}"
                    )
            elif widget.sizeHint().width() > widget.width() + 1:
                found.append(f"label '{widget.text()[:30]}' is cut ({widget.width()}px)")
        elif isinstance(widget, QPushButton) and widget.text():
            if widget.sizeHint().width() > widget.width() + 1:
                found.append(f"button '{widget.text()}' is cut ({widget.width()}px)")
    if window.width() > window.normalGeometry().width() + 1:
        found.append("the window grew beyond the screen")
    return found


def every_screen(window: KioskWindow) -> list[str]:
    problems = []
    window.go_home()
    problems += [f"home: {p}" for p in overflowing(window)]
    for section in Section:
        window.open_section(section)
        screen = window.lists[section]
        for page in range(screen.page_count):
            screen.area.set_page(page)
            problems += [f"{section} list {page + 1}: {p}" for p in overflowing(window)]
        for entry, _ in window.library.entries(section, window.lang):
            window.open_entry(entry.ref)
            for page in range(window.reader.page_count):
                problems += [f"{entry.ref} page {page + 1}: {p}" for p in overflowing(window)]
                window.reader.show_next()
    return problems


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("scale", "lang"), [(1.0, "en"), (2.0, "en"), (2.0, "es")])
def test_every_screen_fits_at_every_text_size(
    shipped_window: KioskWindow, size: tuple[int, int], scale: float, lang: str
) -> None:
    shipped_window.resize(*size)
    shipped_window.set_preferences(scale, False, lang)
    assert every_screen(shipped_window) == []
    assert (shipped_window.width(), shipped_window.height()) == size


def test_larger_text_gives_more_pages_for_the_same_topic(shipped_window: KioskWindow) -> None:
    shipped_window.resize(1080, 1920)
    ref = EntryRef(Section.LEARN, "what-is-ketamine")
    shipped_window.open_entry(ref)
    normal = shipped_window.reader.page_count
    shipped_window.set_preferences(2.0, False, "en")
    assert shipped_window.reader.page_count > normal


def test_a_plus_and_a_minus_step_from_100_to_200_percent(
    make_window: WindowMaker, qtbot: QtBot
) -> None:
    window = make_window()
    bar = window.top_bar
    assert not bar.smaller_button.isEnabled()
    body = window.theme.body_px
    for _ in range(4):
        qtbot.mouseClick(bar.larger_button, Qt.MouseButton.LeftButton)
    assert window.text_scale == 2.0
    assert window.theme.body_px == 2 * body
    assert not bar.larger_button.isEnabled()
    qtbot.mouseClick(bar.smaller_button, Qt.MouseButton.LeftButton)
    assert window.text_scale == 1.75


def test_text_size_change_keeps_the_reader_on_the_text_they_were_reading(
    make_window: WindowMaker,
) -> None:
    window = make_window()
    window.open_entry(EntryRef(Section.LEARN, "alpha"))
    window.reader.show_next()
    document = window.reader.document
    assert document is not None
    first_line = document.page_texts()[window.reader.page].split("\n")[0]
    window.set_text_scale(+1)
    window.set_text_scale(+1)
    new = window.reader.document
    assert new is not None and new is not document
    shown = " ".join(new.page_texts()[window.reader.page].split())
    assert " ".join(first_line.split())[:15] in shown


def test_idle_reset_returns_size_contrast_and_language_to_the_site_defaults(
    make_window: WindowMaker, qtbot: QtBot
) -> None:
    window = make_window()
    qtbot.mouseClick(window.top_bar.larger_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.top_bar.contrast_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.top_bar.language_button, Qt.MouseButton.LeftButton)
    assert (window.text_scale, window.high_contrast, window.lang) == (1.25, True, "es")
    window.open_entry(EntryRef(Section.LEARN, "alpha"))
    fire(window.idle.idle_timer)
    for _ in range(20):
        fire(window.idle.tick_timer)
    assert window.stack.currentWidget() is window.attract
    assert (window.text_scale, window.high_contrast, window.lang) == (1.0, False, "en")
    assert window.attract.cta.text() == "Touch the screen to start"
