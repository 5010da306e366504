"""A second touch that lands right after a new screen is taken whole (``kiosk.ui.touch_guard``):
a double tap, or a hand that shakes, opens one screen, not two."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.content import Section
from kiosk.session import CardList, Home, Place, Reading
from kiosk.ui.touch_guard import TouchGuard
from tests.ui.conftest import Kiosk, KioskMaker
from tests.ui.test_navigation import swipe

GUARD = 0.3


def tap_at(kiosk: Kiosk, widget: QWidget) -> None:
    """A touch at the middle of ``widget``, through the window, as the screen delivers it."""
    handle = kiosk.window.windowHandle()
    where = widget.mapTo(kiosk.window, widget.rect().center())
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)


def test_a_double_tap_on_a_home_tile_opens_its_list_not_a_topic(
    make_kiosk: KioskMaker, qtbot: QtBot
) -> None:
    kiosk = make_kiosk(touch_repeat_seconds=GUARD)  # as kiosk.toml sets it
    tile = kiosk.home.tiles[Section.LEARN]
    tap_at(kiosk, tile)
    assert isinstance(kiosk.session.place.screen, CardList)
    first_card = kiosk.lists.visible_cards()[0]
    tap_at(kiosk, first_card)  # the double tap's second touch, on the list's first card
    assert isinstance(kiosk.session.place.screen, CardList)
    qtbot.wait(int(GUARD * 1000) + 50)  # a patient who has read the list and chosen
    tap_at(kiosk, first_card)
    assert isinstance(kiosk.session.place.screen, Reading)


def test_pages_can_be_flicked_through_as_fast_as_a_finger_goes(
    make_kiosk: KioskMaker, qtbot: QtBot
) -> None:
    kiosk = make_kiosk(touch_repeat_seconds=GUARD)  # as kiosk.toml sets it
    tap_at(kiosk, kiosk.home.tiles[Section.LEARN])
    qtbot.wait(int(GUARD * 1000) + 50)
    tap_at(kiosk, kiosk.lists.visible_cards()[0])
    assert kiosk.reader.page_count > 2
    qtbot.wait(int(GUARD * 1000) + 50)
    swipe(kiosk.reader.view, -300)
    swipe(kiosk.reader.view, -300)  # at once: the same screen, another page
    assert kiosk.reader.page == 2


class FakeSession:
    def __init__(self) -> None:
        self.place = Place(Home())
        self.activities = 0

    def activity(self) -> None:
        self.activities += 1


def test_a_touch_too_soon_is_taken_to_its_lift_and_still_counts_as_someone_there() -> None:
    now = SimpleNamespace(t=100.0)
    session = FakeSession()
    guard = TouchGuard(session, ignore_repeat_seconds=GUARD, clock=lambda: now.t)  # type: ignore[arg-type]
    guard.new_screen()
    now.t += GUARD - 0.01
    taken = [
        guard.takes(kind)
        for kind in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.MouseMove,
            QEvent.Type.MouseButtonRelease,
        )
    ]
    assert taken == [True, True, True, True]
    assert session.activities == 1
    assert guard.takes(QEvent.Type.KeyPress) is False  # the finger lifted: that touch is over
    assert guard.takes(QEvent.Type.TouchBegin) is True  # a third touch, still too soon


def test_keys_are_never_taken_and_a_touch_after_the_guard_is_not() -> None:
    now = SimpleNamespace(t=100.0)
    guard = TouchGuard(FakeSession(), ignore_repeat_seconds=GUARD, clock=lambda: now.t)  # type: ignore[arg-type]
    guard.new_screen()
    assert guard.takes(QEvent.Type.KeyPress) is False
    assert guard.takes(QEvent.Type.KeyRelease) is False
    now.t += GUARD + 0.001
    assert guard.takes(QEvent.Type.MouseButtonPress) is False
    assert guard.takes(QEvent.Type.TouchBegin) is False


def test_before_any_new_screen_nothing_is_taken() -> None:
    guard = TouchGuard(FakeSession(), ignore_repeat_seconds=GUARD)  # type: ignore[arg-type]
    assert guard.takes(QEvent.Type.MouseButtonPress) is False
