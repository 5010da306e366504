"""The idle policy: what a quiet kiosk does, decided from the place alone (``idle_behaviour``),
and the timers that carry it out (``IdleTimer``).

After ``idle_timeout`` s without a touch anywhere private, "Still there?" counts down
``still_there_timeout`` s (one tap keeps the session), then the session resets so the next
patient sees nothing of the last one's. Home shows nothing private: the attract screen comes
after ``attract_delay`` s, with no prompt. Staff overlays and the attract screen wait for ever.

Timers come from ``timer_factory`` so tests fire them at once instead of sleeping.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.session.place import Attract, Closed, Home, Overlay, Place, Updating

TimerFactory = Callable[[], QTimer]


class Idle(Enum):
    OFF = "off"  # nothing to time: attract, updating, staff overlays (or idle reset turned off)
    HOME = "home"  # go to the attract screen after attract_delay
    READING = "reading"  # ask "Still there?" after idle_timeout
    PROMPTING = "prompting"  # "Still there?" is counting down


def idle_behaviour(place: Place) -> Idle:
    """What being left alone at ``place`` leads to."""
    if place.overlay is Overlay.STILL_THERE:
        return Idle.PROMPTING
    if place.overlay is not None or isinstance(place.screen, Attract | Closed | Updating):
        return Idle.OFF
    if isinstance(place.screen, Home):
        return Idle.HOME
    return Idle.READING


class IdleTimer(QObject):
    """Runs the countdown for one behaviour at a time; told about every touch."""

    expired = Signal(object)  # the Idle behaviour whose wait ran out (HOME or READING)
    countdown = Signal(int)  # seconds "Still there?" has left
    countdown_over = Signal()

    def __init__(
        self,
        idle_timeout: float,
        still_there_timeout: float,
        attract_delay: float,
        timer_factory: TimerFactory = QTimer,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.enabled = idle_timeout > 0
        self.waits = {Idle.HOME: attract_delay, Idle.READING: idle_timeout}
        self.still_there_timeout = still_there_timeout
        self.behaviour = Idle.OFF
        self.idle_timer = timer_factory()
        self.idle_timer.setParent(self)  # dies with its owner: never fires at a deleted object
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(lambda: self.expired.emit(self.behaviour))
        self.tick_timer = timer_factory()
        self.tick_timer.setParent(self)
        self.tick_timer.setInterval(1000)
        self.tick_timer.timeout.connect(self._tick)
        self.seconds_left = 0

    def watch(self, behaviour: Idle) -> None:
        """Time ``behaviour`` from now; a "Still there?" countdown already running goes on."""
        behaviour = behaviour if self.enabled else Idle.OFF
        if behaviour is Idle.PROMPTING and self.behaviour is Idle.PROMPTING:
            return
        self.behaviour = behaviour
        self.idle_timer.stop()
        self.tick_timer.stop()
        if behaviour in self.waits:
            self.idle_timer.setInterval(round(self.waits[behaviour] * 1000))
            self.idle_timer.start()
        elif behaviour is Idle.PROMPTING:
            self.seconds_left = math.ceil(self.still_there_timeout)
            self.countdown.emit(self.seconds_left)
            self.tick_timer.start()

    def activity(self) -> None:
        """Any touch, click or key: wait afresh."""
        if self.behaviour in self.waits:
            self.idle_timer.start()

    def _tick(self) -> None:
        self.seconds_left -= 1
        if self.seconds_left > 0:
            self.countdown.emit(self.seconds_left)
            return
        self.tick_timer.stop()
        self.countdown_over.emit()
