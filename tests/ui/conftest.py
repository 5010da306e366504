"""Fixtures for UI tests: the kiosk's window on a session, on a small content tree, with
hand-fired timers; ``Kiosk`` names its parts for the tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from pytestqt.qtbot import QtBot

from kiosk.admin import Admin
from kiosk.config import KioskConfig
from kiosk.content import ContentLibrary, load_library
from kiosk.session import Session
from kiosk.ui.attract import AttractScreen
from kiosk.ui.card_list import CardListScreen
from kiosk.ui.controls import ControlBar
from kiosk.ui.overlays import AdminPanel, PinPad, StillTherePrompt
from kiosk.ui.reader import ReaderScreen
from kiosk.ui.screens import HomeScreen, MessageScreen, Screen
from kiosk.ui.window import KioskWindow
from tests.helpers.stubs import FAKE_TIMERS

AnyScreen = TypeVar("AnyScreen", bound=Screen)


class Kiosk:
    """The session, the admin module and the window, built as the app builds them, and the
    screens and overlays of the window by name (each is built when first asked for)."""

    def __init__(
        self,
        library: ContentLibrary,
        config: KioskConfig,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = Session(library, config, timer_factory=FAKE_TIMERS)
        self.admin = Admin(self.session, clock=clock)
        self.window = KioskWindow(
            self.session,
            self.admin,
            timer_factory=FAKE_TIMERS,
        )

    @property
    def top_bar(self) -> ControlBar:
        return self.window.top_bar

    @property
    def home(self) -> HomeScreen:
        return self.window.screens.screen(HomeScreen)

    @property
    def message(self) -> MessageScreen:
        return self.window.screens.screen(MessageScreen)

    @property
    def attract(self) -> AttractScreen:
        return self.window.screens.screen(AttractScreen)

    @property
    def lists(self) -> CardListScreen:
        return self.window.screens.screen(CardListScreen)

    @property
    def reader(self) -> ReaderScreen:
        return self.window.screens.screen(ReaderScreen)

    @property
    def prompt(self) -> StillTherePrompt:
        return self.window.screens.overlay(StillTherePrompt)

    @property
    def pin_pad(self) -> PinPad:
        return self.window.screens.overlay(PinPad)

    @property
    def admin_panel(self) -> AdminPanel:
        return self.window.screens.overlay(AdminPanel)

    def showing(self, kind: type[Screen]) -> bool:
        """Whether the screen on show is of this kind."""
        return isinstance(self.window.stack.currentWidget(), kind)


KioskMaker = Callable[..., Kiosk]


@pytest.fixture
def make_kiosk(qtbot: QtBot, kiosk_app: object, content_dir: Path) -> KioskMaker:
    """Build a shown kiosk: ``make_kiosk(size=(1080, 1920), root=..., **kiosk_toml)``; in a
    window unless ``fullscreen=True``."""

    def make(
        size: tuple[int, int] = (1080, 1920),
        root: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        **config: object,
    ) -> Kiosk:
        config.setdefault("fullscreen", False)
        # No repeat guard unless a test asks for one: a test clicks as soon as a screen is up.
        config.setdefault("touch_repeat_seconds", 0.0)
        library = load_library(root or content_dir)
        kiosk = Kiosk(library, KioskConfig(**config), clock)  # type: ignore[arg-type]
        qtbot.addWidget(kiosk.window)
        kiosk.window.resize(*size)
        kiosk.window.show()
        qtbot.waitExposed(kiosk.window)
        return kiosk

    return make
