"""``ContentLibrary``: every topic and treatment in a content folder, in every language.

Loading reads front matter only; a body is converted to HTML the first time it is shown
(``ContentLibrary.render``), so start-up stays fast with a thousand topics. A file that cannot
be read or parsed is skipped with a ``Problem`` naming it: the kiosk shows the rest. The
validator and the kiosk both use ``load_library``, so whatever one skips, the other reports.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from kiosk.content.frontmatter import as_date, split_front_matter
from kiosk.content.markdown_pipeline import MarkdownPipeline, RenderedBody
from kiosk.content.problems import Level, Problem, relative_name
from kiosk.content.schema import Key, check_mapping, is_number, is_text, is_text_list
from kiosk.content.site import Site, load_site
from kiosk.errors import ContentError

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 512 * 1024
LANGUAGE_SUFFIX = re.compile(r"^(?P<slug>.+?)\.(?P<lang>[a-z]{2,3})$")


class Section(StrEnum):
    """The two kinds of content, each a folder."""

    LEARN = "learn"
    TREATMENTS = "treatments"


FACT_KEYS = ("helps_with", "duration", "sessions")
COMMON_KEYS = (
    Key("title", is_text, "a short title, as text", required=True),
    Key("summary", is_text, "one line of text for the card"),
    Key("order", is_number, "a number such as 10, 20, 30 (lower comes first)"),
    Key("image", is_text, "a picture's path inside the content folder, e.g. images/brain.svg"),
    Key("reviewed", lambda v: as_date(v) is not None, "a date written as YYYY-MM-DD"),
    Key("web_page", is_text, "this page's address on the clinic's web site"),
)
TREATMENT_KEYS = (
    *COMMON_KEYS,
    Key("helps_with", is_text_list, "a phrase or a list of phrases"),
    Key("duration", is_text, "text, for example 'About 2 hours'"),
    Key("sessions", is_text, "text, for example 'Six sessions over three weeks'"),
)


@dataclass(frozen=True, order=True)
class EntryRef:
    """Which topic or treatment: its section and slug (the file name without ``.md``)."""

    section: Section
    slug: str

    def __str__(self) -> str:
        return f"{self.section}/{self.slug}"

    @classmethod
    def parse(cls, text: str) -> EntryRef:
        """``learn/how-it-works`` -> EntryRef; raises ValueError naming the expected form."""
        section, _, slug = text.strip().strip("/").partition("/")
        slug = slug.removesuffix(".md")
        if section not in Section.__members__.values() or not slug:
            raise ValueError(f"'{text}' is not learn/NAME or treatments/NAME")
        return cls(Section(section), slug)


@dataclass(eq=False)
class Entry:
    """One topic or treatment in one language: its front matter and unconverted body."""

    ref: EntryRef
    lang: str
    path: Path
    title: str
    summary: str
    order: float | None
    image: str | None
    reviewed: dt.date | None
    facts: dict[str, tuple[str, ...]]
    web_page: str | None
    body: str
    body_line: int
    rendered: RenderedBody | None = field(default=None, repr=False)

    def sort_key(self) -> tuple[bool, float, str]:
        return (self.order is None, self.order or 0.0, self.path.name)


@dataclass
class ContentLibrary:
    """Everything loaded from one content folder, and every problem met on the way."""

    root: Path
    site: Site = field(default_factory=Site)
    problems: list[Problem] = field(default_factory=list)
    entries_by_ref: dict[EntryRef, dict[str, Entry]] = field(default_factory=dict)
    pipeline: MarkdownPipeline = field(default_factory=MarkdownPipeline, repr=False)

    @property
    def is_empty(self) -> bool:
        return not self.entries_by_ref

    def entries(self, section: Section, lang: str) -> list[tuple[Entry, bool]]:
        """The section's entries in list order, each in ``lang`` or (flagged True) a fallback."""
        found = [self.entry(ref, lang) for ref in self.entries_by_ref if ref.section == section]
        chosen = [item for item in found if item is not None]
        return sorted(chosen, key=lambda item: item[0].sort_key())

    def entry(self, ref: EntryRef, lang: str) -> tuple[Entry, bool] | None:
        """An entry in ``lang``; else in the base language, flagged as a fallback; else None."""
        versions = self.entries_by_ref.get(ref)
        if not versions:
            return None
        if lang in versions:
            return versions[lang], False
        for fallback in (self.site.base_language, *sorted(versions)):
            if fallback in versions:
                return versions[fallback], True
        return None

    def render(self, entry: Entry) -> RenderedBody:
        """The entry's body as sanitized HTML, converted once and kept."""
        if entry.rendered is None:
            entry.rendered = self.pipeline.render(entry.body, source=entry.path, root=self.root)
        return entry.rendered


def _language_of(path: Path, site: Site) -> tuple[str, str]:
    """(slug, language) from ``slug.md`` or ``slug.es.md``."""
    stem = path.name.removesuffix(".md")
    match = LANGUAGE_SUFFIX.match(stem)
    if match and match.group("lang") in site.languages:
        return match.group("slug"), match.group("lang")
    return stem, site.base_language


def _is_hidden(path: Path) -> bool:
    """Editors' temporary files and hidden files are never content."""
    name = path.name
    return name.startswith((".", "~", "#")) or name.endswith(("~", ".tmp", ".swp"))


def load_entry(path: Path, root: Path, section: Section, site: Site) -> tuple[Entry, list[Problem]]:
    """Load one file's front matter; raises ContentError for a file the kiosk must skip."""
    name = relative_name(path, root)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ContentError(
                name,
                f"file is too large ({size // 1024} KiB; the limit is "
                f"{MAX_FILE_BYTES // 1024} KiB): split it into several topics",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(name, f"cannot be read ({exc.strerror or exc})") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(
            name, f"is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8"
        ) from exc
    if not text.strip():
        raise ContentError(name, "is empty: add front matter with a title, then the text")
    document = split_front_matter(text, name)
    keys = TREATMENT_KEYS if section is Section.TREATMENTS else COMMON_KEYS
    good, errors, warnings = check_mapping(document.meta, keys)
    if errors:
        raise ContentError(name, "; ".join(errors), 2)
    problems = [Problem(name, 2, Level.WARNING, message) for message in warnings]
    slug, lang = _language_of(path, site)
    facts: dict[str, tuple[str, ...]] = {}
    for key in FACT_KEYS:
        value: Any = good.get(key)
        if value is not None:
            items = value if isinstance(value, list) else [value]
            facts[key] = tuple(str(item).strip() for item in items)
    image = good.get("image")
    if image is not None and not _image_ok(str(image), root):
        problems.append(
            Problem(
                name,
                2,
                Level.WARNING,
                f"image '{image}' is missing or outside the content "
                "folder; the card shows without it",
            )
        )
        image = None
    entry = Entry(
        ref=EntryRef(section, slug),
        lang=lang,
        path=path,
        title=str(good["title"]).strip(),
        summary=str(good.get("summary", "")).strip(),
        order=float(good["order"]) if "order" in good else None,
        image=str(image) if image else None,
        reviewed=as_date(good.get("reviewed")),
        facts=facts,
        web_page=good.get("web_page"),
        body=document.body,
        body_line=document.body_line,
    )
    return entry, problems


def _image_ok(image: str, root: Path) -> bool:
    target = (root / image).resolve()
    return target.is_file() and target.is_relative_to(root.resolve())


def load_library(root: Path) -> ContentLibrary:
    """Load a content folder; never raises: unreadable parts become problems."""
    library = ContentLibrary(root=root)
    if not root.is_dir():
        library.problems.append(
            Problem(
                root.as_posix(),
                1,
                Level.ERROR,
                "content folder not found; check the 'content' path in kiosk.toml",
            )
        )
        return library
    library.site, site_problems = load_site(root)
    library.problems += site_problems
    for section in Section:
        folder = root / section.value
        if not folder.is_dir():
            library.problems.append(
                Problem(
                    section.value,
                    1,
                    Level.WARNING,
                    f"folder '{section.value}/' is missing; that part of the kiosk is empty",
                )
            )
            continue
        for path in sorted(folder.glob("*.md")):
            if _is_hidden(path):
                continue
            try:
                entry, problems = load_entry(path, root, section, library.site)
            except ContentError as exc:
                log.warning("skipped %s", exc)
                library.problems.append(
                    Problem(
                        relative_name(path, root),
                        exc.line,
                        Level.ERROR,
                        f"{exc.message} (this file is not shown)",
                    )
                )
                continue
            library.problems += problems
            library.entries_by_ref.setdefault(entry.ref, {})[entry.lang] = entry
    return library
