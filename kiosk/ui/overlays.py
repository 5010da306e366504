"""Overlays drawn over the whole window: "Still there?" and the admin PIN pad / panel."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.theme import Theme
from kiosk.ui.widgets import make_button, make_label

MIN_CHART_HEIGHT = 150  # px: below this the admin's chart would not be readable


class Overlay(QWidget):
    """A dimmed layer over the window with a centred dialog box."""

    # Staff-facing overlays keep the default text size: the patient's A+ is for reading.
    follows_text_size = True

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
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

    def set_theme(self, theme: Theme) -> None:
        if not self.follows_text_size:
            theme = theme._replace(text_scale=1.0)
            self.setStyleSheet(theme.qss())  # over the window's, for this overlay only
        pad = theme.px(48, text=False)
        self.body.setContentsMargins(pad, pad, pad, pad)
        self.body.setSpacing(theme.px(28, text=False))
        parent = self.parentWidget()
        width = parent.width() if parent is not None else 1080
        self.dialog.setFixedWidth(min(width - 2 * theme.margin, theme.px(900, text=False)))

    def cover_parent(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()


class StillTherePrompt(Overlay):
    """ "Are you still there?" with a countdown; a tap anywhere keeps the session."""

    still_here = Signal()
    start_over = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
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
        self.stay_button.clicked.connect(self.still_here)
        self.reset_button.clicked.connect(self.start_over)
        self._template = ""

    def set_texts(self, title: str, template: str, stay: str, reset: str) -> None:
        self.title.setText(title)
        self._template = template
        self.stay_button.setText(stay)
        self.stay_button.setAccessibleName(stay)
        self.reset_button.setText(reset)
        self.reset_button.setAccessibleName(reset)

    def set_seconds(self, seconds: int) -> None:
        self.message.setText(self._template.format(seconds=seconds))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.still_here.emit()
        event.accept()


class PinPad(Overlay):
    """A touch PIN pad: digits, Clear, Cancel, OK. The digits are never shown or logged."""

    follows_text_size = False

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
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
        self.cancel_button.clicked.connect(self.cancelled)
        self._digits = ""

    def _add_key(self, grid: QGridLayout, digit: str, row: int, column: int) -> None:
        button = make_button(digit, role="key")
        button.clicked.connect(lambda _=False, d=digit: self.press(d))
        grid.addWidget(button, row, column)
        self.keys[digit] = button

    def set_texts(self, title: str, clear: str, ok: str, cancel: str) -> None:
        self.title.setText(title)
        self.clear_button.setText(clear)
        self.clear_button.setAccessibleName(clear)
        self.ok_button.setText(ok)
        self.ok_button.setAccessibleName(ok)
        self.cancel_button.setText(cancel)
        self.cancel_button.setAccessibleName(cancel)

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
        self.submitted.emit(digits)


class AdminPanel(Overlay):
    """Content status and problems, reload, exit: only behind the hidden gesture and PIN."""

    follows_text_size = False

    reload_requested = Signal()
    exit_requested = Signal()
    window_mode_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.title = make_label(role="title")
        self.status = make_label()
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
        self.body.addWidget(self.problems)
        self.body.addWidget(self.usage)
        self.body.addWidget(self.chart)
        self.body.addLayout(actions)
        self.body.addWidget(self.close_button)
        self.reload_button.clicked.connect(self.reload_requested)
        self.exit_button.clicked.connect(self.exit_requested)
        self.window_button.clicked.connect(self.window_mode_requested)
        self.close_button.clicked.connect(self.closed)

    def set_texts(self, title: str, reload: str, exit_text: str, close: str) -> None:
        self.title.setText(title)
        for button, text in (
            (self.reload_button, reload),
            (self.exit_button, exit_text),
            (self.close_button, close),
        ):
            button.setText(text)
            button.setAccessibleName(text)

    def set_window_mode_text(self, text: str) -> None:
        self.window_button.setText(text)
        self.window_button.setAccessibleName(text)

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

    def set_status(self, status: str, problems: str) -> None:
        self.status.setText(status)
        self.problems.setText(problems)
