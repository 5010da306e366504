"""Exact pagination: a topic laid out once as one column at the reader's width, then cut into
pages of the reader's height at places where no line is cut.

Qt lays the document out once, with a text width and no page height (``QTextBrowser`` and
``QTextEdit`` would reset a document's size when shown, so the reader keeps a standalone
document). The pages are windows onto that column, painted with a translate and a clip; where
each ends is decided here, from the laid-out lines, so it costs a walk over them and never a
second layout (Qt's own paged layout needed one per adjusted page break: 0.3 s for a
30-screen topic, where this takes 15 ms). The rules a patient sees:

- no line is cut by a page edge, and no page is blank;
- a ``---`` line in the markdown (a CSS ``page-break-before``) starts a new page;
- a short block (a care-team note, a list item) and a table row are never split: they move to
  the next page whole; a heading never ends a page, it moves along with what follows it;
- a screen's last page never holds a line or two alone: the block before them comes along
  (a whole list, if it ends one) when the page before keeps at least as much.

A page turn only repaints; a new page or text size lays out again only the open topic.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, replace
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
    QTextFrame,
    QTextList,
    QTextOption,
    QTextTable,
)

from kiosk.content.names import IMAGE_SCHEME, QR_SCHEME
from kiosk.ui.icons import load_scaled_image
from kiosk.ui.qr import qr_image

IMAGE_MAX_HEIGHT_SHARE = 0.55
SHORT_BLOCK_SHARE = 1 / 3  # a block shorter than this share of a page is never split
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


@dataclass(frozen=True)
class Line:
    """One laid-out line: where it is (document coordinates) and what it says."""

    top: float
    bottom: float
    position: int  # of its first character in the document
    text: str  # its words (a picture is one object character)


@dataclass(frozen=True)
class Piece:
    """What a page edge moves whole if it can: a block, or a table row (its cells' lines)."""

    top: float
    bottom: float
    lines: tuple[Line, ...]
    movable: bool  # short enough to go to the next page whole rather than be split
    column: bool = True  # its lines are one below the other (not a row of cells)
    heading: bool = False
    author_break: bool = False  # the author starts a new screen here (a ``---`` line)
    text_list: QTextList | None = None  # the list it is an item of: a list moves whole

    @property
    def shows(self) -> bool:
        return any(line.text.strip() for line in self.lines)


def _lines_of(block: QTextBlock, top: float) -> list[Line]:
    layout = block.layout()
    text = block.text()
    lines = []
    for number in range(layout.lineCount()):
        line = layout.lineAt(number)
        y = top + line.y()
        start, length = line.textStart(), line.textLength()
        words = text[start : start + length]
        lines.append(Line(y, y + line.height(), block.position() + start, words))
    return lines


def _starts_screen(page_break: QTextFormat.PageBreakFlag) -> bool:
    return bool(page_break & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)


class _PieceReader:
    """Reads a laid-out document into pieces, in reading order."""

    def __init__(self, document: QTextDocument, page_height: float) -> None:
        self._document = document
        self._layout = document.documentLayout()
        self._short = page_height * SHORT_BLOCK_SHARE

    def pieces(self) -> list[Piece]:
        """The pieces that show something. An empty block (Qt keeps one after each table,
        beside it) shows nothing and is never where a page ends; the author's ``---`` on one
        passes to the piece after it."""
        read: list[Piece] = []
        children = self._document.rootFrame().begin()
        while not children.atEnd():
            frame = children.currentFrame()
            if isinstance(frame, QTextTable):
                read += self._rows(frame)
            elif frame is not None:
                read += self._whole(frame)
            else:
                read.append(self._block(children.currentBlock()))
            children += 1
        pieces: list[Piece] = []
        new_screen = False
        for piece in read:
            new_screen = new_screen or piece.author_break
            if piece.shows:
                pieces.append(replace(piece, author_break=new_screen))
                new_screen = False
        return pieces

    def _block(self, block: QTextBlock) -> Piece:
        rect = self._layout.blockBoundingRect(block)
        lines = _lines_of(block, rect.top())
        top = lines[0].top if lines else rect.top()
        bottom = lines[-1].bottom if lines else rect.top()
        return Piece(
            top,
            bottom,
            tuple(lines),
            movable=bottom - top < self._short,
            heading=block.blockFormat().headingLevel() > 0,
            author_break=_starts_screen(block.blockFormat().pageBreakPolicy()),
            text_list=block.textList(),
        )

    def _lines_between(self, first: int, last: int) -> list[Line]:
        """The lines of every block from position ``first`` to ``last`` (a cell, a frame)."""
        lines = []
        block = self._document.findBlock(first)
        while block.isValid() and block.position() <= last:
            lines += _lines_of(block, self._layout.blockBoundingRect(block).top())
            block = block.next()
        return lines

    def _rows(self, table: QTextTable) -> list[Piece]:
        """One piece a row: its top and bottom take in the cells' padding and borders, so a
        page edge between two rows cuts no border in half. A row is moved whole."""
        frame = self._layout.frameBoundingRect(table)
        table_format = table.format()
        edge = table_format.cellPadding() + table_format.border()
        last_row = table.rows() - 1
        rows = []
        for row in range(table.rows()):
            first = table.cellAt(row, 0).firstPosition()
            last = table.cellAt(row, table.columns() - 1).lastPosition()
            lines = self._lines_between(first, last)
            if not lines:
                continue
            top = frame.top() if row == 0 else min(line.top for line in lines) - edge
            bottom = frame.bottom() if row == last_row else max(x.bottom for x in lines) + edge
            starts_screen = row == 0 and _starts_screen(table_format.pageBreakPolicy())
            rows.append(
                Piece(
                    top,
                    bottom,
                    tuple(lines),
                    movable=True,
                    column=False,
                    author_break=starts_screen,
                )
            )
        return rows

    def _whole(self, frame: QTextFrame) -> list[Piece]:
        """Any other frame, as one piece."""
        lines = self._lines_between(frame.firstPosition(), frame.lastPosition())
        if not lines:
            return []
        top, bottom = min(line.top for line in lines), max(line.bottom for line in lines)
        return [Piece(top, bottom, tuple(lines), movable=bottom - top < self._short, column=False)]


def _cut_within(piece: Piece, page_top: float, limit: float) -> float:
    """Where to split ``piece`` on a page that starts at ``page_top``: the lowest place at or
    above ``limit`` that cuts none of its lines (a row's cells sit side by side, so one cell's
    line may straddle another's). A paragraph never leaves its last line alone at the top of
    the next page, nor its first alone at the foot of this one (widows and orphans, as books
    and CSS avoid them)."""
    lines = piece.lines
    cut = limit
    while straddling := [line.top for line in lines if line.top < cut < line.bottom]:
        cut = min(straddling)
    if not piece.column or len(lines) < 2:
        return cut
    going = next((n for n, line in enumerate(lines) if line.top >= cut), len(lines))
    if going == len(lines) - 1:
        going -= 1
    if going == 1:
        going = 0
    return lines[going].top if lines[going].top > page_top else cut


def cut_pages(pieces: list[Piece], height: float) -> list[float]:
    """Where each page starts (document y), for pages of ``height``: the rules in the module's
    docstring, pieces moved whole where they can be and split between lines where not."""
    if not pieces:
        return [0.0]
    tops = [pieces[0].top]
    for index, piece in enumerate(pieces):
        top = tops[-1]
        if piece.author_break and piece.top > top:
            tops.append(piece.top)
            top = piece.top
        moved = False  # to a new page, once: if it is still too long there, it is split
        while piece.bottom > top + height:
            cut = _cut_within(piece, top, top + height)
            if not moved and ((piece.movable and piece.top > top) or cut <= piece.top):
                cut = pieces[_with_headings_before(pieces, index, top)].top
                moved = True
            if cut <= top:  # a line taller than a page: cut at the page's foot
                cut = top + height
            tops.append(cut)
            top = cut
    return _company_for_lonely_pages(pieces, tops, height)


def _with_headings_before(pieces: list[Piece], index: int, page_top: float) -> int:
    """The piece a page must end before to end before ``pieces[index]``: the first of the
    headings just above it, if any, so that no heading is left at the foot of a page."""
    while index > 0 and pieces[index - 1].heading and pieces[index - 1].top > page_top:
        index -= 1
    return index


def _company_for_lonely_pages(pieces: list[Piece], tops: list[float], height: float) -> list[float]:
    """A screen that runs just past a page would leave a line or two alone on a page of their
    own (before the author's next ``---``, or at the end). Bring the pieces before them along
    (a whole list, if they end one, and the headings above) when the page before keeps at
    least as much: a lead-in and its list stay together, and no page ends up barer."""
    starts = [piece.top for piece in pieces]
    for page in range(1, len(tops)):
        first = bisect.bisect_left(starts, tops[page])  # the first piece on this page
        if first >= len(pieces) or starts[first] != tops[page] or pieces[first].author_break:
            continue  # it goes on from a piece split across its top, or starts a new screen
        after = len(pieces)  # the first piece after this page
        if page + 1 < len(tops):
            after = bisect.bisect_left(starts, tops[page + 1])
            if after >= len(pieces) or starts[after] != tops[page + 1]:
                continue  # a piece goes on to the next page: this page is full
            if not pieces[after].author_break:
                continue  # the screen goes on to the next page: this page is full
        used = pieces[after - 1].bottom - tops[page]
        if used >= height * LONELY_PAGE_SHARE:
            continue
        start = _with_headings_before(pieces, _start_of_list(pieces, first - 1), tops[page - 1])
        kept = starts[start] - tops[page - 1]  # what would stay on the page before
        brought = pieces[first - 1].bottom - starts[start] + used  # what this page would hold
        if kept > 0 and brought <= min(kept, height):
            tops[page] = starts[start]
    return tops


def _start_of_list(pieces: list[Piece], index: int) -> int:
    """The first piece of the list ``pieces[index]`` is an item of (itself if none): a list
    moves whole."""
    items = pieces[index].text_list
    if items is None:
        return index
    while index > 0 and pieces[index - 1].text_list == items:
        index -= 1
    return index


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
    ) -> None:
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
        self.document.setTextWidth(page_size.width())  # one column: no page height, no breaks
        pieces = _PieceReader(self.document, page_size.height()).pieces()
        self._lines = [line for piece in pieces for line in piece.lines]
        tops = cut_pages(pieces, page_size.height())
        # A patient never turns to a blank page (a page of only empty lines, if any).
        shown = {self._page_at(tops, line.top) for line in self._lines if line.text.strip()}
        self._tops = [tops[page] for page in sorted(shown)] or [0.0]
        self._texts = self._page_texts()

    @staticmethod
    def _page_at(tops: list[float], y: float) -> int:
        return max(0, bisect.bisect_right(tops, y) - 1)

    @property
    def page_count(self) -> int:
        return len(self._tops)

    def page_rect(self, index: int) -> QRectF:
        """The page's rectangle in document coordinates: up to where the next page starts, or
        a page's height at the most."""
        top = self._tops[index]
        bottom = top + self.page_size.height()
        if index + 1 < len(self._tops):
            bottom = min(bottom, self._tops[index + 1])
        return QRectF(0, top, self.page_size.width(), bottom - top)

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
        starts = [line.position for line in self._lines]
        index = bisect.bisect_right(starts, position) - 1
        if index < 0:
            return 0
        return self._page_at(self._tops, self._lines[index].top)

    def first_position(self, index: int) -> int:
        """The first character shown on page ``index`` (the start of its first line)."""
        top = self._tops[index]
        for line in self._lines:
            if line.top >= top:
                return line.position
        return max(0, self.document.characterCount() - 1)

    def _page_texts(self) -> tuple[str, ...]:
        pages: list[list[str]] = [[] for _ in self._tops]
        for line in self._lines:
            pages[self._page_at(self._tops, line.top)].append(line.text)
        return tuple("\n".join(lines) for lines in pages)

    def page_texts(self) -> list[str]:
        """The text of each page, line by line: what screen readers and Listen are given, and
        what tests use to prove nothing is lost."""
        return list(self._texts)
