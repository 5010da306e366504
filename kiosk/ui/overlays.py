"""Overlays drawn over the whole window: "Still there?" and the admin PIN pad and panel.

They show what they are told (by the window, from the session and the admin module) and
report what staff and patients press; none decides anything itself.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QImage, QMouseEvent, QPainter, QPixmap, QShowEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.screens import Context, Look, sentence
from kiosk.ui.widgets import make_button, make_label, set_words

MIN_CHART_HEIGHT = 150  # px: below this the admin's chart would not be readable


class Overlay(QWidget):
    """A dimmed layer over the window with a centred dialog box."""

    # Staff-facing overlays keep the default text size: the patient's A+ is for reading.
    follows_text_size = True
    dialog_px = 900  # the dialog's widest, at the 1080 px reference

    def __init__(self, context: Context) -> None:
        super().__init__()
        self.session = context.session
        self.admin = context.admin
        self.setObjectName("Overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.dialog = QWidget(self)
        self.dialog.setObjectName("Dialog")
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # Centred by stretches, not an alignment flag: a widget placed with an alignment gets
        # only its size hint's height, and wrapped text in the dialog would be cut off.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.dialog)
        row.addStretch(1)
        outer = self._outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.body = QVBoxLayout(self.dialog)
        self.hide()

    def restyle(self, look: Look) -> None:
        """A new theme and words: the words in ``set_texts``, the sizes here."""
        theme = look.theme
        if not self.follows_text_size:
            theme = theme._replace(text_scale=1.0)
            self.setStyleSheet(theme.qss())  # over the window's, for this overlay only
        pad = theme.px(48, text=False)
        self.body.setContentsMargins(pad, pad, pad, pad)
        self.body.setSpacing(theme.px(28, text=False))
        parent = self.parentWidget()
        width = parent.width() if parent is not None else 1080
        self.dialog.setFixedWidth(
            min(width - 2 * theme.margin, theme.px(self.dialog_px, text=False))
        )
        self.set_texts(look)

    def set_texts(self, look: Look) -> None:
        """The overlay's words in the patient's language."""

    def spoken_text(self) -> str:
        """What speech mode says while the overlay is up: nothing, unless it is the
        patient's (a PIN pad is never read aloud)."""
        return ""

    def cover_parent(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()


class StillTherePrompt(Overlay):
    """ "Are you still there?" with a countdown; a tap anywhere keeps the session."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.title = make_label(role="title")
        self.message = make_label()
        self.stay_button = make_button("", role="primary")
        self.reset_button = make_button("")
        for label in (self.title, self.message):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.title)
        self.body.addWidget(self.message)
        self.body.addWidget(self.stay_button)
        self.body.addWidget(self.reset_button)
        self.stay_button.clicked.connect(self.session.activity)
        self.reset_button.clicked.connect(self._start_over)
        self.session.countdown.connect(self.set_seconds)
        self._template = ""

    def _start_over(self) -> None:
        self.session.reset("home")

    def set_texts(self, look: Look) -> None:
        strings = look.strings
        self.title.setText(strings["still_there_title"])
        self._template = strings["still_there_body"]
        set_words(self.stay_button, strings["still_here"])
        set_words(self.reset_button, strings["start_over"])

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.set_seconds(self.session.countdown_seconds)

    def set_seconds(self, seconds: int) -> None:
        self.message.setText(self._template.format(seconds=seconds))

    def spoken_text(self) -> str:
        words = [self.title.text(), self.message.text()]
        words += [self.stay_button.text(), self.reset_button.text()]
        return " ".join(sentence(part) for part in words)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.session.activity()  # a tap anywhere: still here
        event.accept()


class PinPad(Overlay):
    """A touch PIN pad: digits, Clear, Cancel, OK. The digits are never shown or logged."""

    follows_text_size = False

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.title = make_label(role="title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = make_label(role="title", wrap=False)
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = make_label(role="muted")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid = QGridLayout()
        self.keys: dict[str, QWidget] = {}
        for index, digit in enumerate("123456789"):
            self._add_key(grid, digit, index // 3, index % 3)
        self.clear_button = make_button("", role="key")
        self.ok_button = make_button("", role="primary")
        grid.addWidget(self.clear_button, 3, 0)
        self._add_key(grid, "0", 3, 1)
        grid.addWidget(self.ok_button, 3, 2)
        self.cancel_button = make_button("")
        self.body.addWidget(self.title)
        self.body.addWidget(self.dots)
        self.body.addWidget(self.message)
        self.body.addLayout(grid)
        self.body.addWidget(self.cancel_button)
        self.clear_button.clicked.connect(self.clear)
        self.ok_button.clicked.connect(self._submit)
        self.cancel_button.clicked.connect(self.admin.close)
        self.admin.pin_message.connect(self.show_message)
        self._digits = ""

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """A fresh pad each time; OK only where a PIN is set."""
        super().showEvent(event)
        self.clear()
        self.show_message(self.admin.pin_hint())
        self.ok_button.setEnabled(self.admin.pin_lock is not None)

    def _add_key(self, grid: QGridLayout, digit: str, row: int, column: int) -> None:
        button = make_button(digit, role="key")
        button.clicked.connect(lambda _=False, d=digit: self.press(d))
        grid.addWidget(button, row, column)
        self.keys[digit] = button

    def set_texts(self, look: Look) -> None:
        strings = look.strings
        self.title.setText(strings["admin_pin_prompt"])
        set_words(self.clear_button, strings["admin_clear"])
        set_words(self.ok_button, strings["admin_ok"])
        set_words(self.cancel_button, strings["admin_cancel"])

    def press(self, digit: str) -> None:
        if len(self._digits) < 12:
            self._digits += digit
        self.dots.setText("●" * len(self._digits))

    def clear(self) -> None:
        self._digits = ""
        self.dots.setText("")

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _submit(self) -> None:
        digits, self._digits = self._digits, ""
        self.dots.setText("")
        self.admin.check_pin(digits)


class AdminPanel(Overlay):
    """Content status and problems, reload, exit: only behind the hidden gesture and PIN."""

    follows_text_size = False
    dialog_px = 1500  # as wide as a landscape screen allows: its words and chart need room

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.title = make_label(role="title")
        self.status = make_label()
        self.machine = make_label(role="admin-problems")
        self.problems = make_label(role="admin-problems")
        self.usage = make_label(role="admin-problems")
        self.chart = QLabel()
        self.chart.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reload_button = make_button("")
        self.window_button = make_button("")
        self.exit_button = make_button("")
        self.close_button = make_button("", role="primary")
        # Two rows: three buttons side by side did not fit their words in the dialog.
        actions = QGridLayout()
        actions.addWidget(self.reload_button, 0, 0)
        actions.addWidget(self.exit_button, 0, 1)
        actions.addWidget(self.window_button, 1, 0, 1, 2)
        self.body.addWidget(self.title)
        self.body.addWidget(self.status)
        self.body.addWidget(self.machine)
        self.body.addWidget(self.problems)
        self.body.addWidget(self.usage)
        self.body.addWidget(self.chart)
        self.body.addLayout(actions)
        self.body.addWidget(self.close_button)
        admin = self.admin
        self.reload_button.clicked.connect(admin.reload_content)
        self.exit_button.clicked.connect(admin.exit_kiosk)
        self.window_button.clicked.connect(admin.toggle_window_mode)
        self.close_button.clicked.connect(admin.close)
        admin.status_changed.connect(self.set_status)
        self.session.kiosk_mode_changed.connect(self.show_window_mode)
        self._kiosk_mode = self.session.kiosk_mode
        self._window_words = ("", "")

    def set_texts(self, look: Look) -> None:
        strings = look.strings
        self.title.setText(strings["admin_title"])
        set_words(self.reload_button, strings["admin_reload"])
        set_words(self.exit_button, strings["admin_exit"])
        set_words(self.close_button, strings["admin_close"])
        self._window_words = (strings["admin_windowed"], strings["admin_fullscreen"])
        self.show_window_mode(self._kiosk_mode)

    def show_window_mode(self, kiosk_mode: bool) -> None:
        """What the window button offers: a window (in kiosk mode) or full screen again."""
        self._kiosk_mode = kiosk_mode
        set_words(self.window_button, self._window_words[0 if kiosk_mode else 1])

    def set_usage(self, text: str, svg: str | None) -> None:
        """The 7-day usage summary, and its chart drawn from SVG at the panel's width, or
        smaller where the window's height leaves less room (a landscape screen); with too
        little room for a readable chart, the summary alone (``kiosk stats`` draws it too)."""
        self.usage.setText(text)
        self.chart.hide()
        if svg is None:
            return
        renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        width = max(200, self.dialog.width() - 2 * self.body.contentsMargins().left())
        parent = self.parentWidget()
        outer = self._outer.contentsMargins()
        rest = self.body.heightForWidth(self.dialog.width()) + self.body.spacing()
        room = (parent.height() if parent is not None else 1920) - rest
        room -= outer.top() + outer.bottom()
        size = renderer.defaultSize().scaled(width, room, Qt.AspectRatioMode.KeepAspectRatio)
        if size.height() < MIN_CHART_HEIGHT:
            return
        self.chart.show()
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        self.chart.setPixmap(QPixmap.fromImage(image))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """The content's status and the usage figures as they are now."""
        super().showEvent(event)
        self.set_status(*self.admin.status())
        self.machine.setText(self.admin.machine())
        self.set_usage(*self.admin.usage())

    def set_status(self, status: str, problems: str) -> None:
        self.status.setText(status)
        self.problems.setText(problems)
