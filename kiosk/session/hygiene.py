"""Long-run hygiene: an optional daily restart and an optional memory ceiling, for a kiosk
that runs for weeks. Either is taken only while nobody is using the kiosk (no visit under way,
no staff overlay), and only where systemd will start it again; each is logged with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.session.idle import TimerFactory
from kiosk.session.session import Session

CHECK_EVERY_MS = 60_000


def first_after(moment: dt.datetime, at: dt.time) -> dt.datetime:
    """The first time of day ``at`` after ``moment``."""
    today = dt.datetime.combine(moment.date(), at)
    return today if today > moment else today + dt.timedelta(days=1)


class Hygiene(QObject):
    """Asks for a restart (``restart_wanted``, with the reason) when one is due."""

    restart_wanted = Signal(str)

    def __init__(
        self,
        session: Session,
        *,
        daily_restart: dt.time | None,
        memory_limit_mb: float | None,
        resident_mb: Callable[[], float],
        clock: Callable[[], dt.datetime] = dt.datetime.now,
        timer_factory: TimerFactory = QTimer,
    ) -> None:
        super().__init__(session)
        self.session = session
        self._memory_limit = memory_limit_mb
        self._resident_mb = resident_mb
        self._clock = clock
        self._due = first_after(clock(), daily_restart) if daily_restart is not None else None
        self._timer = timer_factory()
        self._timer.setParent(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        self._timer.start()

    def reason(self) -> str | None:
        """Why a restart is due now, or None."""
        if self._due is not None and self._clock() >= self._due:
            return f"the daily restart ({self._due:%H:%M})"
        if self._memory_limit is not None:
            used = self._resident_mb()
            if used > self._memory_limit:
                return f"memory {used:.0f} MB is above memory_limit_mb = {self._memory_limit:g}"
        return None

    def check(self) -> None:
        session = self.session
        if session.in_visit or session.place.overlay is not None:
            return  # never while someone is using it
        why = self.reason()
        if why is not None:
            self._timer.stop()
            self.restart_wanted.emit(why)
