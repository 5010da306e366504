"""Small building blocks shared by the screens: styled labels and large two-line buttons."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)


def settle_layout() -> None:
    """Run pending layout passes now (wrapped labels need more than one), so a screen is laid
    out at its final size before anyone sees it or turns a page."""
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def make_label(text: str = "", role: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    if role:
        label.setProperty("role", role)
    return label


def set_words(button: QPushButton, text: str) -> None:
    """A button's words, and the name a screen reader says for it."""
    button.setText(text)
    button.setAccessibleName(text)


def make_button(text: str, role: str = "", name: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    if role:
        button.setProperty("role", role)
    button.setAccessibleName(name or text)
    return button


class RichButton(QPushButton):
    """A large button with a title, a summary, optional facts and an optional icon.

    The labels inside let the mouse through, so the whole card is one touch target with
    pressed feedback, one accessible name, and one keyboard focus stop. ``centred``: the icon
    and words sit in the middle of a button taller than they are (Home's tiles share the
    screen's height), rather than at its top.
    """

    def __init__(
        self,
        title: str,
        summary: str,
        *,
        role: str,
        padding: int,
        icon: QPixmap | None = None,
        facts: list[str] | None = None,
        centred: bool = False,
    ) -> None:
        super().__init__()
        # A push button is fixed-height by default; this one takes the height its wrapped
        # text needs at the width it is given.
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setProperty("role", role)
        self.setAutoDefault(False)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(title)
        self.setAccessibleDescription(" ".join([summary, *(facts or [])]).strip())
        row = self._row = QHBoxLayout(self)
        row.setContentsMargins(padding, padding, padding, padding)
        row.setSpacing(padding)
        self.icon_label: QLabel | None = None
        place = Qt.AlignmentFlag.AlignVCenter if centred else Qt.AlignmentFlag.AlignTop
        if icon is not None and not icon.isNull():
            self.icon_label = QLabel()
            self.icon_label.setPixmap(icon)
            self.icon_label.setAlignment(place)
            self.icon_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            row.addWidget(self.icon_label, 0, place)
        column = QVBoxLayout()
        column.setSpacing(8)
        row.addLayout(column, 1)
        if centred:
            column.addStretch(1)
        self.title_label = make_label(title, f"{role}-title")
        self.summary_label = make_label(summary, f"{role}-summary")
        self.fact_labels = [make_label(fact, f"{role}-fact") for fact in facts or []]
        for label in (self.title_label, self.summary_label, *self.fact_labels):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            column.addWidget(label)
            label.setVisible(bool(label.text()))
        column.addStretch(1)

    def set_texts(self, title: str, summary: str) -> None:
        self.title_label.setText(title)
        self.title_label.setVisible(bool(title))
        self.summary_label.setText(summary)
        self.summary_label.setVisible(bool(summary))
        self.setAccessibleName(title)

    def set_padding(self, padding: int) -> None:
        self._row.setContentsMargins(padding, padding, padding, padding)
        self._row.setSpacing(padding)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        for label in (self.title_label, self.summary_label, *self.fact_labels):
            label.ensurePolished()  # the style sheet's font sizes, before measuring
        layout = self.layout()
        height = layout.totalHeightForWidth(width) if layout is not None else 0
        return max(self.minimumHeight(), height)
