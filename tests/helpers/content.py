"""Build small content folders in a temp dir, byte for byte as a test gives them (one helper
for every test: unit, UI and end-to-end)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

SHIPPED = Path(__file__).parents[2] / "content"  # the content the kiosk ships with

SITE = """\
name: Test Clinic
tagline: Plain words about care
languages: [en, es]
sections:
  learn: {title: Learn about care, summary: What to know}
  treatments: {title: Our treatments, summary: What we offer}
"""


def topic(title: str = "A topic", body: str = "Some text.", /, **meta: object) -> str:
    """A markdown file: front matter with ``title`` and ``meta`` (written as given), then body.

    The body starts on line 4 + len(meta).
    """
    lines = [f"title: {title}", *(f"{key}: {value}" for key, value in meta.items())]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def long_body(paragraphs: int, marker: str = "Para") -> str:
    sentence = "This sentence is here to fill the page with readable words for the test. "
    return "\n\n".join(f"{marker} {n}. " + sentence * 4 for n in range(1, paragraphs + 1))


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


DEFAULT_FILES = {
    "learn/alpha.md": topic("Alpha topic", long_body(12, "Alpha"), summary="First", order=10),
    "learn/beta.md": topic(
        "Beta topic", "Short beta text.\n\n---\n\nSecond screen.", summary="Second", order=20
    ),
    "treatments/one.md": topic(
        "Treatment one", "About one.", summary="One", helps_with="[Depression, Pain]"
    ),
}


def write_content(root: Path, files: Mapping[str, str] | None = None, site: str = SITE) -> Path:
    """A content folder with site.yaml, two topics and a treatment, and the given files."""
    return write_tree(root, {"site.yaml": site, **DEFAULT_FILES, **(files or {})})
