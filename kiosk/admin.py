"""The admin part of the kiosk: the hidden gesture, the PIN lock, and what the admin screen
says about the content and its use. A listener of the session; its widgets (the PIN pad and
the admin panel in ``kiosk.ui.overlays``) only show what it says.

Staff tap the clinic's name on Home five times within four seconds, then enter the PIN (five
wrong tries lock the pad for 60 s). With no PIN set, a kiosk in full screen cannot be left
from the screen; a windowed kiosk opens the admin screen without one.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, Signal

from kiosk import __version__
from kiosk.content import EntryRef, Section, load_library
from kiosk.pin import PinLock
from kiosk.session import Overlay, Session

log = logging.getLogger(__name__)

TAPS = 5
TAP_WINDOW_S = 4.0
PROBLEM_LINES = 10
USAGE_DAYS = 7
CHART_SIZE = (1200, 700)


class Admin(QObject):
    """Opens the admin screen for staff, and says what it shows."""

    pin_message = Signal(str)  # what the PIN pad says after a try: wrong, or locked
    status_changed = Signal(str, str)  # the content's status and problems, after a reload
    exit_requested = Signal()  # "Exit kiosk": the window closes, and the kiosk stops

    def __init__(
        self,
        session: Session,
        *,
        usage_db: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(session)
        self.session = session
        self.usage_db = usage_db  # where usage is counted; None: counting is off
        self.reload: Callable[[], object] = self._load_again  # the app gives the watcher's
        self._clock = clock
        self._started = clock()
        self.display_kept_awake = False  # the app says so where it keeps an X display awake
        self.heartbeat_result: Callable[[], str] | None = None  # the app's, with a heartbeat
        self.content_source: Callable[[], str] | None = None  # with [content_source]
        self._taps: list[float] = []
        pin_hash = session.config.admin_pin_hash
        self.pin_lock = PinLock(pin_hash, now=clock) if pin_hash else None
        session.library_changed.connect(self._library_changed)

    # -- getting in -------------------------------------------------------------------------

    def tap_name(self) -> None:
        """One tap on the clinic's name; the fifth within four seconds opens the PIN pad."""
        now = self._clock()
        self._taps = [t for t in self._taps if now - t <= TAP_WINDOW_S]
        self._taps.append(now)
        if len(self._taps) >= TAPS:
            self._taps.clear()
            self.open()

    def open(self) -> None:
        """The PIN pad (or, in a window with no PIN set, the admin screen itself)."""
        if self.pin_lock is None and not self.session.kiosk_mode:
            self.session.open_admin_panel()
        else:
            self.session.open_pin_pad()

    def check_pin(self, pin: str) -> None:
        if self.pin_lock is None:
            return
        if self.pin_lock.check(pin):
            self.session.open_admin_panel()
            return
        strings = self.session.strings
        locked = self.pin_lock.locked_for()
        self.pin_message.emit(
            strings.count("admin_pin_locked", round(locked + 0.5))
            if locked > 0
            else strings["admin_pin_wrong"]
        )

    # -- what staff can do ------------------------------------------------------------------

    def close(self) -> None:
        self.session.close_admin()

    def exit_kiosk(self) -> None:
        log.info("kiosk exit requested")
        self.exit_requested.emit()

    def toggle_window_mode(self) -> None:
        self.session.set_kiosk_mode(not self.session.kiosk_mode)

    def reload_content(self) -> None:
        """Load the content folder again now (the admin screen's button)."""
        self.reload()

    def _load_again(self) -> None:
        library = self.session.library
        self.session.apply_library(load_library(library.root, previous=library))

    # -- what the admin screen says ---------------------------------------------------------

    def pin_hint(self) -> str:
        """What the PIN pad says when it opens: nothing, or that no PIN is set."""
        return "" if self.pin_lock else self.session.strings["admin_no_pin"]

    def _library_changed(self) -> None:
        if self.session.place.overlay is Overlay.ADMIN:
            self.status_changed.emit(*self.status())

    def status(self) -> tuple[str, str]:
        """The content folder at a glance, and every problem in it by file and line."""
        library = self.session.library
        strings = self.session.strings
        base = library.site.base_language
        counts = {section: len(library.entries(section, base)) for section in Section}
        status = strings.format(
            "admin_status",
            topics=strings.count("admin_topics", counts[Section.LEARN]),
            treatments=strings.count("admin_treatments", counts[Section.TREATMENTS]),
            languages=", ".join(library.site.languages),
            folder=library.root,
            loaded=library.loaded_at.strftime("%H:%M:%S"),
        )
        lines = [problem.format() for problem in sorted(set(library.problems))]
        if not lines:
            return status, strings["admin_no_problems"]
        more = len(lines) - PROBLEM_LINES
        tail = [strings.format("admin_more_problems", count=more)] if more > 0 else []
        head = strings.format("admin_problems", count=len(lines))
        return status, "\n".join([head, *lines[:PROBLEM_LINES], *tail])

    def machine(self) -> str:
        """The kiosk itself, for IT: version, uptime, opening hours, the display, and the
        health signals (the last heartbeat, where the status files are)."""
        strings = self.session.strings
        config = self.session.config
        minutes = int((self._clock() - self._started) // 60)
        hours, days = minutes // 60, minutes // (24 * 60)
        if days:
            uptime = strings.format("admin_uptime_days", days=days, hours=hours % 24)
        elif hours:
            uptime = strings.format("admin_uptime_hours", hours=hours, minutes=minutes % 60)
        else:
            uptime = strings.format("admin_uptime_minutes", minutes=minutes)
        hours_text = (
            config.opening_hours.text if config.opening_hours else strings["admin_always_open"]
        )
        display = strings[
            "admin_display_kept_awake" if self.display_kept_awake else "admin_display_system"
        ]
        lines = [
            strings.format(
                "admin_machine",
                version=__version__,
                uptime=uptime,
                hours=hours_text,
                display=display,
            )
        ]
        if self.heartbeat_result is not None:
            lines.append(strings.format("admin_heartbeat", result=self.heartbeat_result()))
        if self.content_source is not None:
            lines.append(strings.format("admin_content_source", source=self.content_source()))
        health = config.health
        files = [str(path) for path in (health.status_file, health.textfile_dir) if path]
        if files:
            lines.append(strings.format("admin_health_files", files=", ".join(files)))
        return "\n".join(lines)

    def usage(self) -> tuple[str, str | None]:
        """The last 7 days: the same figures as ``kiosk stats``, and its chart."""
        strings = self.session.strings
        if self.usage_db is None:
            return strings["admin_usage_off"], None
        if not self.usage_db.exists():
            return strings["admin_usage_none"], None
        # The reports and the chart (SQLite, pygal) load when the admin screen first shows them.
        from kiosk.analytics.chart import chart_svg  # noqa: PLC0415
        from kiosk.analytics.report import UsageDataError, summarize  # noqa: PLC0415

        try:
            since = dt.date.today() - dt.timedelta(days=USAGE_DAYS - 1)
            summary = summarize(self.usage_db, since=since)
        except UsageDataError as exc:
            return strings.format("admin_usage_unreadable", error=exc), None
        top = ", ".join(
            strings.format(
                "admin_usage_topic", title=self._title_of(t.section, t.slug, t.name), opens=t.opens
            )
            for t in summary.top_by_opens(3)
        )
        median = summary.median_session_seconds
        minutes = QLocale(strings.lang).toString((median or 0.0) / 60, "f", 1)
        text = strings.format(
            "admin_usage",
            sessions=strings.count("admin_sessions", summary.sessions),
            minutes=minutes,
            top=top or strings["admin_usage_no_topics"],
            qr=summary.qr_shown,
            listens=summary.listens,
        )
        return text, chart_svg(summary, size=CHART_SIZE)

    def _title_of(self, section: str, slug: str, fallback: str) -> str:
        """A counted topic's title as the admin knows it (it may since have been removed)."""
        try:
            found = self.session.library.entry(
                EntryRef(Section(section), slug), self.session.preferences.lang
            )
        except ValueError:
            return fallback
        return found[0].title if found else fallback
