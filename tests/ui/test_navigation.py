"""A patient's path through the window by touch, mouse and keyboard: Home, a list, a topic page
by page, and Home again. (Where each step leads is the session's: tests/unit/session.)"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.content import EntryRef, Section
from kiosk.ui.card_list import CardListScreen
from kiosk.ui.page_view import PageView
from kiosk.ui.reader import ReaderScreen
from kiosk.ui.screens import HomeScreen
from tests.helpers.content import topic, write_content
from tests.ui.conftest import Kiosk, KioskMaker

ALPHA = EntryRef(Section.LEARN, "alpha")


def open_alpha(kiosk: Kiosk, qtbot: QtBot) -> None:
    qtbot.mouseClick(kiosk.home.tiles[Section.LEARN], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.lists.visible_cards()[0], Qt.MouseButton.LeftButton)


def swipe(view: PageView, dx: int) -> None:
    """A finger (or mouse) drag across the page: press, move, release."""
    start = view.rect().center() - QPoint(dx // 2, 0)
    end = start + QPoint(dx, 0)
    QTest.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(view, end)
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end, delay=120)


def test_home_has_two_tiles_with_section_titles(make_kiosk: KioskMaker) -> None:
    kiosk = make_kiosk()
    assert kiosk.showing(HomeScreen)
    titles = {s: t.title_label.text() for s, t in kiosk.home.tiles.items()}
    assert titles == {Section.LEARN: "Learn about care", Section.TREATMENTS: "Our treatments"}


def test_tap_tile_then_card_opens_the_reader(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    open_alpha(kiosk, qtbot)
    assert kiosk.showing(ReaderScreen)
    assert kiosk.reader.title.text() == "Alpha topic"
    assert kiosk.reader.page_count > 1
    assert kiosk.reader.nav.indicator.text() == f"1 of {kiosk.reader.page_count}"
    assert kiosk.session.place.screen.page_count == kiosk.reader.page_count  # type: ignore[union-attr]


def test_cards_are_in_front_matter_order(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    qtbot.mouseClick(kiosk.home.tiles[Section.LEARN], Qt.MouseButton.LeftButton)
    assert [c.accessibleName() for c in kiosk.lists.visible_cards()] == [
        "Alpha topic",
        "Beta topic",
    ]


def test_a_treatment_card_shows_its_facts(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    qtbot.mouseClick(kiosk.home.tiles[Section.TREATMENTS], Qt.MouseButton.LeftButton)
    card = kiosk.lists.visible_cards()[0]
    facts = [label.text() for label in card.fact_labels]  # type: ignore[attr-defined]
    assert facts == ["May help with: Depression, Pain"]


def test_next_and_back_buttons_turn_pages(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    open_alpha(kiosk, qtbot)
    count = kiosk.reader.page_count
    qtbot.mouseClick(kiosk.reader.nav.next_button, Qt.MouseButton.LeftButton)
    assert kiosk.reader.page == 1
    assert kiosk.reader.nav.indicator.text() == f"2 of {count}"
    qtbot.mouseClick(kiosk.reader.nav.previous_button, Qt.MouseButton.LeftButton)
    assert kiosk.reader.page == 0


def test_swipe_left_and_right_with_the_mouse(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    open_alpha(kiosk, qtbot)
    swipe(kiosk.reader.view, -400)
    assert kiosk.reader.page == 1
    swipe(kiosk.reader.view, 400)
    assert kiosk.reader.page == 0


def test_a_short_or_vertical_drag_is_not_a_swipe(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    open_alpha(kiosk, qtbot)
    swipe(kiosk.reader.view, -40)
    view = kiosk.reader.view
    start = view.rect().center()
    QTest.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, pos=start + QPoint(-200, 400), delay=100)
    assert kiosk.reader.page == 0


def test_swipe_with_a_finger_on_a_touchscreen(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    # Touch points must fall on the (offscreen, 800x600) screen, so the window fits on it.
    kiosk = make_kiosk(size=(800, 600))
    open_alpha(kiosk, qtbot)
    view = kiosk.reader.view
    device = QTest.createTouchDevice()
    start = view.rect().center() + QPoint(150, 0)
    QTest.touchEvent(view, device).press(0, start, view).commit()
    for step in range(1, 9):
        QTest.touchEvent(view, device).move(0, start - QPoint(step * 35, 0), view).commit()
    QTest.touchEvent(view, device).release(0, start - QPoint(300, 0), view).commit()
    qtbot.waitUntil(lambda: kiosk.reader.page == 1, timeout=1000)


def test_next_on_the_last_page_says_where_it_goes(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    open_alpha(kiosk, qtbot)
    for _ in range(kiosk.reader.page_count - 1):
        qtbot.mouseClick(kiosk.reader.nav.next_button, Qt.MouseButton.LeftButton)
    assert kiosk.reader.nav.next_button.accessibleName() == "Topics"
    qtbot.mouseClick(kiosk.reader.nav.next_button, Qt.MouseButton.LeftButton)
    assert kiosk.showing(CardListScreen)


def test_list_pages_turn_with_buttons_and_swipes(
    make_kiosk: KioskMaker, qtbot: QtBot, tmp_path: Path
) -> None:
    many = {f"learn/t{n:02d}.md": topic(f"Topic {n}", "Text.", summary="S") for n in range(12)}
    kiosk = make_kiosk(root=write_content(tmp_path / "c", many))
    qtbot.mouseClick(kiosk.home.tiles[Section.LEARN], Qt.MouseButton.LeftButton)
    lists = kiosk.lists
    assert lists.page_count > 1
    assert lists.nav.indicator.text() == f"Page 1 of {lists.page_count}"
    qtbot.mouseClick(lists.nav.next_button, Qt.MouseButton.LeftButton)
    assert lists.area.page == 1
    start = lists.area.rect().center() - QPoint(200, 0)
    QTest.mousePress(lists.area, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseRelease(lists.area, Qt.MouseButton.LeftButton, pos=start + QPoint(400, 0), delay=120)
    assert lists.area.page == 0


def test_home_is_one_tap_away(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    open_alpha(kiosk, qtbot)
    assert kiosk.top_bar.home_button.isVisible()
    qtbot.mouseClick(kiosk.top_bar.home_button, Qt.MouseButton.LeftButton)
    assert kiosk.showing(HomeScreen)
    assert not kiosk.top_bar.home_button.isVisible()  # already Home


def test_keyboard_turns_pages_and_escape_goes_home(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    open_alpha(kiosk, qtbot)
    handle = kiosk.window.windowHandle()
    QTest.keyClick(handle, Qt.Key.Key_Right)
    QTest.keyClick(handle, Qt.Key.Key_PageDown)
    assert kiosk.reader.page == 2
    QTest.keyClick(handle, Qt.Key.Key_PageUp)
    QTest.keyClick(handle, Qt.Key.Key_Left)
    assert kiosk.reader.page == 0
    QTest.keyClick(handle, Qt.Key.Key_Escape)
    assert kiosk.showing(HomeScreen)
    assert kiosk.window.isVisible()


def test_home_is_painted_before_the_topics_load(
    qtbot: QtBot, kiosk_app: object, content_dir: Path
) -> None:
    from kiosk.config import KioskConfig
    from kiosk.content import load_library
    from kiosk.content.library import load_site_first

    kiosk = Kiosk(load_site_first(content_dir), KioskConfig(fullscreen=False))
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1080, 1920)
    kiosk.window.show()
    assert kiosk.showing(HomeScreen)  # not "being updated"
    assert kiosk.home.tiles[Section.LEARN].title_label.text() == "Learn about care"
    kiosk.session.apply_library(load_library(content_dir))  # what the app does after it
    kiosk.session.open_section(Section.LEARN)
    assert [c.accessibleName() for c in kiosk.lists.visible_cards()] == [
        "Alpha topic",
        "Beta topic",
    ]


def test_only_home_is_built_until_the_other_screens_are_needed(
    make_kiosk: KioskMaker, qtbot: QtBot
) -> None:
    """Lists, reader and overlays are built on first use, and then show the patient's current
    language and text size, as if they had been there all along."""
    from kiosk.i18n import Strings
    from kiosk.ui.overlays import Overlay

    kiosk = make_kiosk()
    window = kiosk.window
    built = {kind: window.findChildren(kind) for kind in (ReaderScreen, CardListScreen, Overlay)}
    assert built == {ReaderScreen: [], CardListScreen: [], Overlay: []}

    kiosk.session.set_language("es")
    kiosk.session.change_text_size(+1)
    open_alpha(kiosk, qtbot)
    spanish = Strings("es")
    assert len(window.findChildren(CardListScreen)) == 1
    assert len(window.findChildren(ReaderScreen)) == 1
    assert kiosk.reader.nav.next_button.text() == spanish["next"]
    assert kiosk.reader.title.font().pixelSize() == window.look.theme.px(50)
    assert window.look.theme.text_scale == 1.25

    kiosk.session.ask_still_there()
    assert kiosk.prompt.isVisible()
    assert kiosk.prompt.stay_button.text() == spanish["still_here"]


def test_keys_still_work_after_full_screen_is_switched_off_and_on(
    make_kiosk: KioskMaker, qtbot: QtBot
) -> None:
    """Switching full screen can give the window a new native window (platform-dependent);
    the kiosk watches whichever it has when it is shown."""
    kiosk = make_kiosk(hide_cursor=False)
    open_alpha(kiosk, qtbot)
    kiosk.session.set_kiosk_mode(True)
    kiosk.session.set_kiosk_mode(False)
    qtbot.waitExposed(kiosk.window)
    handle = kiosk.window.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, Qt.Key.Key_Right)
    assert kiosk.reader.page == 1
