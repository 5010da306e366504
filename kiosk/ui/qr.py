"""Take-home QR codes, made with segno (pure Python, maintained) and drawn pixel-exact.

Each module is a whole number of pixels, with the four-module quiet zone that scanners need,
so the code is crisp at any size; it is drawn dark on light even in high contrast, because
phone cameras expect that.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage, QPainter

QUIET_ZONE = 4
DARK = QColor("#000000")
LIGHT = QColor("#FFFFFF")


def qr_matrix(url: str) -> list[list[bool]]:
    """The code's modules, row by row (True is dark), without the quiet zone."""
    import segno  # noqa: PLC0415 - only when a page has a code, not at start-up

    code = segno.make(url, error="m", micro=False)
    return [[bool(cell) for cell in row] for row in code.matrix]


def qr_image(url: str, target_px: int) -> QImage:
    """A square image of about ``target_px`` pixels, every module the same whole size."""
    modules = qr_matrix(url)
    size = len(modules) + 2 * QUIET_ZONE
    scale = max(2, target_px // size)
    image = QImage(size * scale, size * scale, QImage.Format.Format_RGB32)
    image.fill(LIGHT)
    painter = QPainter(image)
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(
                    (x + QUIET_ZONE) * scale, (y + QUIET_ZONE) * scale, scale, scale, DARK
                )
    painter.end()
    return image
