"""Every patient can use it: text size to 200%, high contrast, Spanish, keyboard, read aloud."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.content import EntryRef, Section, load_library
from kiosk.ui.window import KioskOptions, KioskWindow
from tests.helpers.stubs import FAKE_TIMERS, fire
from tests.ui.conftest import WindowMaker

SHIPPED = Path(__file__).parents[2] / "content"
SIZES = [(1080, 1920), (1920, 1080)]


@pytest.fixture
def shipped_window(qtbot: QtBot, kiosk_app: object) -> KioskWindow:
    window = KioskWindow(
        load_library(SHIPPED), KioskOptions(kiosk_mode=False), timer_factory=FAKE_TIMERS
    )
    qtbot.addWidget(window)
    window.show()
    return window


def overflowing(window: KioskWindow) -> list[str]:
    """Visible labels and buttons whose text does not fit the space they were given."""
    QApplication.processEvents()
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if isinstance(widget, QLabel) and widget.text():
            if widget.wordWrap():
                needed = widget.heightForWidth(widget.width())
                if needed > widget.height() + 1:
                    found.append(
                        f"label '{widget.text()[:30]}' needs {needed}px, has {widget.height()}"
                    )
            elif widget.sizeHint().width() > widget.width() + 1:
                found.append(f"label '{widget.text()[:30]}' is cut ({widget.width()}px)")
        elif (
            isinstance(widget, QPushButton)
            and widget.text()
            and widget.sizeHint().width() > widget.width() + 1
        ):
            found.append(f"button '{widget.text()}' is cut ({widget.width()}px)")
    if window.width() > window.normalGeometry().width() + 1:
        found.append("the window grew beyond the screen")
    return found


def every_screen(window: KioskWindow) -> list[str]:
    problems = []
    window.go_home()
    problems += [f"home: {p}" for p in overflowing(window)]
    for section in Section:
        window.open_section(section)
        screen = window.lists[section]
        for page in range(screen.page_count):
            screen.area.set_page(page)
            problems += [f"{section} list {page + 1}: {p}" for p in overflowing(window)]
        for entry, _ in window.library.entries(section, window.lang):
            window.open_entry(entry.ref)
            for page in range(window.reader.page_count):
                problems += [f"{entry.ref} page {page + 1}: {p}" for p in overflowing(window)]
                window.reader.show_next()
    return problems


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("scale", "lang"), [(1.0, "en"), (2.0, "en"), (2.0, "es")])
def test_every_screen_fits_at_every_text_size(
    shipped_window: KioskWindow, size: tuple[int, int], scale: float, lang: str
) -> None:
    shipped_window.resize(*size)
    shipped_window.set_preferences(scale, False, lang)
    assert every_screen(shipped_window) == []
    assert (shipped_window.width(), shipped_window.height()) == size


def test_larger_text_gives_more_pages_for_the_same_topic(shipped_window: KioskWindow) -> None:
    shipped_window.resize(1080, 1920)
    ref = EntryRef(Section.LEARN, "what-is-ketamine")
    shipped_window.open_entry(ref)
    normal = shipped_window.reader.page_count
    shipped_window.set_preferences(2.0, False, "en")
    assert shipped_window.reader.page_count > normal


def test_a_plus_and_a_minus_step_from_100_to_200_percent(
    make_window: WindowMaker, qtbot: QtBot
) -> None:
    window = make_window()
    bar = window.top_bar
    assert not bar.smaller_button.isEnabled()
    body = window.theme.body_px
    for _ in range(4):
        qtbot.mouseClick(bar.larger_button, Qt.MouseButton.LeftButton)
    assert window.text_scale == 2.0
    assert window.theme.body_px == 2 * body
    assert not bar.larger_button.isEnabled()
    qtbot.mouseClick(bar.smaller_button, Qt.MouseButton.LeftButton)
    assert window.text_scale == 1.75


def test_text_size_change_keeps_the_reader_on_the_text_they_were_reading(
    make_window: WindowMaker,
) -> None:
    window = make_window()
    window.open_entry(EntryRef(Section.LEARN, "alpha"))
    window.reader.show_next()
    document = window.reader.document
    assert document is not None
    first_line = document.page_texts()[window.reader.page].split("\n")[0]
    window.set_text_scale(+1)
    window.set_text_scale(+1)
    new = window.reader.document
    assert new is not None and new is not document
    shown = " ".join(new.page_texts()[window.reader.page].split())
    assert " ".join(first_line.split())[:15] in shown


def test_idle_reset_returns_size_contrast_and_language_to_the_site_defaults(
    make_window: WindowMaker, qtbot: QtBot
) -> None:
    window = make_window()
    qtbot.mouseClick(window.top_bar.larger_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.top_bar.contrast_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.top_bar.language_button, Qt.MouseButton.LeftButton)
    assert (window.text_scale, window.high_contrast, window.lang) == (1.25, True, "es")
    window.open_entry(EntryRef(Section.LEARN, "alpha"))
    fire(window.idle.idle_timer)
    for _ in range(20):
        fire(window.idle.tick_timer)
    assert window.stack.currentWidget() is window.attract
    assert (window.text_scale, window.high_contrast, window.lang) == (1.0, False, "en")
    assert window.attract.cta.text() == "Touch the screen to start"


def press(window: KioskWindow, key: Qt.Key) -> None:
    """A key from a keyboard or switch device: it reaches the native window first, as a real
    key does, and goes on to the focused widget unless the kiosk handles it."""
    handle = window.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, key)


def activate(window: KioskWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def tab_to(window: KioskWindow, target: QWidget, limit: int = 30) -> None:
    for _ in range(limit):
        if window.focusWidget() is target:
            return
        press(window, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.accessibleName()!r}")


def test_a_keyboard_alone_reaches_every_screen(make_window: WindowMaker, qtbot: QtBot) -> None:
    window = make_window()
    activate(window, qtbot)
    window.go_attract()
    press(window, Qt.Key.Key_Space)
    assert window.stack.currentWidget() is window.home
    tab_to(window, window.home.tiles[Section.LEARN])
    press(window, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.lists[Section.LEARN]
    first_card = window.lists[Section.LEARN].visible_cards()[0]
    tab_to(window, first_card)
    press(window, Qt.Key.Key_Space)
    assert window.reader.ref == EntryRef(Section.LEARN, "alpha")
    press(window, Qt.Key.Key_Right)
    assert window.reader.page == 1
    tab_to(window, window.top_bar.larger_button)
    press(window, Qt.Key.Key_Return)
    assert window.text_scale == 1.25
    tab_to(window, window.top_bar.home_button)
    press(window, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.home
    tab_to(window, window.home.tiles[Section.TREATMENTS])
    press(window, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.lists[Section.TREATMENTS]
    press(window, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home


def test_up_and_down_move_the_focus(make_window: WindowMaker, qtbot: QtBot) -> None:
    window = make_window()
    activate(window, qtbot)
    window.home.tiles[Section.LEARN].setFocus()
    press(window, Qt.Key.Key_Down)
    assert window.focusWidget() is window.home.tiles[Section.TREATMENTS]
    press(window, Qt.Key.Key_Up)
    assert window.focusWidget() is window.home.tiles[Section.LEARN]


def test_every_control_has_an_accessible_name_and_role(shipped_window: KioskWindow) -> None:
    from PySide6.QtGui import QAccessible

    shipped_window.resize(1080, 1920)
    screens = [
        shipped_window.go_home,
        lambda: shipped_window.open_section(Section.TREATMENTS),
        lambda: shipped_window.open_entry(EntryRef(Section.LEARN, "how-ketamine-works")),
    ]
    for show in screens:
        show()
        for button in shipped_window.findChildren(QPushButton):
            if button.isVisible():
                interface = QAccessible.queryAccessibleInterface(button)
                assert interface is not None
                # a toggle (Contrast) is announced as one that can be on or off
                assert interface.role() in {QAccessible.Role.Button, QAccessible.Role.CheckBox}
                assert interface.text(QAccessible.Text.Name).strip(), button.text()
    view = QAccessible.queryAccessibleInterface(shipped_window.reader.view)
    assert view is not None
    assert view.text(QAccessible.Text.Name) == "How ketamine works, 1 of 3"
    assert "Scientists know that ketamine works" in view.text(QAccessible.Text.Description)


def test_high_contrast_switches_every_colour_and_the_icons(
    shipped_window: KioskWindow, qtbot: QtBot
) -> None:
    shipped_window.resize(1080, 1920)
    shipped_window.open_section(Section.LEARN)
    qtbot.mouseClick(shipped_window.top_bar.contrast_button, Qt.MouseButton.LeftButton)
    assert shipped_window.high_contrast
    assert shipped_window.top_bar.contrast_button.isChecked()
    assert "#000000" in shipped_window.styleSheet()
    card = shipped_window.lists[Section.LEARN].visible_cards()[0]
    icon = card.icon_label.pixmap().toImage()  # type: ignore[attr-defined]
    colours = {
        icon.pixelColor(x, y).name()
        for x in range(icon.width())
        for y in range(icon.height())
        if icon.pixelColor(x, y).alpha() == 255
    }
    assert colours == {"#ffe14d"}  # the line icon is drawn in the high-contrast accent


def test_spanish_everywhere_and_a_note_where_a_page_is_not_translated(
    make_window: WindowMaker, qtbot: QtBot, content_dir: Path
) -> None:
    (content_dir / "learn" / "alpha.es.md").write_text(
        "---\ntitle: Tema alfa\nsummary: Primero\norder: 10\n---\nTexto en español.\n",
        encoding="utf-8",
    )
    window = make_window()
    assert window.top_bar.language_button.text() == "Español"
    qtbot.mouseClick(window.top_bar.language_button, Qt.MouseButton.LeftButton)
    assert window.lang == "es"
    assert window.top_bar.language_button.text() == "English"
    assert window.top_bar.home_button.accessibleName() == "Inicio"
    window.open_section(Section.LEARN)
    names = [c.accessibleName() for c in window.lists[Section.LEARN].visible_cards()]
    assert names == ["Tema alfa", "Beta topic"]
    window.open_entry(EntryRef(Section.LEARN, "alpha"))
    assert not window.reader.notice.isVisible()
    window.open_entry(EntryRef(Section.LEARN, "beta"))
    assert window.reader.notice.isVisible()
    assert window.reader.notice.text() == (
        "Esta página todavía no está disponible en español. Se muestra en inglés."
    )
    assert window.reader.next_button.accessibleName() == "Siguiente"


def test_every_interface_string_has_a_spanish_translation() -> None:
    from kiosk.i18n import _catalogue

    english, spanish = _catalogue("en"), _catalogue("es")
    admin_only = {key for key in english if key.startswith("admin_")}  # staff read English
    assert set(english) - admin_only <= set(spanish)
    for key, text in spanish.items():
        assert text.count("{") == english[key].count("{"), key  # same placeholders


def test_qr_code_on_the_last_page_decodes_to_the_pages_address(
    make_window: WindowMaker, content_dir: Path
) -> None:
    from kiosk.ui.qr import QUIET_ZONE, qr_matrix

    site = content_dir / "site.yaml"
    site.write_text(site.read_text() + "web_address: https://clinic.example/read/\n")
    window = make_window()
    window.open_entry(EntryRef(Section.LEARN, "beta"))
    document = window.reader.document
    assert document is not None
    assert "Scan to read this at home" in document.page_texts()[-1]
    html = document.document.toHtml()
    assert "kiosk-qr:https://clinic.example/read/learn/beta" in html
    image = document.document.resource(
        QTextDocument.ResourceType.ImageResource.value,
        QUrl("kiosk-qr:https://clinic.example/read/learn/beta"),
    )
    expected = qr_matrix("https://clinic.example/read/learn/beta")
    modules = len(expected) + 2 * QUIET_ZONE
    scale = image.width() // modules
    assert image.width() == modules * scale  # whole pixels per module: crisp
    read = [
        [
            image.pixelColor(
                (x + QUIET_ZONE) * scale + scale // 2, (y + QUIET_ZONE) * scale + scale // 2
            ).lightness()
            < 128
            for x in range(len(expected))
        ]
        for y in range(len(expected))
    ]
    assert read == expected


def test_front_matter_can_give_a_page_its_own_address(
    make_window: WindowMaker, content_dir: Path
) -> None:
    (content_dir / "learn" / "own.md").write_text(
        "---\ntitle: Own\nweb_page: https://elsewhere.example/x\n---\nText.\n", encoding="utf-8"
    )
    window = make_window()
    found = window.library.entry(EntryRef(Section.LEARN, "own"), "en")
    assert found is not None
    assert window.library.take_home_url(found[0]) == "https://elsewhere.example/x"
    window.open_entry(EntryRef(Section.LEARN, "alpha"))
    document = window.reader.document
    assert document is not None
    assert "kiosk-qr" not in document.document.toHtml()  # no site address: no code


def test_listen_reads_the_page_with_the_mock_engine(make_window: WindowMaker, qtbot: QtBot) -> None:
    from kiosk.ui.speech import make_speaker

    speaker = make_speaker("mock")
    assert speaker is not None
    window = make_window()
    window.set_speaker(speaker)
    window.open_entry(EntryRef(Section.LEARN, "beta"))
    assert window.top_bar.listen_button.isVisible()
    qtbot.mouseClick(window.top_bar.listen_button, Qt.MouseButton.LeftButton)
    assert speaker.last_text == "Beta topic. Short beta text."
    qtbot.waitUntil(lambda: speaker.speaking, timeout=2000)
    assert window.top_bar.listen_button.accessibleName() == "Stop"
    qtbot.mouseClick(window.top_bar.listen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not speaker.speaking, timeout=2000)


def test_no_speech_engine_means_no_listen_button(make_window: WindowMaker) -> None:
    from kiosk.ui.speech import make_speaker

    assert make_speaker("no-such-engine") is None
    window = make_window()
    assert window.speaker is None
    assert not window.top_bar.listen_button.isVisible()


def test_a_list_behind_an_open_topic_is_refilled_when_shown_not_at_every_change(
    make_window: WindowMaker, content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (content_dir / "learn" / "alpha.es.md").write_text(
        "---\ntitle: Tema alfa\nsummary: Primero\norder: 10\n---\nTexto en español.\n",
        encoding="utf-8",
    )
    window = make_window()
    window.open_section(Section.LEARN)
    window.open_entry(EntryRef(Section.LEARN, "alpha"))
    fills: list[Section] = []
    fill = window._fill_list

    def counted_fill(section: Section) -> None:
        fills.append(section)
        fill(section)

    monkeypatch.setattr(window, "_fill_list", counted_fill)
    window.set_text_scale(+1)
    window.toggle_contrast()
    window.next_language()
    assert fills == []  # nothing rebuilt behind the reader
    window.previous_page()  # Back on the first page: to the list
    assert fills == [Section.LEARN]
    names = [c.accessibleName() for c in window.lists[Section.LEARN].visible_cards()]
    assert names == ["Tema alfa", "Beta topic"]
    window.set_text_scale(+1)  # with the list showing, it follows at once
    assert fills == [Section.LEARN, Section.LEARN]
