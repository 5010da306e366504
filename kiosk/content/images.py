"""Is a picture file one the kiosk can show? Checked without decoding it (and without Qt).

The file's first bytes say its format and its size in pixels (PNG, JPEG, GIF, WebP, BMP all
store them in the header); SVG is checked as XML with an ``<svg>`` root. A picture larger than
``MAX_PIXELS`` is refused before anything tries to decode it (a "decompression bomb" is a small
file that decodes to gigabytes). The reader enforces the same limit when it loads a picture.
"""

from __future__ import annotations

import struct
from pathlib import Path

MAX_PIXELS = 40_000_000  # about 6300 x 6300: far more than any kiosk screen needs
MAX_IMAGE_BYTES = 20 * 1024 * 1024
HEADER_BYTES = 64 * 1024  # JPEG's size marker can follow large metadata blocks


def image_size(path: Path) -> tuple[str, int, int] | None:
    """(format, width, height) read from the file's header, or None if not a known picture."""
    with path.open("rb") as handle:
        head = handle.read(HEADER_BYTES)
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        width, height = struct.unpack(">II", head[16:24])
        return "PNG", width, height
    if head[:6] in (b"GIF87a", b"GIF89a"):
        width, height = struct.unpack("<HH", head[6:10])
        return "GIF", width, height
    if head[:2] == b"BM" and len(head) >= 26:
        width, height = struct.unpack("<ii", head[18:26])
        return "BMP", abs(width), abs(height)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _webp_size(head)
    if head[:2] == b"\xff\xd8":
        return _jpeg_size(head)
    if path.suffix.lower() == ".svg":
        return _svg_size(path)
    return None


def _jpeg_size(head: bytes) -> tuple[str, int, int] | None:
    index = 2
    while index + 9 < len(head):
        if head[index] != 0xFF:
            return None
        marker = head[index + 1]
        length = struct.unpack(">H", head[index + 2 : index + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            height, width = struct.unpack(">HH", head[index + 5 : index + 9])
            return "JPEG", width, height
        index += 2 + length
    return None


def _webp_size(head: bytes) -> tuple[str, int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8X" and len(head) >= 30:
        width = 1 + int.from_bytes(head[24:27], "little")
        height = 1 + int.from_bytes(head[27:30], "little")
        return "WebP", width, height
    if chunk == b"VP8 " and len(head) >= 30:
        width, height = struct.unpack("<HH", head[26:30])
        return "WebP", width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(head) >= 25:
        bits = int.from_bytes(head[21:25], "little")
        return "WebP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _svg_size(path: Path) -> tuple[str, int, int] | None:
    import xml.etree.ElementTree as ET  # noqa: PLC0415 - only for SVG pictures

    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError, ValueError):
        return None
    if not root.tag.endswith("svg"):
        return None
    return "SVG", 0, 0  # drawn at whatever size the page needs


def image_problem(path: Path) -> str | None:
    """What is wrong with a picture file, in an admin's words, or None if the kiosk can show it."""
    try:
        if not path.exists():
            return "is missing (check the file name, and that the file is in the content folder)"
        if not path.is_file():
            return "is a folder, not a picture"
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            return f"is too large a file ({size // (1024 * 1024)} MiB); save a smaller copy"
        found = image_size(path)
    except (OSError, ValueError) as exc:
        return f"cannot be read ({exc})"
    if found is None:
        return "is not a picture the kiosk can show; use PNG, JPEG, GIF, WebP or SVG"
    kind, width, height = found
    if width * height > MAX_PIXELS:
        return (
            f"is too large to show safely ({kind}, {width} x {height} pixels); "
            "save a copy under 6000 pixels on each side"
        )
    return None
