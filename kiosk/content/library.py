"""``ContentLibrary``: every topic and treatment in a content folder, in every language.

Loading reads front matter only; a body is converted to HTML the first time it is shown
(``ContentLibrary.render``), so start-up stays fast with a thousand topics. A file that cannot
be read or parsed is skipped with a ``Problem`` naming it: the kiosk shows the rest. The
validator and the kiosk both use ``load_library``, so whatever one skips, the other reports.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kiosk.content.frontmatter import Document, as_date, split_front_matter
from kiosk.content.images import image_problem
from kiosk.content.limits import too_complex
from kiosk.content.names import Section, slug_and_language
from kiosk.content.problems import Level, Problem, relative_name
from kiosk.content.site import Site, load_site
from kiosk.errors import ContentError
from kiosk.schema import Key, check, is_number, is_text, is_text_list, is_web_address

if TYPE_CHECKING:
    from kiosk.content.markdown_pipeline import MarkdownPipeline, RenderedBody

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 512 * 1024
GOOD_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*\.md$")
TEXT_SUFFIXES = {".markdown", ".mdown", ".mkd", ".txt", ".text"}


FACT_KEYS = ("helps_with", "duration", "sessions")
COMMON_KEYS = (
    Key.where("title", is_text, "a short title, as text", required=True),
    Key.where("summary", is_text, "one line of text for the card"),
    Key.where("order", is_number, "a number such as 10, 20, 30 (lower comes first)"),
    Key.where(
        "image", is_text, "a picture's path inside the content folder, e.g. images/brain.svg"
    ),
    Key.where("reviewed", lambda v: as_date(v) is not None, "a date written as YYYY-MM-DD"),
    Key.where("web_page", is_web_address, "this page's web address, starting with https://"),
    Key.where(
        "mental_health",
        lambda v: isinstance(v, bool),
        "true or false (true: the site's safety note ends the page)",
    ),
)
TREATMENT_KEYS = (
    *COMMON_KEYS,
    Key.where("helps_with", is_text_list, "a phrase or a list of phrases"),
    Key.where("duration", is_text, "text, for example 'About 2 hours'"),
    Key.where("sessions", is_text, "text, for example 'Six sessions over three weeks'"),
)


class EntryRef(NamedTuple):
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
    """One topic or treatment in one language: its front matter and unconverted body.

    Compared by identity: a reload that finds the file unchanged keeps the same object, so
    "is this still the entry on screen?" is ``is``."""

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
    mental_health: bool  # about a mental-health condition: the site's safety note ends it
    document: Document = field(repr=False)  # the file split apart: body, and each key's line
    rendered: RenderedBody | None = field(default=None, repr=False)

    def sort_key(self) -> tuple[bool, float, str]:
        return (self.order is None, self.order or 0.0, self.path.name)


class LoadedFile(NamedTuple):
    """One content file as last loaded: its fingerprint, its entry (if good), its problems."""

    fingerprint: tuple[int, int, int]
    entry: Entry | None
    problems: list[Problem]
    site_changed: bool = False  # languages may have changed: read the file again


class ContentLibrary:
    """Everything loaded from one content folder, and every problem met on the way."""

    def __init__(self, root: Path, *, loading: bool = False) -> None:
        self.root = root
        self.site = Site()
        self.problems: list[Problem] = []
        self.entries_by_ref: dict[EntryRef, dict[str, Entry]] = {}
        self.files: dict[Path, LoadedFile] = {}
        self.loaded_at = dt.datetime.now()
        # Only site.yaml so far: the topics come right after the first paint.
        self.loading = loading
        # Made on first use: start-up reads front matter only and never imports Python-Markdown.
        self._pipeline: MarkdownPipeline | None = None

    def __repr__(self) -> str:
        return (
            f"ContentLibrary({self.root}, {len(self.entries_by_ref)} entries, "
            f"{len(self.problems)} problems{', loading' if self.loading else ''})"
        )

    @property
    def pipeline(self) -> MarkdownPipeline:
        if self._pipeline is None:
            from kiosk.content.markdown_pipeline import MarkdownPipeline  # noqa: PLC0415

            self._pipeline = MarkdownPipeline()
        return self._pipeline

    @property
    def is_empty(self) -> bool:
        return not self.entries_by_ref and not self.loading

    @property
    def shown_count(self) -> int:
        """Topics and treatments a patient can open (in the base language), as the status
        lines for IT count them."""
        base = self.site.base_language
        return sum(len(self.entries(section, base)) for section in Section)

    @property
    def problem_count(self) -> int:
        """Problems ``kiosk validate`` would list (each once)."""
        return len(set(self.problems))

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

    def take_home_url(self, entry: Entry) -> str | None:
        """The page's address on the clinic's web site, for its QR code: ``web_page`` from
        front matter, else ``web_address`` from site.yaml + /section/slug; None without one."""
        if entry.web_page:
            return entry.web_page.strip()
        base = self.site.web_address
        if not base:
            return None
        return f"{base.strip().rstrip('/')}/{entry.ref.section}/{entry.ref.slug}"

    def withdraw(self, entry: Entry, message: str) -> None:
        """Take an entry off the lists after its body failed to convert, and say why."""
        versions = self.entries_by_ref.get(entry.ref, {})
        if versions.get(entry.lang) is entry:
            del versions[entry.lang]
            if not versions:
                del self.entries_by_ref[entry.ref]
        self.problems.append(
            Problem(
                relative_name(entry.path, self.root),
                entry.document.body_line,
                Level.ERROR,
                f"{message} (this page is not shown)",
            )
        )

    def render(self, entry: Entry) -> RenderedBody:
        """The entry's body as sanitized HTML, converted once and kept."""
        if entry.rendered is None:
            entry.rendered = self.pipeline.render(
                entry.document.body,
                source=entry.path,
                root=self.root,
                languages=self.site.languages,
                title=entry.title,
            )
        return entry.rendered


def _language_of(path: Path, site: Site) -> tuple[str, str]:
    """(slug, language) from ``slug.md`` or ``slug.es.md``."""
    slug, lang = slug_and_language(path.name, site.languages)
    return slug, lang or site.base_language


def _is_hidden(path: Path) -> bool:
    """Editors' temporary files and hidden files are never content."""
    name = path.name
    return name.startswith((".", "~", "#")) or name.endswith(("~", ".tmp", ".swp"))


def load_entry(
    path: Path, root: Path, section: Section, site: Site
) -> tuple[Entry | None, list[Problem]]:
    """Load one file's front matter: (entry, problems), or (None, problems) when front matter
    has errors. Raises ContentError when the file cannot be read or split at all.
    """
    name = relative_name(path, root)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ContentError(
                name,
                f"file is too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,}): "
                "split it into several topics",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(name, f"cannot be read ({exc.strerror or exc})") from exc
    if b"\x00" in data:
        raise ContentError(
            name, "is not a text file (it holds binary data); save it as plain text (UTF-8)"
        )
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
    checked = check(document.meta, keys)
    good = checked.values
    problems = [
        Problem(name, document.line_of(f.key), Level.WARNING, f.message) for f in checked.unknown
    ]
    if checked.errors:
        problems += [
            Problem(
                name,
                document.line_of(f.key),
                Level.ERROR,
                f"'{f.key}' {f.message} (this file is not shown)",
            )
            for f in checked.errors
        ]
        return None, problems
    refused = too_complex(document.body)
    if refused:
        problems.append(
            Problem(name, document.body_line, Level.ERROR, f"{refused} (this file is not shown)")
        )
        return None, problems
    slug, lang = _language_of(path, site)
    facts: dict[str, tuple[str, ...]] = {}
    for key in FACT_KEYS:
        value: Any = good.get(key)
        if value is not None:
            items = value if isinstance(value, list) else [value]
            facts[key] = tuple(str(item).strip() for item in items)
    image = good.get("image")
    problem = _card_image_problem(str(image), root) if image is not None else None
    if problem:
        problems.append(
            Problem(
                name,
                document.line_of("image"),
                Level.WARNING,
                f"image '{image}' {problem}; the card shows without it",
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
        mental_health=bool(good.get("mental_health", False)),
        document=document,
    )
    return entry, problems


def _card_image_problem(image: str, root: Path) -> str | None:
    """Why a front-matter ``image`` cannot be shown, or None. Paths count from the folder."""
    try:
        target = (root / image.lstrip("/")).resolve()
        if not target.is_relative_to(root.resolve()):
            return "is outside the content folder; move it into images/"
    except (OSError, ValueError):  # a NUL byte or a name the system cannot use
        return "is not a usable file name"
    return image_problem(target)


def _name_problem(path: Path) -> Problem | None:
    """A file name the kiosk cannot use (error) or that makes poor links (warning)."""
    name = path.name
    if any(ord(c) < 32 or c == "\x7f" or 0xD800 <= ord(c) <= 0xDFFF for c in name):
        return Problem(
            repr(name)[1:-1],
            1,
            Level.ERROR,
            "has a name the kiosk cannot show (invisible or invalid characters); rename it "
            "with letters, numbers and hyphens (this file is not shown)",
        )
    if not GOOD_NAME.match(name):
        return Problem(
            name,
            1,
            Level.WARNING,
            "name has capitals, spaces or other signs; links and web addresses use it, so "
            "rename it in lowercase-with-hyphens, like how-it-works.md",
        )
    return None


def _scan_folder(folder: Path, root: Path) -> tuple[list[Path], list[Problem]]:
    """The .md files of one section folder, and problems with anything else found there."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if _is_hidden(path):
            continue
        shown = relative_name(path, root)
        if path.suffix.lower() in TEXT_SUFFIXES or (path.suffix == ".MD"):
            message = "is not a .md file, so the kiosk ignores it; rename it to end in .md"
            problems.append(Problem(shown, 1, Level.WARNING, message))
            continue
        if path.suffix != ".md":
            continue
        name_problem = _name_problem(path)
        if name_problem is not None:
            fixed = Problem(
                f"{folder.name}/{name_problem.path}", 1, name_problem.level, name_problem.message
            )
            problems.append(fixed)
            if fixed.level is Level.ERROR:
                continue
        if path.is_dir():
            message = "is a folder, not a file (this is not shown); a topic is one .md file"
            problems.append(Problem(shown, 1, Level.ERROR, message))
            continue
        try:
            inside = path.resolve().is_relative_to(root.resolve())
        except (OSError, RuntimeError):
            inside = False
        if not inside:
            message = (
                "is a link to a file outside the content folder (this file is not shown); "
                "copy the file into the folder instead"
            )
            problems.append(Problem(shown, 1, Level.ERROR, message))
            continue
        files.append(path)
    return files, problems


def _fingerprint(path: Path) -> tuple[int, int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0, 0)
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def _load_file(
    path: Path, root: Path, section: Section, site: Site, previous: LoadedFile | None
) -> LoadedFile:
    """Load one file; if it fails now but loaded before, keep its last good version."""
    fingerprint = _fingerprint(path)
    if previous is not None and previous.fingerprint == fingerprint and not previous.site_changed:
        return previous
    try:
        entry, problems = load_entry(path, root, section, site)
    except ContentError as exc:
        log.info("skipped %s", exc)
        entry = None
        problems = [
            Problem(
                relative_name(path, root),
                exc.line,
                Level.ERROR,
                f"{exc.message} (this file is not shown)",
            )
        ]
    if entry is None and previous is not None and previous.entry is not None:
        kept = Problem(
            relative_name(path, root),
            1,
            Level.WARNING,
            "the kiosk keeps showing the last good version of this file until it is fixed",
        )
        return LoadedFile(fingerprint, previous.entry, [*problems, kept])
    return LoadedFile(fingerprint, entry, problems)


def load_site_first(root: Path) -> ContentLibrary:
    """Just enough to paint Home (the clinic's name, the section tiles); call
    ``load_library`` next. With a thousand topics this keeps start-up as quick as with ten."""
    library = ContentLibrary(root=root, loading=root.is_dir())
    if root.is_dir():
        library.site, library.problems = load_site(root)
    return library


def load_library(root: Path, previous: ContentLibrary | None = None) -> ContentLibrary:
    """Load a content folder; never raises: unreadable parts become problems.

    With ``previous`` (a live reload), unchanged files are not read again, a file that is
    now broken keeps its last good version, and a folder that has gone missing or empty
    (a share gone offline) keeps all of the last good content.
    """
    library = ContentLibrary(root=root)
    if previous is not None:
        library._pipeline = previous._pipeline
    if not root.is_dir():
        library.problems.append(
            Problem(
                root.as_posix(),
                1,
                Level.ERROR,
                "content folder not found; check the 'content' path in kiosk.toml",
            )
        )
        return _keep_previous(library, previous)
    library.site, site_problems = load_site(root)
    if previous is not None and any(p.level is Level.ERROR for p in site_problems):
        library.site = previous.site  # a half-saved site.yaml keeps the last good one
    site_changed = previous is not None and library.site != previous.site
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
        paths, scan_problems = _scan_folder(folder, root)
        library.problems += scan_problems
        for path in paths:
            before = previous.files.get(path) if previous is not None else None
            if before is not None and site_changed:
                before = before._replace(site_changed=True)
            loaded = _load_file(path, root, section, library.site, before)
            library.files[path] = loaded
            library.problems += loaded.problems
            if loaded.entry is not None:
                entry = loaded.entry
                library.entries_by_ref.setdefault(entry.ref, {})[entry.lang] = entry
    if library.is_empty:
        return _keep_previous(library, previous)
    return library


def _keep_previous(library: ContentLibrary, previous: ContentLibrary | None) -> ContentLibrary:
    """The folder is gone or empty: keep showing the last good content, and say so."""
    if previous is None or previous.is_empty:
        return library
    kept = copy.copy(previous)
    kept.problems = [
        *library.problems,
        Problem(
            library.root.as_posix(),
            1,
            Level.WARNING,
            "the content folder is missing or empty; the kiosk keeps showing the last good "
            "content until it is back",
        ),
    ]
    return kept
