"""The reader: one topic or treatment, split into screens that fit exactly.

Swipe or tap the large Back/Next buttons; "2 of 5" says where you are (the session decides
which page, and that Back on the first and Next on the last return to the list). When the
window or text size changes, only this topic is laid out again, and the reader stays on the
page holding the text the patient was reading.

The pages of a topic are made here and only here, ``kiosk validate``'s screen count included,
so what it counts is what the kiosk shows: the body, then the take-home QR code where the
site gives a web address, then the site's safety note on a topic about mental health.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote

from PySide6.QtCore import QSizeF, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.content import Section
from kiosk.content.library import ContentLibrary, Entry
from kiosk.content.names import QR_SCHEME
from kiosk.i18n import Strings
from kiosk.session import Place, Reading
from kiosk.ui.page_nav import PageNav
from kiosk.ui.page_view import PageView
from kiosk.ui.pagination import PagedDocument
from kiosk.ui.screens import Context, Look, Screen, sentence
from kiosk.ui.widgets import make_label, settle_layout

# The column of text: at most about 75 characters a line at any text size, so it widens with
# the text size where the screen has room (a landscape screen at 150% or 200%) rather than
# leaving a large-print reader a few words a line and a few lines a page.
READING_WIDTH = 1250  # px at the 1080 px short side and 100% text
HEADER_PICTURE_PX = 120  # a picture, not words: it keeps its size, and leaves the room to the text
QR_PX = 320


def take_home_html(url: str | None, caption: str) -> str:
    """A QR code for ``url`` after the last screen of text, or nothing without an address.
    The caption and the code are one paragraph of two lines, which a page edge never parts."""
    if not url:
        return ""
    source = html.escape(f"{QR_SCHEME}:{quote(url, safe=':/?&=#%~+@')}", quote=True)
    caption = html.escape(caption)
    return f'<p class="take-home"><b>{caption}</b><br><img src="{source}" alt="{caption}"></p>'


def safety_note_html(note: str) -> str:
    """The site's safety note, set apart, or nothing. It comes last, after the QR code, so it
    is always on the topic's last screen and beside the code a patient takes home."""
    if not note:
        return ""
    return f'<blockquote class="safety-note"><b>{html.escape(note)}</b></blockquote>'


def closing_html(library: ContentLibrary, entry: Entry, strings: Strings) -> str:
    """What follows a topic's text: the take-home QR code, then (for a topic about mental
    health) the safety note."""
    note = library.site.safety_note(entry.lang) if entry.mental_health else ""
    return take_home_html(library.take_home_url(entry), strings["take_home"]) + safety_note_html(
        note
    )


class ReaderScreen(Screen):
    """Shows a topic page by page; never scrolls, never follows a link by itself."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self._pictures = context.pictures
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
        self.nav = PageNav(primary=True)
        self._layout.addLayout(header)
        self._layout.addWidget(self.notice)
        self._layout.addWidget(self.view, 1)
        self._layout.addWidget(self.nav)
        self.showing: Entry | None = None  # the entry on screen, to notice when it changes
        self.section: Section | None = None
        self._html = ""
        self._root: Path | None = None
        self.document: PagedDocument | None = None
        self._laid_out_for: tuple[int, int, Look] | None = None
        self._place: int | None = None  # the first character the patient was reading
        self._start_page = 0  # where a newly shown entry opens (the same page, after a reload)
        self.nav.turn_pages_of(self.session, self.view)
        self.view.link_activated.connect(self.session.follow_link)
        self.view.resized.connect(self._relayout)

    # -- what is shown -------------------------------------------------------------------

    def restyle(self, look: Look) -> None:
        """New sizes/colours/language: lay the open topic out again, keeping the place."""
        super().restyle(look)
        theme = look.theme
        margin = theme.margin
        self._layout.setContentsMargins(margin, margin // 2, margin, margin // 2)
        self._layout.setSpacing(theme.px(24, text=False))
        self.column.setMaximumWidth(theme.px(READING_WIDTH) + 2 * margin)
        self.nav.set_theme(theme)
        self._relayout()

    def present(self, place: Place) -> None:
        screen = place.screen
        topic = self.session.topic
        assert isinstance(screen, Reading) and topic is not None
        if topic.entry is not self.showing:
            # Opened at its first page, or after a reload on the same page (or the last).
            self._show_entry(topic.entry, topic.fallback, page=screen.page)
            return
        if screen.page != self.page:
            self.view.set_page(screen.page)
            self._place = None  # the patient turned the page: read from here
        self._update_nav()
        self._report_pages()

    def _show_entry(self, entry: Entry, fallback: bool, *, page: int) -> None:
        library = self.session.library
        strings = self.look.strings
        theme = self.look.theme
        self.showing = entry
        self.section = entry.ref.section
        self.title.setText(entry.title)
        notice = strings["translation_missing"] if fallback else ""
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        picture = None
        if entry.image is not None:
            tint = theme.palette.accent if self.session.preferences.high_contrast else None
            picture = self._pictures.get(
                library.root / entry.image, theme.px(HEADER_PICTURE_PX, text=False), tint
            )
        self.icon.setVisible(picture is not None)
        self.icon.setPixmap(picture or QPixmap())
        rendered = library.render(entry)  # converted once, by the session, before it got here
        self._html = rendered.html + closing_html(library, entry, strings)
        self._root = library.root
        self._laid_out_for = None
        self.document = None
        self._place = None
        self._start_page = page
        self.view.show_document(None)
        settle_layout()  # a wrapped title changes the text's height: settle before laying out
        self._relayout()

    def forget(self) -> None:
        """Forget the topic entirely (privacy reset: the next patient must not see it)."""
        self.showing = None
        self._html = ""
        self.title.clear()
        self.notice.clear()
        self.icon.setPixmap(QPixmap())
        self.document = None
        self._laid_out_for = None
        self.view.show_document(None)

    # -- pagination ----------------------------------------------------------------------

    def _relayout(self) -> None:
        """Lay the topic out at the view's current size, only if something changed, keeping
        the patient's place; say where that place is now."""
        size = self.view.size()
        if self.showing is None or size.width() < 50 or size.height() < 50:
            return
        key = (size.width(), size.height(), self.look)
        if key == self._laid_out_for and self.document is not None:
            return
        old = self.document
        if old is not None and self._place is None:
            self._place = old.first_position(self.view.page)
        theme = self.look.theme
        self.document = PagedDocument(
            self._html,
            theme.document_css(),
            QSizeF(size.width(), size.height()),
            self._root,
            theme.heading_px,
            qr_px=theme.px(QR_PX, text=False),
        )
        self._laid_out_for = key
        # The reading place is kept until the patient turns a page, so several layouts in a row
        # (a text size change, then a resize) do not drift back a page each time.
        if old is None:
            page = self._start_page
        elif self._place is not None:
            page = self.document.page_of_position(self._place)
        else:
            page = self.view.page
        self.view.show_document(self.document, page)
        self._update_nav()
        self._report_pages()

    def _report_pages(self) -> None:
        """Tell the session how many pages the topic on screen has, and which page holds the
        patient's place."""
        if self.document is not None and self.isVisible():
            self.session.paged(self.page_count, self.page)

    @property
    def page(self) -> int:
        return self.view.page

    @property
    def page_count(self) -> int:
        return self.document.page_count if self.document is not None else 0

    def _update_nav(self) -> None:
        count = self.page_count
        page = self.view.page
        strings = self.look.strings
        to_list = strings["all_topics" if self.section is Section.LEARN else "all_treatments"]
        first, last = page == 0, page >= count - 1
        where = strings.format("page_of", page=page + 1, count=max(count, 1))
        self.nav.show_position(
            page,
            count,
            back=to_list if first else strings["back"],
            next_=to_list if last else strings["next"],
            where=where,
        )
        # Screen readers see the page as one text area: its name says where, its description
        # holds the words on this page.
        self.view.setAccessibleName(f"{self.title.text()}, {where}")
        if self.document is not None and count:
            self.view.setAccessibleDescription(" ".join(self.document.page_texts()[page].split()))

    def spoken_text(self) -> str:
        if self.document is None:
            return ""
        page = self.document.page_texts()[self.page]
        where = self.look.strings.format("spoken_page", page=self.page + 1, count=self.page_count)
        return f"{sentence(self.title.text())} {where} {' '.join(page.split())}"
