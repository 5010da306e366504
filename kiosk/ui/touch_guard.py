"""Touches the window takes whole, from the finger landing to its lifting, so that they press
nothing:

- the touch that wakes the closed screen: it wakes the kiosk, and that is all it does;
- a touch that lands within ``touch_repeat_seconds`` (``kiosk.toml``, 0.3 s by default) of a
  new screen. The second touch of a double tap, or of a hand that shakes, would otherwise
  press whatever the new screen has under the finger: a double tap on a Home tile would open
  the first topic of its list. iOS offers the same among its touch accommodations ("Ignore
  Repeat"); nobody reads a new screen and chooses on it that fast. Turning pages is not a new
  screen: pages can be flicked through as fast as a finger goes.

Keys are never taken this way: a keyboard's presses are meant.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent

from kiosk.session import Closed, Session

LANDINGS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.TouchBegin,
}
LIFTS = {QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.KeyRelease}
WAKERS = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress}


class TouchGuard:
    """Says which input events the window takes (``takes``); told by the window when a new
    screen is shown (``new_screen``)."""

    def __init__(
        self,
        session: Session,
        *,
        ignore_repeat_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = session
        self.ignore_repeat_seconds = ignore_repeat_seconds
        self._clock = clock
        self._new_screen_at = float("-inf")
        self._taking = False  # a touch taken at its landing is not over yet

    def new_screen(self) -> None:
        self._new_screen_at = self._clock()

    def takes(self, kind: QEvent.Type) -> bool:
        """Whether the window takes this input event (touch, click, key) rather than letting
        it reach the screen."""
        if self._taking:
            if kind in LIFTS:
                self._taking = False
            return True
        if isinstance(self.session.place.screen, Closed):
            if kind in WAKERS:
                self._taking = True
                self.session.wake()
            return True
        if kind in LANDINGS and self._clock() - self._new_screen_at < self.ignore_repeat_seconds:
            self._taking = True
            self.session.activity()  # it is still someone there
            return True
        return False
