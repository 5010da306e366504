"""The one markdown pipeline: markdown body -> sanitized HTML that Qt's rich text can lay out.

Configured in one place (``MarkdownPipeline``) so the kiosk, ``kiosk validate`` and
``kiosk render`` all show the same thing. Links and images are rewritten in a Python-Markdown
tree processor (as MkDocs does), never with regexes on HTML:

* a link to another content file becomes ``kiosk:<section>/<slug>``, which the kiosk routes
  itself; every other link loses its target (the kiosk never opens a browser or a file);
* an image inside the content folder becomes ``kiosk-image:<path>``, the only kind of image the
  reader will load; a missing or outside image is dropped and reported.

Raw HTML in the markdown is cleaned with nh3 (a maintained allow-list sanitizer) afterwards.
A line ``---`` in the body starts a new screen; each screen becomes a block with a CSS page
break, which ``QTextDocument`` honours when it paginates.
"""

from __future__ import annotations

import html
import logging
import queue
import re
import sys
import threading
import traceback
import weakref
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import SplitResult, unquote, urlsplit

import markdown
import nh3
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.smarty import SmartyExtension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor

from kiosk.content.images import image_problem
from kiosk.content.limits import MAX_NESTING, MAX_TABLE_CELLS
from kiosk.content.names import IMAGE_SCHEME, LINK_SCHEME, Section, slug_and_language
from kiosk.errors import ContentError

log = logging.getLogger(__name__)

SCREEN_BREAK = re.compile(r"^ {0,3}---\s*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u",
    "ul", "ol", "li", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th",
    "td", "a", "img", "span", "div", "sub", "sup", "small", "abbr", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "*": {"class", "id", "title"},
}
PAGE_BREAK_OPEN = '<div style="page-break-before: always">'
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONVERT_SECONDS = 2.0  # the time budget for one file's conversion
NESTING_TAGS = {"ul", "ol", "dl", "blockquote"}
TOO_DEEP = "is nested too deeply (lists or quotes inside each other)"


class BodyWarning(str):
    """A warning about a body, which remembers the text it is about (a link target, a tag),
    so the validator can name the line it is on."""

    target: str

    def __new__(cls, message: str, target: str = "") -> BodyWarning:
        warning = super().__new__(cls, message)
        warning.target = target
        return warning


@dataclass
class RenderedBody:
    """A converted body: HTML for Qt, the images it shows, and problems to report."""

    html: str
    images: list[str] = field(default_factory=list)
    warnings: list[BodyWarning] = field(default_factory=list)


def split_screens(body: str) -> list[str]:
    """Split a body at lines that are only ``---``, ignoring such lines inside fenced code.

    A fence closes only on a run of the same character at least as long, with nothing after
    it (CommonMark's rule), so a ```` fence may hold ``` lines.
    """
    screens: list[list[str]] = [[]]
    fence: str | None = None
    for line in body.splitlines():
        found = FENCE.match(line)
        if fence is None and found:
            fence = found.group(1)
        elif fence is not None and found:
            run, rest = found.groups()
            if run[0] == fence[0] and len(run) >= len(fence) and not rest.strip():
                fence = None
        if fence is None and SCREEN_BREAK.match(line):
            screens.append([])
        else:
            screens[-1].append(line)
    texts = ["\n".join(lines).strip("\n") for lines in screens]
    return [text for text in texts if text.strip()] or [""]


class _LinkAndImageRewriter(Treeprocessor):
    """Routes links and images to what the kiosk allows; records what it had to drop."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.root_dir = Path()
        self.file_dir = Path()
        self.languages: tuple[str, ...] = ("en",)
        self.result = RenderedBody(html="")

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "a":
                    self._rewrite_link(child)
                elif child.tag == "img" and not self._rewrite_image(child):
                    self._drop_image(parent, child)

    def _inside_root(self, target: str) -> PurePosixPath | None:
        """The content-relative path a relative URL points to, or None if it leaves the folder.

        A path starting with ``/`` counts from the content folder, as from a web site's root.
        """
        try:
            path = unquote(target)
            base = self.root_dir if path.startswith("/") else self.file_dir
            resolved = (base / path.lstrip("/")).resolve()
            return PurePosixPath(resolved.relative_to(self.root_dir.resolve()).as_posix())
        except (OSError, ValueError):  # outside the folder, a NUL byte, an unusable name
            return None

    def _warn(self, message: str, target: str) -> None:
        self.result.warnings.append(BodyWarning(message, target))

    def _rewrite_link(self, link: ET.Element) -> None:
        href = _readable_url(link.get("href") or "")
        parts = _split_url(href)
        route = None
        if parts is not None and href and not parts.scheme and not parts.netloc and parts.path:
            relative = self._inside_root(parts.path)
            if relative is not None and len(relative.parts) == 2 and relative.suffix == ".md":
                section, name = relative.parts
                slug, _ = slug_and_language(name, self.languages)
                if section in set(Section):
                    route = f"{LINK_SCHEME}:{section}/{slug}"
                    if not (self.root_dir / relative).is_file():
                        self._warn(
                            f"link to '{href}': there is no such file, so the link "
                            "does nothing; check the file name",
                            href,
                        )
        if route:
            link.set("href", route)
            return
        link.attrib.pop("href", None)
        link.set("class", "inert-link")
        if href.startswith("#") or not href:
            return
        if parts is None:
            self._warn(f"link to '{href}' is not a valid address; it is shown as plain text", href)
        elif parts.scheme or parts.netloc:
            self._warn(
                f"link to '{href}' will not open on the kiosk; put web addresses in the "
                "page's QR code instead",
                href,
            )
        else:
            self._warn(
                f"link to '{href}' does not point to a topic or treatment in this folder; "
                "link to another .md file in learn/ or treatments/",
                href,
            )

    def _rewrite_image(self, image: ET.Element) -> bool:
        src = _readable_url(image.get("src") or "")
        parts = _split_url(src)
        if parts is None or not src or parts.scheme or parts.netloc:
            self._warn(
                f"picture '{src}' is not a file in the content folder; the kiosk never loads "
                "pictures from the web: copy it into images/ and refer to it there",
                src,
            )
            return False
        relative = self._inside_root(parts.path)
        if relative is None:
            self._warn(f"picture '{src}' is outside the content folder; move it into images/", src)
            return False
        problem = image_problem(self.root_dir / relative)
        if problem:
            self._warn(f"picture '{src}' {problem}; the page shows without it", src)
            return False
        image.set("src", f"{IMAGE_SCHEME}:{relative}")
        self.result.images.append(str(relative))
        return True

    @staticmethod
    def _drop_image(parent: ET.Element, image: ET.Element) -> None:
        alt = image.get("alt") or ""
        index = list(parent).index(image)
        tail = (image.tail or "").lstrip() if not alt else image.tail or ""
        parent.remove(image)
        text = alt + tail if alt else tail
        if index == 0:
            parent.text = (parent.text or "") + text
        else:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + text


def _readable_url(url: str) -> str:
    """A URL as the admin wrote it: Python-Markdown hides '&' in e-mail autolinks."""
    return html.unescape(url.replace(markdown.util.AMP_SUBSTITUTE, "&")).strip()


def _split_url(url: str) -> SplitResult | None:
    try:
        return urlsplit(url)
    except ValueError:  # e.g. "http://[clinic].org": not a valid address
        return None


class _MarkupCounter(HTMLParser):
    """Counts start tags and their attributes, to tell what the sanitizer took out, and how
    deep lists and quotes go inside each other (markdown or raw HTML alike)."""

    def __init__(self, html_text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: Counter[tuple[str, str]] = Counter()
        self._nesting = 0
        self.deepest_nesting = 0
        self.feed(html_text)
        self.close()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, _ in attrs:
            self.attributes[(tag, name)] += 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_startendtag(tag, attrs)
        if tag in NESTING_TAGS:
            self._nesting += 1
            self.deepest_nesting = max(self.deepest_nesting, self._nesting)

    def handle_endtag(self, tag: str) -> None:
        if tag in NESTING_TAGS:
            self._nesting -= 1


def removed_markup(old: _MarkupCounter, new: _MarkupCounter) -> list[BodyWarning]:
    """Warnings for raw HTML that sanitizing removed, so the admin knows what will not show."""
    warnings = [
        BodyWarning(f"raw HTML <{tag}> was removed: the kiosk does not show it", f"<{tag}")
        for tag in sorted(old.tags - new.tags)
    ]
    removed_tags = set(old.tags - new.tags)
    warnings += [
        BodyWarning(
            f"raw HTML attribute '{name}' on <{tag}> was removed: "
            + ("the kiosk's own style is used" if name == "style" else "the kiosk does not use it"),
            name,
        )
        for tag, name in sorted(old.attributes - new.attributes)
        if tag not in removed_tags
    ]
    return warnings


LEADING_HEADING = re.compile(r"\A\s*<h[1-6]\b[^>]*>(.*?)</h[1-6]>\s*", re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def _plain(text: str) -> str:
    """Words only, for comparing a heading with a title: no tags, case, quotes or spacing."""
    words = html.unescape(TAG.sub("", text)).casefold()
    words = words.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))
    return " ".join(words.split()).strip(" .:")


def without_repeated_title(html_text: str, title: str) -> str:
    """``html_text`` without a first heading that says the same as ``title``."""
    match = LEADING_HEADING.match(html_text)
    if match and title and _plain(match.group(1)) == _plain(title):
        return html_text[match.end() :]
    return html_text


def _strip_controls(text: str) -> tuple[str, int]:
    """Remove invisible control characters (not tab or newline) that can break the layout."""
    cleaned = CONTROL_CHARACTERS.sub("", text)
    return cleaned, len(text) - len(cleaned)


def _keep_safe_urls(tag: str, attribute: str, value: str) -> str | None:
    """nh3 attribute filter: only kiosk routes survive in href/src (raw HTML included)."""
    if attribute in {"href", "src"}:
        scheme = IMAGE_SCHEME if attribute == "src" else LINK_SCHEME
        return value if value.startswith(f"{scheme}:") else None
    return value


class _Worker:
    """One long-lived daemon thread that runs conversions in turn (starting a thread for every
    file costs more than converting most files)."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[[], None], threading.Event] | None] = (
            queue.SimpleQueue()
        )
        self.thread = threading.Thread(target=self._serve, daemon=True, name="markdown")
        self.thread.start()

    def run(self, job: Callable[[], None]) -> threading.Event:
        done = threading.Event()
        self._jobs.put((job, done))
        return done

    def where(self) -> str:
        """The worker's stack as it is now."""
        frame = sys._current_frames().get(self.thread.ident or -1)
        return "".join(traceback.format_stack(frame)) if frame is not None else "(not running)"

    def stop(self) -> None:
        """End the thread once it has finished the job it is on: a worker replaced while busy,
        or one whose pipeline is no longer used, must not stay behind for as long as the kiosk
        runs."""
        self._jobs.put(None)

    def _serve(self) -> None:
        while (item := self._jobs.get()) is not None:
            _run(*item)
            # Nothing of a finished job is kept while waiting for the next: the job holds its
            # pipeline, which must be freed (and this thread ended) once no library uses it.
            del item


def _run(job: Callable[[], None], done: threading.Event) -> None:
    try:
        job()
    finally:
        done.set()


class MarkdownPipeline:
    """Markdown -> sanitized HTML, one configured Python-Markdown instance reused per call.

    Conversion runs in a worker thread with a time budget: a file that takes longer is
    refused with a ``ContentError`` (and that Markdown instance, still busy, is replaced), so
    the kiosk stays responsive whatever an admin saves.
    """

    def __init__(self, budget_seconds: float | None = None) -> None:
        # The default is read when a pipeline is made, not when this module is: the test suite
        # sets a longer one for the tests that are not about time, which a stalled test
        # machine must not fail by refusing a topic.
        self.budget_seconds = CONVERT_SECONDS if budget_seconds is None else budget_seconds
        self._start_worker()
        self._new_markdown()

    def _start_worker(self) -> None:
        self._worker = _Worker()
        # A pipeline no longer used (its library replaced by a new content version) ends its
        # thread: a kiosk that follows a repository for months keeps one, not one per version.
        self._stop_worker = weakref.finalize(self, self._worker.stop)

    def _new_markdown(self) -> None:
        # Extensions as instances, not by name: a name makes Python-Markdown look through
        # every installed package's entry points (importlib.metadata), 40 ms of the first
        # topic a kiosk opens.
        self._md = markdown.Markdown(
            extensions=[
                # Column alignment as an attribute: the sanitizer keeps `align`, not `style`.
                TableExtension(use_align_attribute=True),
                AttrListExtension(),
                SaneListExtension(),
                SmartyExtension(),
                DefListExtension(),
                FencedCodeExtension(),
            ],
            output_format="html",
        )
        self._rewriter = _LinkAndImageRewriter(self._md)
        self._md.treeprocessors.register(self._rewriter, "kiosk_links", 1)

    def render(
        self,
        body: str,
        *,
        source: Path,
        root: Path,
        languages: tuple[str, ...] = ("en",),
        title: str = "",
    ) -> RenderedBody:
        """Convert one file's body; ``source`` is its path, ``root`` the content folder.
        A first heading that repeats ``title`` (the reader shows the title above the text)
        is left out, so the title is never shown twice.

        Raises ``ContentError`` for a body the kiosk will not show (too complex to convert
        within the time budget, or nested too deeply). Bodies that are plainly too complex
        never get here: the loader refuses them first (``kiosk.content.limits``).
        """
        name = source.name
        body, controls = _strip_controls(body)
        outcome: list[RenderedBody | BaseException] = []
        done = self._worker.run(
            lambda: self._convert_into(outcome, body, source, root, languages, title=title)
        )
        if not done.wait(self.budget_seconds):
            # Where the conversion was, for IT (the admin is told what to look for in the file).
            log.info(
                "%s: still converting after %g s, at:\n%s",
                name,
                self.budget_seconds,
                self._worker.where(),
            )
            # The worker and its Markdown instance are still busy: leave both to finish
            # (a daemon thread never keeps the program from exiting) and start afresh.
            self._stop_worker()
            self._start_worker()
            self._new_markdown()
            raise ContentError(
                name,
                f"took longer than {self.budget_seconds:g} s to prepare, so it is not shown; "
                "look for very long runs of brackets, stars or nested lists",
            )
        result = outcome[0]
        if isinstance(result, RecursionError):  # a Python-Markdown that recurses per level
            raise ContentError(name, TOO_DEEP)
        if isinstance(result, ContentError):
            raise result
        if isinstance(result, BaseException):
            raise ContentError(name, f"could not be converted ({type(result).__name__})")
        if controls:
            result.warnings.append(
                BodyWarning(f"{controls} invisible control character(s) were removed", "")
            )
        return result

    def _convert_into(
        self,
        outcome: list[RenderedBody | BaseException],
        body: str,
        source: Path,
        root: Path,
        languages: tuple[str, ...],
        *,
        title: str,
    ) -> None:
        try:
            outcome.append(self._convert(body, source, root, languages, title=title))
        except Exception as exc:
            outcome.append(exc)

    def _convert(
        self, body: str, source: Path, root: Path, languages: tuple[str, ...], *, title: str
    ) -> RenderedBody:
        md, rewriter = self._md, self._rewriter
        rewriter.root_dir = root
        rewriter.file_dir = source.parent
        rewriter.languages = languages
        rewriter.result = result = RenderedBody(html="")
        parts = []
        for index, screen in enumerate(split_screens(body)):
            md.reset()
            converted = md.convert(screen)
            html_text = nh3.clean(
                converted,
                tags=ALLOWED_TAGS,
                attributes=ALLOWED_ATTRIBUTES,
                url_schemes={LINK_SCHEME, IMAGE_SCHEME},
                link_rel=None,
                attribute_filter=_keep_safe_urls,
            )
            kept = _MarkupCounter(html_text)
            if kept.deepest_nesting > MAX_NESTING:
                raise ContentError(
                    source.name, f"{TOO_DEEP}; a screen has room for {MAX_NESTING} levels"
                )
            result.warnings += removed_markup(_MarkupCounter(converted), kept)
            if index == 0:
                html_text = without_repeated_title(html_text, title)
            # Added after cleaning: content itself may not carry style attributes.
            parts.append(html_text if index == 0 else f"{PAGE_BREAK_OPEN}{html_text}</div>")
        result.html = "\n".join(parts)
        cells = result.html.count("<td") + result.html.count("<th")
        if cells > MAX_TABLE_CELLS:
            raise ContentError(
                source.name,
                f"has tables with {cells} cells; a kiosk screen shows tables of up to "
                f"{MAX_TABLE_CELLS} cells: split them into smaller tables",
            )
        return result
