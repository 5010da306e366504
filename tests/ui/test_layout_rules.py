"""Design rules a patient relies on: big targets, big text, everything fits."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.content import EntryRef, Section
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import settle_layout
from kiosk.ui.window import KioskWindow
from tests.helpers.content import SHIPPED
from tests.helpers.layout import check_words_fit, global_rect
from tests.ui.conftest import Kiosk, KioskMaker

SIZES = [(1080, 1920), (1920, 1080)]


def visible_buttons(window: KioskWindow) -> list[QPushButton]:
    return [b for b in window.findChildren(QPushButton) if b.isVisible()]


def check_targets(window: KioskWindow) -> None:
    buttons = visible_buttons(window)
    assert buttons
    for button in buttons:
        assert button.width() >= 48 and button.height() >= 48, button.accessibleName()
    for a, b in itertools.combinations(buttons, 2):
        gap = global_rect(a).adjusted(-8, -8, 8, 8).intersected(global_rect(b))
        assert gap.isEmpty(), f"{a.accessibleName()} and {b.accessibleName()} are too close"


@pytest.mark.parametrize("size", SIZES)
def test_touch_targets_are_large_and_apart(make_kiosk: KioskMaker, size: tuple[int, int]) -> None:
    kiosk = make_kiosk(size=size)
    check_targets(kiosk.window)
    kiosk.session.open_section(Section.LEARN)
    check_targets(kiosk.window)
    kiosk.session.open_entry(EntryRef(Section.LEARN, "alpha"))
    check_targets(kiosk.window)


@pytest.mark.parametrize("size", SIZES)
def test_body_text_is_at_least_28_px(size: tuple[int, int]) -> None:
    assert Theme.for_screen(*size).body_px >= 28


@pytest.mark.parametrize("size", SIZES)
def test_everything_fits_inside_the_window(make_kiosk: KioskMaker, size: tuple[int, int]) -> None:
    kiosk = make_kiosk(size=size)
    kiosk.session.open_entry(EntryRef(Section.LEARN, "alpha"))
    window = kiosk.window
    for widget in window.findChildren(QWidget):
        if widget.isVisible():
            assert window.rect().contains(global_rect(widget)), widget.objectName()


@pytest.mark.parametrize("size", SIZES)
def test_overlays_fit_their_words_at_the_largest_text_size(
    make_kiosk: KioskMaker, size: tuple[int, int]
) -> None:
    kiosk = make_kiosk(size=size)
    session = kiosk.session
    session.change_text_size(+4)  # 100% -> 200%
    assert session.preferences.text_scale == 2.0
    session.open_section(Section.LEARN)
    session.ask_still_there()
    settle_layout()
    check_words_fit(kiosk.prompt)  # the patient's text size: it grows with A+
    session.activity()
    session.open_pin_pad()
    settle_layout()
    check_words_fit(kiosk.pin_pad)  # staff-facing: the default size
    session.open_admin_panel()
    settle_layout()
    check_words_fit(kiosk.admin_panel)
    assert kiosk.window.rect().contains(global_rect(kiosk.admin_panel.dialog))


def reading_column(kiosk: Kiosk) -> tuple[int, int]:
    """How much of the window's width the reader's text takes, and its title picture's width."""
    settle_layout()
    reader = kiosk.reader
    room = kiosk.window.width() - 2 * reader.look.theme.margin
    return reader.view.width() * 100 // room, reader.icon.pixmap().width()


def test_large_text_widens_the_reading_column_where_the_screen_has_room(
    make_kiosk: KioskMaker,
) -> None:
    """The column holds at most about 75 characters a line: on a landscape screen a centred
    column at 100% text, the whole width at 200% (not a column half as many words wide, a few
    lines a page); a portrait screen is narrower than that at any size. The title's picture
    keeps its size and leaves the room to the words."""
    topic = EntryRef(Section.LEARN, "what-is-ketamine")  # it has a picture

    def opened(size: tuple[int, int], text_step: int) -> tuple[int, int]:
        kiosk = make_kiosk(size=size, root=SHIPPED)
        kiosk.session.change_text_size(text_step)
        kiosk.session.open_entry(topic)
        return reading_column(kiosk)

    widths = {}
    for size in SIZES:
        normal, picture = opened(size, 0)
        large, large_picture = opened(size, +4)  # 100% -> 200%
        assert picture > 0 and large_picture == picture
        widths[size] = (normal, large)
    landscape_normal, landscape_large = widths[(1920, 1080)]
    assert landscape_normal < 75  # percent of the window's width inside the margins
    assert landscape_large >= 95
    portrait_normal, portrait_large = widths[(1080, 1920)]
    assert portrait_normal == portrait_large >= 95
