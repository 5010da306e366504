"""A patient's path through the kiosk: Home, a list, a topic page by page, and Home again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.content import EntryRef, Section
from kiosk.ui.page_view import PageView
from kiosk.ui.window import KioskWindow
from tests.ui.conftest import WindowMaker


def open_alpha(window: KioskWindow, qtbot: QtBot) -> None:
    qtbot.mouseClick(window.home.tiles[Section.LEARN], Qt.MouseButton.LeftButton)
    cards = window.lists[Section.LEARN].visible_cards()
    qtbot.mouseClick(cards[0], Qt.MouseButton.LeftButton)


def swipe(qtbot: QtBot, view: PageView, dx: int) -> None:
    """A finger (or mouse) drag across the page: press, move, release."""
    start = view.rect().center() - QPoint(dx // 2, 0)
    end = start + QPoint(dx, 0)
    QTest.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(view, end)
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end, delay=120)


def test_home_has_two_tiles_with_section_titles(make_window: WindowMaker) -> None:
    window = make_window()
    assert window.stack.currentWidget() is window.home
    titles = {s: t.title_label.text() for s, t in window.home.tiles.items()}
    assert titles == {Section.LEARN: "Learn about care", Section.TREATMENTS: "Our treatments"}


def test_tap_tile_then_card_opens_reader(make_window: WindowMaker, qtbot: QtBot) -> None:
    window = make_window()
    open_alpha(window, qtbot)
    assert window.stack.currentWidget() is window.reader
    assert window.reader.ref == EntryRef(Section.LEARN, "alpha")
    assert window.reader.title.text() == "Alpha topic"
    assert window.reader.page_count > 1
    assert window.reader.indicator.text() == f"1 of {window.reader.page_count}"


def test_cards_are_in_front_matter_order(make_window: WindowMaker, qtbot: QtBot) -> None:
    window = make_window()
    qtbot.mouseClick(window.home.tiles[Section.LEARN], Qt.MouseButton.LeftButton)
    names = [c.accessibleName() for c in window.lists[Section.LEARN].visible_cards()]
    assert names == ["Alpha topic", "Beta topic"]


def test_treatment_card_shows_its_facts(make_window: WindowMaker, qtbot: QtBot) -> None:
    window = make_window()
    qtbot.mouseClick(window.home.tiles[Section.TREATMENTS], Qt.MouseButton.LeftButton)
    card = window.lists[Section.TREATMENTS].visible_cards()[0]
    facts = [label.text() for label in card.fact_labels]  # type: ignore[attr-defined]
    assert facts == ["Helps with: Depression, Pain"]


def test_next_and_back_buttons_turn_pages(make_window: WindowMaker, qtbot: QtBot) -> None:
    window = make_window()
    open_alpha(window, qtbot)
    count = window.reader.page_count
    qtbot.mouseClick(window.reader.next_button, Qt.MouseButton.LeftButton)
    assert window.reader.page == 1
    assert window.reader.indicator.text() == f"2 of {count}"
    qtbot.mouseClick(window.reader.previous_button, Qt.MouseButton.LeftButton)
    assert window.reader.page == 0


def test_swipe_left_and_right_with_the_mouse(make_window: WindowMaker, qtbot: QtBot) -> None:
    window = make_window()
    open_alpha(window, qtbot)
    swipe(qtbot, window.reader.view, -400)
    assert window.reader.page == 1
    swipe(qtbot, window.reader.view, 400)
    assert window.reader.page == 0


def test_short_or_vertical_drag_is_not_a_swipe(make_window: WindowMaker, qtbot: QtBot) -> None:
    window = make_window()
    open_alpha(window, qtbot)
    swipe(qtbot, window.reader.view, -40)
    view = window.reader.view
    start = view.rect().center()
    QTest.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, pos=start + QPoint(-200, 400), delay=100)
    assert window.reader.page == 0


def test_swipe_with_a_finger_on_a_touchscreen(make_window: WindowMaker, qtbot: QtBot) -> None:
    # Touch points must fall on the (offscreen, 800x600) screen, so the window fits on it.
    window = make_window(size=(800, 600))
    open_alpha(window, qtbot)
    view = window.reader.view
    device = QTest.createTouchDevice()
    start = view.rect().center() + QPoint(150, 0)
    QTest.touchEvent(view, device).press(0, start, view).commit()
    for step in range(1, 9):
        QTest.touchEvent(view, device).move(0, start - QPoint(step * 35, 0), view).commit()
    QTest.touchEvent(view, device).release(0, start - QPoint(300, 0), view).commit()
    qtbot.waitUntil(lambda: window.reader.page == 1, timeout=1000)


def test_next_on_last_page_returns_to_list(make_window: WindowMaker, qtbot: QtBot) -> None:
    window = make_window()
    open_alpha(window, qtbot)
    for _ in range(window.reader.page_count - 1):
        qtbot.mouseClick(window.reader.next_button, Qt.MouseButton.LeftButton)
    assert window.reader.next_button.accessibleName() == "Topics"
    qtbot.mouseClick(window.reader.next_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.lists[Section.LEARN]


def test_home_is_one_tap_away(make_window: WindowMaker, qtbot: QtBot) -> None:
    window = make_window()
    open_alpha(window, qtbot)
    assert window.home_button.isVisible()
    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.home


def test_keyboard_turns_pages_and_escape_goes_home(make_window: WindowMaker, qtbot: QtBot) -> None:
    window = make_window()
    open_alpha(window, qtbot)
    window.activateWindow()
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Right)
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_PageDown)
    assert window.reader.page == 2
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_PageUp)
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Left)
    assert window.reader.page == 0
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home
    assert window.isVisible()


def test_open_entry_by_reference(make_window: WindowMaker) -> None:
    window = make_window()
    assert window.open_entry(EntryRef(Section.TREATMENTS, "one"))
    assert window.reader.title.text() == "Treatment one"
    assert not window.open_entry(EntryRef(Section.LEARN, "missing"))
    assert window.reader.ref == EntryRef(Section.TREATMENTS, "one")


def test_home_paints_before_the_topics_load(
    qtbot: QtBot, kiosk_app: object, content_dir: Path
) -> None:
    from kiosk.content import load_library
    from kiosk.content.library import load_site_first
    from kiosk.ui.window import KioskOptions

    window = KioskWindow(load_site_first(content_dir), KioskOptions(kiosk_mode=False))
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.show()
    window.go_home()
    assert window.stack.currentWidget() is window.home  # not "being updated"
    assert window.home.tiles[Section.LEARN].title_label.text() == "Learn about care"
    window.apply_library(load_library(content_dir))  # what the app does after the first paint
    window.open_section(Section.LEARN)
    assert [c.accessibleName() for c in window.lists[Section.LEARN].visible_cards()] == [
        "Alpha topic",
        "Beta topic",
    ]


def test_only_home_is_built_until_the_other_screens_are_needed(
    make_window: WindowMaker, qtbot: QtBot
) -> None:
    """Lists, reader and overlays are built on first use (start-up time), and then show the
    patient's current language and text size, as if they had been there all along."""
    from kiosk.i18n import Strings
    from kiosk.ui.card_list import CardListScreen
    from kiosk.ui.overlays import Overlay
    from kiosk.ui.reader import ReaderScreen

    window = make_window()
    built = {kind: window.findChildren(kind) for kind in (ReaderScreen, CardListScreen, Overlay)}
    assert built == {ReaderScreen: [], CardListScreen: [], Overlay: []}

    window.set_language("es")
    window.set_text_scale(+1)
    open_alpha(window, qtbot)
    spanish = Strings("es")
    assert len(window.findChildren(CardListScreen)) == 2
    assert len(window.findChildren(ReaderScreen)) == 1
    assert window.reader.next_button.text().startswith(spanish["next"])
    assert window.reader.title.font().pixelSize() == window.theme.px(50)
    assert window.theme.text_scale == 1.25

    window.show_still_there()
    assert window.prompt.isVisible()
    assert window.prompt.stay_button.text() == spanish["still_here"]


def test_keys_still_work_after_full_screen_is_switched_off_and_on(
    make_window: WindowMaker, qtbot: QtBot
) -> None:
    """Switching full screen can give the window a new native window (platform-dependent);
    the kiosk watches whichever it has when it is shown."""
    window = make_window()
    open_alpha(window, qtbot)
    window.enter_full_screen(hide_cursor=False)
    window.leave_full_screen()
    qtbot.waitExposed(window)
    handle = window.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, Qt.Key.Key_Right)
    assert window.reader.page == 1
