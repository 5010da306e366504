"""Load the kiosk's font (Lato, SIL OFL, from the ``font-lato`` package) into Qt.

A bundled font makes the kiosk look the same on every machine, including a bare Linux kiosk
with no desktop fonts, and renders offscreen identically to the screen.
"""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

from PySide6.QtGui import QFontDatabase

log = logging.getLogger(__name__)

FACES = ("Regular", "Bold", "Italic", "BoldItalic")


def load_fonts() -> bool:
    """Register Lato with Qt; returns False (and logs) if the package is missing."""
    folder = _font_folder()
    if folder is None:
        log.warning("font-lato is not installed; using the system's default font")
        return False
    loaded = 0
    for face in FACES:
        try:
            data = (folder / f"Lato-{face}.ttf").read_bytes()
        except OSError:
            continue
        if QFontDatabase.addApplicationFontFromData(data) >= 0:
            loaded += 1
    if loaded < len(FACES):
        log.warning("loaded %d of %d Lato faces from %s", loaded, len(FACES), folder)
    return loaded == len(FACES)


def _font_folder() -> Path | None:
    """The ``files`` folder inside the installed ``font_lato`` package (what its
    ``font_directory`` names), found without importing it: its import globs that folder, a
    couple of milliseconds before Home is painted."""
    spec = importlib.util.find_spec("font_lato")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "files"
