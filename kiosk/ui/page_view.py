"""``PageView``: paints one page of a ``PagedDocument`` and turns swipes and taps into signals.

It never scrolls and never follows a link by itself: a tapped link is reported with
``link_activated`` and the window decides what (if anything) to open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui.gestures import Gesture, SwipeRecognizer

if TYPE_CHECKING:  # the reader brings pagination, on first use; Home does not need it
    from kiosk.ui.pagination import PagedDocument


class SwipeArea(QWidget):
    """A widget that reports swipes (``swiped_next``/``swiped_previous``) and taps."""

    swiped_next = Signal()
    swiped_previous = Signal()
    tapped = Signal(QPointF)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._recognizer = SwipeRecognizer()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._recognizer.press(event.position(), event.timestamp())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() != Qt.MouseButton.LeftButton:
            return
        gesture = self._recognizer.release(event.position(), event.timestamp())
        if gesture is Gesture.SWIPE_LEFT:
            self.swiped_next.emit()
        elif gesture is Gesture.SWIPE_RIGHT:
            self.swiped_previous.emit()
        elif gesture is Gesture.TAP:
            self.tapped.emit(event.position())
        event.accept()


class PageView(SwipeArea):
    """Shows page ``page`` of a paged document, exactly as laid out: no scroll bar, ever."""

    link_activated = Signal(str)
    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: PagedDocument | None = None
        self.page = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Tab reaches the text (screen readers)
        self.tapped.connect(self._follow_link)

    def show_document(self, document: PagedDocument | None, page: int = 0) -> None:
        self.document = document
        self.page = 0 if document is None else max(0, min(page, document.page_count - 1))
        self.update()

    def set_page(self, page: int) -> None:
        if self.document is not None:
            self.page = max(0, min(page, self.document.page_count - 1))
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if self.document is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.document.paint(painter, self.page, QPointF(0, 0))
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.resized.emit()

    def _follow_link(self, position: QPointF) -> None:
        if self.document is None:
            return
        anchor = self.document.anchor_at(self.page, position)
        if anchor:
            self.link_activated.emit(anchor)
