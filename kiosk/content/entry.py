"""``Entry``: one topic or treatment in one language, as read from its file.

In a module of its own, imported when the topics load, just after Home is painted: Home
needs no entry, and the dataclass decorator's cost would otherwise come before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.content.library import EntryRef
    from kiosk.content.markdown_pipeline import RenderedBody


@dataclass(eq=False)
class Entry:
    """One topic or treatment in one language: its front matter and unconverted body."""

    ref: EntryRef
    lang: str
    path: Path
    title: str
    summary: str
    order: float | None
    image: str | None
    reviewed: dt.date | None
    facts: dict[str, tuple[str, ...]]
    web_page: str | None
    body: str
    body_line: int
    key_lines: dict[str, int] = field(default_factory=dict, repr=False)
    rendered: RenderedBody | None = field(default=None, repr=False)

    def line_of(self, key: str) -> int:
        """The front-matter line of ``key`` (or the first front-matter line)."""
        return self.key_lines.get(key, 2)

    def sort_key(self) -> tuple[bool, float, str]:
        return (self.order is None, self.order or 0.0, self.path.name)
