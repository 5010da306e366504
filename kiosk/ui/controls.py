"""The control bar at the top of every screen but Attract: Home, text size, language,
contrast and Listen, always in the same place (WCAG 3.2.3), always large enough to hit.

Its buttons keep one size whatever the text size, so the bar itself never overflows; the
text-size buttons say what they do to a screen reader ("Larger text").
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from kiosk.i18n import Strings
from kiosk.ui.widgets import make_button

TEXT_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)


class ControlBar(QWidget):
    """Top bar; emits what the patient asked for and leaves the doing to the window."""

    home_requested = Signal()
    smaller_requested = Signal()
    larger_requested = Signal()
    language_requested = Signal()
    contrast_requested = Signal()
    listen_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("TopBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.home_button = make_button("", name="home")
        self.smaller_button = make_button("A−")
        self.larger_button = make_button("A+")
        self.language_button = make_button("")
        self.contrast_button = make_button("")
        self.contrast_button.setCheckable(True)
        self.listen_button = make_button("")
        self.listen_button.hide()  # shown only where a speech engine exists
        self.buttons: list[QPushButton] = [
            self.home_button, self.smaller_button, self.larger_button, self.language_button,
            self.contrast_button, self.listen_button,
        ]  # fmt: skip
        for button in self.buttons:
            button.setProperty("bar", True)
        self.layout_ = QHBoxLayout(self)
        self.layout_.addWidget(self.home_button)
        self.layout_.addStretch(1)
        for button in self.buttons[1:]:
            self.layout_.addWidget(button)
        self.home_button.clicked.connect(self.home_requested)
        self.smaller_button.clicked.connect(self.smaller_requested)
        self.larger_button.clicked.connect(self.larger_requested)
        self.language_button.clicked.connect(self.language_requested)
        self.contrast_button.clicked.connect(self.contrast_requested)
        self.listen_button.clicked.connect(self.listen_requested)

    def set_spacing(self, margin: int) -> None:
        self.layout_.setContentsMargins(margin // 2, margin // 4, margin // 2, margin // 4)
        self.layout_.setSpacing(max(8, margin // 3))

    def set_texts(self, strings: Strings, next_language: str | None, speaking: bool) -> None:
        """Words in the patient's language; ``next_language`` in its own name, e.g. "Español"."""
        self.home_button.setText(f"⌂  {strings['home']}")
        self.home_button.setAccessibleName(strings["home"])
        self.smaller_button.setAccessibleName(strings["smaller_text"])
        self.smaller_button.setToolTip(strings["smaller_text"])
        self.larger_button.setAccessibleName(strings["larger_text"])
        self.larger_button.setToolTip(strings["larger_text"])
        self.language_button.setVisible(next_language is not None)
        if next_language is not None:
            self.language_button.setText(next_language)
            self.language_button.setAccessibleName(
                strings.format("change_language", language=next_language)
            )
        self.contrast_button.setText(f"◐  {strings['high_contrast']}")
        self.contrast_button.setAccessibleName(strings["high_contrast_name"])
        listen = strings["stop_listening" if speaking else "listen"]
        self.listen_button.setText(f"♪  {listen}")
        self.listen_button.setAccessibleName(listen)

    def set_state(self, scale: float, high_contrast: bool) -> None:
        self.smaller_button.setEnabled(scale > TEXT_SCALES[0])
        self.larger_button.setEnabled(scale < TEXT_SCALES[-1])
        self.contrast_button.setChecked(high_contrast)


def next_scale(scale: float, step: int) -> float:
    """The next text size up (+1) or down (-1) from ``scale``, within 100% to 200%."""
    index = min(range(len(TEXT_SCALES)), key=lambda i: abs(TEXT_SCALES[i] - scale))
    return TEXT_SCALES[max(0, min(len(TEXT_SCALES) - 1, index + step))]
