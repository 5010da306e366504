"""Checks on laid-out pages, shared by the pagination and robustness tests."""

from __future__ import annotations

from kiosk.ui.pagination import PagedDocument


def assert_lines_fit(document: PagedDocument) -> None:
    """Each laid-out line with text lies wholly inside one page: no text is cut by a page edge.
    (An empty line, such as the empty block Qt keeps after a table, has nothing to cut.)"""
    height = document.page_size.height()
    layout = document.document.documentLayout()
    block = document.document.begin()
    while block.isValid():
        top = layout.blockBoundingRect(block).top()
        lines = block.layout()
        text = block.text()
        for index in range(lines.lineCount()):
            line = lines.lineAt(index)
            if not text[line.textStart() : line.textStart() + line.textLength()].strip():
                continue
            y0 = top + line.y()
            y1 = y0 + line.height()
            page = int(y0 // height)
            assert y1 <= (page + 1) * height + 0.5, f"line '{text[:30]}' is cut"
        block = block.next()
