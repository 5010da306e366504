"""Privacy: an idle kiosk asks "Still there?", then forgets the session and shows Attract."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.content import EntryRef, Section
from kiosk.ui.idle import IdleState
from kiosk.ui.window import KioskWindow
from tests.helpers.stubs import fire
from tests.ui.conftest import WindowMaker

ALPHA = EntryRef(Section.LEARN, "alpha")


def reading(make_window: WindowMaker, **options: object) -> KioskWindow:
    window = make_window(**options)
    window.open_entry(ALPHA)
    window.reader.show_next()
    return window


def test_idle_timeout_shows_still_there_with_countdown(make_window: WindowMaker) -> None:
    window = reading(make_window, still_there_timeout=20)
    assert window.idle.idle_timer.interval() == 60_000
    fire(window.idle.idle_timer)
    assert window.prompt.isVisible()
    assert "20 seconds" in window.prompt.message.text()
    fire(window.idle.tick_timer)
    assert "19 seconds" in window.prompt.message.text()


def test_one_tap_dismisses_the_prompt_and_keeps_the_page(
    make_window: WindowMaker, qtbot: QtBot
) -> None:
    window = reading(make_window)
    fire(window.idle.idle_timer)
    qtbot.mouseClick(window.prompt, Qt.MouseButton.LeftButton)
    assert not window.prompt.isVisible()
    assert window.stack.currentWidget() is window.reader
    assert window.reader.page == 1
    assert window.idle.state is IdleState.READING
    assert window.idle.idle_timer.isActive()


def test_no_answer_resets_to_attract_and_forgets_everything(make_window: WindowMaker) -> None:
    window = reading(make_window, still_there_timeout=20)
    fire(window.idle.idle_timer)
    for _ in range(20):
        fire(window.idle.tick_timer)
    assert window.stack.currentWidget() is window.attract
    assert not window.prompt.isVisible()
    assert window.reader.ref is None
    assert window.reader.document is None
    assert window.reader.title.text() == ""
    assert window.current_section is None
    assert all(not screen.area.cards for screen in window.lists.values())


def test_start_over_button_resets_at_once(make_window: WindowMaker, qtbot: QtBot) -> None:
    window = reading(make_window)
    fire(window.idle.idle_timer)
    qtbot.mouseClick(window.prompt.reset_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.attract
    assert window.reader.ref is None


def test_home_goes_to_attract_without_a_prompt(make_window: WindowMaker, qtbot: QtBot) -> None:
    window = make_window(attract_delay=30)
    assert window.idle.idle_timer.interval() == 30_000
    fire(window.idle.idle_timer)
    assert window.stack.currentWidget() is window.attract
    assert not window.prompt.isVisible()
    qtbot.mouseClick(window.attract, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.home


def test_attract_highlight_changes_slowly_and_shows_no_session(
    make_window: WindowMaker,
) -> None:
    window = reading(make_window)
    window.go_attract()
    first = window.attract.highlight.text()
    assert first == "Alpha topic"  # a topic title, not what the last patient read
    fire(window.attract._timer)
    assert window.attract.highlight.text() == "Beta topic"
    assert window.attract.FADE_MS <= 5000  # motion lasts less than 5 s at a time


def test_touch_restarts_the_idle_countdown(make_window: WindowMaker, qtbot: QtBot) -> None:
    window = reading(make_window)
    window.idle.idle_timer.stop()
    # Through the native window, as a real touch comes (the kiosk watches input there).
    handle = window.windowHandle()
    assert handle is not None
    spot = window.reader.view.mapTo(window, window.reader.view.rect().center())
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, pos=spot)
    assert window.idle.idle_timer.isActive()


def test_idle_timeout_zero_turns_reset_off(make_window: WindowMaker) -> None:
    window = reading(make_window, idle_timeout=0)
    assert window.idle.state is IdleState.OFF
    assert not window.idle.idle_timer.isActive()
