"""The reader: one topic or treatment, split into screens that fit exactly.

Swipe or tap the large Back/Next buttons; "2 of 5" says where you are. Back on the first
screen and Next on the last return to the list. When the page or text size changes, only
this topic is laid out again, and the reader stays on the page holding the text they were
reading.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSizeF, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.content import EntryRef
from kiosk.ui.page_view import PageView
from kiosk.ui.pagination import PagedDocument
from kiosk.ui.screens import Screen
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import make_button, make_label

if TYPE_CHECKING:
    from kiosk.content.entry import Entry

READING_WIDTH = 1250  # px at 1080 short side: about 75 characters a line at 30 px


@dataclass(frozen=True)
class ReaderTexts:
    """The interface words the reader shows, in the patient's language."""

    back: str
    next: str
    to_list: str
    page_of: str


class ReaderScreen(Screen):
    """Shows a topic page by page; never scrolls, never follows a link by itself."""

    leave_to_list = Signal()
    link_activated = Signal(str)
    page_turned = Signal(int)  # the page now shown (0-based), after a patient turned it

    def __init__(self) -> None:
        super().__init__()
        # One centred column (title, text, buttons) keeps a readable line length on wide screens.
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.column = QWidget()
        outer.addStretch(1)
        outer.addWidget(self.column, 1000)
        outer.addStretch(1)
        self._layout = QVBoxLayout(self.column)
        header = QHBoxLayout()
        self.icon = QLabel()
        self.title = make_label(role="title")
        header.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.title, 1)
        self.notice = make_label(role="notice")
        self.view = PageView()
        self.previous_button = make_button("")
        self.next_button = make_button("", role="primary")
        self.indicator = make_label(role="indicator", wrap=False)
        self.indicator.setAlignment(Qt.AlignmentFlag.AlignCenter)
        nav = QHBoxLayout()
        for button in (self.previous_button, self.next_button):
            button.setProperty("nav", True)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.indicator, 1)
        nav.addWidget(self.next_button)
        self._layout.addLayout(header)
        self._layout.addWidget(self.notice)
        self._layout.addWidget(self.view, 1)
        self._layout.addLayout(nav)
        self.ref: EntryRef | None = None
        self.showing: Entry | None = None  # the entry on screen, to notice when it changes
        self._html = ""
        self._root: Path | None = None
        self._theme = Theme()
        self._texts = ReaderTexts("Back", "Next", "All topics", "{page} of {count}")
        self.document: PagedDocument | None = None
        self._laid_out_for: tuple[int, int, Theme] | None = None
        self._start_page = 0
        self._place: int | None = None  # the first character the patient was reading
        self.previous_button.clicked.connect(self.show_previous)
        self.next_button.clicked.connect(self.show_next)
        self.view.swiped_next.connect(self.show_next)
        self.view.swiped_previous.connect(self.show_previous)
        self.view.link_activated.connect(self.link_activated)
        self.view.resized.connect(self.relayout)

    # -- what is shown -------------------------------------------------------------------

    def set_theme(self, theme: Theme, texts: ReaderTexts) -> None:
        """New sizes/colours/language: re-paginate the open topic, keeping the reader's place."""
        self._theme = theme
        self._texts = texts
        margin = theme.margin
        self._layout.setContentsMargins(margin, margin // 2, margin, margin // 2)
        self._layout.setSpacing(theme.px(24, text=False))
        self.column.setMaximumWidth(theme.px(READING_WIDTH, text=False) + 2 * margin)
        self.relayout()

    def show_entry(
        self,
        ref: EntryRef,
        title: str,
        html: str,
        root: Path,
        *,
        notice: str = "",
        icon: QPixmap | None = None,
        page: int = 0,
    ) -> None:
        """Show a topic from ``page``: 0, or after a live reload the page the reader was on
        (clamped to the new page count)."""
        self.ref = ref
        self.title.setText(title)
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self.icon.setVisible(icon is not None and not icon.isNull())
        self.icon.setPixmap(icon if icon is not None else QPixmap())
        self._html = html
        self._root = root
        self._laid_out_for = None
        self.document = None
        self._start_page = page
        self._place = None
        self.view.show_document(None)
        self.relayout(keep_place=False)

    def clear(self) -> None:
        """Forget the topic entirely (idle reset: the next patient must not see it)."""
        self.ref = None
        self.showing = None
        self._html = ""
        self.title.clear()
        self.notice.clear()
        self.icon.setPixmap(QPixmap())
        self.document = None
        self._laid_out_for = None
        self.view.show_document(None)

    def set_list_label(self, text: str) -> None:
        """What Back on the first page / Next on the last page say ("Topics", "Treatments")."""
        self._texts = replace(self._texts, to_list=text)
        self._update_nav()

    # -- pagination ----------------------------------------------------------------------

    def relayout(self, keep_place: bool = True) -> None:
        """Lay the topic out at the view's current size, only if something changed."""
        size = self.view.size()
        if self.ref is None or size.width() < 50 or size.height() < 50:
            return
        key = (size.width(), size.height(), self._theme)
        if key == self._laid_out_for and self.document is not None:
            self._update_nav()
            return
        old = self.document if keep_place else None
        if old is not None and self._place is None:
            self._place = old.first_position(self.view.page)
        self.document = PagedDocument(
            self._html,
            self._theme.document_css(),
            QSizeF(size.width(), size.height()),
            self._root,
            self._theme.heading_px,
            qr_px=self._theme.px(320, text=False),
        )
        self._laid_out_for = key
        # The reading place is kept until the patient turns a page, so several layouts in a row
        # (a text size change, then a resize) do not drift back a page each time.
        page = (
            self.document.page_of_position(self._place)
            if old is not None and self._place is not None
            else self._start_page
        )
        self._start_page = 0
        self.view.show_document(self.document, page)
        self._update_nav()

    @property
    def page(self) -> int:
        return self.view.page

    @property
    def page_count(self) -> int:
        return self.document.page_count if self.document is not None else 0

    def show_next(self) -> None:
        if self.document is None:
            return
        if self.view.page >= self.document.page_count - 1:
            self.leave_to_list.emit()
            return
        self.view.set_page(self.view.page + 1)
        self._place = None
        self._update_nav()
        self.page_turned.emit(self.view.page)

    def show_previous(self) -> None:
        if self.document is None:
            return
        if self.view.page == 0:
            self.leave_to_list.emit()
            return
        self.view.set_page(self.view.page - 1)
        self._place = None
        self._update_nav()
        self.page_turned.emit(self.view.page)

    def _update_nav(self) -> None:
        count = self.page_count
        page = self.view.page
        texts = self._texts
        first, last = page == 0, page >= count - 1
        self.previous_button.setText(f"‹  {texts.to_list if first else texts.back}")
        self.previous_button.setAccessibleName(texts.to_list if first else texts.back)
        self.next_button.setText(f"{texts.to_list if last else texts.next}  ›")
        self.next_button.setAccessibleName(texts.to_list if last else texts.next)
        self.indicator.setText(texts.page_of.format(page=page + 1, count=max(count, 1)))
        self.indicator.setAccessibleName(self.indicator.text())
        # Screen readers see the page as one text area: its name says where, its description
        # holds the words on this page.
        self.view.setAccessibleName(f"{self.title.text()}, {self.indicator.text()}")
        if self.document is not None and count:
            self.view.setAccessibleDescription(" ".join(self.document.page_texts()[page].split()))
