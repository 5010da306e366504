"""The attract screen, shown after the privacy reset until someone touches the screen."""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QPropertyAnimation, Qt
from PySide6.QtGui import QHideEvent, QMouseEvent
from PySide6.QtWidgets import QGraphicsOpacityEffect, QVBoxLayout

from kiosk.content import Section
from kiosk.session import Place
from kiosk.ui.screens import Context, Screen
from kiosk.ui.widgets import make_label


class AttractScreen(Screen):
    """Clinic name, a slowly changing highlight, "Touch the screen to start".

    The highlight fades in over 1.5 s and then rests for 8 s: motion never lasts more than
    5 s at a time (WCAG 2.2.2). It only shows topic titles, never what a patient read.
    """

    FADE_MS = 1500
    REST_MS = 8000

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        layout = QVBoxLayout(self)
        self.name = make_label(role="clinic")
        self.tagline = make_label(role="tagline")
        self.highlight = make_label(role="attract-highlight")
        self.cta = make_label(role="attract-cta")
        for label in (self.name, self.tagline, self.highlight, self.cta):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(3)
        layout.addWidget(self.name)
        layout.addWidget(self.tagline)
        layout.addStretch(2)
        layout.addWidget(self.highlight)
        layout.addStretch(2)
        layout.addWidget(self.cta)
        layout.addStretch(2)
        self._highlights: list[str] = []
        self._index = 0
        self._effect = QGraphicsOpacityEffect(self.highlight)
        self._effect.setOpacity(1.0)
        self.highlight.setGraphicsEffect(self._effect)
        self._fade = QPropertyAnimation(self._effect, b"opacity", self)
        self._fade.setDuration(self.FADE_MS)
        self._fade.setStartValue(0.0)
        self._fade.setEndValue(1.0)
        self._fade.setEasingCurve(QEasingCurve.Type.InOutSine)
        self._timer = context.timer_factory()
        self._timer.setParent(self)  # dies with its owner: never fires at a deleted object
        self._timer.setInterval(self.FADE_MS + self.REST_MS)
        self._timer.timeout.connect(self.show_next_highlight)

    def present(self, place: Place) -> None:
        """The clinic's name, and topic titles to highlight: never what a patient read."""
        library = self.session.library
        lang = self.session.preferences.lang
        name, tagline = library.site.display_name(lang)
        self.name.setText(name)
        self.tagline.setText(tagline)
        self.cta.setText(self.look.strings["touch_to_start"])
        highlights = [entry.title for entry, _ in library.entries(Section.LEARN, lang)]
        if highlights != self._highlights:
            self._highlights = highlights
            self._index = 0
            self.highlight.setText(highlights[0] if highlights else "")
        if not self._timer.isActive():
            self._effect.setOpacity(1.0)
            self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """Nothing moves where nobody sees it."""
        super().hideEvent(event)
        self.stop()

    def spoken_text(self) -> str:
        return f"{self.name.text()}. {self.cta.text()}"

    def stop(self) -> None:
        self._timer.stop()
        self._fade.stop()
        self._effect.setOpacity(1.0)

    def show_next_highlight(self) -> None:
        if len(self._highlights) < 2:
            return
        self._index = (self._index + 1) % len(self._highlights)
        self.highlight.setText(self._highlights[self._index])
        self._fade.start()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.session.start()  # any touch: a new patient
        event.accept()
