"""Privacy by touch: "Still there?" answered with a tap, the countdown on screen, the attract
screen started by a touch, and what the next patient can see. (The policy itself:
tests/unit/session/test_idle.py.)"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.content import EntryRef, Section
from kiosk.ui.attract import AttractScreen
from kiosk.ui.card_list import CardListScreen
from kiosk.ui.reader import ReaderScreen
from kiosk.ui.screens import HomeScreen
from tests.helpers.stubs import fire
from tests.ui.conftest import Kiosk, KioskMaker

ALPHA = EntryRef(Section.LEARN, "alpha")


def reading(make_kiosk: KioskMaker, **config: object) -> Kiosk:
    kiosk = make_kiosk(**config)
    kiosk.session.open_entry(ALPHA)
    kiosk.session.next_page()
    return kiosk


def test_the_prompt_counts_down_on_screen(make_kiosk: KioskMaker) -> None:
    kiosk = reading(make_kiosk, still_there_timeout=20)
    fire(kiosk.session.idle.idle_timer)
    assert kiosk.prompt.isVisible()
    assert "20 seconds" in kiosk.prompt.message.text()
    fire(kiosk.session.idle.tick_timer)
    assert "19 seconds" in kiosk.prompt.message.text()


def test_a_tap_on_the_prompt_keeps_the_page(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    kiosk = reading(make_kiosk)
    fire(kiosk.session.idle.idle_timer)
    qtbot.mouseClick(kiosk.prompt, Qt.MouseButton.LeftButton)
    assert not kiosk.prompt.isVisible()
    assert kiosk.showing(ReaderScreen)
    assert kiosk.reader.page == 1


def test_start_over_now_resets_at_once(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    kiosk = reading(make_kiosk)
    fire(kiosk.session.idle.idle_timer)
    qtbot.mouseClick(kiosk.prompt.reset_button, Qt.MouseButton.LeftButton)
    assert kiosk.showing(AttractScreen)
    assert not kiosk.prompt.isVisible()


def test_after_the_reset_no_screen_holds_what_was_read(make_kiosk: KioskMaker) -> None:
    kiosk = reading(make_kiosk, still_there_timeout=20)
    kiosk.session.open_section(Section.LEARN)
    kiosk.session.open_entry(ALPHA)
    fire(kiosk.session.idle.idle_timer)
    for _ in range(20):
        fire(kiosk.session.idle.tick_timer)
    assert kiosk.showing(AttractScreen)
    reader = kiosk.window.screens.screen(ReaderScreen)
    assert (reader.showing, reader.document, reader.title.text()) == (None, None, "")
    assert kiosk.window.screens.screen(CardListScreen).area.cards == []
    assert not kiosk.top_bar.isVisible()


def test_a_touch_on_the_attract_screen_goes_home(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    kiosk = make_kiosk(attract_delay=30)
    fire(kiosk.session.idle.idle_timer)
    assert kiosk.showing(AttractScreen)
    qtbot.mouseClick(kiosk.attract, Qt.MouseButton.LeftButton)
    assert kiosk.showing(HomeScreen)


def test_the_attract_highlight_changes_slowly_and_shows_no_visit(make_kiosk: KioskMaker) -> None:
    kiosk = reading(make_kiosk)
    kiosk.session.reset()
    assert kiosk.attract.highlight.text() == "Alpha topic"  # a title, not the last page read
    fire(kiosk.attract._timer)
    assert kiosk.attract.highlight.text() == "Beta topic"
    assert AttractScreen.FADE_MS <= 5000  # motion lasts less than 5 s at a time
    kiosk.session.start()
    assert not kiosk.attract._timer.isActive()  # nothing moves where nobody sees it


def test_a_touch_anywhere_restarts_the_countdown(make_kiosk: KioskMaker) -> None:
    kiosk = reading(make_kiosk)
    kiosk.session.idle.idle_timer.stop()
    # Through the native window, as a real touch comes (the kiosk watches input there).
    handle = kiosk.window.windowHandle()
    assert handle is not None
    view = kiosk.reader.view
    spot = view.mapTo(kiosk.window, view.rect().center())
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, pos=spot)
    assert kiosk.session.idle.idle_timer.isActive()
