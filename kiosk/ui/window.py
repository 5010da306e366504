"""``KioskWindow``: the view of the session. One window, a stack of screens, overlays on top.

It has four jobs and decides nothing itself:

- the shell and the lockdown: in kiosk mode frameless, on top of everything, full screen,
  the cursor hidden, and close requests refused (the only way out is the admin screen);
- input: every touch and key counts as activity, and keys become session calls;
- the screens: each built the first time a place needs it, and kept in the current look
  (``kiosk.ui.screen_registry``);
- ``show_place``: shows whatever place the session is at.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QCursor,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QAbstractButton, QApplication, QStackedWidget, QVBoxLayout, QWidget

from kiosk.admin import Admin
from kiosk.assets import WINDOW_ICON_SIZES, app_icon_png
from kiosk.session import Attract, Home, Place, Session, TimerFactory
from kiosk.ui.controls import ControlBar, SpeechBar
from kiosk.ui.icons import Pictures
from kiosk.ui.screen_registry import ScreenRegistry, overlay_class, screen_class
from kiosk.ui.screens import Context, Look, Screen
from kiosk.ui.theme import Theme
from kiosk.ui.touch_explore import TouchExplorer
from kiosk.ui.touch_guard import TouchGuard
from kiosk.ui.widgets import settle_layout

log = logging.getLogger(__name__)

WINDOWED_SIZE = QSize(540, 960)
INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd,
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.Wheel,
}
ACTIVITY_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


def app_icon() -> QIcon:
    """The kiosk's own icon, at the sizes a window's icon is drawn (``WINDOW_ICON_SIZES``)."""
    icon = QIcon()
    for px in WINDOW_ICON_SIZES:
        icon.addFile(str(app_icon_png(px)), QSize(px, px))
    return icon


def _kiosk_window_flags() -> Qt.WindowType:
    """Frameless and above every other window: nothing to drag, close or cover the kiosk."""
    return (
        Qt.WindowType.Window
        | Qt.WindowType.FramelessWindowHint
        | Qt.WindowType.WindowStaysOnTopHint
    )


class KioskWindow(QWidget):
    """Shows the session: one window, a stack of screens, overlays on top."""

    exited = Signal()  # the admin chose "Exit kiosk"

    def __init__(
        self,
        session: Session,
        admin: Admin,
        *,
        timer_factory: TimerFactory = QTimer,
        size: QSize | None = None,
    ) -> None:
        """``size``: the size the window will be shown at, so the theme and Home are made once
        for it rather than again when the window is shown.

        In kiosk mode the window is made with its kiosk window flags: set later, they make Qt
        set up every widget in it again."""
        if session.kiosk_mode:
            super().__init__(None, _kiosk_window_flags())
        else:
            super().__init__()
        if size is not None:
            self.resize(size)
        self.setObjectName("KioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setWindowIcon(app_icon())
        self.setWindowTitle(session.library.site.name)
        self.session = session
        self.admin = admin
        self.context = Context(session, admin, Pictures(), timer_factory)
        self._timer_factory = timer_factory
        self.explorer: TouchExplorer | None = None  # speech mode's touch, where speech exists
        self._speech_expected = False  # speech is starting: Listen is offered already
        self._exit_allowed = False
        self.touch_guard = TouchGuard(
            session, ignore_repeat_seconds=session.config.touch_repeat_seconds
        )
        self.top_bar = ControlBar()
        self.speech_bar = SpeechBar()
        self.stack = QStackedWidget()
        self.screens = ScreenRegistry(self.context, self.stack, self, lambda: self.look)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.top_bar)
        column.addWidget(self.speech_bar)
        column.addWidget(self.stack, 1)
        self.look = Look(Theme(), session.strings)
        self._key_actions: dict[Qt.Key, Callable[[], None]] = {
            Qt.Key.Key_Right: session.next_page,
            Qt.Key.Key_PageDown: session.next_page,
            Qt.Key.Key_Left: session.previous_page,
            Qt.Key.Key_PageUp: session.previous_page,
            Qt.Key.Key_Home: session.go_home,
            Qt.Key.Key_Escape: session.go_home,  # Escape never exits
        }
        self._connect()
        self.restyle()
        # A focus ring only after Tab or the arrow keys, as browsers' :focus-visible: the
        # window holds the focus at first, buttons take it only from the keys (TabFocus), and
        # a touch anywhere gives it back to the window (the nearest widget that takes focus on
        # a click), so a ring never says "you chose this" to someone who touched.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _connect(self) -> None:
        session, bar = self.session, self.top_bar
        bar.home_requested.connect(session.go_home)
        bar.smaller_requested.connect(lambda: session.change_text_size(-1))
        bar.larger_requested.connect(lambda: session.change_text_size(+1))
        bar.language_requested.connect(session.next_language)
        bar.contrast_requested.connect(session.toggle_contrast)
        bar.listen_requested.connect(session.toggle_listening)
        self.speech_bar.repeat_requested.connect(session.repeat_speech)
        self.speech_bar.rate_requested.connect(session.change_speech_rate)
        self.speech_bar.volume_requested.connect(session.change_speech_volume)
        session.place_changed.connect(self.show_place)
        session.preferences_changed.connect(self.restyle)
        session.library_changed.connect(self._library_changed)
        session.listening_changed.connect(self._update_bar)
        session.kiosk_mode_changed.connect(self._follow_kiosk_mode)
        self.admin.exit_requested.connect(self.exit_kiosk)

    # -- the screens ------------------------------------------------------------------------

    def show_place(self, place: Place) -> None:
        """Show ``place``: its screen, the control bar (not on Attract or the updating
        screen; Home without its Home button) and its overlay, if any."""
        screen = self.screens.screen(screen_class(place.screen))
        private = not place.shows_nothing_private
        if not private:
            for other in self.screens.built_screens():
                if other is not screen:
                    other.forget()
        self.top_bar.setVisible(private)
        self.speech_bar.setVisible(private and self.session.listening)
        self.top_bar.home_button.setVisible(not isinstance(place.screen, Home))
        if self.stack.currentWidget() is not screen:
            self.stack.setCurrentWidget(screen)
            settle_layout()
            self.touch_guard.new_screen()
        screen.present(place)
        wanted = overlay_class(place.overlay) if place.overlay is not None else None
        for kind, overlay in self.screens.built_overlays():
            if kind is not wanted:
                overlay.hide()
        if wanted is not None:
            shown = self.screens.overlay(wanted)
            shown.cover_parent()
            shown.show()

    def current_screen(self) -> Screen:
        screen = self.stack.currentWidget()
        assert isinstance(screen, Screen)
        return screen

    def screen_text(self) -> str:
        """What the screen on show says, in reading order (what Listen reads): the overlay's
        words while one is up ("Are you still there?"; staff overlays say nothing)."""
        overlay = self.session.place.overlay
        if overlay is not None:
            return self.screens.overlay(overlay_class(overlay)).spoken_text()
        return self.current_screen().spoken_text()

    # -- the look ---------------------------------------------------------------------------

    def restyle(self, _preferences: object = None) -> None:
        """Sizes for this window size and text size, colours for the contrast, words in the
        patient's language: for every screen built, and the one on show at once."""
        prefs = self.session.preferences
        size = self.size()
        theme = Theme.for_screen(
            max(size.width(), 1), max(size.height(), 1), prefs.text_scale, prefs.high_contrast
        )
        look = Look(theme, self.session.strings)
        if look != self.look or not self.styleSheet():
            self.look = look
            self.setStyleSheet(theme.qss())
            self.top_bar.restyle(look)
            self.speech_bar.restyle(look)
            self.screens.restyle(look)
        self._update_bar()
        self.show_place(self.session.place)

    @property
    def speech_available(self) -> bool:
        return self.explorer is not None

    def expect_speech(self) -> None:
        """Speech is starting: its engine says within a second or two whether it
        speaks. Listen is offered from the first paint, so nothing appears in the bar later
        and moves the buttons beside it; turned on before the voice is ready, it speaks as
        soon as it is (``ReadAloud``)."""
        self._speech_expected = True
        self._update_bar()

    def no_speech(self) -> None:
        """No engine speaks here after all: Listen goes (and speech mode, if a patient turned
        it on while the engine was starting)."""
        self._speech_expected = False
        self.session.stop_listening()
        self._update_bar()

    def set_speech(self, say: Callable[[str], None]) -> None:
        """Offer Listen and speech mode, speaking with ``say``, only where a speech engine
        exists (never a button that does nothing); ``*`` on a keypad turns it on and off, ``/``
        says the screen again."""
        self.explorer = TouchExplorer(self, self.session, say, self._timer_factory)
        self._key_actions[Qt.Key.Key_Asterisk] = self.session.toggle_listening
        self._key_actions[Qt.Key.Key_Slash] = self.session.repeat_speech
        self._update_bar()

    def _update_bar(self) -> None:
        self.top_bar.show_state(
            self.look,
            self.session.preferences,
            self.session.following_language,
            listening=self.session.listening,
        )
        self.top_bar.listen_button.setVisible(self.speech_available or self._speech_expected)
        self.speech_bar.show_state(self.look, self.session.preferences)
        place = self.session.place
        self.speech_bar.setVisible(self.session.listening and not place.shows_nothing_private)

    def _library_changed(self) -> None:
        self.context.pictures.clear()  # a picture file may have changed too
        self.setWindowTitle(self.session.library.site.name)
        self._update_bar()  # the site's languages may have changed

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.restyle()

    # -- input ------------------------------------------------------------------------------

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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Every touch, click or key counts as activity; the keyboard works wherever focus is
        (switch devices and accessibility keyboards send these keys)."""
        kind = event.type()
        if kind in INPUT_EVENTS and self.touch_guard.takes(kind):
            return True
        if kind in ACTIVITY_EVENTS:
            self.session.activity()
        if self.explorer is not None and self.explorer.handle(event):
            return True  # speech mode: a touch reads before it presses
        if kind == QEvent.Type.KeyPress and self.session.place.overlay is None:
            assert isinstance(event, QKeyEvent)
            return self._handle_key(Qt.Key(event.key()))
        return False

    def _handle_key(self, key: Qt.Key) -> bool:
        if isinstance(self.session.place.screen, Attract):
            self.session.start()  # any key starts, as any touch does
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

    # -- the shell and the lockdown ---------------------------------------------------------

    def _follow_kiosk_mode(self, kiosk_mode: bool) -> None:
        if kiosk_mode:
            self.enter_full_screen(self.session.config.hide_cursor)
        else:
            self.leave_full_screen()

    def enter_full_screen(self, hide_cursor: bool = True) -> None:
        """Kiosk mode: frameless, on top, covering the screen, cursor hidden, locked down."""
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
        self.setWindowFlags(Qt.WindowType.Window)
        while QApplication.overrideCursor() is not None:
            QApplication.restoreOverrideCursor()
        self.showNormal()
        self.resize(WINDOWED_SIZE)

    def exit_kiosk(self) -> None:
        """The one way out of kiosk mode: from the admin panel, after the PIN. The window
        closes and says so (``exited``); the application decides to stop."""
        self._exit_allowed = True
        self.close()
        self.exited.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.session.kiosk_mode and not self._exit_allowed:
            log.info("refused a close request (kiosk mode)")
            event.ignore()
            return
        handle = self.windowHandle()
        if handle is not None:
            handle.removeEventFilter(self)
        event.accept()
