"""Idle handling: after ``idle_timeout`` s without a touch, ask "Still there?" for
``prompt_timeout`` s (one tap dismisses), then reset so the next patient sees nothing of the
last one's session. On Home (nothing private shown) the attract screen comes after
``attract_delay`` s with no prompt.

Timers come from ``timer_factory`` so tests can fire them at once instead of sleeping.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QObject, QTimer, Signal

TimerFactory = Callable[[], QTimer]


class IdleState(Enum):
    OFF = "off"  # on the attract screen (or idle reset turned off): nothing to time
    HOME = "home"  # on Home: go to attract after attract_delay
    READING = "reading"  # anywhere else: prompt, then reset
    PROMPTING = "prompting"  # "Still there?" is showing


class IdleWatcher(QObject):
    """Tells the window when to prompt and when to reset; told about every touch."""

    prompt_started = Signal()
    prompt_tick = Signal(int)  # seconds left
    prompt_dismissed = Signal()
    reset_due = Signal()
    attract_due = Signal()

    def __init__(
        self,
        idle_timeout: float,
        prompt_timeout: float,
        attract_delay: float,
        timer_factory: TimerFactory = QTimer,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.enabled = idle_timeout > 0
        self.idle_timeout = idle_timeout
        self.prompt_timeout = prompt_timeout
        self.attract_delay = attract_delay
        self.state = IdleState.OFF
        self.idle_timer = timer_factory()
        self.idle_timer.setParent(self)  # dies with its owner: never fires at a deleted object
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self._on_idle)
        self.tick_timer = timer_factory()
        self.tick_timer.setParent(self)  # dies with its owner: never fires at a deleted object
        self.tick_timer.setInterval(1000)
        self.tick_timer.timeout.connect(self._on_tick)
        self.seconds_left = 0

    def watch(self, state: IdleState) -> None:
        """The window moved to a screen of this kind: restart the right countdown."""
        self.tick_timer.stop()
        self.idle_timer.stop()
        self.state = state if self.enabled else IdleState.OFF
        if self.state is IdleState.HOME:
            self.idle_timer.setInterval(round(self.attract_delay * 1000))
            self.idle_timer.start()
        elif self.state is IdleState.READING:
            self.idle_timer.setInterval(round(self.idle_timeout * 1000))
            self.idle_timer.start()

    def activity(self) -> None:
        """Any touch, click or key: the person is still here."""
        if self.state is IdleState.PROMPTING:
            self.prompt_dismissed.emit()
            self.watch(IdleState.READING)
        elif self.state in (IdleState.HOME, IdleState.READING):
            self.idle_timer.start()

    def _on_idle(self) -> None:
        if self.state is IdleState.HOME:
            self.state = IdleState.OFF
            self.attract_due.emit()
        elif self.state is IdleState.READING:
            self.state = IdleState.PROMPTING
            self.seconds_left = math.ceil(self.prompt_timeout)
            self.prompt_started.emit()
            self.prompt_tick.emit(self.seconds_left)
            self.tick_timer.start()

    def _on_tick(self) -> None:
        if self.state is not IdleState.PROMPTING:
            self.tick_timer.stop()
            return
        self.seconds_left -= 1
        if self.seconds_left <= 0:
            self.tick_timer.stop()
            self.state = IdleState.OFF
            self.reset_due.emit()
        else:
            self.prompt_tick.emit(self.seconds_left)
