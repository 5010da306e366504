"""Opening hours, applied: the kiosk closes (a black screen, the display asleep) outside
``opening_hours`` and opens again at opening time.

It never closes on a patient: at closing time it waits until no visit is under way (the idle
reset ends every visit) and no staff overlay is open. A touch on the closed
screen wakes it for ``WAKE_SECONDS``; then, if nobody is using it, it closes again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from kiosk.opening_hours import OpeningHours
from kiosk.session.idle import TimerFactory
from kiosk.session.place import Closed
from kiosk.session.session import Session

CHECK_EVERY_MS = 30_000  # a clock change or a day change is seen within half a minute
WAKE_SECONDS = 180.0


class OpeningSchedule(QObject):
    """Looks at the clock every half minute and opens or closes the session."""

    def __init__(
        self,
        session: Session,
        hours: OpeningHours,
        *,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
        timer_factory: TimerFactory = QTimer,
    ) -> None:
        super().__init__(session)
        self.session = session
        self.hours = hours
        self._clock = clock
        self._awake_until: dt.datetime | None = None
        self._timer = timer_factory()
        self._timer.setParent(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        session.woken.connect(self._woken)

    def start(self) -> None:
        self.check()
        self._timer.start()

    def _woken(self) -> None:
        self._awake_until = self._clock() + dt.timedelta(seconds=WAKE_SECONDS)

    def check(self) -> None:
        now = self._clock()
        session = self.session
        closed = isinstance(session.place.screen, Closed)
        if self.hours.is_open(now):
            self._awake_until = None
            if closed:
                session.open_again()
            return
        if closed or session.in_visit or session.place.overlay is not None:
            return  # already asleep, or someone is using it: the idle reset comes first
        if self._awake_until is None or now >= self._awake_until:
            self._awake_until = None
            session.close_for_now()
