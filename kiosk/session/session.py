"""``Session``: the one owner of where the patient is and what they chose.

It holds the content library, the place (``kiosk.session.place``), the patient's preferences,
the visit (from a patient's first action to the privacy reset), whether the kiosk is locked
down, and the idle timer. Every touch, key, link and test becomes a call here; the session
decides the next place and tells its listeners with Qt signals. It uses QtCore only (signals
and timers), no widgets, so it is tested without a window: the window shows the place, usage
counting records the visit, read aloud speaks, the admin screen refreshes.

Pages are counted by whoever lays a list or topic out at its real size and text size, the
window: it reports the count, and the page that keeps the patient's place, with ``paged``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import NamedTuple

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.config import KioskConfig
from kiosk.content import ContentLibrary, EntryRef, Section
from kiosk.content.library import Entry
from kiosk.content.names import LINK_SCHEME
from kiosk.errors import ContentError
from kiosk.i18n import Strings
from kiosk.session.idle import Idle, IdleTimer, TimerFactory, idle_behaviour
from kiosk.session.place import (
    Attract,
    CardList,
    Closed,
    Home,
    Notice,
    Overlay,
    Place,
    Reading,
    Screen,
    Updating,
)
from kiosk.session.preferences import Preferences

log = logging.getLogger(__name__)

STAFF_OVERLAYS = (Overlay.PIN_PAD, Overlay.ADMIN)


class OpenTopic(NamedTuple):
    """The entry on screen while reading, and whether it is a fallback (not the patient's
    language)."""

    entry: Entry
    fallback: bool


class Session(QObject):
    """Where the patient is (``place``), what they chose (``preferences``), and the visit."""

    place_changed = Signal(object)  # Place
    preferences_changed = Signal(object)  # Preferences
    library_changed = Signal(object)  # ContentLibrary
    kiosk_mode_changed = Signal(bool)
    listening_changed = Signal(bool)  # speech mode turned on (True) or off
    speech_repeated = Signal()  # say the screen again
    woken = Signal()  # a touch woke the closed screen
    visit_started = Signal()
    visit_ended = Signal(str)  # why: "home" (Start over), "timeout" or "exit"
    topic_opened = Signal(object, int)  # EntryRef, its page count
    page_turned = Signal(object, int, int)  # EntryRef, the page reached (0-based), page count
    countdown = Signal(int)  # seconds "Still there?" has left

    def __init__(
        self,
        library: ContentLibrary,
        config: KioskConfig | None = None,
        *,
        timer_factory: TimerFactory = QTimer,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.config = config or KioskConfig()
        self.kiosk_mode = self.config.fullscreen
        self.preferences = self._site_defaults()
        self.place = Place(self._home())
        self.listening = False
        self.in_visit = False
        self.last_activity: float | None = None  # Unix time of the last touch or key
        self._topic: OpenTopic | None = None
        self._opening: EntryRef | None = None  # opened, its page count not known yet
        self.idle = IdleTimer(
            self.config.idle_timeout,
            self.config.still_there_timeout,
            self.config.attract_delay,
            timer_factory,
            self,
        )
        self.idle.expired.connect(self._idle_expired)
        self.idle.countdown.connect(self.countdown)
        self.idle.countdown_over.connect(lambda: self.reset("timeout"))
        self.idle.watch(idle_behaviour(self.place))

    # -- what is known ----------------------------------------------------------------------

    @property
    def strings(self) -> Strings:
        """The interface words in the patient's language."""
        return Strings(self.preferences.lang)

    @property
    def topic(self) -> OpenTopic | None:
        """The entry being read, where the place is a topic."""
        return self._topic if isinstance(self.place.screen, Reading) else None

    @property
    def countdown_seconds(self) -> int:
        """Seconds "Still there?" has left, while it shows."""
        return self.idle.seconds_left

    @property
    def following_language(self) -> str | None:
        """The site language after the patient's (the language button's), or None."""
        languages = self.library.site.languages
        if len(languages) < 2:
            return None
        lang = self.preferences.lang
        index = languages.index(lang) if lang in languages else -1
        return languages[(index + 1) % len(languages)]

    def _site_defaults(self) -> Preferences:
        return Preferences(lang=self.library.site.default_language)

    def _home(self, notice: Notice | None = None) -> Screen:
        return Updating() if self.library.is_empty else Home(notice)

    def _go(
        self, screen: Screen, overlay: Overlay | None = None, *, announce: bool = False
    ) -> None:
        """Move to a place; tell the listeners if it changed (or, with ``announce``, anyway:
        the content behind it changed)."""
        place = Place(screen, overlay)
        if place == self.place and not announce:
            return
        self.place = place
        self.idle.watch(idle_behaviour(place))
        self.place_changed.emit(place)

    def _patient_acts(self) -> None:
        """A visit begins with a patient's first action after start-up or the privacy reset."""
        if not self.in_visit:
            self.in_visit = True
            self.visit_started.emit()

    def end_visit(self, reason: str) -> None:
        """The patient's visit is over (the privacy reset, or the kiosk stopping)."""
        if self.in_visit:
            self.in_visit = False
            self.visit_ended.emit(reason)

    # -- navigation -------------------------------------------------------------------------

    def start(self) -> None:
        """The touch on the attract screen: a new patient."""
        self._patient_acts()
        self._go(self._home())

    def go_home(self) -> None:
        """Home (the Home button, Escape). Staff overlays stay until staff close them."""
        if self.place.overlay in STAFF_OVERLAYS:
            return
        self._patient_acts()
        self._go(self._home())

    def open_section(self, section: Section, notice: Notice | None = None) -> None:
        self._patient_acts()
        self._go(CardList(section, notice=notice))

    def open_entry(self, ref: EntryRef) -> bool:
        """Open a topic or treatment; False (and stay put) if it does not exist or cannot be
        shown."""
        found = self.library.entry(ref, self.preferences.lang)
        if found is None:
            log.warning("no such topic or treatment: %s", ref)
            return False
        self._patient_acts()
        return self._show_topic(OpenTopic(*found), page=0, opening=True)

    def _show_topic(
        self, topic: OpenTopic, *, page: int, opening: bool, overlay: Overlay | None = None
    ) -> bool:
        """Convert (once) and show an entry. A body that cannot be converted is taken off the
        list, with a calm word to the patient and the details in the log and admin screen."""
        entry = topic.entry
        try:
            self.library.render(entry)
        except ContentError as exc:
            log.error("cannot show %s: %s", entry.path, exc)
            self.library.withdraw(entry, exc.message)
            self._topic = None
            self.library_changed.emit(self.library)
            self._go(CardList(entry.ref.section, notice=Notice.PAGE_UNAVAILABLE), overlay)
            return False
        self._topic = topic
        self._opening = entry.ref if opening else None
        self._go(Reading(entry.ref, page), overlay, announce=True)
        return True

    def follow_link(self, url: str) -> None:
        """Only links between topics are followed; anything else is ignored."""
        scheme, _, target = url.partition(":")
        if scheme != LINK_SCHEME:
            log.info("ignored a link that is not a kiosk route")
            return
        try:
            ref = EntryRef.parse(target)
        except ValueError:
            log.info("ignored a malformed kiosk link: %s", target)
            return
        self.open_entry(ref)

    def next_page(self) -> None:
        """Next (button, swipe, key): the next page; after a topic's last, back to its list."""
        self._turn(+1)

    def previous_page(self) -> None:
        """Back: the page before; before a topic's first, back to its list."""
        self._turn(-1)

    def _turn(self, step: int) -> None:
        screen = self.place.screen
        if self.place.overlay is not None or not isinstance(screen, Reading | CardList):
            return
        count = screen.page_count or 1
        page = screen.page + step
        if isinstance(screen, Reading):
            self._patient_acts()
            if not 0 <= page < count:
                self.open_section(screen.ref.section)
                return
            self._go(replace(screen, page=page))
            self.page_turned.emit(screen.ref, page, count)
        elif 0 <= page < count:
            self._patient_acts()
            self._go(replace(screen, page=page, notice=None))

    def paged(self, page_count: int, page: int) -> None:
        """The window laid the list or topic on screen out: it has ``page_count`` pages, and
        the patient's place is on ``page``. A topic counts as opened (for usage figures) the
        first time it is laid out."""
        screen = self.place.screen
        if not isinstance(screen, Reading | CardList):
            return
        page = max(0, min(page, page_count - 1))
        self._go(replace(screen, page=page, page_count=page_count), self.place.overlay)
        if isinstance(screen, Reading) and self._opening == screen.ref:
            self._opening = None
            self.topic_opened.emit(screen.ref, page_count)

    # -- preferences ------------------------------------------------------------------------

    def change_text_size(self, step: int) -> None:
        """A+ (+1) / A− (-1): one step larger or smaller, from 100% to 200%."""
        self._patient_acts()
        self._set_preferences(self.preferences.with_text_step(step))

    def toggle_contrast(self) -> None:
        self._patient_acts()
        prefs = self.preferences
        self._set_preferences(replace(prefs, high_contrast=not prefs.high_contrast))

    def next_language(self) -> None:
        following = self.following_language
        if following is not None:
            self.set_language(following)

    def set_language(self, lang: str) -> None:
        """Show the interface and the content in ``lang``; an open topic follows."""
        if lang == self.preferences.lang:
            return
        self._patient_acts()
        self.set_preferences(replace(self.preferences, lang=lang))

    def set_preferences(self, preferences: Preferences) -> None:
        """Text size, contrast and language at once (``kiosk render`` sets them so)."""
        new_language = preferences.lang != self.preferences.lang
        self._set_preferences(preferences)
        screen = self.place.screen
        if new_language and isinstance(screen, Reading):
            self.open_entry(screen.ref)

    def _set_preferences(self, preferences: Preferences) -> None:
        if preferences != self.preferences:
            self.preferences = preferences
            self.preferences_changed.emit(preferences)

    # -- read aloud -------------------------------------------------------------------------

    def toggle_listening(self) -> None:
        """Listen: speech mode on (every screen is read aloud as it comes, and a touch reads
        what it touches), or off."""
        self._patient_acts()
        self._set_listening(not self.listening)

    def stop_listening(self) -> None:
        """Speech mode off (the patient's Stop, or a speech engine that failed)."""
        self._set_listening(False)

    def repeat_speech(self) -> None:
        """Say the screen again from its heading (speech mode's Repeat)."""
        if self.listening:
            self.speech_repeated.emit()

    def change_speech_rate(self, step: int) -> None:
        """Faster (+1) or slower (-1) speech."""
        self._patient_acts()
        self._set_preferences(self.preferences.with_rate_step(step))

    def change_speech_volume(self, step: int) -> None:
        """Louder (+1) or quieter (-1) speech."""
        self._patient_acts()
        self._set_preferences(self.preferences.with_volume_step(step))

    def _set_listening(self, listening: bool) -> None:
        if listening != self.listening:
            self.listening = listening
            self.listening_changed.emit(listening)

    # -- idle, privacy and overlays ----------------------------------------------------------

    def activity(self) -> None:
        """Any touch, click or key: the person is still here (one tap answers "Still there?")."""
        self.last_activity = time.time()  # for the health status: when the screen was used
        self.idle.activity()
        if self.place.overlay is Overlay.STILL_THERE:
            self._go(self.place.screen)

    def _idle_expired(self, behaviour: Idle) -> None:
        if behaviour is Idle.HOME:
            self.reset("timeout")
        else:
            self.ask_still_there()

    def ask_still_there(self) -> None:
        """ "Are you still there?", counting down to the privacy reset."""
        self._go(self.place.screen, Overlay.STILL_THERE)

    def reset(self, reason: str = "timeout") -> None:
        """The privacy reset: end the visit, forget what was read and chosen, show Attract."""
        self.end_visit(reason)
        self._set_listening(False)
        self._topic = None
        self._opening = None
        self._go(Updating() if self.library.is_empty else Attract())
        self._set_preferences(self._site_defaults())

    # -- opening hours (kiosk.session.schedule decides when) ----------------------------------

    def close_for_now(self) -> None:
        """Outside opening hours: the privacy reset, then a black screen (the display sleeps)."""
        self.end_visit("closed")
        self._set_listening(False)
        self._topic = None
        self._opening = None
        self._go(Closed())
        self._set_preferences(self._site_defaults())

    def wake(self) -> None:
        """A touch on the closed screen: the attract screen, for a while. The touch itself
        presses nothing (the window takes it)."""
        if isinstance(self.place.screen, Closed):
            self._go(self._attract())
            self.woken.emit()

    def open_again(self) -> None:
        """Opening time: the attract screen, awake."""
        if isinstance(self.place.screen, Closed):
            self._go(self._attract())

    def _attract(self) -> Screen:
        return Updating() if self.library.is_empty else Attract()

    def open_pin_pad(self) -> None:
        self._go(self.place.screen, Overlay.PIN_PAD)

    def open_admin_panel(self) -> None:
        """The admin screen (the admin module asks for it once the PIN is right)."""
        self._go(self.place.screen, Overlay.ADMIN)

    def close_admin(self) -> None:
        """Staff are done (Cancel on the PIN pad, Close on the admin screen): back to Home."""
        self._go(self._home())

    def show_error(self) -> None:
        """After an unexpected error: a calm word on Home (the details are in the log)."""
        self._go(self._home(Notice.ERROR))

    def set_kiosk_mode(self, kiosk_mode: bool) -> None:
        """Locked down, full screen (True), or an ordinary window for staff (False)."""
        if kiosk_mode != self.kiosk_mode:
            self.kiosk_mode = kiosk_mode
            self.kiosk_mode_changed.emit(kiosk_mode)

    # -- content ----------------------------------------------------------------------------

    def apply_library(self, library: ContentLibrary) -> None:
        """New content (a live reload, or the topics after Home's first paint), disturbing the
        patient no more than the change requires: a topic being read that changed is laid
        out again on the same page (or the last, if it got shorter); one that was deleted
        returns the patient to its list; staff overlays stay."""
        was_empty = self.library.is_empty
        self.library = library
        self.library_changed.emit(library)
        overlay = self.place.overlay if self.place.overlay in STAFF_OVERLAYS else None
        screen = self.place.screen
        if library.is_empty:
            self._topic = None
            self._go(Updating(), overlay)
        elif was_empty or isinstance(screen, Updating):
            self._go(Home(), overlay)
        elif isinstance(screen, Reading) and self._topic is not None:
            found = library.entry(screen.ref, self.preferences.lang)
            if found is None:
                log.info("the topic being read (%s) was removed; back to its list", screen.ref)
                self._topic = None
                self._go(CardList(screen.ref.section), overlay)
            elif found[0] is self._topic.entry:
                self._go(screen, self.place.overlay, announce=True)
            else:
                self._show_topic(
                    OpenTopic(*found), page=screen.page, opening=False, overlay=self.place.overlay
                )
        else:
            self._go(screen, self.place.overlay, announce=True)
