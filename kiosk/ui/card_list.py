"""The topic list and the treatment list: large cards, split into pages that fit (no scroll).

Cards are placed by hand in ``CardArea._layout_cards``: each page takes as many whole cards as
fit the space at the current width and text size, one column in portrait and two in
landscape. The session says which page to show; the screen says how many there are.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QVBoxLayout

from kiosk.content import ContentLibrary, Section
from kiosk.content.library import Entry
from kiosk.session import CardList, Place
from kiosk.ui.page_nav import PageNav
from kiosk.ui.page_view import SwipeArea
from kiosk.ui.screens import Context, Look, Screen, notice_text, sentence
from kiosk.ui.widgets import RichButton, make_label

CARD_PICTURE_PX = 96


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
            card.hide()  # at once: its deletion waits for the event loop
            card.deleteLater()
        self.cards = cards
        self.spacing = spacing
        self.min_card_width = min_card_width
        for card in cards:
            card.setParent(self)
        self._layout_cards()

    def set_page(self, page: int) -> None:
        if page != self.page:
            self.page = page
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

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self._pictures = context.pictures
        self._layout = QVBoxLayout(self)
        self.title = make_label(role="title")
        self.area = CardArea()
        self.notice = make_label(role="notice")
        self.notice.hide()
        self.empty = make_label(role="muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nav = PageNav()
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.notice)
        self._layout.addWidget(self.area, 1)
        self._layout.addWidget(self.empty, 1)
        self._layout.addWidget(self.nav)
        self._filled_for: tuple[Section, str, ContentLibrary, Look] | None = None
        self.nav.turn_pages_of(self.session, self.area)
        self.area.pages_changed.connect(self._pages_changed)

    def restyle(self, look: Look) -> None:
        super().restyle(look)
        theme = look.theme
        margin = theme.margin
        self._layout.setContentsMargins(margin, margin // 2, margin, margin)
        self._layout.setSpacing(theme.px(28, text=False))
        self.nav.set_theme(theme)

    def present(self, place: Place) -> None:
        screen = place.screen
        assert isinstance(screen, CardList)
        session = self.session
        key = (screen.section, session.preferences.lang, session.library, self.look)
        if key != self._filled_for:
            self._fill(screen.section)
            self._filled_for = key
        self.notice.setText(notice_text(screen.notice, self.look.strings))
        self.notice.setVisible(screen.notice is not None)
        self.area.set_page(screen.page)
        self._pages_changed()

    def _fill(self, section: Section) -> None:
        theme, strings = self.look
        lang = self.session.preferences.lang
        library = self.session.library
        self.title.setText(library.site.section(section, lang).title)
        self.empty.setText(strings["updating_title"])
        cards = [self._card(entry, library) for entry, _ in library.entries(section, lang)]
        self.area.setVisible(bool(cards))
        self.empty.setVisible(not cards)
        self.area.page = 0
        self.area.set_cards(cards, theme.px(24, text=False), theme.px(700))

    def _card(self, entry: Entry, library: ContentLibrary) -> RichButton:
        theme, strings = self.look
        facts = [f"{strings[key]}: {', '.join(values)}" for key, values in entry.facts.items()]
        picture = None
        if entry.image is not None:
            tint = theme.palette.accent if self.session.preferences.high_contrast else None
            picture = self._pictures.get(
                library.root / entry.image, theme.px(CARD_PICTURE_PX), tint
            )
        card = RichButton(
            entry.title,
            entry.summary,
            role="card",
            icon=picture,
            facts=facts,
            padding=theme.px(30, text=False),
        )
        card.clicked.connect(lambda _=False, ref=entry.ref: self.session.open_entry(ref))
        return card

    def _pages_changed(self) -> None:
        count, page = len(self.area.pages), self.area.page
        strings = self.look.strings
        self.nav.setVisible(count > 1)
        self.nav.show_position(
            page,
            count,
            back=strings["back"],
            next_=strings["next"],
            where=strings.format("list_page_of", page=page + 1, count=count),
        )
        self.nav.enable(previous=page > 0, next_=page < count - 1)
        if self.isVisible():
            self.session.paged(count, page)

    def forget(self) -> None:
        self.title.clear()
        self.area.set_cards([], self.area.spacing, self.area.min_card_width)
        self._filled_for = None

    def visible_cards(self) -> list[QPushButton]:
        return [c for c in self.area.cards if not c.isHidden()]

    @property
    def page_count(self) -> int:
        return len(self.area.pages)

    def spoken_text(self) -> str:
        cards = [
            f"{sentence(c.accessibleName())} {c.accessibleDescription()}"
            for c in self.visible_cards()
        ]
        where = []
        if self.page_count > 1:
            page = self.area.page + 1
            where = [self.look.strings.format("spoken_page", page=page, count=self.page_count)]
        return " ".join([sentence(self.title.text()), *where, *cards])
