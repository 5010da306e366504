"""Pagination fits exactly: every line on exactly one page, none cut, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF, QSizeF
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from kiosk.content import EntryRef, Section, load_library
from kiosk.ui.pagination import PagedDocument
from kiosk.ui.reader import take_home_html
from kiosk.ui.theme import Theme
from tests.helpers.content import SHIPPED, long_body, topic, write_content
from tests.helpers.pages import assert_lines_fit
from tests.ui.conftest import Kiosk, KioskMaker


def paged(html: str, width: float = 900, height: float = 700, scale: float = 1.0) -> PagedDocument:
    theme = Theme(text_scale=scale)
    return PagedDocument(html, theme.document_css(), QSizeF(width, height), None, theme.heading_px)


@pytest.mark.usefixtures("kiosk_app")
def test_pages_together_hold_all_the_text() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n}: " + "words and more words " * 20 + "</p>" for n in range(40)
    )
    document = paged(paragraphs)
    assert document.page_count > 3
    pages = document.page_texts()
    assert "".join("".join(page.split("\n")) for page in pages).replace(" ", "") == (
        document.document.toPlainText().replace("\n", "").replace("\u2029", "").replace(" ", "")
    )
    for n in range(40):
        holders = [i for i, page in enumerate(pages) if f"Paragraph {n}:" in page]
        assert len(holders) == 1
    assert_lines_fit(document)


@pytest.mark.usefixtures("kiosk_app")
def test_screen_break_starts_a_new_page() -> None:
    html = '<p>First screen.</p><div style="page-break-before: always"><p>Second.</p></div>'
    document = paged(html)
    assert document.page_count == 2
    assert document.page_texts() == ["First screen.", "Second."]


@pytest.mark.usefixtures("kiosk_app")
def test_larger_text_makes_more_pages_with_the_same_text() -> None:
    html = "".join(f"<p>Paragraph {n} " + "readable words " * 30 + "</p>" for n in range(12))
    normal, large = paged(html), paged(html, scale=2.0)
    assert large.page_count > normal.page_count
    assert_lines_fit(large)


@pytest.mark.usefixtures("kiosk_app")
def test_every_shipped_topic_fits_both_orientations() -> None:
    library = load_library(SHIPPED)
    for section in Section:
        for entry, _ in library.entries(section, "en"):
            html = library.render(entry).html
            for size in ((984, 1500), (1250, 700)):
                document = paged(html, *size)
                assert_lines_fit(document)
                text = "".join(document.page_texts()).replace("\n", "").replace(" ", "")
                assert len(text) > 100


def test_rotation_repaginates_and_keeps_the_place(
    make_kiosk: KioskMaker, qtbot: QtBot, tmp_path: Path
) -> None:
    root = write_content(tmp_path / "c", {"learn/long.md": topic("Long", long_body(40))})
    kiosk = make_kiosk(root=root)
    kiosk.session.open_entry(EntryRef(Section.LEARN, "long"))
    reader = kiosk.reader
    portrait_pages = reader.page_count
    for _ in range(3):
        kiosk.session.next_page()
    document = reader.document
    assert document is not None
    reading = document.page_texts()[reader.page].split("\n")[0]
    kiosk.window.resize(1920, 1080)
    qtbot.waitUntil(lambda: reader.document is not document)
    new = reader.document
    assert new is not None
    assert reader.page_count != portrait_pages
    assert reading[:20] in new.page_texts()[reader.page].replace("\n", " ")
    place = kiosk.session.place.screen
    assert (place.page, place.page_count) == (reader.page, reader.page_count)  # type: ignore[union-attr]


def test_page_turn_reuses_the_laid_out_document(make_kiosk: KioskMaker) -> None:
    kiosk = make_kiosk()
    kiosk.session.open_entry(EntryRef(Section.LEARN, "alpha"))
    document = kiosk.reader.document
    kiosk.session.next_page()
    kiosk.session.previous_page()
    assert kiosk.reader.document is document


@pytest.mark.usefixtures("kiosk_app")
def test_short_blocks_and_headings_are_not_split_and_no_text_is_lost() -> None:
    parts = []
    for n in range(30):
        parts.append(f"<h2>Heading {n}:</h2>")
        parts.append(f"<p>Short paragraph {n}: " + "a few plain words " * 6 + f"(end {n})</p>")
        parts.append(
            f"<blockquote><p>Care note {n}: " + "talk to your team " * 5 + f"[end {n}]</p>"
            "</blockquote>"
        )
    document = paged("".join(parts), height=600)
    pages = document.page_texts()
    for n in range(30):
        for label in (f"Heading {n}:", f"Short paragraph {n}:", f"Care note {n}:"):
            assert sum(label in page for page in pages) == 1, label
        # a heading is never the last thing on its page
        holder = next(p for p in pages if f"Heading {n}:" in p)
        assert not holder.rstrip().endswith(f"Heading {n}:")
    # each short paragraph and care note sits wholly on one page
    for n in range(30):
        assert f"(end {n})" in next(p for p in pages if f"Short paragraph {n}:" in p)
        assert f"[end {n}]" in next(p for p in pages if f"Care note {n}:" in p)
    assert_lines_fit(document)


BREAK = '<div style="page-break-before: always"><p>Second screen.</p></div>'


def filler(count: int) -> str:
    return "".join(f"<p>Filler {n}: a few plain words.</p>" for n in range(count))


@pytest.mark.usefixtures("kiosk_app")
def test_a_screen_that_runs_just_past_a_page_leaves_no_line_alone() -> None:
    html = filler(24) + "<p>Last words.</p>" + BREAK
    spilled = 0
    for height in range(700, 1400, 5):  # the page edge at every place in the screen
        document = paged(html, height=height)
        pages = document.page_texts()
        holder = next(i for i, page in enumerate(pages) if "Last words." in page)
        alone = pages[holder].strip() == "Last words."
        spilled += holder > 0
        assert not (alone and holder > 0), height
        assert pages[-1] == "Second screen."
        for n in range(24):
            assert sum(f"Filler {n}:" in page for page in pages) == 1
        assert_lines_fit(document)
    assert spilled > 10  # the screen ran past a page at many of those heights


@pytest.mark.usefixtures("kiosk_app")
def test_a_list_brought_along_to_a_lonely_line_comes_whole() -> None:
    items = "<ul><li>Item one</li><li>Item two</li><li>Item three</li></ul>"
    html = filler(24) + items + "<p>Last words.</p>" + BREAK
    brought = 0
    for height in range(700, 1400, 5):
        pages = paged(html, height=height).page_texts()
        holder = next(i for i, page in enumerate(pages) if "Last words." in page)
        if holder > 0 and "Filler" not in pages[holder]:
            brought += "Item three" in pages[holder]
            listed = [f"Item {n}" in pages[holder] for n in ("one", "two", "three")]
            assert all(listed) or not any(listed), height
    assert brought > 0


@pytest.mark.usefixtures("kiosk_app")
def test_no_page_is_blank_where_a_screen_ends_at_a_page_edge() -> None:
    """Qt can leave a page empty where a screen's last line ends at a page edge (the next
    screen starts a page later, or the end counts one page more): it is never shown."""
    html = "".join(f"<p>Paragraph {n}: " + "words for reading " * 9 + "</p>" for n in range(9))
    html = html + BREAK + "<p>More words for the last screen of all.</p>"
    for height in range(400, 1000, 2):
        document = paged(html, height=height, scale=2.0)
        pages = document.page_texts()
        assert all(page.strip() for page in pages), height
        assert " ".join(pages[-1].split()).endswith("the last screen of all.")
        if height % 50 == 0:  # what a patient sees: every page painted shows ink
            assert all(ink(document, page) for page in range(document.page_count)), height


def ink(document: PagedDocument, page: int) -> bool:
    """Whether painting ``page`` puts anything on a white page."""
    size = document.page_size.toSize()
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    document.paint(painter, page, QPointF(0, 0))
    painter.end()
    white = QColor("white").rgb()
    return any(
        image.pixel(x, y) != white
        for y in range(0, size.height(), 3)
        for x in range(0, size.width(), 3)
    )


def many_blocks(count: int = 120) -> str:
    """Headings, short notes and paragraphs: a long topic with many blocks to keep together."""
    parts = []
    for n in range(count // 3):
        parts.append(f"<h2>Heading {n}:</h2>")
        parts.append(f"<p>Short paragraph {n}: " + "a few plain words " * 6 + f"(end {n})</p>")
        parts.append(f"<p>Longer paragraph {n}: " + "more words to read here " * 14 + "</p>")
    return "".join(parts)


@pytest.mark.usefixtures("kiosk_app")
def test_a_long_topic_keeps_every_rule_on_every_page() -> None:
    document = paged(many_blocks(), height=700)
    pages = document.page_texts()
    assert len(pages) > 10
    for n in range(40):
        holder = next(p for p in pages if f"Heading {n}:" in p)
        assert not holder.rstrip().endswith(f"Heading {n}:")  # a heading never ends a page
        assert f"(end {n})" in next(p for p in pages if f"Short paragraph {n}:" in p)
    assert_lines_fit(document)


def paragraph_lines(page: str, marker: str) -> int:
    return sum(marker in line for line in page.split("\n"))


@pytest.mark.usefixtures("kiosk_app")
def test_a_paragraph_split_by_a_page_edge_leaves_no_line_alone_on_either_side() -> None:
    long = "<p>" + " ".join(f"Long{n}" for n in range(160)) + "</p>"
    html = filler(6) + long + "<p>After the long one.</p>"
    split = 0
    for height in range(300, 900, 7):  # the page edge at every line of the paragraph
        pages = paged(html, height=height).page_texts()
        counts = [paragraph_lines(page, "Long") for page in pages]
        total = sum(counts)
        assert total > 6
        for count in counts:
            assert count == 0 or count >= 2, (height, counts)  # no line alone
        split += sum(0 < count < total for count in counts) > 0
    assert split > 30  # the paragraph was split at most of those heights


@pytest.mark.usefixtures("kiosk_app")
def test_a_table_row_is_never_split_and_a_long_table_goes_on_row_by_row() -> None:
    rows = "".join(
        f"<tr><td>Row {n} left</td><td>Row {n} right " + "more words " * 12 + "</td></tr>"
        for n in range(30)
    )
    html = filler(3) + f"<table border=1 cellpadding=6>{rows}</table><p>After the table.</p>"
    for height in (500, 640, 777, 900):
        document = paged(html, height=height)
        pages = document.page_texts()
        assert len(pages) > 2
        for n in range(30):
            holders = {i for i, page in enumerate(pages) if f"Row {n} " in page}
            assert len(holders) == 1, (height, n)
        assert_lines_fit(document)


@pytest.mark.usefixtures("kiosk_app")
def test_a_table_row_taller_than_a_page_follows_its_heading_and_splits_between_lines() -> None:
    tall = "<br>".join(f"Line {n} of a very tall cell" for n in range(60))
    html = filler(2) + f"<h2>A heading</h2><table border=1><tr><td>{tall}</td></tr></table>"
    for height in (400, 555, 700):
        document = paged(html, height=height)
        assert_lines_fit(document)
        pages = document.page_texts()
        assert all(f"Line {n} of" in " ".join(pages) for n in range(60))
        assert "Line 0 of" in next(page for page in pages if "A heading" in page)


@pytest.mark.usefixtures("kiosk_app")
def test_the_take_home_code_is_never_parted_from_its_caption() -> None:
    closing = take_home_html("https://clinic.example/topic", "Read this at home")
    for height in range(700, 1300, 9):
        pages = paged(filler(30) + closing, height=height).page_texts()
        holder = next(page for page in pages if "Read this at home" in page)
        assert "\ufffc" in holder, height  # the code (an object character) is on that page


def open_long_topic(make_kiosk: KioskMaker, content_dir: Path) -> Kiosk:
    """A kiosk just opened on a topic of about 30 screens."""
    (content_dir / "learn" / "long.md").write_text(topic("Long", long_body(150, "Long")))
    kiosk = make_kiosk(root=content_dir)
    kiosk.session.open_entry(EntryRef(Section.LEARN, "long"))
    return kiosk


def test_a_long_topic_shows_its_final_count_with_its_first_page(
    make_kiosk: KioskMaker, content_dir: Path
) -> None:
    opened: list[int] = []
    kiosk = make_kiosk(root=content_dir)
    kiosk.session.topic_opened.connect(lambda _ref, pages: opened.append(pages))
    (content_dir / "learn" / "long.md").write_text(topic("Long", long_body(150, "Long")))
    kiosk.session.apply_library(load_library(content_dir))
    kiosk.session.open_entry(EntryRef(Section.LEARN, "long"))
    document = kiosk.reader.document
    assert document is not None
    assert kiosk.reader.nav.indicator.text() == f"1 of {document.page_count}"
    assert opened == [document.page_count]  # counted as opened once, with the count it shows
    count = kiosk.session.place.screen.page_count  # type: ignore[union-attr]
    assert count == document.page_count > 20
    kiosk.session.next_page()
    assert kiosk.reader.page == 1
    assert kiosk.reader.document is document  # a page turn lays nothing out again


def test_read_aloud_says_the_count_of_a_long_topic_just_opened(
    make_kiosk: KioskMaker, content_dir: Path
) -> None:
    kiosk = open_long_topic(make_kiosk, content_dir)
    document = kiosk.reader.document
    assert document is not None

    spoken = kiosk.reader.spoken_text()

    assert f"Page 1 of {document.page_count}." in spoken


# --- any document, any page height: the rules hold ----------------------------------------------
# Each word names its block ("P3w7": paragraph 3, word 7), so where each block went can be read
# back from the pages' text.


def _words(kind: str, number: int, count: int) -> str:
    return " ".join(f"{kind}{number}w{n}" for n in range(count))


def _block(kind: str, number: int, size: int) -> str:
    if kind == "P":
        return f"<p>{_words('P', number, size)}</p>"
    if kind == "H":
        return f"<h2>{_words('H', number, 1 + size % 4)}</h2>"
    if kind == "L":
        items = "".join(f"<li>{_words('L', number * 10 + n, 2 + size % 9)}</li>" for n in range(4))
        return f"<ul>{items}</ul>"
    if kind == "N":
        return f"<blockquote><p>{_words('N', number, size // 2 + 1)}</p></blockquote>"
    rows = "".join(
        f"<tr><td>{_words('T', number * 100 + row * 2, 2)}</td>"
        f"<td>{_words('T', number * 100 + row * 2 + 1, 1 + size % 12)}</td></tr>"
        for row in range(1 + size % 6)
    )
    return f"<table border=1 cellpadding=4>{rows}</table>"


SCREENS = st.lists(  # screens of (kind, size) blocks, joined as the pipeline joins them
    st.lists(st.tuples(st.sampled_from("PPHLNT"), st.integers(1, 80)), min_size=1, max_size=8),
    min_size=1,
    max_size=4,
)


def _document(screens: list[list[tuple[str, int]]]) -> tuple[str, list[str]]:
    """The HTML, and the first word of each screen after the first."""
    parts, starts, number = [], [], 0
    for index, blocks in enumerate(screens):
        html = ""
        for kind, size in blocks:
            html += _block(kind, number, size)
            number += 1
        if index:
            kind = blocks[0][0]
            first = number - len(blocks)
            starts.append(f"{kind}{first * {'L': 10, 'T': 100}.get(kind, 1)}w0")
            html = f'<div style="page-break-before: always">{html}</div>'
        parts.append(html)
    return "".join(parts), starts


def _owner(word: str) -> str:
    return word.split("w", maxsplit=1)[0]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(screens=SCREENS, height=st.integers(360, 1200))
@pytest.mark.usefixtures("kiosk_app")
def test_any_document_keeps_every_rule_at_any_page_height(
    screens: list[list[tuple[str, int]]], height: int
) -> None:
    html, screen_starts = _document(screens)
    document = paged(html, height=height)
    pages = [page.split("\n") for page in document.page_texts()]
    # Nothing lost, nothing twice, in reading order; no blank page; no line cut.
    read = [word for page in pages for line in page for word in line.split()]
    assert read == document.document.toPlainText().split()
    assert all(any(line.strip() for line in page) for page in pages)
    assert_lines_fit(document)
    # Each screen after the first starts a page.
    firsts = [next(w for line in page for w in line.split()) for page in pages]
    assert all(start in firsts for start in screen_starts)
    # A block split by a page edge leaves at least two of its lines on each side.
    for owner in {_owner(word) for word in read}:
        per_page = [sum(f" {owner}w" in f" {line}" for line in page) for page in pages]
        parts = [count for count in per_page if count]
        assert len(parts) == 1 or min(parts) >= 2, (owner, per_page)
    # A heading never ends a page, unless it starts that page or the next page starts a
    # screen.
    for index, page in enumerate(pages[:-1]):
        text = [line for line in page if line.strip()]
        last = _owner(text[-1].split()[0])
        if last.startswith("H") and _owner(text[0].split()[0]) != last:
            assert firsts[index + 1] in screen_starts, (index, last)
