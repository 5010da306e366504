"""Content from a folder that something else fills: Syncthing, OneDrive, a network share.

Such a folder changes file by file, whenever the sync tool gets to it, so the kiosk never
reads it in place. It waits until the folder has been quiet for ``quiet_seconds`` and holds no
partial files (Syncthing's ``.syncthing.*.tmp``, Office's ``~$*``, editors' swap files),
copies it, and checks that nothing changed while it copied; only then is the copy a version.
A version's id is a hash of its files, so a folder that comes back unchanged is no new version.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import shutil
import time
from pathlib import Path

from kiosk.errors import ContentSourceError
from kiosk.sources.store import VersionInfo

# Files a sync tool or an editor is still writing: the folder is not finished while one is there.
PARTIAL_FILES = (
    ".syncthing.*.tmp",  # Syncthing, while it receives a file
    "~syncthing~*.tmp",  # Syncthing on Windows
    "~$*",  # Microsoft Office's lock files
    ".~lock.*#",  # LibreOffice's
    "*.swp",
    "*.swx",  # vim
    ".#*",  # emacs
    "*.part",
    "*.partial",
    "*.crdownload",
    "*.tmp",
)
# Folders of the sync tools themselves: never content, never copied.
TOOL_FOLDERS = frozenset({".stfolder", ".stversions", ".git", ".dropbox.cache", "$RECYCLE.BIN"})

Listing = tuple[tuple[str, int, int], ...]  # (relative path, size, modified ns), sorted


class FolderSource:
    """A synced folder, copied once it is still."""

    def __init__(self, folder: Path, quiet_seconds: float) -> None:
        self.folder = folder
        self.quiet_seconds = quiet_seconds

    def describe(self) -> str:
        return f"folder {self.folder}"

    def listing(self) -> Listing:
        """Every file, with its size and time; ContentSourceError if the folder cannot be read."""
        if not self.folder.is_dir():
            raise ContentSourceError(
                f"the folder {self.folder} is not there (a share offline, or not synced yet?);"
                " the kiosk keeps its version and looks again at the next check"
            )
        found = []
        try:
            for here, folders, files in os.walk(self.folder):
                folders[:] = sorted(f for f in folders if f not in TOOL_FOLDERS)
                for name in files:
                    path = Path(here, name)
                    stat = path.stat()
                    relative = path.relative_to(self.folder).as_posix()
                    found.append((relative, stat.st_size, stat.st_mtime_ns))
        except OSError as error:
            raise ContentSourceError(
                f"cannot read {self.folder} ({error.strerror or error})"
            ) from error
        return tuple(sorted(found))

    def not_ready(self, listing: Listing, now: float | None = None) -> str | None:
        """Why the folder is not ready to copy yet, or None."""
        for relative, _, _ in listing:
            name = relative.rsplit("/", 1)[-1]
            if any(fnmatch.fnmatch(name, pattern) for pattern in PARTIAL_FILES):
                return f"{relative} is still being synced; the kiosk looks again at the next check"
        newest = max((mtime for _, _, mtime in listing), default=0) / 1e9
        quiet_for = (time.time() if now is None else now) - newest
        if quiet_for < self.quiet_seconds:
            return (
                f"the folder changed {max(quiet_for, 0):.0f} s ago; it is copied once it has been"
                f" quiet for {self.quiet_seconds:.0f} s"
            )
        return None

    def copy_to(self, listing: Listing, target: Path) -> str:
        """Copy the listed files into ``target``; the version id (a hash of the files).

        ContentSourceError if the folder changed while it was being copied."""
        digest = hashlib.sha256()
        for relative, _, _ in listing:
            source = self.folder / relative
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            digest.update(relative.encode("utf-8") + b"\0")
            digest.update(destination.read_bytes() + b"\0")
        if self.listing() != listing:
            raise ContentSourceError(
                f"{self.folder} changed while it was being copied; the kiosk copies it again"
                " once it is quiet"
            )
        return "folder-" + digest.hexdigest()[:12]

    def info(self, version_id: str) -> VersionInfo:
        return VersionInfo(id=version_id, source=self.describe(), arrived=time.time())
