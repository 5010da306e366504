"""The simple screens: Home and a calm message screen, and the base of every screen.

Every screen has ``retranslate(strings)``-style setters instead of keeping content, so a reset
can clear everything the last patient saw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from kiosk.content import Section
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import RichButton, make_label

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent


class Screen(QWidget):
    """Base for full-window screens: themed background, no context menu."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)


class HomeScreen(Screen):
    """The clinic's name and two large tiles: learn, and our treatments."""

    section_chosen = Signal(object)
    name_tapped = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._layout = QVBoxLayout(self)
        self.name = make_label(role="clinic")
        self.tagline = make_label(role="tagline")
        self.name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tagline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice = make_label(role="notice")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.hide()
        self.tiles_box = QWidget()
        self._tile_layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.tiles_box)
        self._tile_layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addStretch(1)
        self._layout.addWidget(self.name)
        self._layout.addWidget(self.tagline)
        self._layout.addWidget(self.notice)
        self._layout.addStretch(1)
        self._layout.addWidget(self.tiles_box, 4)
        self._layout.addStretch(1)
        self.tiles: dict[Section, RichButton] = {}
        self.name.mousePressEvent = self._on_name_pressed  # type: ignore[method-assign]

    def _on_name_pressed(self, event: QMouseEvent) -> None:
        self.name_tapped.emit()
        event.accept()

    def set_texts(
        self,
        name: str,
        tagline: str,
        sections: dict[Section, tuple[str, str]],
        theme: Theme,
        landscape: bool,
    ) -> None:
        """Update names and tiles in place: layouts are never replaced during a resize."""
        self.name.setText(name)
        self.tagline.setText(tagline)
        self.tagline.setVisible(bool(tagline))
        self._tile_layout.setDirection(
            QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom
        )
        self._tile_layout.setSpacing(theme.margin)
        padding = theme.px(44, text=False)
        for section, (title, summary) in sections.items():
            tile = self.tiles.get(section)
            if tile is None:
                tile = RichButton(title, summary, role="tile", padding=padding)
                tile.clicked.connect(lambda _=False, s=section: self.section_chosen.emit(s))
                self._tile_layout.addWidget(tile, 1)
                self.tiles[section] = tile
            tile.set_texts(title, summary)
            tile.set_padding(padding)
            tile.setMinimumHeight(theme.px(300, text=False))
        margin = theme.margin
        self._layout.setContentsMargins(margin, margin, margin, margin)


class MessageScreen(Screen):
    """A calm full-screen message ("content is being updated"): never a traceback."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.title = make_label(role="title")
        self.body = make_label(role="muted")
        for label in (self.title, self.body):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addStretch(1)

    def set_message(self, title: str, body: str) -> None:
        self.title.setText(title)
        self.body.setText(body)
