"""Exact pagination: a topic laid out once in a ``QTextDocument`` at the reader's page size.

``QTextBrowser``/``QTextEdit`` reset a document's page size when shown, so the reader keeps a
standalone document and paints it page by page with a translate and a clip. Qt's document
layout moves a line that would cross a page boundary on to the next page, so no line is ever
cut; a CSS ``page-break-before`` (from a ``---`` line in the markdown) starts a new page.

A page turn only repaints (no re-conversion, no re-layout); a new page or text size lays out
again only the open topic.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Iterator, Mapping
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QImage,
    QPainter,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)

from kiosk.content.names import IMAGE_SCHEME, QR_SCHEME
from kiosk.ui.icons import load_scaled_image
from kiosk.ui.qr import qr_image

IMAGE_MAX_HEIGHT_SHARE = 0.55
MAX_BREAK_FIXES = 100  # each fix lays the document out again: bounded
MAX_BLOCKS_TO_REFINE = 1500
# From this many blocks, a topic just opened has its first pages refined first and the rest
# right after they are painted; a shorter one is refined whole at once (a few milliseconds).
REFINE_FIRST_PAGES_FROM_BLOCKS = 80
LONELY_PAGE_SHARE = 0.2  # a screen's last page with less text than this gets company


def _nothing() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    return image


NOTHING = _nothing()  # what a picture the kiosk will not show is drawn as


class KioskDocument(QTextDocument):
    """A text document that loads pictures only from inside the content folder.

    A plain ``QTextDocument`` would load any ``file:`` path it is given; this one answers only
    ``kiosk-image:`` names, resolved inside ``root``, and scales each picture to fit a page.
    Any other picture, and one that cannot be read, is drawn as nothing: given no image, Qt
    would try to open the name as a file itself (and warn of a file with no name where the
    sanitizer took a web address away).
    """

    def __init__(self, root: Path | None, max_image: QSize, qr_px: int = 320) -> None:
        super().__init__()
        self._root = root.resolve() if root else None
        self._max_image = max_image
        self._qr_px = qr_px

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 - Qt override
        if kind != QTextDocument.ResourceType.ImageResource.value:
            return None
        picture = self._picture(QUrl(name) if isinstance(name, str) else name)
        return picture if picture is not None else NOTHING

    def _picture(self, name: QUrl) -> QImage | None:
        if name.scheme() == QR_SCHEME:
            return qr_image(name.path(), self._qr_px)
        if self._root is None or name.scheme() != IMAGE_SCHEME:
            return None
        target = (self._root / name.path()).resolve()
        if not target.is_relative_to(self._root) or not target.is_file():
            return None
        return load_scaled_image(target, self._max_image)


def _size_headings(document: QTextDocument, heading_px: Mapping[int, int]) -> None:
    """Give headings the theme's sizes.

    Qt's HTML import marks h1-h6 with a relative "size adjustment" that wins over any CSS
    font-size; clearing it lets the pixel size from the theme apply.
    """
    cursor = QTextCursor(document)
    block = document.begin()
    while block.isValid():
        size = heading_px.get(block.blockFormat().headingLevel())
        fragments = block.begin()
        while size and not fragments.atEnd():
            fragment = fragments.fragment()
            char_format = fragment.charFormat()
            char_format.clearProperty(QTextFormat.Property.FontSizeAdjustment)
            char_format.setProperty(QTextFormat.Property.FontPixelSize, size)
            cursor.setPosition(fragment.position())
            cursor.setPosition(
                fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
            )
            cursor.setCharFormat(char_format)
            fragments += 1
        block = block.next()


def _text(block: QTextBlock, number: int) -> str:
    """The text of line ``number`` of ``block`` (a picture is one object character)."""
    line = block.layout().lineAt(number)
    return block.text()[line.textStart() : line.textStart() + line.textLength()]


class PagedDocument:
    """One topic's HTML laid out into pages of exactly ``page_size``."""

    def __init__(
        self,
        html: str,
        css: str,
        page_size: QSizeF,
        root: Path | None = None,
        heading_px: Mapping[int, int] | None = None,
        *,
        qr_px: int = 320,
        first_pages: int | None = None,
    ) -> None:
        """``first_pages``: refine only the pages before this one now, so that the first of a
        long topic shows at once; ``finish`` refines the rest (nothing before a page moves
        when a later page is refined). None: all of it now."""
        max_image = QSize(int(page_size.width()), int(page_size.height() * IMAGE_MAX_HEIGHT_SHARE))
        self.page_size = page_size
        self.document = KioskDocument(root, max_image, qr_px)
        self.document.setDocumentMargin(0)
        option = self.document.defaultTextOption()
        # A 20,000-letter "word" must wrap, not run off the page.
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document.setDefaultTextOption(option)
        self.document.setUndoRedoEnabled(False)
        self.document.setDefaultStyleSheet(css)
        self.document.setHtml(f"<body>{html}</body>")
        if heading_px:
            _size_headings(self.document, heading_px)
        self.document.setPageSize(page_size)
        self._moved: set[int] = set()  # blocks given a page break here (not by the author's ---)
        self._shown: list[int] = [0]
        self.complete = False
        if self.document.blockCount() < REFINE_FIRST_PAGES_FROM_BLOCKS:
            first_pages = None
        self._refine(first_pages)
        if first_pages is None:
            self.complete = True

    def finish(self) -> None:
        """Refine every page (once; the pages shown so far stay as they are)."""
        if self.complete:
            return
        self._refine(None)
        self.complete = True

    def _refine(self, before_page: int | None) -> None:
        self._keep_blocks_together(before_page)
        # The document's pages that show something. Qt can leave one empty: a screen that
        # ends just at a page edge can start the author's next screen a page later, or be
        # counted one page longer. A patient never turns to a blank page.
        shows = {page for page, (block, number) in self._lines() if _text(block, number).strip()}
        self._shown = sorted(shows) or [0]
        self.__dict__.pop("_texts", None)  # worked out again for the refined pages

    def _keep_blocks_together(self, before_page: int | None) -> None:
        """Move a short block that a page edge would split, or a heading left alone at the
        foot of a page, to the next page: a care-team note or a list item reads as one piece.
        Then give a screen's last page company if it holds a line or two alone
        (``_fill_lonely_page``). Only on the pages before ``before_page``, if given.
        """
        if self.document.blockCount() > MAX_BLOCKS_TO_REFINE:
            return  # a very long document: plain page breaks, laid out once
        moved = self._moved
        end = math.inf if before_page is None else before_page
        for _ in range(MAX_BREAK_FIXES):
            if not (
                self._keep_one_block_together(moved, end) or self._fill_lonely_page(moved, end)
            ):
                return

    def _keep_one_block_together(self, moved: set[int], before_page: float) -> bool:
        height = self.page_size.height()
        layout = self.document.documentLayout()
        block = self.document.begin()
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            first_page = int(rect.top() // height)
            if first_page >= before_page:
                return False
            following = block.next()
            split = rect.bottom() > (first_page + 1) * height and rect.height() < height / 3
            stranded = (
                block.blockFormat().headingLevel() > 0
                and following.isValid()
                and int(layout.blockBoundingRect(following).top() // height) > first_page
            )
            in_table = QTextCursor(block).currentTable() is not None
            if (split or stranded) and not in_table and rect.top() > first_page * height + 1:
                self._set_break(block, True)
                moved.add(block.blockNumber())
                if stranded and following.blockNumber() in moved:
                    self._set_break(following, False)  # it now follows its heading
                return True
            block = block.next()
        return False

    def _fill_lonely_page(self, moved: set[int], before_page: float) -> bool:
        """A screen that runs just past a page would leave a line or two alone on a page of
        their own (before the author's next ``---``, or at the end). Bring the block before
        them along (a whole list, if it ends one) when the page before keeps at least as
        much: a lead-in and its list stay together, and no page ends up barer."""
        height = self.page_size.height()
        layout = self.document.documentLayout()
        blocks: list[tuple[QTextBlock, QRectF]] = []
        block = self.document.begin()
        while block.isValid():
            blocks.append((block, layout.blockBoundingRect(block)))
            block = block.next()
        for index in range(1, len(blocks)):
            first, first_rect = blocks[index]
            page = int(first_rect.top() // height)
            if page >= before_page:
                return False  # it would change the page before: refined later
            previous_rect = blocks[index - 1][1]
            starts_page = int(previous_rect.top() // height) < page
            if not starts_page or page == 0 or previous_rect.bottom() > page * height + 1:
                continue  # not the first block of its page, or the page goes on from a block
            if self._author_break(first, moved):
                continue  # a new screen, not the rest of one
            end = index
            while end + 1 < len(blocks) and int(blocks[end + 1][1].top() // height) == page:
                end += 1
            if end + 1 < len(blocks) and not self._author_break(blocks[end + 1][0], moved):
                continue  # the screen goes on to the next page: this page is full
            used = blocks[end][1].bottom() - page * height
            if used >= height * LONELY_PAGE_SHARE:
                continue
            start = self._start_of_piece(blocks, index - 1)
            start_block, start_rect = blocks[start]
            kept = start_rect.top() - (page - 1) * height  # what would stay on the page before
            brought = previous_rect.bottom() - start_rect.top() + used  # the page after
            in_table = QTextCursor(start_block).currentTable() is not None
            if in_table or brought > kept:
                continue  # in a table, or the page before would become the emptier one
            self._set_break(start_block, True)
            moved.add(start_block.blockNumber())
            if first.blockNumber() in moved:
                self._set_break(first, False)  # it now follows what was brought along
            return True
        return False

    @staticmethod
    def _start_of_piece(blocks: list[tuple[QTextBlock, QRectF]], index: int) -> int:
        """The block that starts the piece ``index`` belongs to: a list moves whole."""
        items = blocks[index][0].textList()
        if items is None:
            return index
        while index > 0 and blocks[index - 1][0].textList() == items:
            index -= 1
        return index

    def _author_break(self, block: QTextBlock, moved: set[int]) -> bool:
        """Whether the author starts a new screen here (``---``), not a break made here."""
        policy = block.blockFormat().pageBreakPolicy()
        forced = bool(policy & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        return forced and block.blockNumber() not in moved

    def _set_break(self, block: QTextBlock, before: bool) -> None:
        block_format = block.blockFormat()
        block_format.setPageBreakPolicy(
            QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
            if before
            else QTextFormat.PageBreakFlag.PageBreak_Auto
        )
        cursor = QTextCursor(block)
        cursor.setBlockFormat(block_format)
        # The layout updates lazily; lay it out again from this block on (a page break moves
        # nothing before it) before measuring.
        start = block.position()
        self.document.markContentsDirty(start, self.document.characterCount() - start)

    def _lines(self) -> Iterator[tuple[int, tuple[QTextBlock, int]]]:
        """(document page, (block, line number)) of every laid-out line, in order."""
        height = self.page_size.height()
        layout = self.document.documentLayout()
        block = self.document.begin()
        while block.isValid():
            top = layout.blockBoundingRect(block).top()
            lines = block.layout()
            for number in range(lines.lineCount()):
                yield int((top + lines.lineAt(number).y()) // height), (block, number)
            block = block.next()

    @property
    def page_count(self) -> int:
        return len(self._shown)

    def page_rect(self, index: int) -> QRectF:
        """The page's rectangle in document coordinates."""
        height = self.page_size.height()
        return QRectF(0, self._shown[index] * height, self.page_size.width(), height)

    def paint(self, painter: QPainter, index: int, origin: QPointF) -> None:
        """Draw page ``index`` with its top-left corner at ``origin``."""
        rect = self.page_rect(index)
        painter.save()
        painter.translate(origin.x(), origin.y() - rect.top())
        painter.setClipRect(rect)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = rect
        self.document.documentLayout().draw(painter, context)
        painter.restore()

    def anchor_at(self, index: int, point: QPointF) -> str:
        """The link target under ``point`` (page coordinates) on page ``index``, or ''."""
        rect = self.page_rect(index)
        return self.document.documentLayout().anchorAt(point + rect.topLeft())

    def page_of_position(self, position: int) -> int:
        """Which page shows the character at ``position`` (to keep a reader's place)."""
        block = self.document.findBlock(position)
        if not block.isValid():
            return 0
        layout = block.layout()
        offset = self.document.documentLayout().blockBoundingRect(block).top()
        line = layout.lineForTextPosition(position - block.position())
        y = offset + (line.y() if line.isValid() else 0.0)
        return self._index_of(int(y // self.page_size.height()))

    def _index_of(self, document_page: int) -> int:
        """The shown page for a document page (the one before it, if it shows nothing)."""
        return max(0, bisect.bisect_right(self._shown, document_page) - 1)

    def first_position(self, index: int) -> int:
        """The first character shown on page ``index`` (the start of its first line)."""
        target = self._shown[index]
        for page, (block, number) in self._lines():
            if page >= target:
                return block.position() + block.layout().lineAt(number).textStart()
        return max(0, self.document.characterCount() - 1)

    @functools.cached_property
    def _texts(self) -> tuple[str, ...]:
        """Each page's text, worked out once: the layout never changes after it is made."""
        pages: list[list[str]] = [[] for _ in self._shown]
        for page, (block, number) in self._lines():
            pages[self._index_of(page)].append(_text(block, number))
        return tuple("\n".join(lines) for lines in pages)

    def page_texts(self) -> list[str]:
        """The text of each page, line by line: what screen readers and Listen are given, and
        what tests use to prove nothing is lost."""
        return list(self._texts)
