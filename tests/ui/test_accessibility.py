"""Every patient can use it: text size to 200%, high contrast, Spanish, keyboard, read aloud."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QMessageLogContext, QPoint, Qt, QtMsgType, QUrl
from PySide6.QtGui import QColor, QIcon, QImage, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app import _route_qt_message
from kiosk.config import KioskConfig
from kiosk.content import EntryRef, Section, load_library
from kiosk.session import Preferences
from kiosk.ui.attract import AttractScreen
from kiosk.ui.card_list import CardListScreen
from kiosk.ui.screens import HomeScreen
from kiosk.ui.widgets import settle_layout
from kiosk.ui.window import KioskWindow
from tests.helpers.content import SHIPPED
from tests.helpers.stubs import fire
from tests.ui.conftest import Kiosk, KioskMaker

SIZES = [(1080, 1920), (1920, 1080)]


@pytest.fixture
def shipped(qtbot: QtBot, kiosk_app: object) -> Kiosk:
    kiosk = Kiosk(load_library(SHIPPED), KioskConfig(fullscreen=False))
    qtbot.addWidget(kiosk.window)
    kiosk.window.show()
    return kiosk


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


def every_screen(kiosk: Kiosk) -> list[str]:
    """Every screen a patient can reach, checked for words that do not fit."""
    session, window = kiosk.session, kiosk.window
    problems = []
    session.go_home()
    problems += [f"home: {p}" for p in overflowing(window)]
    for section in Section:
        session.open_section(section)
        for page in range(kiosk.lists.page_count):
            problems += [f"{section} list {page + 1}: {p}" for p in overflowing(window)]
            session.next_page()
        for entry, _ in session.library.entries(section, session.preferences.lang):
            session.open_entry(entry.ref)
            for page in range(kiosk.reader.page_count):
                problems += [f"{entry.ref} page {page + 1}: {p}" for p in overflowing(window)]
                session.next_page()
    return problems


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("scale", "lang"), [(1.0, "en"), (2.0, "en"), (2.0, "es")])
def test_every_screen_fits_at_every_text_size(
    shipped: Kiosk, size: tuple[int, int], scale: float, lang: str
) -> None:
    shipped.window.resize(*size)
    shipped.session.set_preferences(Preferences(scale, False, lang))
    # With speech mode on: its Stop button in the control bar, and the speech bar under it.
    shipped.window.set_speech(lambda _text: None)
    shipped.session.toggle_listening()
    assert every_screen(shipped) == []
    assert (shipped.window.width(), shipped.window.height()) == size


def test_larger_text_gives_more_pages_for_the_same_topic(shipped: Kiosk) -> None:
    shipped.window.resize(1080, 1920)
    shipped.session.open_entry(EntryRef(Section.LEARN, "what-is-ketamine"))
    normal = shipped.reader.page_count
    shipped.session.set_preferences(Preferences(2.0, False, "en"))
    assert shipped.reader.page_count > normal


def test_a_plus_and_a_minus_step_from_100_to_200_percent(
    make_kiosk: KioskMaker, qtbot: QtBot
) -> None:
    kiosk = make_kiosk()
    bar = kiosk.top_bar
    assert not bar.smaller_button.isEnabled()
    body = kiosk.window.look.theme.body_px
    for _ in range(4):
        qtbot.mouseClick(bar.larger_button, Qt.MouseButton.LeftButton)
    assert kiosk.session.preferences.text_scale == 2.0
    assert kiosk.window.look.theme.body_px == 2 * body
    assert not bar.larger_button.isEnabled()
    qtbot.mouseClick(bar.smaller_button, Qt.MouseButton.LeftButton)
    assert kiosk.session.preferences.text_scale == 1.75


def test_text_size_change_keeps_the_reader_on_the_text_they_were_reading(
    make_kiosk: KioskMaker,
) -> None:
    kiosk = make_kiosk()
    kiosk.session.open_entry(EntryRef(Section.LEARN, "alpha"))
    kiosk.session.next_page()
    document = kiosk.reader.document
    assert document is not None
    first_line = document.page_texts()[kiosk.reader.page].split("\n")[0]
    kiosk.session.change_text_size(+1)
    kiosk.session.change_text_size(+1)
    new = kiosk.reader.document
    assert new is not None and new is not document
    shown = " ".join(new.page_texts()[kiosk.reader.page].split())
    assert " ".join(first_line.split())[:15] in shown
    assert kiosk.session.place.screen.page == kiosk.reader.page  # type: ignore[union-attr]


def test_idle_reset_returns_size_contrast_and_language_to_the_site_defaults(
    make_kiosk: KioskMaker, qtbot: QtBot
) -> None:
    kiosk = make_kiosk()
    qtbot.mouseClick(kiosk.top_bar.larger_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.top_bar.contrast_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.top_bar.language_button, Qt.MouseButton.LeftButton)
    assert kiosk.session.preferences == Preferences(1.25, True, "es")
    kiosk.session.open_entry(EntryRef(Section.LEARN, "alpha"))
    fire(kiosk.session.idle.idle_timer)
    for _ in range(20):
        fire(kiosk.session.idle.tick_timer)
    assert kiosk.showing(AttractScreen)
    assert kiosk.session.preferences == Preferences(1.0, False, "en")
    assert kiosk.attract.cta.text() == "Touch the screen to start"
    assert "#000000" not in kiosk.window.styleSheet()  # the standard theme again


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


def test_a_keyboard_alone_reaches_every_screen(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    window = kiosk.window
    activate(window, qtbot)
    kiosk.session.reset()
    press(window, Qt.Key.Key_Space)
    assert kiosk.showing(HomeScreen)
    tab_to(window, kiosk.home.tiles[Section.LEARN])
    press(window, Qt.Key.Key_Return)
    assert kiosk.showing(CardListScreen)
    tab_to(window, kiosk.lists.visible_cards()[0])
    press(window, Qt.Key.Key_Space)
    assert kiosk.reader.title.text() == "Alpha topic"
    press(window, Qt.Key.Key_Right)
    assert kiosk.reader.page == 1
    tab_to(window, kiosk.top_bar.larger_button)
    press(window, Qt.Key.Key_Return)
    assert kiosk.session.preferences.text_scale == 1.25
    tab_to(window, kiosk.top_bar.home_button)
    press(window, Qt.Key.Key_Return)
    assert kiosk.showing(HomeScreen)
    tab_to(window, kiosk.home.tiles[Section.TREATMENTS])
    press(window, Qt.Key.Key_Return)
    assert kiosk.lists.title.text() == "Our treatments"
    press(window, Qt.Key.Key_Escape)
    assert kiosk.showing(HomeScreen)


def test_up_and_down_move_the_focus(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    activate(kiosk.window, qtbot)
    kiosk.home.tiles[Section.LEARN].setFocus()
    press(kiosk.window, Qt.Key.Key_Down)
    assert kiosk.window.focusWidget() is kiosk.home.tiles[Section.TREATMENTS]
    press(kiosk.window, Qt.Key.Key_Up)
    assert kiosk.window.focusWidget() is kiosk.home.tiles[Section.LEARN]


def test_every_control_has_an_accessible_name_and_role(shipped: Kiosk) -> None:
    from PySide6.QtGui import QAccessible

    shipped.window.resize(1080, 1920)
    session = shipped.session
    screens = [
        session.go_home,
        lambda: session.open_section(Section.TREATMENTS),
        lambda: session.open_entry(EntryRef(Section.LEARN, "how-ketamine-works")),
    ]
    for show in screens:
        show()
        for button in shipped.window.findChildren(QPushButton):
            if button.isVisible():
                interface = QAccessible.queryAccessibleInterface(button)
                assert interface is not None
                # a toggle (Contrast) is announced as one that can be on or off
                assert interface.role() in {QAccessible.Role.Button, QAccessible.Role.CheckBox}
                assert interface.text(QAccessible.Text.Name).strip(), button.text()
    view = QAccessible.queryAccessibleInterface(shipped.reader.view)
    assert view is not None
    assert view.text(QAccessible.Text.Name) == "How ketamine works, 1 of 3"
    words = view.text(QAccessible.Text.Description)
    assert "Many studies say ketamine can ease depression" in words


def colours_of(image: QImage) -> set[str]:
    return {
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    }


def test_high_contrast_switches_every_colour_and_the_icons(shipped: Kiosk, qtbot: QtBot) -> None:
    shipped.window.resize(1080, 1920)
    shipped.session.open_section(Section.LEARN)
    bar = shipped.top_bar
    qtbot.mouseClick(bar.contrast_button, Qt.MouseButton.LeftButton)
    assert shipped.session.preferences.high_contrast
    assert bar.contrast_button.isChecked()
    assert "#000000" in shipped.window.styleSheet()
    card = shipped.lists.visible_cards()[0]
    picture = card.icon_label.pixmap().toImage()  # type: ignore[attr-defined]
    assert colours_of(picture) == {"#ffe14d"}  # the card's line drawing in the accent
    home = bar.home_button.icon().pixmap(40).toImage()
    assert colours_of(home) == {"#ffe14d"}  # and the controls' own icons


def test_control_icons_are_the_colour_of_their_buttons_words(make_kiosk: KioskMaker) -> None:
    kiosk = make_kiosk()
    palette = kiosk.window.look.theme.palette
    bar = kiosk.top_bar
    enabled = bar.larger_button.icon().pixmap(40, QIcon.Mode.Normal).toImage()
    disabled = bar.smaller_button.icon().pixmap(40, QIcon.Mode.Disabled).toImage()
    assert colours_of(enabled) == {palette.accent.lower()}
    assert colours_of(disabled) == {palette.muted.lower()}
    kiosk.session.open_entry(EntryRef(Section.LEARN, "alpha"))
    filled = kiosk.reader.nav.next_button.icon().pixmap(40).toImage()
    assert colours_of(filled) == {palette.on_accent.lower()}  # on the filled Next button


def test_spanish_everywhere_and_a_note_where_a_page_is_not_translated(
    make_kiosk: KioskMaker, qtbot: QtBot, content_dir: Path
) -> None:
    (content_dir / "learn" / "alpha.es.md").write_text(
        "---\ntitle: Tema alfa\nsummary: Primero\norder: 10\n---\nTexto en español.\n",
        encoding="utf-8",
    )
    kiosk = make_kiosk()
    bar = kiosk.top_bar
    assert bar.language_button.text() == "Español"
    qtbot.mouseClick(bar.language_button, Qt.MouseButton.LeftButton)
    assert kiosk.session.preferences.lang == "es"
    assert bar.language_button.text() == "English"
    assert bar.home_button.accessibleName() == "Inicio"
    kiosk.session.open_section(Section.LEARN)
    assert [c.accessibleName() for c in kiosk.lists.visible_cards()] == ["Tema alfa", "Beta topic"]
    kiosk.session.open_entry(EntryRef(Section.LEARN, "alpha"))
    assert not kiosk.reader.notice.isVisible()
    kiosk.session.open_entry(EntryRef(Section.LEARN, "beta"))
    assert kiosk.reader.notice.isVisible()
    assert kiosk.reader.notice.text() == (
        "Esta página todavía no está disponible en español. Se muestra en inglés."
    )
    assert kiosk.reader.nav.next_button.accessibleName() == "Siguiente"


def test_every_interface_string_has_a_spanish_translation() -> None:
    from kiosk.i18n import _catalogue

    english, spanish = _catalogue("en"), _catalogue("es")
    assert set(english) == set(spanish)  # the admin's words too
    for key, text in spanish.items():
        theirs = english[key]
        if isinstance(text, str):
            assert isinstance(theirs, str), key
            assert text.count("{") == theirs.count("{"), key  # same placeholders
        else:
            assert not isinstance(theirs, str), key
            assert set(text) == set(theirs), key  # the same plural forms


def test_qr_code_on_the_last_page_decodes_to_the_pages_address(
    make_kiosk: KioskMaker, content_dir: Path
) -> None:
    from kiosk.ui.qr import QUIET_ZONE, qr_matrix

    site = content_dir / "site.yaml"
    site.write_text(site.read_text() + "web_address: https://clinic.example/read/\n")
    kiosk = make_kiosk()
    kiosk.session.open_entry(EntryRef(Section.LEARN, "beta"))
    document = kiosk.reader.document
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
    make_kiosk: KioskMaker, content_dir: Path
) -> None:
    (content_dir / "learn" / "own.md").write_text(
        "---\ntitle: Own\nweb_page: https://elsewhere.example/x\n---\nText.\n", encoding="utf-8"
    )
    kiosk = make_kiosk()
    library = kiosk.session.library
    found = library.entry(EntryRef(Section.LEARN, "own"), "en")
    assert found is not None
    assert library.take_home_url(found[0]) == "https://elsewhere.example/x"
    kiosk.session.open_entry(EntryRef(Section.LEARN, "alpha"))
    document = kiosk.reader.document
    assert document is not None
    assert "kiosk-qr" not in document.document.toHtml()  # no site address: no code


def test_listen_reads_the_page_with_the_mock_engine(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    from kiosk.speech import ReadAloud, make_speaker

    speaker = make_speaker("mock")
    assert speaker is not None
    with qtbot.waitSignal(speaker.ready, timeout=10000):
        pass
    kiosk = make_kiosk()
    read_aloud = ReadAloud(kiosk.session, speaker, kiosk.window.screen_text)  # as the app does
    kiosk.window.set_speech(read_aloud.say_words)
    kiosk.session.open_entry(EntryRef(Section.LEARN, "beta"))
    listen = kiosk.top_bar.listen_button
    assert listen.isVisible()
    qtbot.mouseClick(listen, Qt.MouseButton.LeftButton)
    assert speaker.last_text.endswith("Beta topic. Page 1 of 2. Short beta text.")
    qtbot.waitUntil(lambda: speaker.speaking, timeout=2000)
    assert listen.accessibleName() == "Stop"
    qtbot.mouseClick(listen, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not speaker.speaking, timeout=2000)
    assert listen.accessibleName() == "Listen"
    speaker.close()


def test_no_speech_engine_means_no_listen_button(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    """Listen is offered while the engine starts; the helper finds it missing and says so, and
    Listen goes, with speech mode if a patient had turned it on meanwhile."""
    from kiosk.speech import make_speaker

    kiosk = make_kiosk()
    kiosk.window.expect_speech()  # as the app does before the first paint
    assert kiosk.top_bar.listen_button.isVisible()
    kiosk.session.toggle_listening()
    speaker = make_speaker("no-such-engine")
    assert speaker is not None
    speaker.unavailable.connect(kiosk.window.no_speech)
    with qtbot.waitSignal(speaker.unavailable, timeout=20000):
        pass
    assert speaker.failed
    assert not kiosk.window.speech_available
    assert not kiosk.top_bar.listen_button.isVisible()
    assert not kiosk.session.listening
    speaker.close()


def test_listen_is_there_from_the_first_paint_and_nothing_moves_when_speech_is_ready(
    make_kiosk: KioskMaker,
) -> None:
    """The engine is ready a second or two after Home: Listen is offered from the start, so
    the bar does not change (and no button moves) when it is."""
    kiosk = make_kiosk(size=(1080, 1920))
    bar = kiosk.top_bar
    kiosk.window.expect_speech()
    settle_layout()
    assert bar.listen_button.isVisible()
    before = [button.mapTo(kiosk.window, QPoint(0, 0)) for button in bar.buttons]
    kiosk.window.set_speech(lambda _words: None)
    settle_layout()
    assert bar.listen_button.isVisible()
    assert [button.mapTo(kiosk.window, QPoint(0, 0)) for button in bar.buttons] == before


def test_listen_touched_while_the_engine_starts_speaks_once_it_is_ready(
    make_kiosk: KioskMaker, qtbot: QtBot
) -> None:
    from kiosk.speech import ReadAloud, make_speaker

    kiosk = make_kiosk()
    kiosk.window.expect_speech()
    kiosk.session.open_entry(EntryRef(Section.LEARN, "beta"))
    qtbot.mouseClick(kiosk.top_bar.listen_button, Qt.MouseButton.LeftButton)
    assert kiosk.session.listening
    speaker = make_speaker("mock")
    assert speaker is not None
    with qtbot.waitSignal(speaker.ready, timeout=20000):
        pass
    assert speaker.last_text == ""
    read_aloud = ReadAloud(kiosk.session, speaker, kiosk.window.screen_text)  # as the app does
    kiosk.window.set_speech(read_aloud.say_words)
    assert speaker.last_text.endswith("Beta topic. Page 1 of 2. Short beta text.")
    speaker.close()


def test_a_list_behind_an_open_topic_is_refilled_when_shown_not_at_every_change(
    make_kiosk: KioskMaker, content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (content_dir / "learn" / "alpha.es.md").write_text(
        "---\ntitle: Tema alfa\nsummary: Primero\norder: 10\n---\nTexto en español.\n",
        encoding="utf-8",
    )
    kiosk = make_kiosk()
    session = kiosk.session
    session.open_section(Section.LEARN)
    session.open_entry(EntryRef(Section.LEARN, "alpha"))
    lists = kiosk.lists
    fills: list[Section] = []
    fill = lists._fill

    def counted_fill(section: Section) -> None:
        fills.append(section)
        fill(section)

    monkeypatch.setattr(lists, "_fill", counted_fill)
    session.change_text_size(+1)
    session.toggle_contrast()
    session.next_language()
    assert fills == []  # nothing rebuilt behind the reader
    session.previous_page()  # Back on the first page: to the list
    assert fills == [Section.LEARN]
    assert [c.accessibleName() for c in lists.visible_cards()] == ["Tema alfa", "Beta topic"]
    session.change_text_size(+1)  # with the list showing, it follows at once
    assert fills == [Section.LEARN, Section.LEARN]


def touch(window: KioskWindow, target: QWidget) -> None:
    """A tap on ``target``, through the native window as a real touch arrives."""
    handle = window.windowHandle()
    assert handle is not None
    where = target.mapTo(window, target.rect().center())
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)


def shows_focus_ring(window: KioskWindow) -> bool:
    """Whether the focus colour is anywhere on the window's picture."""
    image = window.grab().toImage()
    focus = QColor(window.look.theme.palette.focus).rgb()
    return any(
        image.pixel(x, y) == focus
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    )


def test_a_touch_shows_no_focus_ring_and_tab_does(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    kiosk = make_kiosk(size=(540, 960))
    window = kiosk.window
    activate(window, qtbot)
    touch(window, kiosk.home.tiles[Section.LEARN])
    assert kiosk.showing(CardListScreen)
    assert window.focusWidget() is window
    touch(window, kiosk.top_bar.larger_button)
    assert kiosk.session.preferences.text_scale == 1.25
    assert window.focusWidget() is window
    assert not shows_focus_ring(window)

    press(window, Qt.Key.Key_Tab)
    assert isinstance(window.focusWidget(), QPushButton)
    assert shows_focus_ring(window)

    tabbed_to = window.focusWidget()
    touch(window, kiosk.top_bar.smaller_button)  # a touch after Tab: the ring goes
    assert kiosk.session.preferences.text_scale == 1.0
    assert tabbed_to is not None and tabbed_to.isVisible()
    assert window.focusWidget() is window
    assert not shows_focus_ring(window)


def test_a_screen_readers_request_qt_does_not_offer_is_not_logged_as_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Orca and pyatspi ask every application for its bus address; Qt's bridge says it does
    # not implement that, as a warning, while the reader carries on. The soak counts Qt
    # warnings in the log: this notice is not one, a real warning still is.
    caplog.set_level(logging.INFO, logger="qt")
    context = QMessageLogContext()
    notice = (
        'AtSpiAdaptor::applicationInterface does not implement "GetApplicationBusAddress"'
        ' "/org/a11y/atspi/accessible/root"'
    )
    gone = 'Could not find accessible on path: "/org/a11y/atspi/accessible/2147484669"'
    _route_qt_message(QtMsgType.QtWarningMsg, context, notice)
    _route_qt_message(QtMsgType.QtWarningMsg, context, gone)  # asked after a replaced page
    _route_qt_message(
        QtMsgType.QtWarningMsg, context, "QPainter::begin: Paint device returned engine == 0"
    )

    levels = {record.getMessage(): record.levelno for record in caplog.records}
    assert levels[notice] == logging.INFO
    assert levels[gone] == logging.INFO
    assert levels["QPainter::begin: Paint device returned engine == 0"] == logging.WARNING
