"""Start-up of the kiosk, in order:

1. logging (done by the CLI), 2. the Qt application and the bundled font, 3. the content
library (front matter only), 4. the window, in kiosk mode full screen and locked down, or in
a window, 5. the one error handler that keeps the kiosk running after an unexpected error.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk.content import EntryRef, load_library
from kiosk.ui.fonts import load_fonts
from kiosk.ui.window import KioskOptions, KioskWindow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunSettings:
    """Everything ``kiosk`` needs to start, already resolved from config and arguments."""

    content_dir: Path
    options: KioskOptions
    fullscreen: bool
    hide_cursor: bool
    window_size: QSize
    open_ref: EntryRef | None = None


def make_application() -> QApplication:
    """The QApplication, created once, with the kiosk's font loaded."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("patient-kiosk")
    load_fonts()
    return app


def install_error_handler(window: KioskWindow) -> None:
    """Any unexpected exception: log it with its traceback, show Home calmly, keep running."""

    def handle(kind: type[BaseException], error: BaseException,
               trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        log.error("unexpected error; the kiosk carries on", exc_info=(kind, error, trace))
        try:
            window.show_error()
        except Exception:  # noqa: BLE001 - the handler itself must never fail
            log.exception("could not show the error screen")

    sys.excepthook = handle


def run(settings: RunSettings) -> int:
    """Run the kiosk until the admin exits it (or the window closes in windowed mode)."""
    app = make_application()
    library = load_library(settings.content_dir)
    for problem in library.problems:
        log.warning("content: %s", problem.format())
    window = KioskWindow(library, settings.options)
    install_error_handler(window)
    if settings.fullscreen:
        window.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        screen = QGuiApplication.primaryScreen()
        window.showFullScreen()
        if screen is not None:
            # With no window manager, showFullScreen() leaves the natural size: set it too.
            window.setGeometry(screen.geometry())
        if settings.hide_cursor:
            app.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
    else:
        window.resize(settings.window_size)
        window.show()
    if settings.open_ref is None or not window.open_entry(settings.open_ref):
        if settings.open_ref is not None:
            log.error("--open %s: no such topic or treatment; starting on Home", settings.open_ref)
        window.go_home()
    return app.exec()
