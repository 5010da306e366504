"""Checks on laid-out pages, shared by the pagination and robustness tests."""

from __future__ import annotations

from kiosk.ui.pagination import PagedDocument


def assert_lines_fit(document: PagedDocument) -> None:
    """Each laid-out line with text lies wholly inside one page: no text is cut by a page edge.
    (An empty line, such as the empty block Qt keeps after a table, has nothing to cut.)
    The lines are read from Qt's layout, not from the pagination's own records."""
    pages = [document.page_rect(index) for index in range(document.page_count)]
    layout = document.document.documentLayout()
    block = document.document.begin()
    while block.isValid():
        top = layout.blockBoundingRect(block).top()
        lines = block.layout()
        text = block.text()
        for index in range(lines.lineCount()):
            line = lines.lineAt(index)
            words = text[line.textStart() : line.textStart() + line.textLength()]
            if not words.strip():
                continue
            y0 = top + line.y()
            y1 = y0 + line.height()
            holders = [page for page in pages if page.top() <= y0 < page.bottom()]
            assert len(holders) == 1, f"line '{words[:30]}' is on {len(holders)} pages"
            assert y1 <= holders[0].bottom() + 0.5, f"line '{words[:30]}' is cut"
        block = block.next()
