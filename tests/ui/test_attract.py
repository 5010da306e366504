"""The attract screen invites from across a waiting room: a topic's picture, title and summary
in large type, the invitation in every language at once, calm motion (none with
``reduced_motion``), and everything fits at 1080x1920 and 1920x1080. Home's tiles have icons."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractAnimation, QSize
from PySide6.QtGui import QColor, QImage, QImageReader
from PySide6.QtWidgets import QApplication, QLabel

from kiosk.assets import asset
from kiosk.config import load_config
from kiosk.content import Section, load_library
from kiosk.i18n import Strings
from kiosk.session import Preferences
from kiosk.ui.attract import AttractScreen
from kiosk.ui.render import ScreenRenderer
from kiosk.ui.theme import CALM, HIGH_CONTRAST
from tests.helpers.content import SHIPPED, SITE, topic, write_content
from tests.helpers.layout import global_rect
from tests.helpers.stubs import fire
from tests.ui.conftest import Kiosk, KioskMaker

SIZES = [(1080, 1920), (1920, 1080)]
# Large enough to read at three metres on a 1080x1920 screen (about 0.5 mm a pixel).
THREE_METRES_PX = {"name": 96, "title": 80, "summary": 48, "invitation": 56}

PICTURE = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96" width="96" height="96">'
    '<circle cx="48" cy="48" r="40" fill="#2F6F6A"/></svg>'
)


def attract(kiosk: Kiosk) -> AttractScreen:
    """The privacy reset, as after a visit: the attract screen on show."""
    kiosk.session.reset()
    assert kiosk.showing(AttractScreen)
    return kiosk.attract


def drawn_in(image: QImage, wanted: str) -> bool:
    """The picture draws something, and all it draws (every opaque pixel) is ``wanted``, give
    or take premultiplied rounding."""
    target = QColor(wanted)
    opaque = [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    ]
    return len(opaque) > image.width() and all(
        max(
            abs(colour.red() - target.red()),
            abs(colour.green() - target.green()),
            abs(colour.blue() - target.blue()),
        )
        <= 2
        for colour in opaque
    )


# -- what it shows ------------------------------------------------------------------------


def test_a_highlight_shows_a_topics_picture_title_and_summary(
    make_kiosk: KioskMaker, tmp_path: Path
) -> None:
    root = write_content(
        tmp_path / "pictured",
        {
            "images/circle.svg": PICTURE,
            "learn/alpha.md": topic(
                "Alpha topic", "Text.", summary="First", order=10, image="images/circle.svg"
            ),
        },
    )
    kiosk = make_kiosk(root=root)
    screen = attract(kiosk)
    assert (screen.kicker.text(), screen.highlight.text(), screen.summary.text()) == (
        "Learn about care",
        "Alpha topic",
        "First",
    )
    for label in (screen.kicker, screen.highlight, screen.summary, screen.picture):
        assert label.isVisible()
    pixmap = screen.picture.pixmap()
    assert not pixmap.isNull()
    assert pixmap.width() >= 200  # a picture to see from across the room, not a card's 96 px
    # In high contrast the picture takes the accent colour, as the cards' pictures do.
    screen.session.toggle_contrast()
    assert drawn_in(screen.picture.pixmap().toImage(), HIGH_CONTRAST.accent)
    fire(screen._timer)  # Beta topic has no picture: none is shown, not the last one
    assert screen.highlight.text() == "Beta topic"
    assert screen.picture.isHidden()
    assert screen.picture.pixmap().isNull()


def test_highlights_go_through_topics_then_treatments_in_a_fixed_order(
    make_kiosk: KioskMaker,
) -> None:
    kiosk = make_kiosk()
    kiosk.session.open_section(Section.TREATMENTS)  # what the last patient looked at...
    screen = attract(kiosk)
    assert screen.highlight.text() == "Alpha topic"  # ...is not where the highlights start
    shown = [screen.highlight.text()]
    for _ in range(3):
        fire(screen._timer)
        shown.append(screen.highlight.text())
    assert shown == ["Alpha topic", "Beta topic", "Treatment one", "Alpha topic"]
    assert screen.kicker.text() == "Learn about care"
    fire(screen._timer)
    fire(screen._timer)
    assert (screen.kicker.text(), screen.summary.text()) == ("Our treatments", "One")


def test_the_invitation_is_in_every_language_of_the_site_at_once(
    make_kiosk: KioskMaker, tmp_path: Path
) -> None:
    # "xx" has no interface catalogue: its words would be English again, said twice.
    site = SITE.replace("languages: [en, es]", "languages: [en, es, xx]")
    kiosk = make_kiosk(root=write_content(tmp_path / "three", site=site))
    screen = attract(kiosk)
    english, spanish = Strings("en")["touch_to_start"], Strings("es")["touch_to_start"]
    assert english != spanish
    shown = [label.text() for label in screen.invitation if label.isVisible()]
    assert shown == [english, spanish]  # the site's own language first
    assert screen.cta.text() == english
    for label in screen.invitation[:2]:
        assert screen.invitation_box.rect().contains(label.geometry())
    said = screen.spoken_text()
    assert english in said and spanish in said and "Test Clinic" in said


def test_the_invitation_puts_the_sites_default_language_first(
    make_kiosk: KioskMaker, tmp_path: Path
) -> None:
    site = SITE + "default_language: es\n"
    kiosk = make_kiosk(root=write_content(tmp_path / "es-first", site=site))
    screen = attract(kiosk)
    assert [label.text() for label in screen.invitation if label.isVisible()] == [
        Strings("es")["touch_to_start"],
        Strings("en")["touch_to_start"],
    ]


# -- motion (WCAG 2.2.2) ------------------------------------------------------------------


def test_a_new_highlight_fades_in_briefly_then_rests(make_kiosk: KioskMaker) -> None:
    kiosk = make_kiosk()
    screen = attract(kiosk)
    assert screen._effect.opacity() == 1.0  # the first one is simply there
    fire(screen._timer)
    assert screen._fade.state() == QAbstractAnimation.State.Running
    assert screen._effect.opacity() < 1.0
    # Movement settles within 5 s, and rests longer than it moved.
    assert screen._fade.duration() <= 5000
    assert screen._timer.interval() >= 2 * screen._fade.duration()


def test_reduced_motion_changes_the_highlight_all_at_once_and_seldom(
    make_kiosk: KioskMaker,
) -> None:
    kiosk = make_kiosk(reduced_motion=True)
    screen = attract(kiosk)
    assert screen._timer.isActive()
    assert screen._timer.interval() >= 15000
    for expected in ("Beta topic", "Treatment one", "Alpha topic"):
        fire(screen._timer)
        assert screen.highlight.text() == expected
        assert screen._fade.state() == QAbstractAnimation.State.Stopped
        assert screen._effect.opacity() == 1.0
        QApplication.processEvents()
        assert screen._effect.opacity() == 1.0


def test_kiosk_toml_turns_reduced_motion_on(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("reduced_motion = true\n", encoding="utf-8")
    config, problems = load_config(path)
    assert (config.reduced_motion, problems) == (True, [])
    assert load_config(None)[0].reduced_motion is False
    path.write_text('reduced_motion = "yes"\n', encoding="utf-8")
    config, problems = load_config(path)
    assert config.reduced_motion is False
    assert [error.key for error in problems] == ["reduced_motion"]


# -- as a passer-by sees it: rendered at both orientations ---------------------------------


@pytest.fixture
def rendered(
    request: pytest.FixtureRequest, kiosk_app: object, tmp_path: Path
) -> Iterator[ScreenRenderer]:
    """``kiosk render``'s renderer on the shipped content, at the attract screen."""
    size, lang, high_contrast = request.param
    library = load_library(SHIPPED)
    preferences = Preferences(lang=lang, high_contrast=high_contrast)
    renderer = ScreenRenderer(library, QSize(*size), tmp_path, preferences)
    renderer.session.reset()
    renderer.session.set_preferences(preferences)
    yield renderer
    renderer.window.exit_kiosk()
    renderer.window.deleteLater()


def check_fits(renderer: ScreenRenderer, size: tuple[int, int]) -> None:
    """Every label on show is inside the window and shows all its lines; the window kept
    the screen's size."""
    window = renderer.window
    assert (window.width(), window.height()) == size
    screen = window.screens.screen(AttractScreen)
    for label in screen.findChildren(QLabel):
        if not label.isVisible():
            continue
        where = label.text()[:30] or "picture"
        assert window.rect().contains(global_rect(label)), where
        if label.text():
            assert label.height() >= label.heightForWidth(label.width()), where
            longest_word = max(label.text().split(), key=label.fontMetrics().horizontalAdvance)
            assert label.fontMetrics().horizontalAdvance(longest_word) <= label.width(), where
    for part in (screen.name, screen.panel, screen.invitation_box):
        assert screen.rect().contains(part.geometry())


ALL_LOOKS = [
    pytest.param((size, lang, hc), id=f"{size[0]}x{size[1]}-{lang}{'-high' if hc else ''}")
    for size in SIZES
    for lang, hc in (("en", False), ("es", False), ("en", True))
]


@pytest.mark.parametrize("rendered", ALL_LOOKS, indirect=True)
def test_every_highlight_is_large_and_fits_the_screen(rendered: ScreenRenderer) -> None:
    size = (rendered.window.width(), rendered.window.height())
    screen = rendered.window.screens.screen(AttractScreen)
    rendered.save("attract")
    saved = QImageReader(str(rendered.saved[-1])).size()
    assert (saved.width(), saved.height()) == size
    sizes = {
        "name": screen.name.font().pixelSize(),
        "title": screen.highlight.font().pixelSize(),
        "summary": screen.summary.font().pixelSize(),
        "invitation": min(label.font().pixelSize() for label in screen.invitation),
    }
    assert {k: v for k, v in sizes.items() if v < THREE_METRES_PX[k]} == {}
    card = screen.panel.geometry()
    titles = set()
    for _ in range(len(screen._highlights)):
        screen._fade.stop()
        rendered.save("attract")
        check_fits(rendered, size)
        assert screen.panel.geometry() == card  # the card keeps its size and place
        titles.add(screen.highlight.text())
        screen.show_next_highlight()
    assert len(titles) == len(screen._highlights) >= 2


def test_the_attract_screen_never_makes_home_taller_than_the_screen(
    make_kiosk: KioskMaker,
) -> None:
    for size in SIZES:
        kiosk = make_kiosk(size=size)
        attract(kiosk)
        kiosk.session.start()  # Home, with the control bar above it
        QApplication.processEvents()
        assert (kiosk.window.width(), kiosk.window.height()) == size


# -- Home's tiles ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["learn", "treatments"])
def test_the_tile_icons_are_drawn_in_the_themes_colour(name: str) -> None:
    svg = asset("icons", f"{name}.svg").read_text(encoding="utf-8")
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b", svg) == []
    assert "currentColor" in svg


def test_home_tiles_show_their_icons_in_the_colour_of_their_words(
    make_kiosk: KioskMaker,
) -> None:
    kiosk = make_kiosk()
    for palette in (CALM, HIGH_CONTRAST):
        for tile in kiosk.home.tiles.values():
            assert tile.icon_label is not None and tile.icon_label.isVisible()
            icon = tile.icon_label.pixmap().toImage()
            assert icon.width() >= 96
            assert drawn_in(icon, palette.on_accent)
        kiosk.session.toggle_contrast()


def test_at_the_largest_text_the_tiles_give_their_icons_room_to_the_words(
    make_kiosk: KioskMaker,
) -> None:
    kiosk = make_kiosk(size=(1920, 1080))
    kiosk.session.change_text_size(+4)  # 200%
    for tile in kiosk.home.tiles.values():
        assert tile.icon_label is not None and tile.icon_label.isHidden()
    kiosk.session.change_text_size(-2)  # 150%
    for tile in kiosk.home.tiles.values():
        assert tile.icon_label is not None and tile.icon_label.isVisible()


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)])
def test_home_tiles_hold_their_icon_and_words_in_their_middle(
    make_kiosk: KioskMaker, size: tuple[int, int]
) -> None:
    """The tiles share the screen's height, taller than their words: the words and the icon
    sit in the middle, not at the top above an empty band."""
    kiosk = make_kiosk(size=size)
    for tile in kiosk.home.tiles.values():
        box = global_rect(tile)
        words = global_rect(tile.title_label).united(global_rect(tile.summary_label))
        assert tile.icon_label is not None
        icon = global_rect(tile.icon_label)
        assert box.height() > 1.5 * words.height()  # room to spare, or this proves nothing
        for part in (words, icon):
            assert abs(part.center().y() - box.center().y()) <= 0.1 * box.height()
