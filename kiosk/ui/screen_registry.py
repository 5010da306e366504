"""The screens and overlays of the window, each built the first time a place needs it.

Home's screen is loaded with the window, so that the first paint waits for nothing else; the
card lists, the reader, the attract screen and the overlays, and their modules, are loaded
the first time they are shown (or in idle time after the first paint: ``prepare``). Every
screen is built in the window's current look, and kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.content import EntryRef, Section
from kiosk.session import Attract, CardList, Closed, Home, Overlay, Reading, Updating
from kiosk.session import Screen as ScreenPlace
from kiosk.ui.screens import ClosedScreen, Context, HomeScreen, Look, MessageScreen, Screen

if TYPE_CHECKING:
    from kiosk.ui.overlays import Overlay as OverlayWidget

AnyScreen = TypeVar("AnyScreen", bound=Screen)
AnyOverlay = TypeVar("AnyOverlay", bound="OverlayWidget")


def screen_class(screen: ScreenPlace) -> type[Screen]:
    """The screen that shows a place."""
    if isinstance(screen, Home):
        return HomeScreen
    if isinstance(screen, Updating):
        return MessageScreen
    if isinstance(screen, Closed):
        return ClosedScreen
    if isinstance(screen, Attract):
        from kiosk.ui.attract import AttractScreen  # noqa: PLC0415 - built on first use

        return AttractScreen
    if isinstance(screen, CardList):
        from kiosk.ui.card_list import CardListScreen  # noqa: PLC0415 - built on first use

        return CardListScreen
    assert isinstance(screen, Reading)
    from kiosk.ui.reader import ReaderScreen  # noqa: PLC0415 - built on first use

    return ReaderScreen


def overlay_class(overlay: Overlay) -> type[OverlayWidget]:
    from kiosk.ui import overlays  # noqa: PLC0415 - built on first use

    return {
        Overlay.STILL_THERE: overlays.StillTherePrompt,
        Overlay.PIN_PAD: overlays.PinPad,
        Overlay.ADMIN: overlays.AdminPanel,
    }[overlay]


class ScreenRegistry:
    """The window's screens (pages of ``stack``) and overlays (children of ``window``), by
    class, built in ``look()`` the first time each is asked for."""

    def __init__(
        self, context: Context, stack: QStackedWidget, window: QWidget, look: Callable[[], Look]
    ) -> None:
        self._context = context
        self._stack = stack
        self._window = window
        self._look = look
        self._screens: dict[type[Screen], Screen] = {}
        self._overlays: dict[type[OverlayWidget], OverlayWidget] = {}

    def screen(self, kind: type[AnyScreen]) -> AnyScreen:
        built = self._screens.get(kind)
        if built is None:
            built = kind(self._context)
            self._stack.addWidget(built)
            built.restyle(self._look())
            self._screens[kind] = built
        assert isinstance(built, kind)
        return built

    def overlay(self, kind: type[AnyOverlay]) -> AnyOverlay:
        built = self._overlays.get(kind)
        if built is None:
            built = kind(self._context)
            built.setParent(self._window)
            built.hide()
            built.restyle(self._look())
            self._overlays[kind] = built
        assert isinstance(built, kind)
        return built

    def prepare(self) -> None:
        """Build the list and reader screens now (the app calls this in idle time after the
        first paint), so the first tap of the day does not wait for them."""
        self.screen(screen_class(CardList(Section.LEARN)))
        self.screen(screen_class(Reading(EntryRef(Section.LEARN, "-"))))

    def __contains__(self, kind: type[Screen]) -> bool:
        """Whether the screen of this class has been built."""
        return kind in self._screens

    def built_screens(self) -> Iterator[Screen]:
        yield from self._screens.values()

    def built_overlays(self) -> Iterator[tuple[type[OverlayWidget], OverlayWidget]]:
        yield from self._overlays.items()

    def restyle(self, look: Look) -> None:
        for screen in self._screens.values():
            screen.restyle(look)
        for overlay in self._overlays.values():
            overlay.restyle(look)
