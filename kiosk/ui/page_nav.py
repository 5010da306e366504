"""The bar under a list or a topic: Back, where you are ("2 of 5"), Next.

One widget for both, so the lists and the reader turn pages with the same large buttons in
the same places, with the same words for screen readers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.session import Session
from kiosk.ui.icons import control_icon
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import make_button, make_label, set_words

if TYPE_CHECKING:
    from kiosk.ui.page_view import SwipeArea


class PageNav(QWidget):
    """Back / "2 of 5" / Next. ``primary``: Next is the filled main button (the reader's)."""

    previous_requested = Signal()
    next_requested = Signal()

    def __init__(self, *, primary: bool = False) -> None:
        super().__init__()
        self._primary = primary
        self.previous_button = make_button("", name="previous")
        self.next_button = make_button("", role="primary" if primary else "", name="next")
        self.next_button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # icon after words
        self.indicator = make_label(role="indicator", wrap=False)
        self.indicator.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for button in (self.previous_button, self.next_button):
            button.setProperty("nav", True)
        row.addWidget(self.previous_button)
        row.addWidget(self.indicator, 1)
        row.addWidget(self.next_button)
        self.previous_button.clicked.connect(self.previous_requested)
        self.next_button.clicked.connect(self.next_requested)

    def turn_pages_of(self, session: Session, area: SwipeArea) -> None:
        """Back and Next, and swipes across ``area``, turn the session's pages."""
        for signal, turn in (
            (self.previous_requested, session.previous_page),
            (self.next_requested, session.next_page),
            (area.swiped_previous, session.previous_page),
            (area.swiped_next, session.next_page),
        ):
            signal.connect(turn)

    def set_theme(self, theme: Theme) -> None:
        px = theme.px(36, cap=1.5)
        self.previous_button.setIcon(control_icon("back", theme.palette, px))
        self.next_button.setIcon(control_icon("next", theme.palette, px, primary=self._primary))
        for button in (self.previous_button, self.next_button):
            button.setIconSize(QSize(px, px))

    def show_position(self, page: int, count: int, *, back: str, next_: str, where: str) -> None:
        """Page ``page`` (0-based) of ``count``: the buttons say ``back`` and ``next_``, the
        indicator ``where``."""
        set_words(self.previous_button, back)
        set_words(self.next_button, next_)
        self.indicator.setText(where)
        self.indicator.setAccessibleName(where)

    def enable(self, *, previous: bool, next_: bool) -> None:
        self.previous_button.setEnabled(previous)
        self.next_button.setEnabled(next_)
