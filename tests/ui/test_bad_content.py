"""A broken file never takes the kiosk down: it is skipped, and the rest is shown."""

from __future__ import annotations

from pathlib import Path

from kiosk.content import EntryRef, Section
from kiosk.ui.screens import MessageScreen
from tests.helpers.content import topic, write_content
from tests.ui.conftest import KioskMaker


def test_broken_file_is_skipped_and_others_show(make_kiosk: KioskMaker, tmp_path: Path) -> None:
    root = write_content(
        tmp_path / "c",
        {"learn/broken.md": "---\ntitle: [unclosed\n---\nbody", "learn/no-front.md": "Just text"},
    )
    kiosk = make_kiosk(root=root)
    kiosk.session.open_section(Section.LEARN)
    names = [c.accessibleName() for c in kiosk.lists.visible_cards()]
    assert names == ["Alpha topic", "Beta topic"]
    problems = {p.path for p in kiosk.session.library.problems}
    assert {"learn/broken.md", "learn/no-front.md"} <= problems


def test_empty_folder_shows_being_updated(make_kiosk: KioskMaker, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    kiosk = make_kiosk(root=empty)
    assert kiosk.showing(MessageScreen)
    assert kiosk.message.title.text() == "Our information is being updated"
    assert not kiosk.top_bar.isVisible()
    kiosk.session.reset()
    assert kiosk.showing(MessageScreen)


def test_missing_folder_shows_being_updated(make_kiosk: KioskMaker, tmp_path: Path) -> None:
    kiosk = make_kiosk(root=tmp_path / "not-there")
    assert kiosk.showing(MessageScreen)


def test_missing_image_shows_the_page_without_it(make_kiosk: KioskMaker, tmp_path: Path) -> None:
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
    kiosk = make_kiosk(root=root)
    assert kiosk.session.open_entry(EntryRef(Section.LEARN, "pic"))
    document = kiosk.reader.document
    assert document is not None
    text = " ".join(document.page_texts())
    assert "Before." in text and "After." in text
    assert "<img" not in document.document.toHtml()


def test_picture_inside_the_folder_is_shown_scaled_to_the_page(
    make_kiosk: KioskMaker, tmp_path: Path
) -> None:
    from PySide6.QtGui import QColor, QImage

    root = write_content(tmp_path / "c", {"learn/pic.md": topic("Pic", "![wide](../images/w.png)")})
    (root / "images").mkdir()
    image = QImage(4000, 1000, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(root / "images" / "w.png"))
    kiosk = make_kiosk(root=root)
    kiosk.session.open_entry(EntryRef(Section.LEARN, "pic"))
    document = kiosk.reader.document
    assert document is not None
    assert document.document.size().width() <= kiosk.reader.view.width() + 1
    assert document.page_count == 1


def test_image_path_outside_the_folder_is_not_loaded(
    make_kiosk: KioskMaker, tmp_path: Path
) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QColor, QImage, QTextDocument

    from kiosk.ui.pagination import NOTHING

    secret = tmp_path / "secret.png"
    picture = QImage(40, 40, QImage.Format.Format_RGB32)
    picture.fill(QColor("red"))
    assert picture.save(str(secret))
    root = write_content(tmp_path / "c")
    kiosk = make_kiosk(root=root)
    kiosk.session.open_entry(EntryRef(Section.LEARN, "alpha"))
    document = kiosk.reader.document
    assert document is not None
    kind = QTextDocument.ResourceType.ImageResource.value
    for url in ("kiosk-image:../secret.png", f"file://{secret}", str(secret)):
        assert document.document.loadResource(kind, QUrl(url)) is NOTHING, url


def test_a_picture_the_kiosk_will_not_load_is_drawn_as_nothing(
    make_kiosk: KioskMaker, tmp_path: Path
) -> None:
    """Raw HTML pictures from the web lose their address to the sanitizer, and a picture may
    be unreadable: either way the page shows without it, and Qt is never left to open the
    name as a file itself (it would warn the admin about a file with no name)."""
    (tmp_path / "c" / "images").mkdir(parents=True)
    broken = tmp_path / "c" / "images" / "broken.png"
    root = write_content(
        tmp_path / "c",
        {
            "learn/pics.md": topic(
                "Pictures",
                'Web: <img src="https://example.org/a.png" alt="web">. Empty: <img alt="x">. '
                "Broken: ![b](../images/broken.png).",
            )
        },
    )
    # A PNG header the kiosk's check accepts, with nothing decodable after it.
    broken.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10")
    kiosk = make_kiosk(root=root)
    assert kiosk.session.open_entry(EntryRef(Section.LEARN, "pics"))
    document = kiosk.reader.document
    assert document is not None
    text = document.page_texts()[0]
    assert "Web:" in text and "Broken:" in text
