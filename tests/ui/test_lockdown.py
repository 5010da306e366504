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
from kiosk.ui.window import KioskWindow
from tests.helpers.content import topic, write_content
from tests.ui.conftest import WindowMaker

PIN = "2468"
PIN_HASH = hash_pin(PIN)


def test_close_request_is_refused_in_kiosk_mode(make_window: WindowMaker) -> None:
    window = make_window(kiosk_mode=True)
    assert window.close() is False
    assert window.isVisible()


def test_windowed_mode_closes_normally(make_window: WindowMaker) -> None:
    window = make_window(kiosk_mode=False)
    assert window.close() is True


def test_kiosk_mode_is_frameless_and_on_top_from_the_start_and_after_a_switch(
    make_window: WindowMaker,
) -> None:
    locked = Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
    window = make_window(kiosk_mode=True)
    assert window.windowFlags() & locked == locked
    window.leave_full_screen()
    assert not window.windowFlags() & locked
    window.enter_full_screen(hide_cursor=False)
    assert window.windowFlags() & locked == locked
    assert window.isFullScreen()  # the state a window manager hides its panels for
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    assert window.geometry().contains(screen.geometry())  # and covering it without one
    assert not make_window(kiosk_mode=False).windowFlags() & locked


def tap_name(window: KioskWindow, qtbot: QtBot, times: int) -> None:
    for _ in range(times):
        qtbot.mouseClick(window.home.name, Qt.MouseButton.LeftButton)


def enter(window: KioskWindow, qtbot: QtBot, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(window.pin_pad.keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.pin_pad.ok_button, Qt.MouseButton.LeftButton)


def test_five_taps_on_the_name_then_pin_open_admin_and_exit(
    make_window: WindowMaker, qtbot: QtBot
) -> None:
    window = make_window(kiosk_mode=True, admin_pin_hash=PIN_HASH)
    tap_name(window, qtbot, 4)
    assert not window.pin_pad.isVisible()
    tap_name(window, qtbot, 1)
    assert window.pin_pad.isVisible()
    enter(window, qtbot, "1111")
    assert window.pin_pad.message.text() == "That PIN is not right. Try again."
    assert not window.admin.isVisible()
    enter(window, qtbot, PIN)
    assert window.admin.isVisible()
    assert "2 topics and 1 treatments" in window.admin.status.text()
    with qtbot.waitSignal(window.exited, timeout=1000):
        qtbot.mouseClick(window.admin.exit_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()


def test_slow_taps_do_not_open_admin(make_window: WindowMaker, qtbot: QtBot) -> None:
    now = [0.0]
    window = make_window(kiosk_mode=True, admin_pin_hash=PIN_HASH, clock=lambda: now[0])
    for _ in range(5):
        qtbot.mouseClick(window.home.name, Qt.MouseButton.LeftButton)
        now[0] += 2.0
    assert not window.pin_pad.isVisible()


def test_five_wrong_pins_lock_the_pad(make_window: WindowMaker, qtbot: QtBot) -> None:
    now = [100.0]
    window = make_window(kiosk_mode=True, admin_pin_hash=PIN_HASH, clock=lambda: now[0])
    window.open_admin()
    for _ in range(5):
        enter(window, qtbot, "0000")
    enter(window, qtbot, PIN)
    assert not window.admin.isVisible()
    assert "Too many tries" in window.pin_pad.message.text()
    now[0] += 61
    enter(window, qtbot, PIN)
    assert window.admin.isVisible()


def test_no_pin_set_means_no_exit_in_kiosk_mode(make_window: WindowMaker) -> None:
    window = make_window(kiosk_mode=True)
    window.open_admin()
    assert window.pin_pad.isVisible()
    assert "kiosk set-pin" in window.pin_pad.message.text()
    assert not window.pin_pad.ok_button.isEnabled()


@pytest.mark.parametrize("high_contrast", [False, True])
def test_a_disabled_ok_button_does_not_look_pressable(
    make_window: WindowMaker, high_contrast: bool
) -> None:
    window = make_window(kiosk_mode=True)
    if high_contrast:
        window.toggle_contrast()
    window.open_admin()
    ok = window.pin_pad.ok_button
    image = ok.grab().toImage()
    middle = image.pixelColor(image.width() // 2, image.height() // 8).name().upper()
    palette = window.theme.palette
    assert middle != palette.accent.upper()  # the filled look of an active main button
    assert middle == palette.surface.upper()


def test_cancel_returns_home(make_window: WindowMaker, qtbot: QtBot) -> None:
    window = make_window(kiosk_mode=True, admin_pin_hash=PIN_HASH)
    window.open_admin()
    qtbot.mouseClick(window.pin_pad.cancel_button, Qt.MouseButton.LeftButton)
    assert not window.pin_pad.isVisible()
    assert window.stack.currentWidget() is window.home


def test_no_scroll_bars_anywhere(make_window: WindowMaker) -> None:
    window = make_window()
    window.open_entry(EntryRef(Section.LEARN, "alpha"))
    assert window.findChildren(QScrollBar) == []
    assert window.findChildren(QAbstractScrollArea) == []


def test_no_context_menu(make_window: WindowMaker) -> None:
    window = make_window()
    assert window.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu


def find_anchor(window: KioskWindow) -> QPoint:
    document = window.reader.document
    assert document is not None
    view = window.reader.view
    for y in range(0, view.height(), 6):
        for x in range(0, view.width(), 12):
            if document.anchor_at(window.reader.page, QPointF(x, y)):
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
    make_window: WindowMaker, qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(root=links_content(tmp_path))
    window.open_entry(EntryRef(Section.LEARN, "links"))
    qtbot.mouseClick(window.reader.view, Qt.MouseButton.LeftButton, pos=find_anchor(window))
    assert window.reader.ref == EntryRef(Section.LEARN, "beta")


def test_web_and_file_links_are_plain_text(make_window: WindowMaker, tmp_path: Path) -> None:
    window = make_window(root=links_content(tmp_path))
    window.open_entry(EntryRef(Section.LEARN, "links"))
    document = window.reader.document
    assert document is not None
    html = document.document.toHtml()
    assert "example.org" not in html
    assert "file:" not in html
    assert html.count("href=") == 1  # only the topic link survives


def open_panel(window: KioskWindow, qtbot: QtBot) -> None:
    window.open_admin()
    enter(window, qtbot, PIN)
    assert window.admin.isVisible()


def test_admin_panel_lists_problems_by_file_and_line(
    make_window: WindowMaker, qtbot: QtBot, tmp_path: Path
) -> None:
    root = write_content(tmp_path / "c", {"learn/bad.md": "---\ntitle: Bad\norder: soon\n---\n"})
    window = make_window(root=root, kiosk_mode=True, admin_pin_hash=PIN_HASH)
    open_panel(window, qtbot)
    text = window.admin.problems.text()
    assert text.startswith("Problems (1):")
    assert "learn/bad.md:3: error: 'order' must be a number" in text
    assert "Last loaded at" in window.admin.status.text()


def test_admin_reload_now_picks_up_a_new_file(
    make_window: WindowMaker, qtbot: QtBot, content_dir: Path
) -> None:
    window = make_window(kiosk_mode=True, admin_pin_hash=PIN_HASH)
    (content_dir / "learn" / "gamma.md").write_text(topic("Gamma", "New."), encoding="utf-8")
    open_panel(window, qtbot)
    qtbot.mouseClick(window.admin.reload_button, Qt.MouseButton.LeftButton)
    assert "3 topics and 1 treatments" in window.admin.status.text()
    assert window.open_entry(EntryRef(Section.LEARN, "gamma"))


def test_admin_switches_to_a_window_and_back(make_window: WindowMaker, qtbot: QtBot) -> None:
    window = make_window(kiosk_mode=True, admin_pin_hash=PIN_HASH)
    open_panel(window, qtbot)
    assert window.admin.window_button.text() == "Show in a window"
    qtbot.mouseClick(window.admin.window_button, Qt.MouseButton.LeftButton)
    assert not window.kiosk_mode
    assert window.close() is True  # a normal window closes normally
    window.show()
    window.open_admin()  # windowed with a PIN set still asks for it
    assert window.pin_pad.isVisible()
    enter(window, qtbot, PIN)
    assert window.admin.window_button.text() == "Back to full screen"
    qtbot.mouseClick(window.admin.window_button, Qt.MouseButton.LeftButton)
    assert window.kiosk_mode
    qtbot.waitUntil(window.isFullScreen, timeout=2000)
    assert window.close() is False
