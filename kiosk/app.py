"""Start-up of the kiosk, in order:

1. logging and ``kiosk.toml`` (done by the CLI), 2. the Qt application and the bundled font,
3. ``site.yaml`` and the window with Home, in kiosk mode full screen and locked down, or in a
window, 4. the one error handler that keeps the kiosk running after an unexpected error,
5. after Home's first paint: the topics (front matter only), the log file, read aloud, usage
counting and the folder watcher.

Until Home is built, ``kiosk.toml``, ``site.yaml`` and the interface strings come from
``kiosk.parse_cache`` when they have not changed since the last start.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLoggingCategory,
    QMessageLogContext,
    QObject,
    QSize,
    QStandardPaths,
    QTimer,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import APP_NAME, parse_cache
from kiosk.content import EntryRef, load_library
from kiosk.content.library import load_site_first
from kiosk.parse_cache import ParseCache
from kiosk.ui.fonts import load_fonts
from kiosk.ui.window import KioskOptions, KioskWindow

if TYPE_CHECKING:
    from kiosk.analytics.store import UsageRecorder

log = logging.getLogger(__name__)

PROCESS_START = time.perf_counter()  # as early as this module is imported


class RunSettings(NamedTuple):
    """Everything ``kiosk`` needs to start, already resolved from config and arguments."""

    content_dir: Path
    options: KioskOptions
    fullscreen: bool
    hide_cursor: bool
    window_size: QSize
    open_ref: EntryRef | None = None
    quit_after_first_paint: bool = False  # for start-up measurements and smoke tests
    # Worked out after the first paint (platformdirs): where usage is counted; None: it is off.
    usage_db: Callable[[], Path] | None = None
    usage_retention_days: float = 365.0
    kiosk_label: str = "kiosk"
    start_file_log: Callable[[], None] | None = None  # called once Home is painted
    parsed_settings: ParseCache | None = None  # saved once Home is painted


class FirstPaint(QObject):
    """Emits ``painted`` once, right after the window is first painted: the moment to do what
    Home does not need (load the topics, start the speech engine and the folder watcher), and
    where start-up is measured.

    It watches the window and every widget in it: a full-screen window may be painted
    entirely by its children, so the first paint can reach any of them, not the window
    itself. (Not the whole application: that would hand Qt's own objects to Python too.)
    """

    painted = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._watched = [window, *window.findChildren(QWidget)]
        for widget in self._watched:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and self._watched:
            for widget in self._watched:
                widget.removeEventFilter(self)
            self._watched = []
            QTimer.singleShot(0, self.painted.emit)  # after this paint has finished
        return False


def _report_first_paint() -> None:
    elapsed = time.perf_counter() - PROCESS_START
    print(
        f"first paint {elapsed * 1000:.0f} ms after start-up began, rss {resident_kib()} KiB",
        flush=True,
    )
    # exit(), not quit(): Qt 6's quit() asks windows to close, and the kiosk says no.
    QApplication.exit(0)


# Notices that Qt's offscreen platform prints for every window; they mean nothing for a kiosk.
QUIET_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)
# Said by Qt when a speech engine cannot start; the kiosk then hides Listen (and logs why).
INFO_QT_MESSAGES = ("Error loading text-to-speech plug-in",)


def _route_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's own warnings go to our log (and so to stderr), apart from known harmless notices."""
    if message in QUIET_QT_MESSAGES:
        return
    if message.startswith(INFO_QT_MESSAGES):
        logging.getLogger("qt").info("%s", message)
        return
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }.get(kind, logging.ERROR)
    logging.getLogger("qt").log(level, "%s", message)


def resident_kib() -> int:
    """This process's resident memory in KiB (Linux), or 0 where /proc is not available."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def make_application() -> QApplication:
    """The QApplication, created once, with the kiosk's font loaded."""
    qInstallMessageHandler(_route_qt_message)
    # Qt Multimedia (under text-to-speech) reports each sound system it does not find.
    QLoggingCategory.setFilterRules(
        "qt.multimedia.*.warning=false\nqt.speech.*.warning=false\nqt.speech.*.critical=false"
    )
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    load_fonts()
    return app


def parse_cache_file() -> Path | None:
    """Where settings files parsed at the last start are kept: the platform's cache folder
    for the kiosk. Qt's QStandardPaths, as QtCore is loaded by then anyway (platformdirs, used
    for the log and usage folders after the first paint, would add an import before Home)."""
    QCoreApplication.setApplicationName(APP_NAME)
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return Path(folder) / parse_cache.FILE_NAME if folder else None


def install_error_handler(window: KioskWindow) -> None:
    """Any unexpected exception: log it with its traceback, show Home calmly, keep running."""

    def handle(
        kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.exit(130)  # Ctrl+C in a terminal: stop, whatever the window says
            return
        log.error("unexpected error; the kiosk carries on", exc_info=(kind, error, trace))
        try:
            window.show_error()
        except Exception:
            log.exception("could not show the error screen")

    sys.excepthook = handle


def run(settings: RunSettings) -> int:
    """Run the kiosk until the admin exits it (or the window closes in windowed mode)."""
    app = make_application()
    root = settings.content_dir
    # Home needs only site.yaml; the topics load right after the first paint (unless a topic
    # must be open from the start).
    size = settings.window_size
    screen = QGuiApplication.primaryScreen()
    if settings.fullscreen and screen is not None:
        size = screen.geometry().size()
    window = KioskWindow(load_site_first(root), settings.options, size=size)
    parse_cache.activate(None)  # Home is built: from here on every file is parsed as it is
    if settings.open_ref:
        window.apply_library(load_library(root))
    first_paint = FirstPaint(window)
    if settings.quit_after_first_paint:
        first_paint.painted.connect(_report_first_paint)
    if settings.parsed_settings is not None:
        first_paint.painted.connect(settings.parsed_settings.save)

    def load_topics() -> None:
        if window.library.loading:
            window.apply_library(load_library(root))
        for problem in window.library.problems:
            log.warning("content: %s", problem.format())

    first_paint.painted.connect(load_topics)

    recorders: list[UsageRecorder] = []

    def start_services() -> None:
        # After the first paint: the speech engine, usage counting and the folder watcher are
        # not needed to show Home, and loading them first would make staff wait.
        from kiosk.ui.reload import ContentWatcher  # noqa: PLC0415 - after the first paint
        from kiosk.ui.speech import make_speaker  # noqa: PLC0415

        if settings.start_file_log is not None:
            settings.start_file_log()
        window.set_speaker(make_speaker())
        if settings.usage_db is not None and not settings.quit_after_first_paint:
            from kiosk.analytics.store import UsageRecorder  # noqa: PLC0415
            from kiosk.ui.usage import UsageTracker  # noqa: PLC0415

            usage_db = settings.usage_db()
            recorder = UsageRecorder(
                usage_db,
                settings.kiosk_label,
                retention_days=settings.usage_retention_days,
            )
            recorders.append(recorder)
            window.set_usage(UsageTracker(recorder))
            window.usage_db = usage_db
        window.watcher = ContentWatcher(window.library, parent=window)
        window.watcher.reloaded.connect(window.apply_library)

    first_paint.painted.connect(start_services)
    # exit(), not quit(): Qt 6's quit() first asks every window to close.
    window.exited.connect(lambda: QApplication.exit(0))
    install_error_handler(window)
    if settings.fullscreen:
        window.enter_full_screen(settings.hide_cursor)
    else:
        window.resize(settings.window_size)
        window.show()
    if settings.open_ref is None or not window.open_entry(settings.open_ref):
        if settings.open_ref is not None:
            log.error("--open %s: no such topic or treatment; starting on Home", settings.open_ref)
        window.go_home()
    status = app.exec()
    if window.usage is not None:
        window.usage.session_end("exit")
    for recorder in recorders:
        recorder.close()  # writes what is still queued
    return status
