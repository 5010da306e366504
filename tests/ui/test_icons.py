"""The kiosk's own pictures: control icons drawn in the theme's colours, and an application
icon at every size the platforms ask for, used as the window's icon."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImageReader

from kiosk.assets import APP_ICON_SIZES, app_icon_png, asset
from kiosk.ui.icons import CONTROL_ICONS, control_icon
from kiosk.ui.theme import CALM, HIGH_CONTRAST
from tests.ui.conftest import KioskMaker

pytestmark = pytest.mark.usefixtures("kiosk_app")


@pytest.mark.parametrize("name", CONTROL_ICONS)
def test_each_control_icon_takes_its_colour_from_the_theme(name: str) -> None:
    svg = asset("icons", f"{name}.svg").read_text(encoding="utf-8")
    colours = set(re.findall(r"#[0-9a-fA-F]{3,8}\b", svg))
    assert colours == set(), f"{name}.svg draws in fixed colours {colours}"
    assert "currentColor" in svg
    for palette in (CALM, HIGH_CONTRAST):
        image = control_icon(name, palette, 48).pixmap(48).toImage()
        opaque = [
            image.pixelColor(x, y)
            for x in range(48)
            for y in range(48)
            if image.pixelColor(x, y).alpha() == 255
        ]
        assert len(opaque) > 40, f"{name} draws almost nothing"
        accent = QColor(palette.accent)
        for colour in opaque:  # the accent, give or take premultiplied rounding
            gaps = (
                abs(colour.red() - accent.red()),
                abs(colour.green() - accent.green()),
                abs(colour.blue() - accent.blue()),
            )
            assert max(gaps) <= 2, (name, colour.name())


def test_the_app_icon_comes_at_every_size_and_as_an_ico() -> None:
    for px in APP_ICON_SIZES:
        reader = QImageReader(str(app_icon_png(px)))
        assert reader.size() == QSize(px, px)
    ico = QImageReader(str(asset("app", "patient-kiosk.ico")))
    assert ico.format() == b"ico"
    sizes = set()
    for index in range(ico.imageCount()):
        ico.jumpToImage(index)
        sizes.add(ico.read().width())
    assert {16, 32, 48, 256} <= sizes  # what Windows shows in Explorer and the taskbar


def test_the_window_carries_the_app_icon_at_the_sizes_windows_are_drawn(
    make_kiosk: KioskMaker,
) -> None:
    icon = make_kiosk().window.windowIcon()
    assert not icon.isNull()
    widths = {size.width() for size in icon.availableSizes()}
    assert widths >= {16, 24, 32, 48, 64}  # task bars and window lists, at any density
    # Not the launcher's 256 and 512 px: on X11 they went to the display server as 1 MiB of
    # raw pixels each time the window was made, 8 ms of the kiosk's start.
    assert max(widths) <= 128
    assert icon.pixmap(QSize(32, 32)).toImage().pixelColor(16, 16).alpha() > 0  # drawn, not empty
