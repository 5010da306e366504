"""The control bar at the top of every screen but Attract: Home, text size, language,
contrast and Listen, always in the same place (WCAG 3.2.3), always large enough to hit; and
under it, while speech mode is on, the speech bar.

Its buttons keep one size whatever the text size, so the bar itself never overflows; each
has an icon of the kiosk's own and a name a screen reader says ("Larger text").
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from kiosk.i18n import language_name
from kiosk.session import Preferences
from kiosk.ui.icons import control_icon
from kiosk.ui.screens import Look
from kiosk.ui.widgets import make_button, set_words

ICON_PX = 40  # at the 1080 px reference; the bar does not grow with the text size


class ControlBar(QWidget):
    """Top bar; emits what the patient asked for and leaves the doing to the session."""

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
        self.smaller_button = make_button("", name="smaller")
        self.larger_button = make_button("", name="larger")
        self.language_button = make_button("")
        self.contrast_button = make_button("")
        self.contrast_button.setCheckable(True)
        self.listen_button = make_button("")
        self.listen_button.hide()  # shown only where speech is starting or works
        self.icons = {
            self.home_button: "home",
            self.smaller_button: "text-smaller",
            self.larger_button: "text-larger",
            self.language_button: "language",
            self.contrast_button: "contrast",
            self.listen_button: "listen",
        }
        self.buttons: list[QPushButton] = list(self.icons)
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
        self._listening = False
        self._look: Look | None = None

    def restyle(self, look: Look) -> None:
        self._look = look
        theme = look.theme
        margin = theme.margin
        self.layout_.setContentsMargins(margin // 2, margin // 4, margin // 2, margin // 4)
        self.layout_.setSpacing(max(8, margin // 3))
        px = theme.px(ICON_PX, text=False)
        for button, name in self.icons.items():
            shown = "stop" if button is self.listen_button and self._listening else name
            button.setIcon(control_icon(shown, theme.palette, px))
            button.setIconSize(QSize(px, px))

    def show_state(
        self,
        look: Look,
        preferences: Preferences,
        following_language: str | None,
        *,
        listening: bool,
    ) -> None:
        """What the buttons say and allow, in the patient's language."""
        strings = look.strings
        set_words(self.home_button, strings["home"])
        for button, key in (
            (self.smaller_button, "smaller_text"),
            (self.larger_button, "larger_text"),
        ):
            button.setAccessibleName(strings[key])
            button.setToolTip(strings[key])
        self.smaller_button.setEnabled(preferences.can_shrink)
        self.larger_button.setEnabled(preferences.can_grow)
        self.language_button.setVisible(following_language is not None)
        if following_language is not None:
            own_name = language_name(following_language)
            self.language_button.setText(own_name)
            self.language_button.setAccessibleName(
                strings.format("change_language", language=own_name)
            )
        self.contrast_button.setText(strings["high_contrast"])
        self.contrast_button.setAccessibleName(strings["high_contrast_name"])
        self.contrast_button.setChecked(preferences.high_contrast)
        set_words(self.listen_button, strings["stop_listening" if listening else "listen"])
        if listening != self._listening:
            self._listening = listening
            self.restyle(look)  # the Listen icon becomes Stop, and back


class SpeechBar(QWidget):
    """Speech mode's own controls, shown under the control bar only while it is on: say the
    screen again, slower and faster, quieter and louder. Words, not icons: they are read aloud
    by touch too."""

    repeat_requested = Signal()
    rate_requested = Signal(int)  # +1 faster, -1 slower
    volume_requested = Signal(int)  # +1 louder, -1 quieter

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("SpeechBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.repeat_button = make_button("")
        self.slower_button = make_button("")
        self.faster_button = make_button("")
        self.quieter_button = make_button("")
        self.louder_button = make_button("")
        self.buttons = [
            self.repeat_button,
            self.slower_button,
            self.faster_button,
            self.quieter_button,
            self.louder_button,
        ]
        self.layout_ = QHBoxLayout(self)
        for button in self.buttons:
            button.setProperty("bar", True)
            self.layout_.addWidget(button, 1)
        self.repeat_button.clicked.connect(self.repeat_requested)
        self.slower_button.clicked.connect(lambda: self.rate_requested.emit(-1))
        self.faster_button.clicked.connect(lambda: self.rate_requested.emit(+1))
        self.quieter_button.clicked.connect(lambda: self.volume_requested.emit(-1))
        self.louder_button.clicked.connect(lambda: self.volume_requested.emit(+1))
        self.hide()

    def restyle(self, look: Look) -> None:
        margin = look.theme.margin
        self.layout_.setContentsMargins(margin // 2, 0, margin // 2, margin // 4)
        self.layout_.setSpacing(max(8, margin // 3))

    def show_state(self, look: Look, preferences: Preferences) -> None:
        strings = look.strings
        for button, key in (
            (self.repeat_button, "speech_repeat"),
            (self.slower_button, "speech_slower"),
            (self.faster_button, "speech_faster"),
            (self.quieter_button, "speech_quieter"),
            (self.louder_button, "speech_louder"),
        ):
            set_words(button, strings[key])
        self.slower_button.setEnabled(preferences.can_speak_slower)
        self.faster_button.setEnabled(preferences.can_speak_faster)
        self.quieter_button.setEnabled(preferences.can_speak_quieter)
        self.louder_button.setEnabled(preferences.can_speak_louder)
