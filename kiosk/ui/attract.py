"""The attract screen, shown after the privacy reset until someone touches the screen.

It speaks to someone walking past, three metres away, who has chosen nothing yet: the
clinic's name, one topic at a time in a large card (its picture, title and summary), and the
invitation to touch in every language the site offers, each in its own words.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QEasingCurve, QPropertyAnimation, QRect, Qt
from PySide6.QtGui import QHideEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGraphicsOpacityEffect,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import ContentLibrary, Section
from kiosk.i18n import Strings
from kiosk.session import Place
from kiosk.ui.screens import Context, Look, Screen, sentence
from kiosk.ui.widgets import make_label

PICTURE_PX = 220  # a highlight's picture, at a 1080 px short side


class Highlight(NamedTuple):
    """A topic or treatment as the attract screen shows it: what the clinic wrote for its
    card, never anything a patient read."""

    kicker: str  # the section it is in ("Learn about ketamine therapy")
    title: str
    summary: str
    picture: Path | None


def highlights_of(library: ContentLibrary, lang: str) -> list[Highlight]:
    """Every topic, then every treatment, in the order their lists show them."""
    found = []
    for section in (Section.LEARN, Section.TREATMENTS):
        kicker = library.site.section(section, lang).title
        for entry, _ in library.entries(section, lang):
            picture = library.root / entry.image if entry.image is not None else None
            found.append(Highlight(kicker, entry.title, entry.summary, picture))
    return found


def invitations(languages: tuple[str, ...], first: str) -> list[str]:
    """The invitation to touch in each of ``languages``, in its own words, ``first`` first;
    a language with no catalogue of its own (English words again) is left out."""
    ordered = [first, *(lang for lang in languages if lang != first)]
    words = [Strings(lang)["touch_to_start"] for lang in ordered]
    return list(dict.fromkeys(words))


def text_height(label: QLabel, text: str, width: int) -> int:
    """How tall ``label`` would be with ``text`` wrapped at ``width``, as QLabel measures
    plain text."""
    label.ensurePolished()  # the style sheet's font size
    flags = Qt.TextFlag.TextWordWrap | label.alignment()
    bounds = QRect(0, 0, max(width, 1), 100_000)
    return label.fontMetrics().boundingRect(bounds, int(flags), text).height()


def text_width(label: QLabel) -> int:
    """The width of ``label``'s text on one line."""
    label.ensurePolished()
    return label.fontMetrics().horizontalAdvance(label.text()) + 1  # +1: a rounding pixel


class AttractScreen(Screen):
    """Clinic name, a slowly changing highlight, and "Touch the screen to start" in every
    language at once.

    Motion follows WCAG 2.2.2: a new highlight fades in over 1.5 s and then rests for 8 s, so
    nothing moves for more than 5 s at a time. With ``reduced_motion`` in ``kiosk.toml``
    nothing fades: the highlight changes all at once, at most every 20 s.
    """

    FADE_MS = 1500
    REST_MS = 8000
    STILL_MS = 20000  # reduced motion: a calm interval, and no movement in between

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self._pictures = context.pictures
        # Its card is sized to the window (``_fit_to_size``): it must not make the window,
        # or the screens beside it in the stack, any larger.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._layout = QVBoxLayout(self)
        self.name = make_label(role="attract-name")
        self.tagline = make_label(role="attract-tagline")
        for label in (self.name, self.tagline):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        # The card keeps its place and size; only what is inside it changes (and fades in).
        self.panel = QWidget()
        self.panel.setObjectName("AttractHighlight")
        self.panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._panel_layout = QVBoxLayout(self.panel)
        self.content = QWidget()
        self._panel_layout.addWidget(self.content, 0, Qt.AlignmentFlag.AlignVCenter)
        self._content_layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.content)
        self._content_layout.setContentsMargins(0, 0, 0, 0)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.kicker = make_label(role="attract-kicker")
        self.highlight = make_label(role="attract-highlight")  # the highlight's title
        self.summary = make_label(role="attract-summary")
        words = QVBoxLayout()
        words.setSpacing(0)
        for label in (self.kicker, self.highlight, self.summary):
            words.addWidget(label)
        self._words = words
        self._content_layout.addWidget(self.picture)
        self._content_layout.addLayout(words, 1)

        self.invitation_box = QWidget()
        self.invitation_box.setObjectName("AttractInvitation")
        self.invitation_box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._invitation_layout = QVBoxLayout(self.invitation_box)
        self.invitation: list[QLabel] = []  # one line per language, the patient's first

        self._layout.addStretch(1)
        self._layout.addWidget(self.name)
        self._layout.addWidget(self.tagline)
        self._layout.addStretch(1)
        self._layout.addWidget(self.panel)
        self._layout.addStretch(1)
        self._layout.addWidget(self.invitation_box, 0, Qt.AlignmentFlag.AlignHCenter)
        self._show_invitation([])

        self._highlights: list[Highlight] = []
        self._index = 0
        self._effect = QGraphicsOpacityEffect(self.content)
        self._effect.setOpacity(1.0)
        self.content.setGraphicsEffect(self._effect)
        self._fade = QPropertyAnimation(self._effect, b"opacity", self)
        self._fade.setDuration(self.FADE_MS)
        self._fade.setStartValue(0.0)
        self._fade.setEndValue(1.0)
        self._fade.setEasingCurve(QEasingCurve.Type.InOutSine)
        self._timer = context.timer_factory()
        self._timer.setParent(self)  # dies with its owner: never fires at a deleted object
        self._timer.setInterval(self.FADE_MS + self.REST_MS)
        self._timer.timeout.connect(self.show_next_highlight)
        self._set_orientation(landscape=False)

    @property
    def cta(self) -> QLabel:
        """The invitation in the patient's language (the site's, after the reset)."""
        return self.invitation[0]

    @property
    def reduced_motion(self) -> bool:
        return self.session.config.reduced_motion

    def restyle(self, look: Look) -> None:
        super().restyle(look)
        theme = look.theme
        margin = theme.margin
        self._layout.setContentsMargins(margin, margin, margin, margin)
        self._layout.setSpacing(theme.px(40, text=False))
        padding = theme.px(56, text=False)
        self._panel_layout.setContentsMargins(padding, padding, padding, padding)
        self._content_layout.setSpacing(theme.px(48, text=False))
        self._words.setSpacing(theme.px(16, text=False))
        self._invitation_layout.setSpacing(theme.px(8, text=False))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """The picture above the words in portrait, beside them on a landscape screen."""
        super().resizeEvent(event)
        size = event.size()
        self._set_orientation(landscape=size.width() > size.height())
        self._fit_to_size()

    @property
    def landscape(self) -> bool:
        return self._content_layout.direction() == QBoxLayout.Direction.LeftToRight

    def _set_orientation(self, *, landscape: bool) -> None:
        self._content_layout.setDirection(
            QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom
        )
        align = Qt.AlignmentFlag.AlignLeft if landscape else Qt.AlignmentFlag.AlignHCenter
        for label in (self.kicker, self.highlight, self.summary):
            label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)

    def _fit_to_size(self) -> None:
        """The card as tall as its tallest highlight needs at this width, so that it keeps
        its size and place while the highlights change inside it; the invitation as wide as
        its longest line."""
        theme = self.look.theme
        margins = self._panel_layout.contentsMargins()
        width = self.width() - 2 * theme.margin - margins.left() - margins.right()
        picture = theme.px(PICTURE_PX, text=False)
        spacing = self._content_layout.spacing()
        words_width = width - picture - spacing if self.landscape else width
        tallest = 0
        for shown in self._highlights:
            parts = [(self.kicker, shown.kicker), (self.highlight, shown.title)]
            parts.append((self.summary, shown.summary))
            heights = [text_height(label, text, words_width) for label, text in parts if text]
            words = sum(heights) + self._words.spacing() * (len(heights) - 1)
            has_picture = shown.picture is not None
            if self.landscape:
                height = max(words, picture if has_picture else 0)
            else:
                height = words + (picture + spacing if has_picture else 0)
            tallest = max(tallest, height)
        self.panel.setFixedHeight(tallest + margins.top() + margins.bottom())
        room = self.width() - 2 * theme.margin
        lines = [label for label in self.invitation if not label.isHidden()]
        widest = max(text_width(label) for label in lines) if lines else 0
        # The pill's sides give way before its words wrap.
        across = max(theme.px(24, text=False), min(theme.px(80, text=False), (room - widest) // 2))
        down = theme.px(36, text=False)
        self._invitation_layout.setContentsMargins(across, down, across, down)
        self.invitation_box.setFixedWidth(min(room, widest + 2 * across))

    def present(self, place: Place) -> None:
        """The clinic's name, and topics to highlight in a fixed order: never what a patient
        read."""
        library = self.session.library
        lang = self.session.preferences.lang
        name, tagline = library.site.display_name(lang)
        self.name.setText(name)
        self.tagline.setText(tagline)
        self.tagline.setVisible(bool(tagline))
        self._show_invitation(invitations(library.site.languages, lang))
        highlights = highlights_of(library, lang)
        if highlights != self._highlights:
            self._highlights = highlights
            self._index = 0
        self._fit_to_size()  # for these highlights, in this look
        self._show_highlight()  # in this look: the picture's size and colour may be new
        interval = self.STILL_MS if self.reduced_motion else self.FADE_MS + self.REST_MS
        if self._timer.interval() != interval:
            self._timer.setInterval(interval)
        if not self._timer.isActive():
            self._effect.setOpacity(1.0)
            self._timer.start()

    def _show_invitation(self, lines: list[str]) -> None:
        while len(self.invitation) < max(1, len(lines)):
            label = make_label(role="attract-cta")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._invitation_layout.addWidget(label)
            self.invitation.append(label)
        for index, label in enumerate(self.invitation):
            label.setText(lines[index] if index < len(lines) else "")
            label.setVisible(index < len(lines))

    def _show_highlight(self) -> None:
        if not self._highlights:
            self.panel.hide()
            return
        self.panel.show()
        shown = self._highlights[self._index]
        theme = self.look.theme
        picture = None
        if shown.picture is not None:
            tint = theme.palette.accent if self.session.preferences.high_contrast else None
            picture = self._pictures.get(shown.picture, theme.px(PICTURE_PX, text=False), tint)
        if picture is not None:
            self.picture.setPixmap(picture)
        else:
            self.picture.clear()
        self.picture.setVisible(picture is not None)
        self.kicker.setText(shown.kicker)
        self.highlight.setText(shown.title)
        self.summary.setText(shown.summary)
        self.summary.setVisible(bool(shown.summary))

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """Nothing moves where nobody sees it."""
        super().hideEvent(event)
        self.stop()

    def spoken_text(self) -> str:
        said = [self.name.text(), self.highlight.text(), self.summary.text()]
        said += [label.text() for label in self.invitation if not label.isHidden()]
        return " ".join(sentence(part) for part in said if part)

    def stop(self) -> None:
        self._timer.stop()
        self._fade.stop()
        self._effect.setOpacity(1.0)

    def show_next_highlight(self) -> None:
        """The next topic, all at once; then it fades in, unless motion is reduced."""
        if len(self._highlights) < 2:
            return
        self._index = (self._index + 1) % len(self._highlights)
        self._show_highlight()
        if not self.reduced_motion:
            self._fade.start()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.session.start()  # any touch: a new patient
        event.accept()
