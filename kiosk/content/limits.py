"""Bodies too complex to convert or lay out in reasonable time, spotted cheaply before trying.

Kept apart from the markdown pipeline so that loading a content folder (front matter only,
at start-up) does not import Python-Markdown at all.
"""

from __future__ import annotations

# Python-Markdown's inline patterns take quadratic time on long runs of unmatched brackets
# (20,000 '[' take about a minute); no real topic needs this many.
MAX_BRACKETS = 2000
# A table is laid out cell by cell; thousands of cells take seconds and never fit a screen.
MAX_PIPES = 4000
MAX_TABLE_CELLS = 1000
# Lists and quotes inside each other: each level indents the words, and past this many a screen
# has no room left for them. (Python-Markdown itself gave up with a RecursionError at about 150
# levels until 3.11.4; the kiosk keeps its own limit whatever the version does.)
MAX_NESTING = 20


def too_complex(body: str) -> str | None:
    """Why a body would take too long to convert or lay out (checked cheaply, before trying)."""
    if body.count("[") > MAX_BRACKETS:
        return (
            f"has more than {MAX_BRACKETS} '[' characters, which markdown cannot convert in "
            "reasonable time; remove the unneeded brackets"
        )
    if body.count("|") > MAX_PIPES:
        return (
            f"has more than {MAX_PIPES} '|' characters (a very large table); a kiosk screen "
            f"shows tables of up to {MAX_TABLE_CELLS} cells: split it into smaller tables"
        )
    return None
