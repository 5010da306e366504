"""Start-up of the kiosk, in order:

1. logging and ``kiosk.toml`` (done by the CLI), 2. the Qt application and the bundled font,
3. ``site.yaml``, the session, and the window with Home, in kiosk mode full screen and locked
down, or in a window, 4. the one error handler that keeps the kiosk running after an unexpected
error, 5. after Home's first paint: the topics (front matter only), read aloud, usage counting
and the folder watcher, the listeners of the session.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QMessageLogContext,
    QObject,
    QSize,
    QTimer,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import APP_NAME
from kiosk.admin import Admin
from kiosk.config import KioskConfig, usage_db_path
from kiosk.content import ContentLibrary, EntryRef, load_library
from kiosk.content.library import Entry, load_site_first
from kiosk.errors import ContentError
from kiosk.memory import forget_source_lines, resident_kib
from kiosk.session import OpeningSchedule, Session
from kiosk.ui.fonts import load_fonts
from kiosk.ui.window import KioskWindow
from kiosk.watchdog import Notifier, WatchdogPinger, status_line

if TYPE_CHECKING:
    from kiosk.analytics.store import UsageRecorder
    from kiosk.health import HealthReporter
    from kiosk.sources.follower import FollowedSource
    from kiosk.speech import Speaker

log = logging.getLogger(__name__)

PROCESS_START = time.perf_counter()  # as early as this module is imported


@dataclass(frozen=True)
class RunSettings:
    """Everything ``kiosk`` needs to start, already resolved from config and arguments."""

    config: KioskConfig  # ``fullscreen`` already says whether --windowed was given
    content_dir: Path
    window_size: QSize
    open_ref: EntryRef | None = None
    quit_after_first_paint: bool = False  # for start-up measurements and smoke tests


class FirstPaint(QObject):
    """Emits ``painted`` once, right after the window is first painted: the moment to do what
    Home does not need (load the topics, start the speech engine and the folder watcher), and
    where start-up is measured.

    It watches the window and every widget in it: a full-screen window may be painted
    entirely by its children, so the first paint can reach any of them, not the window
    itself. (Not the whole application: that would hand Qt's own objects to Python too.)

    A window that is never drawn (a compositor that sends no frames while its display is off
    at boot, say) must not keep the kiosk from loading its topics and telling systemd it is
    up, or systemd would restart it again and again: after ``timeout_ms`` without a paint,
    ``painted`` comes anyway, ``timed_out`` says so, and the log says what to check.
    """

    painted = Signal()
    TIMEOUT_MS = 20_000

    def __init__(self, window: QWidget, timeout_ms: int = TIMEOUT_MS) -> None:
        super().__init__(window)
        self.timed_out = False
        self._watched = [window, *window.findChildren(QWidget)]
        for widget in self._watched:
            widget.installEventFilter(self)
        self._deadline = QTimer(self, singleShot=True, interval=timeout_ms)
        self._deadline.timeout.connect(self._give_up_waiting)
        self._deadline.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and self._watched:
            self._done()
            QTimer.singleShot(0, self.painted.emit)  # after this paint has finished
        return False

    def _give_up_waiting(self) -> None:
        if not self._watched:
            return
        self._done()
        self.timed_out = True
        log.warning(
            "the window has not been drawn %d s after start-up: is the display connected,"
            " on and showing this session? Loading the topics anyway",
            self._deadline.interval() // 1000,
        )
        self.painted.emit()

    def _done(self) -> None:
        for widget in self._watched:
            widget.removeEventFilter(self)
        self._watched = []
        self._deadline.stop()


def _report_first_paint(first_paint: FirstPaint) -> None:
    """For --quit-after-first-paint (measurements, smoke tests): say when Home was painted
    and stop; a window never drawn is a failure (exit status 1), not a time."""
    if first_paint.timed_out:
        print("no first paint: the window was never drawn", flush=True)
        QApplication.exit(1)
        return
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
# And by Qt's accessibility bridge when a screen reader asks for something Qt does not offer
# (Orca and pyatspi ask every application for its bus address), or after an object that has
# just gone (a page or a card replaced between the reader's listing and its question: seen
# twice in an hour's soak with a reader walking every object every 3 s): the reader carries on.
INFO_QT_MESSAGES = (
    "Error loading text-to-speech plug-in",
    "AtSpiAdaptor::applicationInterface does not implement",
    "Could not find accessible on path",
)


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


def make_application(*, route_qt_messages: bool = True) -> QApplication:
    """The QApplication, created once, with the kiosk's font loaded. Qt's own messages go to
    the kiosk's log (tests keep pytest-qt's handler, which fails a test on a Qt warning)."""
    if route_qt_messages:
        qInstallMessageHandler(_route_qt_message)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    load_fonts()
    return app


def install_error_handler(session: Session) -> None:
    """Any unexpected exception: log it with its traceback, show Home calmly, keep running."""

    def handle(
        kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.exit(130)  # Ctrl+C in a terminal: stop, whatever the window says
            return
        log.error("unexpected error; the kiosk carries on", exc_info=(kind, error, trace))
        try:
            session.show_error()
        except Exception:
            log.exception("could not show the error screen")

    sys.excepthook = handle


def _convert_quietly(library: ContentLibrary, entry: Entry) -> None:
    """Convert a body ahead of time; one that cannot be is left for the session, which says
    why when a patient opens it."""
    with contextlib.suppress(ContentError):
        library.render(entry)


def warm_up(window: KioskWindow, session: Session) -> None:
    """After Home's first paint, in the idle moments that follow: what the first tap of the
    day would otherwise wait for (the list and reader screens, every body converted to HTML),
    one piece per turn of the event loop, so a touch meanwhile waits for one piece at most.
    Measured offscreen here: the first topic opened in 87 ms cold, 16 ms warmed."""
    library = session.library
    entries = [entry for versions in library.entries_by_ref.values() for entry in versions.values()]
    steps: list[Callable[[], object]] = [window.screens.prepare]
    steps += [partial(_convert_quietly, library, entry) for entry in entries]
    steps.append(forget_source_lines)  # of the modules the screens and conversions imported

    def next_step() -> None:
        if steps:
            steps.pop(0)()
            QTimer.singleShot(0, next_step)

    QTimer.singleShot(0, next_step)


def start_hygiene(session: Session, config: KioskConfig, notifier: Notifier) -> None:
    """The daily restart and the memory ceiling: only where systemd starts the kiosk again
    (started by hand, a restart would leave the screen empty)."""
    if not notifier.enabled:
        log.warning(
            "daily_restart / memory_limit_mb are set, but the kiosk is not run by systemd"
            " (no NOTIFY_SOCKET), so it will not restart itself"
        )
        return
    from kiosk.session.hygiene import Hygiene  # noqa: PLC0415 - only where it is set

    hygiene = Hygiene(
        session,
        daily_restart=config.daily_restart,
        memory_limit_mb=config.memory_limit_mb,
        resident_mb=lambda: resident_kib() / 1024,
    )

    def restart(reason: str) -> None:
        log.info("restarting for %s; systemd starts the kiosk again", reason)
        notifier.status(f"restarting for {reason}")
        QApplication.exit(0)

    hygiene.restart_wanted.connect(restart)
    hygiene.start()


def run(settings: RunSettings) -> int:
    """Run the kiosk until the admin exits it (or the window closes in windowed mode)."""
    forget_source_lines()  # of the modules imported so far, read by PySide6 as they came
    app = make_application()
    config = settings.config
    root = settings.content_dir
    size = settings.window_size
    screen = QGuiApplication.primaryScreen()
    if config.fullscreen and screen is not None:
        size = screen.geometry().size()
    sources: FollowedSource | None = None
    if config.content_source.enabled:  # a repository or a synced folder, version by version
        from kiosk.sources.follower import FollowedSource  # noqa: PLC0415 - only then

        sources = FollowedSource.open(config, root)
        root = sources.shown
    # Home needs only site.yaml; the topics load right after the first paint (unless a topic
    # must be open from the start).
    session = Session(load_site_first(root), config)
    admin = Admin(session)
    window = KioskWindow(session, admin, size=size)
    if settings.open_ref:
        session.apply_library(load_library(root))
    first_paint = FirstPaint(window)
    if settings.quit_after_first_paint:
        first_paint.painted.connect(partial(_report_first_paint, first_paint))

    def load_topics() -> None:
        if session.library.loading:
            session.apply_library(load_library(root))
        for problem in session.library.problems:
            log.warning("content: %s", problem.format())

    first_paint.painted.connect(load_topics)
    # systemd (Type=notify): ready once Home is painted and the topics are in, what the kiosk
    # shows, and pings from the event loop for its watchdog. Without systemd, nothing.
    notifier = Notifier()
    WatchdogPinger(notifier, parent=window).start()
    first_paint.painted.connect(lambda: notifier.ready(status_line(session.library)))
    session.library_changed.connect(lambda: notifier.status(status_line(session.library)))
    recorders: list[UsageRecorder] = []
    speakers: list[Speaker] = []
    reporters: list[HealthReporter] = []

    def start_listeners() -> None:
        # After the first paint, with their modules (SQLite and its writer thread, Qt's speech
        # engine on its thread): none is needed to show Home, and starting them first would
        # make staff wait.
        # The health reporter brings urllib (for its heartbeat), the display keeper ctypes
        # (for Xlib) and speech json and sockets: 25 ms of imports that Home does not need.
        from kiosk.analytics.store import UsageRecorder  # noqa: PLC0415
        from kiosk.health import HealthReporter  # noqa: PLC0415
        from kiosk.reload import ContentWatcher  # noqa: PLC0415
        from kiosk.speech import ReadAloud, make_speaker  # noqa: PLC0415
        from kiosk.ui.display import DisplayKeeper, XDisplayPower  # noqa: PLC0415
        from kiosk.usage import UsageCounter  # noqa: PLC0415

        speaker = make_speaker()  # starts its engine (a thread or a process): nothing waits for it
        if speaker is None:
            window.no_speech()
        else:
            speakers.append(speaker)

            def offer_speech() -> None:
                read_aloud = ReadAloud(session, speaker, window.screen_text)
                window.set_speech(read_aloud.say_words)

            speaker.ready.connect(offer_speech)
            speaker.unavailable.connect(window.no_speech)
        if config.usage_enabled and not settings.quit_after_first_paint:
            database = usage_db_path(config)
            recorder = UsageRecorder(
                database, config.kiosk_label, retention_days=config.usage_retention_days
            )
            recorders.append(recorder)
            UsageCounter(session, recorder)
            admin.usage_db = database
        if config.health.enabled:
            reporter = HealthReporter(session, config.health)
            reporter.content_source = sources.status if sources is not None else None
            reporter.start()
            reporters.append(reporter)
            if (heartbeat := reporter.heartbeat) is not None:
                admin.heartbeat_result = lambda: heartbeat.last_result
        if config.fullscreen and (power := XDisplayPower.open()) is not None:
            DisplayKeeper(session, power)  # never blanks while open
            admin.display_kept_awake = True
        if sources is not None:  # versions from a repository or a synced folder
            follower = sources.follow(window)
            follower.switched.connect(session.apply_library)
            admin.reload = follower.check
            admin.content_source = sources.admin_line
            follower.start()
        else:  # the content folder itself, live
            watcher = ContentWatcher(session.library, parent=window)
            watcher.reloaded.connect(session.apply_library)
            admin.reload = watcher.reload

    first_paint.painted.connect(forget_source_lines)  # of Home's (and an open topic's) imports
    first_paint.painted.connect(start_listeners)
    first_paint.painted.connect(lambda: warm_up(window, session))
    if config.daily_restart is not None or config.memory_limit_mb is not None:
        start_hygiene(session, config, notifier)
    if config.opening_hours is not None:  # closed outside them: black, the display asleep
        OpeningSchedule(session, config.opening_hours).start()
    # exit(), not quit(): Qt 6's quit() first asks every window to close.
    window.exited.connect(lambda: QApplication.exit(0))
    install_error_handler(session)
    window.expect_speech()  # the speech engine starts after the first paint
    if config.fullscreen:
        window.enter_full_screen(config.hide_cursor)
    else:
        window.resize(settings.window_size)
        window.show()
    if settings.open_ref is not None and not session.open_entry(settings.open_ref):
        log.error("--open %s: no such topic or treatment; starting on Home", settings.open_ref)
    status = app.exec()
    notifier.stopping()
    session.end_visit("exit")
    for recorder in recorders:
        recorder.close()  # writes what is still queued
    for speaker in speakers:
        speaker.close()
    for reporter in reporters:
        reporter.stop()
    return status
