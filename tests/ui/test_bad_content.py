"""A broken file never takes the kiosk down: it is skipped, and the rest is shown."""

from __future__ import annotations

from pathlib import Path

from kiosk.content import EntryRef, Section
from tests.helpers.content import topic, write_content
from tests.ui.conftest import WindowMaker


def test_broken_file_is_skipped_and_others_show(make_window: WindowMaker, tmp_path: Path) -> None:
    root = write_content(
        tmp_path / "c",
        {"learn/broken.md": "---\ntitle: [unclosed\n---\nbody", "learn/no-front.md": "Just text"},
    )
    window = make_window(root=root)
    window.open_section(Section.LEARN)
    names = [c.accessibleName() for c in window.lists[Section.LEARN].visible_cards()]
    assert names == ["Alpha topic", "Beta topic"]
    problems = {p.path for p in window.library.problems}
    assert {"learn/broken.md", "learn/no-front.md"} <= problems


def test_empty_folder_shows_being_updated(make_window: WindowMaker, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    window = make_window(root=empty)
    assert window.stack.currentWidget() is window.message
    assert window.message.title.text() == "Our information is being updated"
    window.go_attract()
    assert window.stack.currentWidget() is window.message


def test_missing_folder_shows_being_updated(make_window: WindowMaker, tmp_path: Path) -> None:
    window = make_window(root=tmp_path / "not-there")
    assert window.stack.currentWidget() is window.message


def test_missing_image_shows_the_page_without_it(make_window: WindowMaker, tmp_path: Path) -> None:
    root = write_content(
        tmp_path / "c",
        {
            "learn/pic.md": topic(
                "Pictures",
                "Before.\n\n![A drawing](../images/gone.png)\n\nAfter.",
                image="images/gone.png",
            )
        },
    )
    window = make_window(root=root)
    assert window.open_entry(EntryRef(Section.LEARN, "pic"))
    document = window.reader.document
    assert document is not None
    text = " ".join(document.page_texts())
    assert "Before." in text and "After." in text
    assert "<img" not in document.document.toHtml()


def test_picture_inside_the_folder_is_shown_scaled_to_the_page(
    make_window: WindowMaker, tmp_path: Path
) -> None:
    from PySide6.QtGui import QColor, QImage

    root = write_content(tmp_path / "c", {"learn/pic.md": topic("Pic", "![wide](../images/w.png)")})
    (root / "images").mkdir()
    image = QImage(4000, 1000, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(root / "images" / "w.png"))
    window = make_window(root=root)
    window.open_entry(EntryRef(Section.LEARN, "pic"))
    document = window.reader.document
    assert document is not None
    assert document.document.size().width() <= window.reader.view.width() + 1
    assert document.page_count == 1


def test_image_path_outside_the_folder_is_not_loaded(
    make_window: WindowMaker, tmp_path: Path
) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not really")
    root = write_content(tmp_path / "c")
    window = make_window(root=root)
    window.open_entry(EntryRef(Section.LEARN, "alpha"))
    document = window.reader.document
    assert document is not None
    kind = QTextDocument.ResourceType.ImageResource.value
    for url in ("kiosk-image:../secret.png", f"file://{secret}", str(secret)):
        assert document.document.loadResource(kind, QUrl(url)) is None
