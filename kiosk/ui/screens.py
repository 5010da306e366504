"""What every screen can do, and the simple screens: Home and a calm message.

A screen is told the look (``restyle``: theme and words) and what to show (``present``: a
place of the session); it keeps nothing a patient chose or read once told to ``forget``, and
says what it shows for read aloud (``spoken_text``). Its buttons call the session (or, for
staff, the admin module): screens show, the session decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from kiosk.content import Section
from kiosk.i18n import Strings
from kiosk.session import Home, Notice, Place, Session, TimerFactory
from kiosk.ui.icons import Pictures, control_icon
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import RichButton, make_label

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent, QResizeEvent

    from kiosk.admin import Admin


class Context(NamedTuple):
    """What a screen is built with: whom its buttons call, and what it may share."""

    session: Session
    admin: Admin
    pictures: Pictures  # content pictures, decoded once for the lists and the reader
    timer_factory: TimerFactory


class Look(NamedTuple):
    """How everything looks now: the theme for this window and text size, and the words in
    the patient's language."""

    theme: Theme
    strings: Strings


class Screen(QWidget):
    """Base for full-window screens: themed background, no context menu."""

    def __init__(self, context: Context) -> None:
        super().__init__()
        self.session = context.session
        self.setObjectName("Screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.look = Look(Theme(), Strings())

    def restyle(self, look: Look) -> None:
        """A new theme or language; ``present`` follows for the screen on show."""
        self.look = look

    def present(self, place: Place) -> None:
        """Show ``place``, with the session's content and words."""

    def forget(self) -> None:
        """Drop whatever the last patient chose or read (the privacy reset)."""

    def spoken_text(self) -> str:
        """What the screen says, in reading order, for read aloud."""
        return ""


def sentence(text: str) -> str:
    """``text`` ending as a sentence for read aloud: a heading gets a full stop, so the voice
    pauses after it, unless it ends in its own ("Is ketamine safe?" is not "safe?.", which a
    speech engine may read as "safe question mark dot")."""
    text = text.strip()
    return text if not text or text.endswith((".", "?", "!", ":", "…")) else text + "."


def notice_text(notice: Notice | None, strings: Strings) -> str:
    if notice is Notice.ERROR:
        return f"{sentence(strings['error_title'])} {strings['error_body']}"
    if notice is Notice.PAGE_UNAVAILABLE:
        return strings["page_unavailable"]
    return ""


class HomeScreen(Screen):
    """The clinic's name and two large tiles, each with its icon: learn, and our treatments."""

    TILE_ICON_PX = 120  # at a 1080 px short side
    TILE_ICON_MAX_TEXT_SCALE = 1.5

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self._admin = context.admin
        self._layout = QVBoxLayout(self)
        self.name = make_label(role="clinic")
        self.tagline = make_label(role="tagline")
        self.notice = make_label(role="notice")
        for label in (self.name, self.tagline, self.notice):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.hide()
        self.tiles_box = QWidget()
        self._tile_layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.tiles_box)
        self._tile_layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addStretch(1)
        self._layout.addWidget(self.name)
        self._layout.addWidget(self.tagline)
        self._layout.addWidget(self.notice)
        self._layout.addStretch(1)
        self._layout.addWidget(self.tiles_box, 4)
        self._layout.addStretch(1)
        self.tiles: dict[Section, RichButton] = {}
        for section in Section:
            icon = self._tile_icon(section, self.look.theme)  # drawn again in each look
            tile = RichButton("", "", role="tile", padding=0, icon=icon, centred=True)
            tile.clicked.connect(lambda _=False, s=section: self.session.open_section(s))
            self._tile_layout.addWidget(tile, 1)
            self.tiles[section] = tile
        self.name.mousePressEvent = self._on_name_pressed  # type: ignore[method-assign]

    def _tile_icon(self, section: Section, theme: Theme) -> QPixmap:
        """A tile's icon (``assets/icons/learn.svg``, ``treatments.svg``) in the colour of its
        words in this theme."""
        px = theme.px(self.TILE_ICON_PX, text=False)
        return control_icon(str(section), theme.palette, px, primary=True).pixmap(px)

    def _on_name_pressed(self, event: QMouseEvent) -> None:
        self._admin.tap_name()  # the hidden way in for staff
        event.accept()

    def restyle(self, look: Look) -> None:
        super().restyle(look)
        theme = look.theme
        self._tile_layout.setSpacing(theme.margin)
        for section, tile in self.tiles.items():
            tile.set_padding(theme.px(44, text=False))
            tile.setMinimumHeight(theme.px(300, text=False))
            if tile.icon_label is not None:
                tile.icon_label.setPixmap(self._tile_icon(section, theme))
                # Larger text than this needs the whole tile: the words come first.
                tile.icon_label.setVisible(theme.text_scale <= self.TILE_ICON_MAX_TEXT_SCALE)
        margin = theme.margin
        self._layout.setContentsMargins(margin, margin, margin, margin)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Tiles side by side on a landscape screen, one above the other in portrait."""
        super().resizeEvent(event)
        size = event.size()
        landscape = size.width() > size.height()
        self._tile_layout.setDirection(
            QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom
        )

    def present(self, place: Place) -> None:
        """Names and tiles updated in place: layouts are never replaced during a resize."""
        site = self.session.library.site
        lang = self.session.preferences.lang
        name, tagline = site.display_name(lang)
        self.name.setText(name)
        self.tagline.setText(tagline)
        self.tagline.setVisible(bool(tagline))
        for section, tile in self.tiles.items():
            text = site.section(section, lang)
            tile.set_texts(text.title, text.summary)
        notice = place.screen.notice if isinstance(place.screen, Home) else None
        self.notice.setText(notice_text(notice, self.look.strings))
        self.notice.setVisible(notice is not None)

    def spoken_text(self) -> str:
        tiles = [
            f"{sentence(tile.title_label.text())} {tile.summary_label.text()}"
            for tile in self.tiles.values()
        ]
        return " ".join([sentence(self.name.text()), *tiles])


class ClosedScreen(Screen):
    """Outside opening hours: black, nothing to read (the display is put to sleep too, where
    the platform allows). A touch wakes the kiosk; the window makes sure it presses nothing."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.setObjectName("ClosedScreen")
        self.setStyleSheet("QWidget#ClosedScreen { background: black; }")


class MessageScreen(Screen):
    """A calm full-screen message ("content is being updated"): never a traceback."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        layout = QVBoxLayout(self)
        self.title = make_label(role="title")
        self.body = make_label(role="muted")
        for label in (self.title, self.body):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addStretch(1)

    def present(self, place: Place) -> None:
        strings = self.look.strings
        self.title.setText(strings["updating_title"])
        self.body.setText(strings["updating_body"])

    def spoken_text(self) -> str:
        return f"{sentence(self.title.text())} {self.body.text()}"
