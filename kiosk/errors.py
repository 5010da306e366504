"""One exception family for everything the kiosk reports to a person.

Callers catch ``KioskError`` where they can keep running (skip a file, fall back to
defaults) and let anything else reach the single UI error handler.
"""

from __future__ import annotations

from pathlib import Path


class KioskError(Exception):
    """A problem the kiosk can describe in plain words and survive."""


class ConfigError(KioskError):
    """A bad ``kiosk.toml`` key or value; the kiosk falls back to the default."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


class ContentError(KioskError):
    """A content file the kiosk cannot show; it names the file and, when known, the line."""

    def __init__(self, path: Path | str, message: str, line: int = 1) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = Path(path)
        self.message = message
        self.line = line


class ContentSourceError(KioskError):
    """A check of the content source that could not finish (the remote did not answer, the
    synced folder is still changing); the kiosk keeps showing the version it has."""
