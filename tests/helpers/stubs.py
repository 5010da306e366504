"""Test doubles: a timer the test fires by hand, so idle tests never sleep."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from kiosk.session import TimerFactory


class FakeTimer(QObject):
    """Stands in for QTimer: records start/stop; ``fire()`` emits timeout at once."""

    timeout = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._active = False
        self._single_shot = False
        self._interval = 0

    def setSingleShot(self, single: bool) -> None:  # noqa: N802 - QTimer's API
        self._single_shot = single

    def setInterval(self, interval: int) -> None:  # noqa: N802 - QTimer's API
        self._interval = interval

    def interval(self) -> int:
        return self._interval

    def start(self, interval: int | None = None) -> None:
        if interval is not None:
            self._interval = interval
        self._active = True

    def stop(self) -> None:
        self._active = False

    def isActive(self) -> bool:  # noqa: N802 - QTimer's API
        return self._active

    def fire(self) -> None:
        """Time has run out: emit timeout, as a real timer would (if it is running)."""
        if not self._active:
            raise AssertionError("fired a timer that is not running")
        if self._single_shot:
            self._active = False
        self.timeout.emit()


def fire(timer: object) -> None:
    """Fire a window's timer that a test replaced with a ``FakeTimer``."""
    assert isinstance(timer, FakeTimer), f"expected a FakeTimer, got {type(timer).__name__}"
    timer.fire()


# The kiosk asks for a factory of QTimers; a FakeTimer does all that the kiosk uses of one.
FAKE_TIMERS = cast("TimerFactory", FakeTimer)
