"""Pictures on buttons and cards: the kiosk's own control icons, and the content's pictures.

Control icons are SVG files in ``assets/icons``, drawn in ``currentColor``: each is drawn in
the colour its button's words have in the current theme (and muted where the button is
disabled), so both themes and every button look of a piece, on any machine, whatever fonts
it has. Content pictures (a card's or a topic's ``image``) are decoded at the size shown,
refusing files too large to decode safely, and in high contrast drawn in the accent colour.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QImageReader, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kiosk.assets import asset
from kiosk.content.images import MAX_PIXELS
from kiosk.ui.theme import Palette

log = logging.getLogger(__name__)

CONTROL_ICONS = (
    "home", "back", "next", "text-smaller", "text-larger", "language", "contrast", "listen",
    "stop",
)  # fmt: skip


@functools.cache
def _svg(name: str) -> str:
    return asset("icons", f"{name}.svg").read_text(encoding="utf-8")


def _draw(name: str, colour: str, px: int) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(_svg(name).replace("currentColor", colour).encode()))
    image = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return QPixmap.fromImage(image)


@functools.lru_cache(maxsize=256)
def control_icon(name: str, palette: Palette, px: int, *, primary: bool = False) -> QIcon:
    """Icon ``name`` at ``px`` pixels in the colours of a button's words: the accent (on a
    plain button) or the on-accent colour (on a filled one, and on a toggle that is on);
    muted where the button is disabled."""
    words = palette.on_accent if primary else palette.accent
    icon = QIcon()
    icon.addPixmap(_draw(name, words, px), QIcon.Mode.Normal, QIcon.State.Off)
    icon.addPixmap(_draw(name, palette.on_accent, px), QIcon.Mode.Normal, QIcon.State.On)
    icon.addPixmap(_draw(name, palette.muted, px), QIcon.Mode.Disabled, QIcon.State.Off)
    return icon


def load_scaled_image(path: Path, bounds: QSize) -> QImage | None:
    """Decode a picture no larger than ``bounds``; refuses images too large to decode safely."""
    reader = QImageReader(str(path))
    reader.setAllocationLimit(256)  # MiB: a decompression bomb fails here, not in memory
    size = reader.size()
    if not size.isValid() or size.width() * size.height() > MAX_PIXELS:
        log.warning("picture %s is not a readable image or is too large; not shown", path.name)
        return None
    fits = size.width() <= bounds.width() and size.height() <= bounds.height()
    mode = Qt.AspectRatioMode.IgnoreAspectRatio if fits else Qt.AspectRatioMode.KeepAspectRatio
    reader.setScaledSize(size.scaled(bounds, mode))
    image = reader.read()
    if image.isNull():
        log.warning("picture %s could not be decoded (%s)", path.name, reader.errorString())
        return None
    return image


def tinted(image: QImage, colour: str) -> QImage:
    """A picture's shape in one colour: line icons follow the high-contrast palette."""
    result = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(result)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(result.rect(), QColor(colour))
    painter.end()
    return result


class Pictures:
    """Content pictures decoded once per size and colour; forgotten when the content changes."""

    def __init__(self) -> None:
        self._decoded: dict[tuple[Path, int, str | None], QPixmap] = {}

    def get(self, path: Path, size: int, tint: str | None = None) -> QPixmap | None:
        """The picture at ``path`` fitted to ``size`` px square (in ``tint``), or None."""
        key = (path, size, tint)
        if key not in self._decoded:
            image = load_scaled_image(path, QSize(size, size))
            if image is not None and tint is not None:
                image = tinted(image, tint)
            self._decoded[key] = QPixmap.fromImage(image) if image is not None else QPixmap()
        pixmap = self._decoded[key]
        return None if pixmap.isNull() else pixmap

    def clear(self) -> None:
        self._decoded.clear()
