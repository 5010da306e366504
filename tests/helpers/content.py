"""Build small content folders in a temp dir, as an admin would write them."""

from __future__ import annotations

from pathlib import Path

SITE = """\
name: Test Clinic
tagline: Plain words about care
languages: [en, es]
sections:
  learn: {title: Learn about care, summary: What to know}
  treatments: {title: Our treatments, summary: What we offer}
"""


def topic(title: str, body: str, **meta: object) -> str:
    lines = [f"title: {title}", *(f"{key}: {value}" for key, value in meta.items())]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def long_body(paragraphs: int, marker: str = "Para") -> str:
    sentence = "This sentence is here to fill the page with readable words for the test. "
    return "\n\n".join(f"{marker} {n}. " + sentence * 4 for n in range(1, paragraphs + 1))


def write_content(root: Path, files: dict[str, str] | None = None, site: str = SITE) -> Path:
    """A content folder with site.yaml and the given files (paths relative to root)."""
    (root / "learn").mkdir(parents=True, exist_ok=True)
    (root / "treatments").mkdir(exist_ok=True)
    (root / "site.yaml").write_text(site, encoding="utf-8")
    defaults = {
        "learn/alpha.md": topic("Alpha topic", long_body(12, "Alpha"), summary="First", order=10),
        "learn/beta.md": topic(
            "Beta topic", "Short beta text.\n\n---\n\nSecond screen.", summary="Second", order=20
        ),
        "treatments/one.md": topic(
            "Treatment one", "About one.", summary="One", helps_with="[Depression, Pain]"
        ),
    }
    for name, text in {**defaults, **(files or {})}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
