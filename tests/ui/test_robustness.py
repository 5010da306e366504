"""No input crashes, hangs or escapes the kiosk: odd content renders or is refused cleanly,
and an unexpected error lands the patient calmly on Home while the kiosk keeps running."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QObject, QSize, QSizeF, QTimer, Signal
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.app import FirstPaint, install_error_handler
from kiosk.content import EntryRef, Section, load_library
from kiosk.content.markdown_pipeline import MarkdownPipeline
from kiosk.content.problems import Level
from kiosk.ui.card_list import CardListScreen
from kiosk.ui.icons import load_scaled_image
from kiosk.ui.pagination import PagedDocument
from kiosk.ui.reader import ReaderScreen
from kiosk.ui.screens import HomeScreen
from kiosk.ui.theme import Theme
from tests.helpers.content import topic, write_content
from tests.helpers.pages import assert_lines_fit
from tests.ui.conftest import KioskMaker

NASTY = {
    "long-word": "A" + "a" * 20_000 + " end.",
    "giant-table": "|" + "h|" * 60 + "\n|" + "-|" * 60 + "\n" + ("|" + "cell|" * 60 + "\n") * 300,
    "large-table": "|" + "h|" * 30 + "\n|" + "-|" * 30 + "\n" + ("|" + "c|" * 30 + "\n") * 60,
    "deep-quotes": ">" * 400 + " deep",
    "deep-lists": "\n".join("    " * depth + "- item" for depth in range(300)),
    "rtl-and-emoji": "مرحبا بكم في العيادة 🙂 שלום לכולם 👩‍⚕️🧠 " * 50,
    "controls": "Bell\x07 and\x0b vertical\x1b escape " * 30,
    "many-stars": "*" * 20_000,
    "nested-brackets": "[a](" * 1500,
}


@pytest.fixture
def restore_excepthook() -> Iterator[None]:
    saved = sys.excepthook
    yield
    sys.excepthook = saved


@pytest.mark.parametrize("name", sorted(NASTY))
def test_odd_content_renders_or_is_refused_cleanly(
    make_kiosk: KioskMaker, tmp_path: Path, name: str
) -> None:
    root = write_content(tmp_path / "c", {f"learn/{name}.md": topic(name, NASTY[name], order=1)})
    kiosk = make_kiosk()
    session = kiosk.session
    session.apply_library(load_library(root))
    shown = session.open_entry(EntryRef(Section.LEARN, name))
    if shown:
        document = kiosk.reader.document
        assert document is not None
        assert document.page_count >= 1
        assert_lines_fit(document)
        assert kiosk.showing(ReaderScreen)
    else:  # refused (when loading, or when converting): recorded, and not on the list
        assert any(
            p.path == f"learn/{name}.md" and p.level is Level.ERROR
            for p in session.library.problems
        )
        session.open_section(Section.LEARN)
        assert name not in [c.accessibleName() for c in kiosk.lists.visible_cards()]
    # the kiosk carries on
    session.go_home()
    assert session.open_entry(EntryRef(Section.LEARN, "beta"))


def test_a_page_refused_when_opened_leaves_the_list_with_a_calm_word(
    make_kiosk: KioskMaker, tmp_path: Path
) -> None:
    root = write_content(tmp_path / "c", {"learn/deep.md": topic("Deep", NASTY["deep-lists"])})
    kiosk = make_kiosk(root=root)
    assert not kiosk.session.open_entry(EntryRef(Section.LEARN, "deep"))
    assert kiosk.showing(CardListScreen)
    notice = kiosk.lists.notice
    assert notice.isVisible()
    assert notice.text() == "Sorry, that page cannot be shown right now. Please choose another."
    names = [c.accessibleName() for c in kiosk.lists.visible_cards()]
    assert "Deep" not in names
    assert kiosk.session.library.problems[-1].format() == (
        "learn/deep.md:4: error: is nested too deeply (lists or quotes inside each other); "
        "a screen has room for 20 levels (this page is not shown)"
    )


def test_a_conversion_over_its_time_budget_is_refused_and_the_next_one_works(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from kiosk.errors import ContentError

    pipeline = MarkdownPipeline(budget_seconds=0.01)
    busy = pipeline._worker.thread
    slow = "[a](" * 1900  # under the bracket limit, but slow to convert
    with (
        caplog.at_level(logging.INFO, logger="kiosk.content.markdown_pipeline"),
        pytest.raises(ContentError, match=r"took longer than 0\.01 s to prepare"),
    ):
        pipeline.render(slow, source=tmp_path / "learn" / "slow.md", root=tmp_path)
    # The log shows IT the worker thread's stack at that moment (the admin is told what to
    # look for in the file).
    (said,) = [r.getMessage() for r in caplog.records if "still converting" in r.getMessage()]
    assert said.startswith("slow.md: still converting after 0.01 s, at:")
    assert "markdown_pipeline.py" in said and "in _serve" in said
    pipeline.budget_seconds = 5.0
    result = pipeline.render("Fine **text**.", source=tmp_path / "learn" / "ok.md", root=tmp_path)
    assert result.html == "<p>Fine <strong>text</strong>.</p>"
    # The worker left converting the slow file ends when it is done, rather than waiting for
    # work for as long as the kiosk runs.
    busy.join(timeout=60)
    assert not busy.is_alive()
    assert pipeline._worker.thread.is_alive()


def test_a_picture_too_large_to_decode_is_not_loaded(tmp_path: Path, kiosk_app: object) -> None:
    bomb = tmp_path / "bomb.png"
    # A valid PNG header claiming 65536 x 65536 pixels (16 GiB decoded).
    bomb.write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x00\x00\x00\x01\x00\x00\x08\x06\x00\x00\x00"
    )
    assert load_scaled_image(bomb, QSize(500, 500)) is None


class _Trigger(QObject):
    fired = Signal()


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_is_logged_and_the_patient_lands_on_home(
    make_kiosk: KioskMaker,
    qtbot: QtBot,
    caplog: pytest.LogCaptureFixture,
    restore_excepthook: None,
) -> None:
    kiosk = make_kiosk()
    install_error_handler(kiosk.session)
    kiosk.session.open_entry(EntryRef(Section.LEARN, "alpha"))

    def broken_slot() -> None:
        raise RuntimeError("something nobody expected")

    trigger = _Trigger()
    trigger.fired.connect(broken_slot)
    caplog.set_level(logging.ERROR, logger="kiosk.app")
    QTimer.singleShot(0, trigger.fired.emit)
    qtbot.waitUntil(lambda: kiosk.showing(HomeScreen), timeout=2000)
    assert kiosk.home.notice.isVisible()
    assert kiosk.home.notice.text().startswith("Sorry, something went wrong")
    assert "something nobody expected" not in kiosk.home.notice.text()
    assert any("something nobody expected" in (r.exc_text or "") for r in caplog.records)
    assert kiosk.window.isVisible()
    assert kiosk.session.open_entry(EntryRef(Section.LEARN, "beta"))  # still works afterwards


MARKDOWN_PIECES = st.sampled_from(
    [
        "# Title",
        "## Sub",
        "Some words here.",
        "- item",
        "1. first",
        "> quote",
        "---",
        "",
        "**bold** and *it*",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "```\ncode\n```",
        "[link](x.md)",
        "![pic](none.png)",
        "<b>raw</b>",
        "<script>x</script>",
        "ñandú 🙂 مرحبا",
        "a" * 300,
    ]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pieces=st.lists(MARKDOWN_PIECES | st.text(max_size=80), max_size=25),
    # page heights the reader really has: about 650 px in the smallest (540x960) window
    height=st.integers(min_value=400, max_value=1500),
    scale=st.sampled_from([1.0, 1.5, 2.0]),
)
def test_any_markdown_paginates_without_losing_or_cutting_lines(
    kiosk_app: object, tmp_path: Path, pieces: list[str], height: int, scale: float
) -> None:
    html = (
        MarkdownPipeline()
        .render("\n\n".join(pieces), source=tmp_path / "learn" / "x.md", root=tmp_path)
        .html
    )
    theme = Theme(text_scale=scale)
    document = PagedDocument(
        html, theme.document_css(), QSizeF(700, height), None, theme.heading_px
    )
    assert_lines_fit(document)
    laid_out = "".join("".join(page.split()) for page in document.page_texts())
    everything = "".join(document.document.toPlainText().split())
    assert laid_out == everything.replace("\u2029", "").replace("\u2028", "")


def test_a_window_never_drawn_still_lets_the_kiosk_go_on(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    # A compositor with its display off may never draw the window; the topics must load and
    # systemd hear READY all the same, or it restarts the kiosk in a loop.
    window = QWidget()
    qtbot.addWidget(window)  # never shown, so never painted
    first_paint = FirstPaint(window, timeout_ms=50)
    with caplog.at_level(logging.WARNING), qtbot.waitSignal(first_paint.painted, timeout=2000):
        pass
    assert first_paint.timed_out
    assert "has not been drawn" in caplog.text and "display" in caplog.text


def test_a_drawn_window_is_reported_once_and_not_as_timed_out(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    first_paint = FirstPaint(window, timeout_ms=300)
    emitted: list[bool] = []
    first_paint.painted.connect(lambda: emitted.append(first_paint.timed_out))
    window.show()
    qtbot.waitUntil(lambda: emitted == [False], timeout=2000)
    qtbot.wait(500)  # past the deadline: nothing more comes
    assert emitted == [False]
