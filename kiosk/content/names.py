"""Names as the kiosk reads them: the section folders, and ``slug.md`` / ``slug.<lang>.md``.

One function for the loader and for link routing, so a link to ``step.2.md`` or
``ptsd.es.md`` reaches exactly the entry the library loaded. A module that imports nothing
of ours, so every part of the content model can use these names.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Section(StrEnum):
    """The two kinds of content, each a folder."""

    LEARN = "learn"
    TREATMENTS = "treatments"


# How the pages name links and pictures the kiosk itself resolves; here, apart from the
# markdown pipeline, so the reader can know them without importing Python-Markdown.
LINK_SCHEME = "kiosk"  # kiosk:learn/how-it-works
IMAGE_SCHEME = "kiosk-image"  # kiosk-image:images/brain.svg
QR_SCHEME = "kiosk-qr"  # kiosk-qr:<address>: a take-home QR code made by the kiosk, never fetched


def slug_and_language(file_name: str, languages: Iterable[str]) -> tuple[str, str | None]:
    """``ptsd.es.md`` -> ("ptsd", "es"); ``step.2.md`` -> ("step.2", None) (no such language)."""
    stem = file_name.removesuffix(".md")
    slug, dot, suffix = stem.rpartition(".")
    if dot and slug and suffix in set(languages):
        return slug, suffix
    return stem, None
