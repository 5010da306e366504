"""How many screens a topic takes on the reference kiosk screen (1080x1920, default text).

``kiosk validate`` uses this to warn about topics too long to read standing up. It lays the
topic out with the kiosk's own reader, offscreen, so the count is what a patient would see.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, QSizeF
from PySide6.QtWidgets import QApplication

from kiosk.content import ContentLibrary
from kiosk.content.entry import Entry
from kiosk.content.validate import ScreenCounter
from kiosk.ui.pagination import PagedDocument
from kiosk.ui.window import KioskOptions, KioskWindow

REFERENCE_SIZE = QSize(1080, 1920)


class ReferenceReader:
    """The reader's page at the reference size, measured once on an offscreen kiosk window;
    each topic is then laid out at that page size (a title that wraps to more lines than the
    first topic's can make a page a line shorter: close enough for a warning)."""

    def __init__(self, library: ContentLibrary) -> None:
        self.window = KioskWindow(library, KioskOptions(kiosk_mode=False, idle_timeout=0))
        self.window.resize(REFERENCE_SIZE)
        self.window.show()
        self.page: QSizeF | None = None

    def count(self, entry: Entry, html: str) -> int:
        theme = self.window.theme
        if self.page is None:
            reader = self.window.reader
            self.window.stack.setCurrentWidget(reader)
            self.window.top_bar.show()
            reader.show_entry(entry.ref, entry.title, html, self.window.library.root)
            QApplication.processEvents()
            reader.relayout()
            self.page = QSizeF(reader.view.size())
        document = PagedDocument(
            html, theme.document_css(), self.page, self.window.library.root, theme.heading_px
        )
        return document.page_count

    def close(self) -> None:
        self.window.exit_kiosk()
        self.window.deleteLater()


def screen_counter(library: ContentLibrary) -> tuple[ScreenCounter, ReferenceReader]:
    """A function (entry, html) -> screens, and the reader behind it (close it when done)."""
    reader = ReferenceReader(library)
    return reader.count, reader
