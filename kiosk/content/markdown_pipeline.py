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

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

LINK_SCHEME = "kiosk"
IMAGE_SCHEME = "kiosk-image"
SECTIONS = ("learn", "treatments")
SCREEN_BREAK = re.compile(r"^ {0,3}---\s*$")
FENCE_OPEN = re.compile(r"^ {0,3}(```|~~~)")

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


@dataclass
class RenderedBody:
    """A converted body: HTML for Qt, the images it shows, and problems to report."""

    html: str
    images: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def split_screens(body: str) -> list[str]:
    """Split a body at lines that are only ``---``, ignoring such lines inside fenced code."""
    screens: list[list[str]] = [[]]
    fence: str | None = None
    for line in body.splitlines():
        opened = FENCE_OPEN.match(line)
        if opened:
            fence = None if fence == opened.group(1) else (fence or opened.group(1))
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
        self.result = RenderedBody(html="")

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "a":
                    self._rewrite_link(child)
                elif child.tag == "img" and not self._rewrite_image(child):
                    self._drop_image(parent, child)

    def _inside_root(self, target: str) -> PurePosixPath | None:
        """The content-relative path a relative URL points to, or None if it leaves the folder."""
        resolved = (self.file_dir / unquote(target)).resolve()
        try:
            return PurePosixPath(resolved.relative_to(self.root_dir.resolve()).as_posix())
        except ValueError:
            return None

    def _rewrite_link(self, link: ET.Element) -> None:
        href = (link.get("href") or "").strip()
        parts = urlsplit(href)
        route = None
        if href and not parts.scheme and not parts.netloc and parts.path:
            relative = self._inside_root(parts.path)
            if relative is not None and len(relative.parts) == 2 and relative.suffix == ".md":
                section, name = relative.parts
                slug = name.removesuffix(".md").split(".")[0]
                if section in SECTIONS:
                    route = f"{LINK_SCHEME}:{section}/{slug}"
        if route:
            link.set("href", route)
            return
        link.attrib.pop("href", None)
        link.set("class", "inert-link")
        if href.startswith("#") or not href:
            return
        if parts.scheme or parts.netloc:
            self.result.warnings.append(
                f"link to '{href}' will not open on the kiosk; put web addresses in the "
                "page's QR code instead"
            )
        else:
            self.result.warnings.append(
                f"link to '{href}' does not point to a topic or treatment in this folder; "
                "link to another .md file in learn/ or treatments/"
            )

    def _rewrite_image(self, image: ET.Element) -> bool:
        src = (image.get("src") or "").strip()
        parts = urlsplit(src)
        if not src or parts.scheme or parts.netloc:
            self.result.warnings.append(
                f"picture '{src}' is not a file in the content folder; the kiosk never loads "
                "pictures from the web: copy it into images/ and refer to it there"
            )
            return False
        relative = self._inside_root(parts.path)
        if relative is None:
            self.result.warnings.append(
                f"picture '{src}' is outside the content folder; move it into images/"
            )
            return False
        if not (self.root_dir / relative).is_file():
            self.result.warnings.append(
                f"picture '{src}' is missing; the page shows without it. Check the file name "
                "and that the file is in the content folder"
            )
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


def _keep_safe_urls(tag: str, attribute: str, value: str) -> str | None:
    """nh3 attribute filter: only kiosk routes survive in href/src (raw HTML included)."""
    if attribute in {"href", "src"}:
        scheme = IMAGE_SCHEME if attribute == "src" else LINK_SCHEME
        return value if value.startswith(f"{scheme}:") else None
    return value


class MarkdownPipeline:
    """Markdown -> sanitized HTML, one configured Python-Markdown instance reused per call."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=["tables", "attr_list", "sane_lists", "smarty", "def_list", "fenced_code"],
            output_format="html",
        )
        self._rewriter = _LinkAndImageRewriter(self._md)
        self._md.treeprocessors.register(self._rewriter, "kiosk_links", 1)

    def render(self, body: str, *, source: Path, root: Path) -> RenderedBody:
        """Convert one file's body; ``source`` is its path, ``root`` the content folder."""
        self._rewriter.root_dir = root
        self._rewriter.file_dir = source.parent
        self._rewriter.result = result = RenderedBody(html="")
        parts = []
        for index, screen in enumerate(split_screens(body)):
            self._md.reset()
            html = nh3.clean(
                self._md.convert(screen),
                tags=ALLOWED_TAGS,
                attributes=ALLOWED_ATTRIBUTES,
                url_schemes={LINK_SCHEME, IMAGE_SCHEME},
                link_rel=None,
                attribute_filter=_keep_safe_urls,
            )
            # Added after cleaning: content itself may not carry style attributes.
            parts.append(html if index == 0 else f"{PAGE_BREAK_OPEN}{html}</div>")
        result.html = "\n".join(parts)
        return result
