"""Write small content folders into a temp dir, byte for byte as a test gives them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def page(title: str = "A topic", body: str = "Some text.", /, **meta: object) -> str:
    """A markdown file: front matter with ``title`` and ``meta`` (written as given), then body.

    The body starts on line 4 + len(meta).
    """
    lines = [f"title: {title}", *(f"{key}: {value}" for key, value in meta.items())]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` (relative path -> text or bytes) under ``root``; returns root."""
    root.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root
