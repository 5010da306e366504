"""Design rules a patient relies on: big targets, big text, everything fits."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.content import EntryRef, Section
from kiosk.ui.theme import Theme
from kiosk.ui.window import KioskWindow, settle_layout
from tests.helpers.layout import check_words_fit, global_rect
from tests.ui.conftest import WindowMaker

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
def test_touch_targets_are_large_and_apart(make_window: WindowMaker, size: tuple[int, int]) -> None:
    window = make_window(size=size)
    check_targets(window)
    window.open_section(Section.LEARN)
    check_targets(window)
    window.open_entry(EntryRef(Section.LEARN, "alpha"))
    check_targets(window)


@pytest.mark.parametrize("size", SIZES)
def test_body_text_is_at_least_28_px(size: tuple[int, int]) -> None:
    assert Theme.for_screen(*size).body_px >= 28


@pytest.mark.parametrize("size", SIZES)
def test_everything_fits_inside_the_window(make_window: WindowMaker, size: tuple[int, int]) -> None:
    window = make_window(size=size)
    window.open_entry(EntryRef(Section.LEARN, "alpha"))
    for widget in window.findChildren(QWidget):
        if widget.isVisible():
            assert window.rect().contains(global_rect(widget)), widget.objectName()


@pytest.mark.parametrize("size", SIZES)
def test_overlays_fit_their_words_at_the_largest_text_size(
    make_window: WindowMaker, size: tuple[int, int]
) -> None:
    window = make_window(size=size, kiosk_mode=False)
    window.set_text_scale(+4)  # 100% -> 200%
    assert window.text_scale == 2.0
    window.show_still_there()
    settle_layout()
    check_words_fit(window.prompt)  # the patient's text size: it grows with A+
    window.prompt.hide()
    window.show_pin_pad()
    settle_layout()
    check_words_fit(window.pin_pad)  # staff-facing: the default size
    window.pin_pad.hide()
    window.open_admin_panel()
    settle_layout()
    check_words_fit(window.admin)
    assert window.rect().contains(global_rect(window.admin.dialog))
