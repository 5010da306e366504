"""Swipe and tap recognition from mouse press/release.

Qt turns a one-finger touch into mouse events (``QSwipeGesture`` needs three fingers), so
handling press and release makes touch, mouse and test drivers all work the same way.
A swipe is a mostly horizontal move that is long enough, or shorter but fast (a flick).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QPointF


class Gesture(Enum):
    NONE = "none"
    TAP = "tap"
    SWIPE_LEFT = "swipe-left"  # finger moves right-to-left: show the next page
    SWIPE_RIGHT = "swipe-right"  # finger moves left-to-right: show the previous page


@dataclass
class SwipeRecognizer:
    """Classifies one press/release pair; distances are in pixels, times in milliseconds."""

    swipe_distance: float = 120.0
    flick_distance: float = 50.0
    flick_speed: float = 0.6  # px per ms
    tap_slop: float = 24.0
    _start: QPointF | None = None
    _start_ms: int = 0

    def press(self, pos: QPointF, timestamp_ms: int) -> None:
        self._start = QPointF(pos)
        self._start_ms = timestamp_ms

    def cancel(self) -> None:
        self._start = None

    def release(self, pos: QPointF, timestamp_ms: int) -> Gesture:
        if self._start is None:
            return Gesture.NONE
        dx = pos.x() - self._start.x()
        dy = pos.y() - self._start.y()
        elapsed = max(1, timestamp_ms - self._start_ms)
        self._start = None
        if abs(dx) <= self.tap_slop and abs(dy) <= self.tap_slop:
            return Gesture.TAP
        horizontal = abs(dx) > 1.5 * abs(dy)
        fast = abs(dx) >= self.flick_distance and abs(dx) / elapsed >= self.flick_speed
        if horizontal and (abs(dx) >= self.swipe_distance or fast):
            return Gesture.SWIPE_LEFT if dx < 0 else Gesture.SWIPE_RIGHT
        return Gesture.NONE
