"""Problems found in a content folder, reported as ``path:line: level: message``.

One record type for the validator's output, the log and the admin screen, so all three say the
same thing in the same words.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import NamedTuple


class Level(StrEnum):
    """How bad a problem is: an error means the kiosk skips the file."""

    ERROR = "error"
    WARNING = "warning"


class Problem(NamedTuple):
    """One problem in one file; sorts by path, then line."""

    path: str
    line: int
    level: Level
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


def relative_name(path: Path, root: Path) -> str:
    """The path as an admin sees it: relative to the content folder, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
