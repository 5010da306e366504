"""Load the kiosk's font (Lato, SIL OFL, from the ``font-lato`` package) into Qt.

A bundled font makes the kiosk look the same on every machine, including a bare Linux kiosk
with no desktop fonts, and renders offscreen identically to the screen.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFontDatabase

log = logging.getLogger(__name__)

FACES = ("Regular", "Bold", "Italic", "BoldItalic")


def load_fonts() -> bool:
    """Register Lato with Qt; returns False (and logs) if the package is missing."""
    try:
        import font_lato  # noqa: PLC0415 - optional at run time: the kiosk still starts without
    except ModuleNotFoundError:
        log.warning("font-lato is not installed; using the system's default font")
        return False
    folder = Path(font_lato.font_directory)  # the package's own name for its files folder
    loaded = 0
    for face in FACES:
        data = (folder / f"Lato-{face}.ttf").read_bytes()
        if QFontDatabase.addApplicationFontFromData(data) >= 0:
            loaded += 1
    if loaded < len(FACES):
        log.warning("loaded %d of %d Lato faces", loaded, len(FACES))
    return loaded == len(FACES)
