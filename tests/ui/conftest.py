"""Fixtures for UI tests: a kiosk window on a small content tree, with hand-fired timers."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.content import load_library
from kiosk.ui.window import KioskOptions, KioskWindow
from tests.helpers.content import write_content
from tests.helpers.stubs import FAKE_TIMERS

WindowMaker = Callable[..., KioskWindow]


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    return write_content(tmp_path / "content")


@pytest.fixture
def make_window(qtbot: QtBot, kiosk_app: object, content_dir: Path) -> WindowMaker:
    """Build a shown window: ``make_window(size=(1080, 1920), root=..., **options)``."""

    def make(
        size: tuple[int, int] = (1080, 1920),
        root: Path | None = None,
        clock: Callable[[], float] | None = None,
        **options: object,
    ) -> KioskWindow:
        library = load_library(root or content_dir)
        kiosk_options = KioskOptions(**options)  # type: ignore[arg-type]
        window = KioskWindow(
            library,
            kiosk_options,
            timer_factory=FAKE_TIMERS,
            clock=clock or time.monotonic,
        )
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        window.go_home()
        return window

    return make
