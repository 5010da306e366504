"""The closed screen: black, and the touch that wakes it presses nothing."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.session import Attract, Closed, Home
from kiosk.ui.screens import ClosedScreen
from tests.ui.conftest import KioskMaker


def tap(kiosk_window: object, where: QPoint) -> None:
    handle = kiosk_window.windowHandle()  # type: ignore[attr-defined]
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)


def test_the_touch_that_wakes_the_kiosk_presses_nothing(make_kiosk: KioskMaker) -> None:
    kiosk = make_kiosk(size=(1080, 1920))
    kiosk.session.close_for_now()
    assert kiosk.showing(ClosedScreen)
    picture = kiosk.window.grab().toImage()
    assert picture.pixelColor(540, 960).name() == "#000000"
    assert not kiosk.top_bar.isVisible()

    tap(kiosk.window, QPoint(540, 960))  # the attract screen would start a visit on a tap
    assert isinstance(kiosk.session.place.screen, Attract)
    assert not kiosk.session.in_visit

    tap(kiosk.window, QPoint(540, 960))  # the next touch is an ordinary one
    assert isinstance(kiosk.session.place.screen, Home)


def test_a_key_wakes_it_too_and_does_nothing_else(make_kiosk: KioskMaker) -> None:
    kiosk = make_kiosk()
    kiosk.session.close_for_now()
    handle = kiosk.window.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, Qt.Key.Key_Return)
    assert isinstance(kiosk.session.place.screen, Attract)
    assert not isinstance(kiosk.session.place.screen, Closed)
