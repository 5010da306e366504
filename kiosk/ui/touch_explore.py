"""Touch and hear: how a touch works while speech mode is on (EZ Access's way, and a phone
screen reader's), so a patient who cannot see the screen can find their way by touch.

- Touch and hold anything with words (a button, a card, a heading, the page): it is read
  aloud and nothing is pressed. Sliding the finger reads what it comes to.
- Lift the finger on it after it was read, or double tap it: it is pressed.
- A single short tap reads it too (and never presses), so nothing happens by surprise.
- A swipe still turns the page.

The window hands each mouse event of its native window to ``handle`` (Qt turns a one-finger
touch into mouse events). Staff overlays (PIN pad, admin screen) are never read aloud.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.session import Overlay, Session, TimerFactory
from kiosk.ui.gestures import Gesture, SwipeRecognizer
from kiosk.ui.page_view import PageView, SwipeArea

HOLD_MS = 350  # held this long, a touch reads what it is on
DOUBLE_TAP_MS = 500  # a second tap on the same thing within this presses it
PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)
STAFF_OVERLAYS = (Overlay.PIN_PAD, Overlay.ADMIN)


def words_of(widget: QWidget | None) -> str:
    """What ``widget`` (or the nearest widget around it with words) says, for speech."""
    while widget is not None:
        if isinstance(widget, QAbstractButton):
            name = widget.accessibleName() or widget.text()
            return ". ".join(part for part in (name, widget.accessibleDescription()) if part)
        if isinstance(widget, PageView):
            return widget.accessibleDescription()
        if isinstance(widget, QLabel) and widget.text():
            return widget.text()
        widget = widget.parentWidget()
    return ""


def pressable(widget: QWidget | None) -> QWidget | None:
    """The button or page (for its links) that a press on ``widget`` would reach, if any."""
    while widget is not None:
        if isinstance(widget, (QAbstractButton, PageView)):
            return widget
        widget = widget.parentWidget()
    return None


def swipe_area(widget: QWidget | None) -> SwipeArea | None:
    while widget is not None:
        if isinstance(widget, SwipeArea):
            return widget
        widget = widget.parentWidget()
    return None


class TouchExplorer:
    """Touch and hear for one window; ``say`` speaks (the speech listener's ``say_words``)."""

    def __init__(
        self,
        window: QWidget,
        session: Session,
        say: Callable[[str], None],
        timer_factory: TimerFactory,
    ) -> None:
        self._window = window
        self._session = session
        self._say = say
        self._recognizer = SwipeRecognizer()
        self._hold = timer_factory()
        self._hold.setParent(window)
        self._hold.setSingleShot(True)
        self._hold.setInterval(HOLD_MS)
        self._hold.timeout.connect(self._held)
        self._touched: QWidget | None = None  # under the finger now
        self._pos = QPoint()
        self._read = False  # what is under the finger has been read during this touch
        self._last_tap: tuple[QWidget | None, int] = (None, 0)

    @property
    def active(self) -> bool:
        return self._session.listening and self._session.place.overlay not in STAFF_OVERLAYS

    def handle(self, event: QEvent) -> bool:
        """Take a mouse event of the window while speech mode is on; True when taken."""
        kind = event.type()
        if not isinstance(event, QMouseEvent) or not self.active:
            return False
        if event.button() not in (Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton):
            return False
        position = event.position()
        if kind in PRESSES:
            self._press(position, event.timestamp())
        elif kind == QEvent.Type.MouseMove and self._touched is not None:
            self._move(position)
        elif kind == QEvent.Type.MouseButtonRelease and self._touched is not None:
            self._release(position, event.timestamp())
        else:
            return False
        return True

    def _widget_at(self, position: QPointF) -> QWidget | None:
        point = position.toPoint()
        return self._window.childAt(point) or self._window

    def _press(self, position: QPointF, timestamp: int) -> None:
        self._pos = position.toPoint()
        self._touched = self._widget_at(position)
        self._read = False
        self._recognizer.press(position, timestamp)
        self._hold.start()

    def _held(self) -> None:
        if self._touched is not None:
            self._say(words_of(self._touched))
            self._read = True

    def _move(self, position: QPointF) -> None:
        self._pos = position.toPoint()
        if not self._read:
            return
        under = self._widget_at(position)
        if words_of(under) != words_of(self._touched):
            self._touched = under
            self._say(words_of(under))

    def _release(self, position: QPointF, timestamp: int) -> None:
        self._hold.stop()
        touched, self._touched = self._touched, None
        gesture = self._recognizer.release(position, timestamp)
        if gesture in (Gesture.SWIPE_LEFT, Gesture.SWIPE_RIGHT):
            area = swipe_area(touched)
            if area is not None:
                swiped = area.swiped_next if gesture is Gesture.SWIPE_LEFT else area.swiped_previous
                swiped.emit()
            return
        target = pressable(self._widget_at(position))
        if self._read:  # held and heard: lifting on it presses it
            if target is not None and target is pressable(touched):
                self._activate(target, position)
            return
        if gesture is not Gesture.TAP:
            return
        last, when = self._last_tap
        if target is not None and target is last and timestamp - when <= DOUBLE_TAP_MS:
            self._last_tap = (None, 0)
            self._activate(target, position)
            return
        self._last_tap = (target, timestamp)
        self._say(words_of(touched))

    def _activate(self, target: QWidget, position: QPointF) -> None:
        if isinstance(target, QAbstractButton):
            if target.isEnabled() and target.isVisible():
                target.click()
        elif isinstance(target, PageView):
            target.tapped.emit(QPointF(target.mapFrom(self._window, position.toPoint())))
