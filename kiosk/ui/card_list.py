"""The topic list and the treatment list: large cards, split into pages that fit (no scroll).

Cards are placed by hand in ``_layout_cards``: each page takes as many whole cards as fit the
space at the current width and text size, one column in portrait and two in landscape.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from kiosk.content import EntryRef
from kiosk.ui.page_view import SwipeArea
from kiosk.ui.screens import Screen
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import RichButton, make_button, make_label


@dataclass(frozen=True)
class CardInfo:
    """What one card shows."""

    ref: EntryRef
    title: str
    summary: str
    facts: list[str]
    icon: QPixmap | None


class CardArea(SwipeArea):
    """Holds the cards and shows one page of them at a time."""

    pages_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[RichButton] = []
        self.pages: list[list[int]] = [[]]
        self.page = 0
        self.spacing = 24
        self.min_card_width = 700
        self.columns = 1

    def set_cards(self, cards: list[RichButton], spacing: int, min_card_width: int) -> None:
        for card in self.cards:
            card.deleteLater()
        self.cards = cards
        self.spacing = spacing
        self.min_card_width = min_card_width
        for card in cards:
            card.setParent(self)
        self.page = 0
        self._layout_cards()

    def set_page(self, page: int) -> None:
        self.page = max(0, min(page, len(self.pages) - 1))
        self._layout_cards()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._layout_cards()

    def _layout_cards(self) -> None:
        """Split the cards into pages at this size and place the current page's cards."""
        width, height = self.width(), self.height()
        # Two columns where two readable cards fit side by side (landscape, normal text).
        self.columns = 2 if width >= 2 * self.min_card_width + self.spacing else 1
        card_width = (width - self.spacing * (self.columns - 1)) // self.columns
        rows = [
            list(range(i, min(i + self.columns, len(self.cards))))
            for i in range(0, len(self.cards), self.columns)
        ]
        row_heights = [max(self.cards[i].heightForWidth(card_width) for i in row) for row in rows]
        pages: list[list[int]] = [[]]
        used = 0
        placements: dict[int, QRect] = {}
        for row, row_height in zip(rows, row_heights, strict=True):
            needed = row_height if not pages[-1] else used + self.spacing + row_height
            if pages[-1] and needed > height:
                pages.append([])
                used = 0
            top = 0 if not pages[-1] else used + self.spacing
            for column, index in enumerate(row):
                left = column * (card_width + self.spacing)
                placements[index] = QRect(left, top, card_width, min(row_height, height))
                pages[-1].append(index)
            used = top + row_height
        self.pages = pages
        self.page = max(0, min(self.page, len(pages) - 1))
        visible = set(pages[self.page])
        for index, card in enumerate(self.cards):
            card.setGeometry(placements[index])
            card.setVisible(index in visible)
        self.pages_changed.emit()


class CardListScreen(Screen):
    """A section's cards with Back/Next and "Page 1 of 2" when there is more than one page."""

    entry_chosen = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._layout = QVBoxLayout(self)
        self.title = make_label(role="title")
        self.area = CardArea()
        self.notice = make_label(role="notice")
        self.notice.hide()
        self.empty = make_label(role="muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.previous_button = make_button("", name="previous")
        self.next_button = make_button("", name="next")
        self.indicator = make_label(role="indicator", wrap=False)
        self.indicator.setAlignment(Qt.AlignmentFlag.AlignCenter)
        nav = QHBoxLayout()
        for button in (self.previous_button, self.next_button):
            button.setProperty("nav", True)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.indicator, 1)
        nav.addWidget(self.next_button)
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.notice)
        self._layout.addWidget(self.area, 1)
        self._layout.addWidget(self.empty, 1)
        self._layout.addLayout(nav)
        self._page_text = ""
        self.previous_button.clicked.connect(self.show_previous)
        self.next_button.clicked.connect(self.show_next)
        self.area.swiped_next.connect(self.show_next)
        self.area.swiped_previous.connect(self.show_previous)
        self.area.pages_changed.connect(self._update_nav)

    def set_content(
        self,
        title: str,
        cards: list[CardInfo],
        theme: Theme,
        *,
        page_text: str,
        previous_text: str,
        next_text: str,
        empty_text: str,
    ) -> None:
        self.title.setText(title)
        self.notice.hide()
        self._page_text = page_text
        self.previous_button.setText(f"‹  {previous_text}")
        self.previous_button.setAccessibleName(previous_text)
        self.next_button.setText(f"{next_text}  ›")
        self.next_button.setAccessibleName(next_text)
        self.empty.setText(empty_text)
        margin = theme.margin
        self._layout.setContentsMargins(margin, margin // 2, margin, margin)
        self._layout.setSpacing(theme.px(28, text=False))
        buttons = []
        for info in cards:
            card = RichButton(
                info.title,
                info.summary,
                role="card",
                icon=info.icon,
                facts=info.facts,
                padding=theme.px(30, text=False),
            )
            card.clicked.connect(lambda _=False, ref=info.ref: self.entry_chosen.emit(ref))
            buttons.append(card)
        self.area.setVisible(bool(cards))
        self.empty.setVisible(not cards)
        self.area.set_cards(buttons, theme.px(24, text=False), theme.px(700))
        self._update_nav()

    def show_notice(self, text: str) -> None:
        """A short calm message above the cards (for example, a page that cannot be shown)."""
        self.notice.setText(text)
        self.notice.show()

    @property
    def page_count(self) -> int:
        return len(self.area.pages)

    def show_next(self) -> None:
        self.area.set_page(self.area.page + 1)

    def show_previous(self) -> None:
        self.area.set_page(self.area.page - 1)

    def _update_nav(self) -> None:
        count = len(self.area.pages)
        several = count > 1
        for widget in (self.previous_button, self.next_button, self.indicator):
            widget.setVisible(several)
        self.indicator.setText(self._page_text.format(page=self.area.page + 1, count=count))
        self.previous_button.setEnabled(self.area.page > 0)
        self.next_button.setEnabled(self.area.page < count - 1)

    def visible_cards(self) -> list[QPushButton]:
        return [c for c in self.area.cards if not c.isHidden()]
