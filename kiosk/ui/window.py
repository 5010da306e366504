"""``KioskWindow``: the screens, the navigation between them, idle reset and lockdown.

Navigation is a handful of methods (``go_attract``, ``go_home``, ``open_section``,
``open_entry``) that every input path calls: taps, swipes, keys, links and tests alike.
In kiosk mode the window refuses to close; the only way out is the hidden admin gesture
(five quick taps on the clinic's name on Home) and the admin PIN.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QCursor,
    QGuiApplication,
    QKeyEvent,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import ContentLibrary, EntryRef, Section, load_library
from kiosk.content.names import LINK_SCHEME
from kiosk.errors import ContentError
from kiosk.i18n import Strings, language_name
from kiosk.ui.controls import ControlBar, next_scale
from kiosk.ui.idle import IdleState, IdleWatcher, TimerFactory
from kiosk.ui.screens import HomeScreen, MessageScreen
from kiosk.ui.theme import Theme

if TYPE_CHECKING:
    from kiosk.content.entry import Entry
    from kiosk.pin import PinLock
    from kiosk.ui.attract import AttractScreen
    from kiosk.ui.card_list import CardListScreen
    from kiosk.ui.overlays import AdminPanel, Overlay, PinPad, StillTherePrompt
    from kiosk.ui.reader import ReaderScreen, ReaderTexts
    from kiosk.ui.reload import ContentWatcher
    from kiosk.ui.speech import Speaker
    from kiosk.ui.usage import UsageTracker

log = logging.getLogger(__name__)

WINDOWED_SIZE = QSize(540, 960)
ADMIN_TAPS = 5
ADMIN_PROBLEM_LINES = 10
ADMIN_TAP_WINDOW_S = 4.0
ACTIVITY_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


def settle_layout() -> None:
    """Run pending layout passes now (wrapped labels need more than one), so the reader is
    laid out at its final size before anyone sees it or turns a page."""
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


class KioskOptions(NamedTuple):
    """How this machine runs the kiosk (from ``kiosk.toml`` and the command line)."""

    kiosk_mode: bool = True
    idle_timeout: float = 60.0
    still_there_timeout: float = 20.0
    attract_delay: float = 30.0
    admin_pin_hash: str | None = None


def _kiosk_window_flags() -> Qt.WindowType:
    """Frameless and above every other window: nothing to drag, close or cover the kiosk."""
    return (
        Qt.WindowType.Window
        | Qt.WindowType.FramelessWindowHint
        | Qt.WindowType.WindowStaysOnTopHint
    )


class KioskWindow(QWidget):
    """The whole kiosk: one window, a stack of screens, overlays on top.

    Only what Home needs is built with the window; the attract screen, the card lists, the
    reader and the overlays are built the first time they are needed (the properties below),
    with their modules. That keeps the kiosk's start-up close to a bare Qt window's.
    """

    exited = Signal()  # the admin chose "Exit kiosk"

    def __init__(
        self,
        library: ContentLibrary,
        options: KioskOptions | None = None,
        *,
        timer_factory: TimerFactory = QTimer,
        clock: Callable[[], float] = time.monotonic,
        size: QSize | None = None,
    ) -> None:
        """``size``: the size the window will be shown at, so the theme and Home are made once
        for it rather than again when the window is shown.

        In kiosk mode the window is made with its kiosk window flags: set later, they make Qt
        set up every widget in it again."""
        options = options or KioskOptions()
        if options.kiosk_mode:
            super().__init__(None, _kiosk_window_flags())
        else:
            super().__init__()
        if size is not None:
            self.resize(size)
        self.setObjectName("KioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setWindowTitle(library.site.name)
        self.library = library
        self.options = options
        self.lang = library.site.default_language
        self.strings = Strings(self.lang)
        self.text_scale = 1.0
        self.high_contrast = False
        self.theme = Theme()
        self.speaker: Speaker | None = None  # set by the app where a speech engine exists
        self.usage: UsageTracker | None = None  # set by the app when usage counting is on
        self.usage_db: Path | None = None  # where those counts are, for the admin summary
        self._clock = clock
        self._exit_allowed = False
        self.kiosk_mode = self.options.kiosk_mode  # locked down; the admin can change it
        self._admin_taps: list[float] = []
        self._pin_lock: PinLock | None = None  # made when the PIN pad first opens
        self._icons: dict[tuple[str, int, str], QPixmap] = {}
        self.current_section: Section | None = None
        self.watcher: ContentWatcher | None = None  # set by the app when live reload is on

        self.top_bar = ControlBar()
        self.home_button = self.top_bar.home_button

        self.stack = QStackedWidget()
        self._timer_factory = timer_factory
        self.home = HomeScreen()
        self.message = MessageScreen()
        for screen in (self.home, self.message):
            self.stack.addWidget(screen)
        # Built on first use (see the properties in "screens built when needed").
        self._attract: AttractScreen | None = None
        self._lists: dict[Section, CardListScreen] = {}
        self._reader: ReaderScreen | None = None
        self._prompt: StillTherePrompt | None = None
        self._pin_pad: PinPad | None = None
        self._admin: AdminPanel | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.top_bar)
        column.addWidget(self.stack, 1)

        self.idle = IdleWatcher(
            self.options.idle_timeout,
            self.options.still_there_timeout,
            self.options.attract_delay,
            timer_factory,
            self,
        )
        self._key_actions: dict[Qt.Key, Callable[[], None]] = {
            Qt.Key.Key_Right: self.next_page,
            Qt.Key.Key_PageDown: self.next_page,
            Qt.Key.Key_Left: self.previous_page,
            Qt.Key.Key_PageUp: self.previous_page,
            Qt.Key.Key_Home: self.go_home,
            Qt.Key.Key_Escape: self.go_home,  # Escape never exits
        }
        self._connect()
        self.apply_theme(self.size())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Watch every touch, click and key that reaches this window, wherever focus is
        (``eventFilter``).

        The filter sits on the native window (the ``QWindow`` all input passes through), not
        on the whole application, which would hand Python every event of every object: style,
        layout and paint events too, thousands for one change of text size. It is installed
        at every show: switching full screen on or off can make a new native window.
        """
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None:
            handle.installEventFilter(self)  # installing twice keeps one filter

    # -- wiring --------------------------------------------------------------------------

    def _connect(self) -> None:
        self.top_bar.home_requested.connect(self.go_home)
        self.top_bar.smaller_requested.connect(lambda: self.set_text_scale(-1))
        self.top_bar.larger_requested.connect(lambda: self.set_text_scale(+1))
        self.top_bar.language_requested.connect(self.next_language)
        self.top_bar.contrast_requested.connect(self.toggle_contrast)
        self.top_bar.listen_requested.connect(self.listen)
        self.home.section_chosen.connect(self.open_section)
        self.home.name_tapped.connect(self._count_admin_tap)
        self.idle.prompt_started.connect(self.show_still_there)
        self.idle.prompt_tick.connect(self._tick_prompt)
        self.idle.prompt_dismissed.connect(self._hide_prompt)
        self.idle.reset_due.connect(lambda: self.go_attract("timeout"))
        self.idle.attract_due.connect(lambda: self.go_attract("timeout"))

    # -- screens built when needed -------------------------------------------------------
    # Each property builds its screen once, wires it, and gives it the current theme and
    # words; code that only tidies up (hide, clear) uses the ``_name`` field and skips a
    # screen that was never built.

    @property
    def attract(self) -> AttractScreen:
        if self._attract is None:
            from kiosk.ui.attract import AttractScreen  # noqa: PLC0415 - built when needed

            self._attract = AttractScreen(self._timer_factory)
            self.stack.addWidget(self._attract)
            self._attract.started.connect(self._session_begins)
            self._attract_texts(self._attract)
        return self._attract

    @property
    def lists(self) -> dict[Section, CardListScreen]:
        """The card list of each section (both are built on first use)."""
        if not self._lists:
            from kiosk.ui.card_list import CardListScreen  # noqa: PLC0415 - built when needed

            for section in Section:
                screen = CardListScreen()
                self.stack.addWidget(screen)
                screen.entry_chosen.connect(self.open_entry)
                self._lists[section] = screen
        return self._lists

    @property
    def reader(self) -> ReaderScreen:
        if self._reader is None:
            from kiosk.ui.reader import ReaderScreen  # noqa: PLC0415 - built when needed

            self._reader = ReaderScreen()
            self.stack.addWidget(self._reader)
            self._reader.leave_to_list.connect(self._back_to_list)
            self._reader.link_activated.connect(self.open_link)
            self._reader.page_turned.connect(self._page_turned)
            self._reader.set_theme(self.theme, self._reader_texts())
        return self._reader

    @property
    def prompt(self) -> StillTherePrompt:
        if self._prompt is None:
            from kiosk.ui.overlays import StillTherePrompt  # noqa: PLC0415 - built when needed

            self._prompt = StillTherePrompt(self)
            self._prompt.still_here.connect(self.idle.activity)
            self._prompt.start_over.connect(lambda: self.go_attract("home"))
            self._prompt.set_theme(self.theme)
            self._prompt_texts(self._prompt)
        return self._prompt

    @property
    def pin_pad(self) -> PinPad:
        if self._pin_pad is None:
            from kiosk.ui.overlays import PinPad  # noqa: PLC0415 - built when needed

            self._pin_pad = PinPad(self)
            self._pin_pad.submitted.connect(self._check_pin)
            self._pin_pad.cancelled.connect(self._close_admin)
            self._pin_pad.set_theme(self.theme)
            self._pin_pad_texts(self._pin_pad)
        return self._pin_pad

    @property
    def admin(self) -> AdminPanel:
        if self._admin is None:
            from kiosk.ui.overlays import AdminPanel  # noqa: PLC0415 - built when needed

            self._admin = AdminPanel(self)
            self._admin.closed.connect(self._close_admin)
            self._admin.reload_requested.connect(self.reload_content)
            self._admin.exit_requested.connect(self.exit_kiosk)
            self._admin.window_mode_requested.connect(self.toggle_full_screen)
            self._admin.set_theme(self.theme)
            self._admin_texts(self._admin)
        return self._admin

    def _built_overlays(self) -> list[Overlay]:
        return [o for o in (self._prompt, self._pin_pad, self._admin) if o is not None]

    def _is_showing(self, screen: QWidget | None) -> bool:
        return screen is not None and self.stack.currentWidget() is screen

    def _tick_prompt(self, seconds: int) -> None:
        self.prompt.set_seconds(seconds)

    def _hide_prompt(self) -> None:
        if self._prompt is not None:
            self._prompt.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Every touch, click or key counts as activity; the keyboard works wherever focus is
        (switch devices and accessibility keyboards send these keys)."""
        kind = event.type()
        if kind not in ACTIVITY_EVENTS:
            return False
        self.idle.activity()
        if kind == QEvent.Type.KeyPress and not self._overlay_open():
            assert isinstance(event, QKeyEvent)
            return self._handle_key(Qt.Key(event.key()))
        return False

    def _handle_key(self, key: Qt.Key) -> bool:
        if self._is_showing(self._attract):
            self.go_home()  # any key starts, as any touch does
            return True
        action = self._key_actions.get(key)
        if action is not None:
            action()
            return True
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.focusNextPrevChild(key == Qt.Key.Key_Down)
            return True
        focused = QApplication.focusWidget()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(focused, QAbstractButton):
            focused.click()
            return True
        return False

    # -- look ----------------------------------------------------------------------------

    def apply_theme(self, size: QSize | None = None) -> bool:
        """Set sizes for this window size, text size and contrast; lay out again only what
        depends on them (an open topic keeps the reader's place). False if nothing changed."""
        size = size or self.size()
        theme = Theme.for_screen(
            max(size.width(), 1), max(size.height(), 1), self.text_scale, self.high_contrast
        )
        if theme == self.theme and self.styleSheet():
            return False
        self.theme = theme
        self.setStyleSheet(theme.qss())
        self.top_bar.set_spacing(theme.margin)
        self.top_bar.set_state(self.text_scale, self.high_contrast)
        for overlay in self._built_overlays():
            overlay.set_theme(theme)
        self._apply_texts()
        return True

    # -- the patient's preferences -------------------------------------------------------

    def set_text_scale(self, step: int) -> None:
        """A+ / A−: one step larger or smaller, from 100% to 200%."""
        self.text_scale = next_scale(self.text_scale, step)
        self.apply_theme()
        self._track_setting("text_size")

    def toggle_contrast(self) -> None:
        self.high_contrast = not self.high_contrast
        self.apply_theme()
        self._track_setting("contrast")

    def _following_language(self) -> str | None:
        """The site language after the current one (the language button's), or None."""
        languages = self.library.site.languages
        if len(languages) < 2:
            return None
        index = languages.index(self.lang) if self.lang in languages else -1
        return languages[(index + 1) % len(languages)]

    def next_language(self) -> None:
        following = self._following_language()
        if following is not None:
            self.set_language(following)

    def set_language(self, lang: str) -> None:
        """Show the interface and the content in ``lang``; the open topic follows."""
        if lang == self.lang:
            return
        self.lang = lang
        self.strings = Strings(lang)
        self._apply_texts()
        self._track_setting("language")
        reader = self._reader
        if reader is not None and reader.ref is not None and self._is_showing(reader):
            self.open_entry(reader.ref)

    def reset_preferences(self) -> None:
        """Idle reset: the site's language, standard contrast, 100% text."""
        self.set_preferences(1.0, False, self.library.site.default_language)

    def set_preferences(self, text_scale: float, high_contrast: bool, lang: str) -> None:
        """Text size, contrast and language at once (the idle reset; ``kiosk render``)."""
        self.text_scale = text_scale
        self.high_contrast = high_contrast
        new_language = lang != self.lang
        if new_language:
            self.lang = lang
            self.strings = Strings(lang)
        if not self.apply_theme() and new_language:
            self._apply_texts()  # the theme was the same, but the words are not

    def _track_setting(self, kind: str) -> None:
        if self.usage is not None:
            self._sync_usage()
            self.usage.setting(kind)

    def set_usage(self, usage: UsageTracker | None) -> None:
        """Count anonymous usage with ``usage`` (None: counting is off)."""
        self.usage = usage
        self._sync_usage()

    def set_speaker(self, speaker: Speaker | None) -> None:
        """Read aloud with ``speaker``; with None (no speech engine) Listen is hidden."""
        self.speaker = speaker
        self._apply_texts()

    def listen(self) -> None:
        """Read the current screen aloud (or stop)."""
        if self.speaker is None:
            return
        if self.speaker.speaking:
            self.speaker.stop()
        else:
            self.speaker.say(self.screen_text(), self.lang)
            if self.usage is not None:
                reading = self._reader if self._is_showing(self._reader) else None
                self.usage.listened(reading.ref if reading is not None else None)
        self._apply_texts()

    def screen_text(self) -> str:
        """What the current screen says, in reading order, for Listen."""
        current = self.stack.currentWidget()
        reader = self._reader
        if reader is not None and current is reader and reader.document is not None:
            page = reader.document.page_texts()[reader.page]
            return f"{reader.title.text()}. {' '.join(page.split())}"
        current = self._current_list()
        if current is not None:
            cards = [
                f"{c.accessibleName()}. {c.accessibleDescription()}"
                for c in current.visible_cards()
            ]
            return " ".join([current.title.text() + ".", *cards])
        if current is self.home:
            tiles = [
                f"{t.title_label.text()}. {t.summary_label.text()}"
                for t in self.home.tiles.values()
            ]
            return " ".join([self.home.name.text() + ".", *tiles])
        return ""

    def _apply_texts(self) -> None:
        s = self.strings
        site = self.library.site
        name, tagline = site.display_name(self.lang)
        following = self._following_language()
        self.top_bar.set_texts(
            s,
            language_name(following) if following else None,
            self.speaker is not None and self.speaker.speaking,
        )
        self.top_bar.listen_button.setVisible(self.speaker is not None)
        if self._attract is not None:
            self._attract_texts(self._attract)
        landscape = self.width() > self.height()
        sections = {
            section: (
                site.section(section, self.lang).title,
                site.section(section, self.lang).summary,
            )
            for section in Section
        }
        self.home.set_texts(name, tagline, sections, self.theme, landscape)
        if self._reader is not None:
            self._reader.set_theme(self.theme, self._reader_texts())
        if self._prompt is not None:
            self._prompt_texts(self._prompt)
        if self._pin_pad is not None:
            self._pin_pad_texts(self._pin_pad)
        if self._admin is not None:
            self._admin_texts(self._admin)
        if self.current_section is not None and self._current_list() is not None:
            self._fill_list(self.current_section)  # a hidden list is filled when it is opened
        if self.library.is_empty:
            self.message.set_message(s["updating_title"], s["updating_body"])

    def _attract_texts(self, attract: AttractScreen) -> None:
        name, tagline = self.library.site.display_name(self.lang)
        highlights = [entry.title for entry, _ in self.library.entries(Section.LEARN, self.lang)]
        attract.set_texts(name, tagline, self.strings["touch_to_start"], highlights)

    def _reader_texts(self) -> ReaderTexts:
        from kiosk.ui.reader import ReaderTexts  # noqa: PLC0415 - with the reader

        s = self.strings
        return ReaderTexts(s["back"], s["next"], s["all_topics"], s["page_of"])

    def _prompt_texts(self, prompt: StillTherePrompt) -> None:
        s = self.strings
        prompt.set_texts(
            s["still_there_title"], s["still_there_body"], s["still_here"], s["start_over"]
        )

    def _pin_pad_texts(self, pin_pad: PinPad) -> None:
        s = self.strings
        pin_pad.set_texts(s["admin_pin_prompt"], s["admin_clear"], s["admin_ok"], s["admin_cancel"])

    def _admin_texts(self, admin: AdminPanel) -> None:
        s = self.strings
        admin.set_texts(s["admin_title"], s["admin_reload"], s["admin_exit"], s["admin_close"])
        admin.set_window_mode_text(s["admin_windowed" if self.kiosk_mode else "admin_fullscreen"])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.apply_theme(event.size())
        for overlay in self._built_overlays():
            if overlay.isVisible():
                overlay.cover_parent()

    # -- navigation ----------------------------------------------------------------------

    def _session_begins(self) -> None:
        """The first touch after the attract screen: a new patient."""
        if self.usage is not None:
            self.usage.session_end("timeout")  # a session left open (e.g. at start-up)
            self._sync_usage()
        self.go_home()

    def _sync_usage(self) -> None:
        if self.usage is not None:
            self.usage.lang = self.lang
            self.usage.text_scale = self.text_scale
            self.usage.contrast = "high" if self.high_contrast else "standard"

    def _page_turned(self, page: int) -> None:
        ref = self.reader.ref
        if self.usage is None or ref is None:
            return
        self.usage.page(ref, page + 1, self.reader.page_count)
        self._count_qr()

    def _count_qr(self) -> None:
        """The take-home QR code is on the last page: count it when that page is shown."""
        entry = self.reader.showing
        on_last = self.reader.page == self.reader.page_count - 1
        if (
            self.usage is not None
            and entry is not None
            and on_last
            and self.library.take_home_url(entry)
        ):
            self.usage.qr_shown(entry.ref)

    def go_attract(self, reason: str = "timeout") -> None:
        """Idle reset: forget the session and the patient's settings; show the attract screen."""
        if self.usage is not None:
            self.usage.session_end(reason)
        self._hide_prompt()
        if self.speaker is not None:
            self.speaker.stop()
        if self._reader is not None:
            self._reader.clear()
        self.current_section = None
        self.reset_preferences()
        for screen in self._lists.values():
            screen.set_content(
                "", [], self.theme, page_text="", previous_text="", next_text="", empty_text=""
            )
        self.top_bar.hide()
        if self.library.is_empty:
            self._show_updating()
            return
        self.stack.setCurrentWidget(self.attract)
        self.attract.start()
        self.idle.watch(IdleState.OFF)

    def go_home(self) -> None:
        if self._overlay_open():
            return
        if self._attract is not None:
            self._attract.stop()
        self._hide_prompt()
        if self.library.is_empty:
            self._show_updating()
            return
        self.top_bar.show()
        self.home_button.hide()  # already Home
        self.home.notice.hide()
        self.stack.setCurrentWidget(self.home)
        self.idle.watch(IdleState.HOME)

    def show_error(self) -> None:
        """After an unexpected error: a calm word on Home, no details (those are in the log)."""
        for overlay in self._built_overlays():
            overlay.hide()
        self.go_home()
        self.home.notice.setText(f"{self.strings['error_title']}. {self.strings['error_body']}")
        self.home.notice.setVisible(not self.library.is_empty)

    def open_section(self, section: Section) -> None:
        self.current_section = section
        self._fill_list(section)
        self._show(self.lists[section])

    def open_entry(self, ref: EntryRef) -> bool:
        """Open a topic or treatment; False (and stay put) if it does not exist."""
        found = self.library.entry(ref, self.lang)
        if found is None:
            log.warning("no such topic or treatment: %s", ref)
            return False
        entry, fallback = found
        self.current_section = ref.section
        return self._show_entry(entry, fallback)

    def _show_entry(self, entry: Entry, fallback: bool, page: int = 0) -> bool:
        """Convert (once) and show an entry. A body that cannot be converted is taken off the
        list, with a calm word to the patient and the details in the log and admin screen."""
        try:
            rendered = self.library.render(entry)
        except ContentError as exc:
            log.error("cannot show %s: %s", entry.path, exc)
            self.library.withdraw(entry, exc.message)
            self._refresh_admin_status()
            self.open_section(entry.ref.section)
            self.lists[entry.ref.section].show_notice(self.strings["page_unavailable"])
            return False
        self._show(self.reader)
        list_key = "all_topics" if entry.ref.section is Section.LEARN else "all_treatments"
        self.reader.set_list_label(self.strings[list_key])
        self.reader.show_entry(
            entry.ref,
            entry.title,
            rendered.html + self._take_home_html(entry),
            self.library.root,
            notice=self.strings["translation_missing"] if fallback else "",
            icon=self._icon(entry, self.theme.px(120)),
            page=page,
        )
        self.reader.showing = entry
        settle_layout()  # a wrapped title changes the text's height: settle before reading
        if self.usage is not None:
            self._sync_usage()
            self.usage.opened(entry.ref, self.reader.page_count)
            self._count_qr()
        return True

    def open_link(self, url: str) -> None:
        """Only links between topics are followed; anything else is ignored."""
        scheme, _, target = url.partition(":")
        if scheme != LINK_SCHEME:
            log.info("ignored a link that is not a kiosk route")
            return
        try:
            self.open_entry(EntryRef.parse(target))
        except ValueError:
            log.info("ignored a malformed kiosk link: %s", target)

    def _current_list(self) -> CardListScreen | None:
        current = self.stack.currentWidget()
        return next((screen for screen in self._lists.values() if screen is current), None)

    def next_page(self) -> None:
        card_list = self._current_list()
        if self._reader is not None and self._is_showing(self._reader):
            self._reader.show_next()
        elif card_list is not None:
            card_list.show_next()

    def previous_page(self) -> None:
        card_list = self._current_list()
        if self._reader is not None and self._is_showing(self._reader):
            self._reader.show_previous()
        elif card_list is not None:
            card_list.show_previous()

    def _back_to_list(self) -> None:
        section = self.reader.ref.section if self.reader.ref else Section.LEARN
        self.open_section(section)

    def _show(self, screen: QWidget) -> None:
        if self._attract is not None:
            self._attract.stop()
        self.top_bar.show()
        self.home_button.show()
        self.stack.setCurrentWidget(screen)
        self.idle.watch(IdleState.READING)
        settle_layout()

    def _show_updating(self) -> None:
        self.message.set_message(self.strings["updating_title"], self.strings["updating_body"])
        self.top_bar.hide()
        self.stack.setCurrentWidget(self.message)
        self.idle.watch(IdleState.OFF)

    def _fill_list(self, section: Section) -> None:
        from kiosk.ui.card_list import CardInfo  # noqa: PLC0415 - with the lists

        s = self.strings
        icon_size = self.theme.px(96)
        cards = [
            CardInfo(
                entry.ref,
                entry.title,
                entry.summary,
                self._facts(entry),
                self._icon(entry, icon_size),
            )
            for entry, _ in self.library.entries(section, self.lang)
        ]
        self.lists[section].set_content(
            self.library.site.section(section, self.lang).title,
            cards,
            self.theme,
            page_text=s["list_page_of"],
            previous_text=s["back"],
            next_text=s["next"],
            empty_text=s["updating_title"],
        )

    def _take_home_html(self, entry: Entry) -> str:
        """A QR code after the last screen of text, where the site gives a web address."""
        url = self.library.take_home_url(entry)
        if not url:
            return ""
        import html  # noqa: PLC0415 - only for a take-home code (start-up time)

        from kiosk.ui.pagination import QR_SCHEME  # noqa: PLC0415 - loaded with the reader

        source = html.escape(f"{QR_SCHEME}:{quote(url, safe=':/?&=#%~+@')}", quote=True)
        caption = html.escape(self.strings["take_home"])
        return (
            f'<p class="take-home"><b>{caption}</b></p>'
            f'<p class="take-home"><img src="{source}" alt="{caption}"></p>'
        )

    def _facts(self, entry: Entry) -> list[str]:
        return [f"{self.strings[key]}: {', '.join(values)}" for key, values in entry.facts.items()]

    def _icon(self, entry: Entry, size: int) -> QPixmap | None:
        if entry.image is None:
            return None
        key = (entry.image, size, self.theme.palette.accent)
        if key not in self._icons:
            from kiosk.ui.pagination import load_scaled_image, tinted  # noqa: PLC0415

            image = load_scaled_image(self.library.root / entry.image, QSize(size, size))
            if image is not None and self.high_contrast:
                image = tinted(image, self.theme.palette.accent)
            self._icons[key] = QPixmap.fromImage(image) if image is not None else QPixmap()
        pixmap = self._icons[key]
        return None if pixmap.isNull() else pixmap

    # -- content -------------------------------------------------------------------------

    def reload_content(self) -> None:
        """Load the content folder again now (the admin screen's button)."""
        if self.watcher is not None:
            self.watcher.reload()  # emits reloaded -> apply_library
        else:
            self.apply_library(load_library(self.library.root, previous=self.library))

    def apply_library(self, library: ContentLibrary) -> None:
        """Show new content without disturbing a patient more than the change requires.

        A topic being read that changed is laid out again on the same page (or the last
        one, if it got shorter); one that was deleted returns the patient to its list.
        """
        was_empty = self.library.is_empty
        self.library = library
        self._icons.clear()
        self.setWindowTitle(library.site.name)
        self._apply_texts()
        self._refresh_admin_status()
        if library.is_empty:
            if self._reader is not None:
                self._reader.clear()
            self._show_updating()
            return
        if was_empty:
            self.go_home()
            return
        if self._reader is None or not self._is_showing(self._reader):
            return
        ref = self._reader.ref
        if ref is None:
            return
        found = library.entry(ref, self.lang)
        if found is None:
            log.info("the topic being read (%s) was removed; back to its list", ref)
            self.reader.clear()
            self.open_section(ref.section)
            return
        entry, fallback = found
        if self.reader.showing is entry:
            return  # the file did not change: the same entry was kept
        page = self.reader.page
        self._show_entry(entry, fallback, page)

    # -- admin and lockdown --------------------------------------------------------------

    def _count_admin_tap(self) -> None:
        now = self._clock()
        self._admin_taps = [t for t in self._admin_taps if now - t <= ADMIN_TAP_WINDOW_S]
        self._admin_taps.append(now)
        if len(self._admin_taps) >= ADMIN_TAPS:
            self._admin_taps.clear()
            self.open_admin()

    def open_admin(self) -> None:
        """Show the PIN pad (or, in windowed mode with no PIN set, the admin panel)."""
        self.idle.watch(IdleState.OFF)
        if not self.options.admin_pin_hash and not self.kiosk_mode:
            self.open_admin_panel()
            return
        self.show_pin_pad()

    def show_pin_pad(self) -> None:
        self.idle.watch(IdleState.OFF)
        if self._pin_lock is None and self.options.admin_pin_hash:
            from kiosk.pin import PinLock  # noqa: PLC0415 - only when the admin gesture is made

            self._pin_lock = PinLock(self.options.admin_pin_hash, now=self._clock)
        self.pin_pad.clear()
        self.pin_pad.show_message("" if self._pin_lock else self.strings["admin_no_pin"])
        self.pin_pad.ok_button.setEnabled(self._pin_lock is not None)
        self.pin_pad.cover_parent()
        self.pin_pad.show()

    def _check_pin(self, pin: str) -> None:
        if self._pin_lock is None:
            return
        if self._pin_lock.check(pin):
            self.pin_pad.hide()
            self.open_admin_panel()
            return
        locked = self._pin_lock.locked_for()
        self.pin_pad.show_message(
            self.strings.format("admin_pin_locked", seconds=round(locked + 0.5))
            if locked > 0
            else self.strings["admin_pin_wrong"]
        )

    def open_admin_panel(self) -> None:
        admin = self.admin  # built first, so the figures below have somewhere to go
        self._refresh_admin_status()
        self._refresh_admin_usage()
        admin.cover_parent()
        admin.show()

    def _refresh_admin_status(self) -> None:
        if self._admin is None:
            return  # worked out when the panel opens
        library = self.library
        problems = library.problems
        counts = {
            section: len(library.entries(section, library.site.base_language))
            for section in Section
        }
        status = self.strings.format(
            "admin_status",
            topics=counts[Section.LEARN],
            treatments=counts[Section.TREATMENTS],
            languages=", ".join(library.site.languages),
            folder=library.root,
            loaded=library.loaded_at.strftime("%H:%M:%S"),
        )
        lines = [p.format() for p in sorted(set(problems))]
        if lines:
            head = self.strings.format("admin_problems", count=len(lines))
            more = len(lines) - ADMIN_PROBLEM_LINES
            tail = [self.strings.format("admin_more_problems", count=more)] if more > 0 else []
            text = "\n".join([head, *lines[:ADMIN_PROBLEM_LINES], *tail])
        else:
            text = self.strings["admin_no_problems"]
        self.admin.set_status(status, text)

    def _refresh_admin_usage(self) -> None:
        """The last 7 days at a glance: the same figures as `kiosk stats`, and its chart."""
        if self.usage_db is None or not self.usage_db.exists():
            self.admin.set_usage(
                "Usage counting is off on this kiosk."
                if self.usage_db is None
                else "No usage recorded yet.",
                None,
            )
            return
        from kiosk.analytics.chart import chart_svg  # noqa: PLC0415 - only on the admin screen
        from kiosk.analytics.report import UsageDataError, summarize  # noqa: PLC0415

        try:
            summary = summarize(self.usage_db, since=dt.date.today() - dt.timedelta(days=6))
        except UsageDataError as exc:
            self.admin.set_usage(f"Usage figures cannot be read: {exc}", None)
            return
        top = (
            ", ".join(
                f"{self._title_of(t.section, t.slug, t.name)} ({t.opens})"
                for t in summary.top_by_opens(3)
            )
            or "none yet"
        )
        median = summary.median_session_seconds
        minutes = median / 60 if median is not None else 0.0
        text = (
            f"Last 7 days: {summary.sessions} sessions, median {minutes:.1f} min. "
            f"Most opened: {top}. QR codes shown {summary.qr_shown}, Listen used "
            f"{summary.listens}."
        )
        self.admin.set_usage(text, chart_svg(summary, size=(1200, 700)))

    def _title_of(self, section: str, slug: str, fallback: str) -> str:
        """A counted topic's title as the admin knows it (it may since have been removed)."""
        try:
            found = self.library.entry(EntryRef(Section(section), slug), self.lang)
        except ValueError:
            return fallback
        return found[0].title if found else fallback

    def _close_admin(self) -> None:
        for overlay in (self._pin_pad, self._admin):
            if overlay is not None:
                overlay.hide()
        self.go_home()

    def _overlay_open(self) -> bool:
        return any(o is not None and o.isVisible() for o in (self._pin_pad, self._admin))

    def show_still_there(self) -> None:
        self.prompt.cover_parent()
        self.prompt.show()

    def enter_full_screen(self, hide_cursor: bool = True) -> None:
        """Kiosk mode: frameless, on top, covering the screen, cursor hidden, locked down."""
        self.kiosk_mode = True
        self.setWindowFlags(_kiosk_window_flags())  # nothing to do if made with them
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            # With no window manager, showFullScreen() leaves the natural size: cover the
            # screen first. (Set afterwards, a geometry cancels the full-screen state, and a
            # window manager would then keep its panels above the kiosk.)
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        if hide_cursor and QApplication.overrideCursor() is None:
            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))

    def leave_full_screen(self) -> None:
        """An ordinary window (from the admin screen), for staff to work beside the kiosk."""
        self.kiosk_mode = False
        self.setWindowFlags(Qt.WindowType.Window)
        while QApplication.overrideCursor() is not None:
            QApplication.restoreOverrideCursor()
        self.showNormal()
        self.resize(WINDOWED_SIZE)

    def toggle_full_screen(self) -> None:
        if self.kiosk_mode:
            self.leave_full_screen()
        else:
            self.enter_full_screen()
        if self._admin is not None:
            self._admin.set_window_mode_text(
                self.strings["admin_windowed" if self.kiosk_mode else "admin_fullscreen"]
            )

    def exit_kiosk(self) -> None:
        """The one way out of kiosk mode: from the admin panel, after the PIN. The window
        closes and says so (``exited``); the application decides to stop."""
        log.info("kiosk exit requested")
        self._exit_allowed = True
        self.close()
        self.exited.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.kiosk_mode and not self._exit_allowed:
            log.info("refused a close request (kiosk mode)")
            event.ignore()
            return
        handle = self.windowHandle()
        if handle is not None:
            handle.removeEventFilter(self)
        event.accept()
