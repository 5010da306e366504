"""No way out for a patient: close requests are refused, links open nothing, exit needs the PIN."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractScrollArea, QScrollBar
from pytestqt.qtbot import QtBot

from kiosk.content import EntryRef, Section
from kiosk.pin import hash_pin
from kiosk.ui.screens import HomeScreen
from tests.helpers.content import topic, write_content
from tests.ui.conftest import Kiosk, KioskMaker

PIN = "2468"
PIN_HASH = hash_pin(PIN)


def test_close_request_is_refused_in_kiosk_mode(make_kiosk: KioskMaker) -> None:
    window = make_kiosk(fullscreen=True).window
    assert window.close() is False
    assert window.isVisible()


def test_windowed_mode_closes_normally(make_kiosk: KioskMaker) -> None:
    assert make_kiosk(fullscreen=False).window.close() is True


def test_kiosk_mode_is_frameless_and_on_top_from_the_start_and_after_a_switch(
    make_kiosk: KioskMaker,
) -> None:
    locked = Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
    kiosk = make_kiosk(fullscreen=True, hide_cursor=False)
    window = kiosk.window
    assert window.windowFlags() & locked == locked
    kiosk.session.set_kiosk_mode(False)
    assert not window.windowFlags() & locked
    kiosk.session.set_kiosk_mode(True)
    assert window.windowFlags() & locked == locked
    assert window.isFullScreen()  # the state a window manager hides its panels for
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    assert window.geometry().contains(screen.geometry())  # and covering it without one
    assert not make_kiosk(fullscreen=False).window.windowFlags() & locked


def tap_name(kiosk: Kiosk, qtbot: QtBot, times: int) -> None:
    for _ in range(times):
        qtbot.mouseClick(kiosk.home.name, Qt.MouseButton.LeftButton)


def enter(kiosk: Kiosk, qtbot: QtBot, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(kiosk.pin_pad.keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.pin_pad.ok_button, Qt.MouseButton.LeftButton)


def test_five_taps_on_the_name_then_pin_open_admin_and_exit(
    make_kiosk: KioskMaker, qtbot: QtBot
) -> None:
    kiosk = make_kiosk(fullscreen=True, admin_pin_hash=PIN_HASH)
    tap_name(kiosk, qtbot, 4)
    assert not kiosk.pin_pad.isVisible()
    tap_name(kiosk, qtbot, 1)
    assert kiosk.pin_pad.isVisible()
    enter(kiosk, qtbot, "1111")
    assert kiosk.pin_pad.message.text() == "That PIN is not right. Try again."
    assert not kiosk.admin_panel.isVisible()
    enter(kiosk, qtbot, PIN)
    assert kiosk.admin_panel.isVisible()
    assert "2 topics and 1 treatment in" in kiosk.admin_panel.status.text()
    with qtbot.waitSignal(kiosk.window.exited, timeout=1000):
        qtbot.mouseClick(kiosk.admin_panel.exit_button, Qt.MouseButton.LeftButton)
    assert not kiosk.window.isVisible()


def test_five_wrong_pins_lock_the_pad(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    now = [100.0]
    kiosk = make_kiosk(fullscreen=True, admin_pin_hash=PIN_HASH, clock=lambda: now[0])
    kiosk.admin.open()
    for _ in range(5):
        enter(kiosk, qtbot, "0000")
    enter(kiosk, qtbot, PIN)
    assert not kiosk.admin_panel.isVisible()
    assert "Too many tries" in kiosk.pin_pad.message.text()
    now[0] += 61
    enter(kiosk, qtbot, PIN)
    assert kiosk.admin_panel.isVisible()


def test_no_pin_set_means_no_exit_in_kiosk_mode(make_kiosk: KioskMaker) -> None:
    kiosk = make_kiosk(fullscreen=True)
    kiosk.admin.open()
    assert kiosk.pin_pad.isVisible()
    assert "kiosk set-pin" in kiosk.pin_pad.message.text()
    assert not kiosk.pin_pad.ok_button.isEnabled()


@pytest.mark.parametrize("high_contrast", [False, True])
def test_a_disabled_ok_button_does_not_look_pressable(
    make_kiosk: KioskMaker, high_contrast: bool
) -> None:
    kiosk = make_kiosk(fullscreen=True)
    if high_contrast:
        kiosk.session.toggle_contrast()
    kiosk.admin.open()
    ok = kiosk.pin_pad.ok_button
    image = ok.grab().toImage()
    middle = image.pixelColor(image.width() // 2, image.height() // 8).name().upper()
    palette = kiosk.window.look.theme.palette
    assert middle != palette.accent.upper()  # the filled look of an active main button
    assert middle == palette.surface.upper()


def test_cancel_returns_home(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    kiosk = make_kiosk(fullscreen=True, admin_pin_hash=PIN_HASH)
    kiosk.admin.open()
    qtbot.mouseClick(kiosk.pin_pad.cancel_button, Qt.MouseButton.LeftButton)
    assert not kiosk.pin_pad.isVisible()
    assert kiosk.showing(HomeScreen)


def test_no_scroll_bars_anywhere(make_kiosk: KioskMaker) -> None:
    kiosk = make_kiosk()
    kiosk.session.open_entry(EntryRef(Section.LEARN, "alpha"))
    assert kiosk.window.findChildren(QScrollBar) == []
    assert kiosk.window.findChildren(QAbstractScrollArea) == []


def test_no_context_menu(make_kiosk: KioskMaker) -> None:
    window = make_kiosk().window
    assert window.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu


def find_anchor(kiosk: Kiosk) -> QPoint:
    document = kiosk.reader.document
    assert document is not None
    view = kiosk.reader.view
    for y in range(0, view.height(), 6):
        for x in range(0, view.width(), 12):
            if document.anchor_at(kiosk.reader.page, QPointF(x, y)):
                return QPoint(x, y)
    raise AssertionError("no link on the page")


def links_content(tmp_path: Path) -> Path:
    return write_content(
        tmp_path / "content",
        {
            "learn/links.md": topic(
                "Links",
                "See [the beta topic](beta.md) for more.\n\n"
                "A web link: [our site](https://example.org/secret).\n\n"
                "A file link: [passwords](file:///etc/passwd).",
                order=1,
            )
        },
    )


def test_tapping_a_topic_link_opens_that_topic(
    make_kiosk: KioskMaker, qtbot: QtBot, tmp_path: Path
) -> None:
    kiosk = make_kiosk(root=links_content(tmp_path))
    kiosk.session.open_entry(EntryRef(Section.LEARN, "links"))
    qtbot.mouseClick(kiosk.reader.view, Qt.MouseButton.LeftButton, pos=find_anchor(kiosk))
    assert kiosk.reader.title.text() == "Beta topic"


def test_web_and_file_links_are_plain_text(make_kiosk: KioskMaker, tmp_path: Path) -> None:
    kiosk = make_kiosk(root=links_content(tmp_path))
    kiosk.session.open_entry(EntryRef(Section.LEARN, "links"))
    document = kiosk.reader.document
    assert document is not None
    html = document.document.toHtml()
    assert "example.org" not in html
    assert "file:" not in html
    assert html.count("href=") == 1  # only the topic link survives


def open_panel(kiosk: Kiosk, qtbot: QtBot) -> None:
    kiosk.admin.open()
    enter(kiosk, qtbot, PIN)
    assert kiosk.admin_panel.isVisible()


def test_admin_panel_lists_problems_by_file_and_line(
    make_kiosk: KioskMaker, qtbot: QtBot, tmp_path: Path
) -> None:
    root = write_content(tmp_path / "c", {"learn/bad.md": "---\ntitle: Bad\norder: soon\n---\n"})
    kiosk = make_kiosk(root=root, fullscreen=True, admin_pin_hash=PIN_HASH)
    open_panel(kiosk, qtbot)
    text = kiosk.admin_panel.problems.text()
    assert text.startswith("Problems (1):")
    assert "learn/bad.md:3: error: 'order' must be a number" in text
    assert "Last loaded at" in kiosk.admin_panel.status.text()


def test_admin_reload_now_picks_up_a_new_file(
    make_kiosk: KioskMaker, qtbot: QtBot, content_dir: Path
) -> None:
    kiosk = make_kiosk(fullscreen=True, admin_pin_hash=PIN_HASH)
    (content_dir / "learn" / "gamma.md").write_text(topic("Gamma", "New."), encoding="utf-8")
    open_panel(kiosk, qtbot)
    qtbot.mouseClick(kiosk.admin_panel.reload_button, Qt.MouseButton.LeftButton)
    assert "3 topics and 1 treatment in" in kiosk.admin_panel.status.text()
    qtbot.mouseClick(kiosk.admin_panel.close_button, Qt.MouseButton.LeftButton)
    kiosk.session.open_section(Section.LEARN)
    assert "Gamma" in [card.accessibleName() for card in kiosk.lists.visible_cards()]


def test_admin_switches_to_a_window_and_back(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    kiosk = make_kiosk(fullscreen=True, hide_cursor=False, admin_pin_hash=PIN_HASH)
    window = kiosk.window
    open_panel(kiosk, qtbot)
    assert kiosk.admin_panel.window_button.text() == "Show in a window"
    qtbot.mouseClick(kiosk.admin_panel.window_button, Qt.MouseButton.LeftButton)
    assert not kiosk.session.kiosk_mode
    assert window.close() is True  # a normal window closes normally
    window.show()
    kiosk.admin.open()  # windowed with a PIN set still asks for it
    assert kiosk.pin_pad.isVisible()
    enter(kiosk, qtbot, PIN)
    assert kiosk.admin_panel.window_button.text() == "Back to full screen"
    qtbot.mouseClick(kiosk.admin_panel.window_button, Qt.MouseButton.LeftButton)
    assert kiosk.session.kiosk_mode
    qtbot.waitUntil(window.isFullScreen, timeout=2000)
    assert window.close() is False
