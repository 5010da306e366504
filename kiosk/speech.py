"""Speech mode: a listener of the session that reads the kiosk aloud with Qt's text-to-speech
(on Linux, speech-dispatcher with espeak-ng), for a patient who cannot read the screen.

While the patient has Listen on, every new screen and page is read from its heading, with
where they are ("Page 2 of 5"); a new screen interrupts what was being said; Repeat says it
again; the speech rate and volume are the patient's preferences (the privacy reset puts them
back); and a touch reads what it touches (``kiosk.ui.touch_explore``) through ``say_words``.
Text is spoken in a voice of the patient's language where the engine has one.

Where QtTextToSpeech or a speech engine is missing, ``make_speaker`` returns None and the
Listen button stays hidden: never a button that does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, QLoggingCategory, QObject

from kiosk.session import Place, Preferences, Session

log = logging.getLogger(__name__)

# Qt Multimedia (under text-to-speech) reports each sound system it does not find (PipeWire,
# PulseAudio) on stderr; the kiosk logs what matters itself.
QUIET_SPEECH_LOGS = (
    "qt.multimedia.*.warning=false\nqt.speech.*.warning=false\nqt.speech.*.critical=false"
)


class Speaker:
    """A thin wrapper around QTextToSpeech: a voice for the patient's language, their rate
    and volume, and what it said last."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.last_text = ""

    @property
    def speaking(self) -> bool:
        from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: PLC0415 - optional module

        return bool(self.engine.state() == QTextToSpeech.State.Speaking)

    @property
    def finished(self) -> bool:
        """Not speaking, nor preparing to (Qt's engines may synthesize first)."""
        from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: PLC0415 - optional module

        state = self.engine.state()
        return bool(state in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error))

    @property
    def failed(self) -> bool:
        from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: PLC0415 - optional module

        return bool(self.engine.state() == QTextToSpeech.State.Error)

    def locale_for(self, lang: str) -> QLocale | None:
        """The engine's locale for language ``lang`` ("es": es_ES, es_MX...), or None."""
        wanted = QLocale(lang)
        available = list(self.engine.availableLocales())
        if wanted in available:
            return wanted
        same_language = [loc for loc in available if loc.language() == wanted.language()]
        return same_language[0] if same_language else None

    def say(self, text: str, lang: str, preferences: Preferences | None = None) -> None:
        """Say ``text`` in ``lang``'s voice, interrupting whatever was being said."""
        locale = self.locale_for(lang)
        if locale is not None and self.engine.locale() != locale:
            self.engine.setLocale(locale)
        elif locale is None:
            log.info("the speech engine has no voice for '%s'; using its default voice", lang)
        if preferences is not None:
            self.engine.setRate(preferences.speech_rate)
            self.engine.setVolume(preferences.speech_volume)
        self.engine.stop()
        self.last_text = text
        self.engine.say(text)

    def stop(self) -> None:
        self.engine.stop()


def speech_status() -> str:
    """One line for ``kiosk --version``: the speech engines Qt finds, or why there are none
    (the packaged program's smoke test reads it)."""
    QLoggingCategory.setFilterRules(QUIET_SPEECH_LOGS)
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: PLC0415 - optional module
    except ImportError as exc:
        return f"speech mode: not available (QtTextToSpeech: {exc})"
    engines = QTextToSpeech.availableEngines()
    if not engines:
        return "speech mode: not available (no speech engine)"
    return f"speech mode: engines {', '.join(engines)}"


def make_speaker(engine_name: str | None = None) -> Speaker | None:
    """A Speaker using ``engine_name`` (or Qt's default engine), or None if there is none."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: PLC0415 - optional module
    except ImportError:
        log.info("QtTextToSpeech is not installed; the Listen button is hidden")
        return None
    engines = QTextToSpeech.availableEngines()
    if engine_name is not None and engine_name not in engines:
        log.info("speech engine %r is not available (have %s)", engine_name, engines)
        return None
    if engine_name is None and not engines:
        log.info("no speech engine on this machine; the Listen button is hidden")
        return None
    engine = QTextToSpeech(engine_name) if engine_name else QTextToSpeech()
    if engine.state() == QTextToSpeech.State.Error:
        log.info("the speech engine failed to start; the Listen button is hidden")
        return None
    return Speaker(engine)


class ReadAloud(QObject):
    """Reads ``screen_text()`` whenever the screen changes while speech mode is on."""

    def __init__(self, session: Session, speaker: Speaker, screen_text: Callable[[], str]) -> None:
        super().__init__(session)
        self.session = session
        self.speaker = speaker
        self._screen_text = screen_text
        session.listening_changed.connect(self._listening_changed)
        # Connected after the window's own slot: the screen is on show before it is read.
        session.place_changed.connect(self._place_changed)
        session.speech_repeated.connect(self.read_screen)
        speaker.engine.stateChanged.connect(self._engine_state_changed)

    def read_screen(self) -> None:
        """The screen on show, from its heading."""
        self.say_words(self._screen_text())

    def say_words(self, text: str) -> None:
        """Say ``text`` (a screen, or what a touch found) if speech mode is on."""
        if self.session.listening and text.strip():
            prefs = self.session.preferences
            self.speaker.say(text, prefs.lang, prefs)

    def _listening_changed(self, listening: bool) -> None:
        if listening:  # how it works, then the screen
            self.say_words(f"{self.session.strings['speech_on']} {self._screen_text()}")
        else:
            self.speaker.stop()

    def _place_changed(self, _place: Place) -> None:
        if not self.session.listening:
            return
        text = self._screen_text()
        # The same words again (the reader reporting its page count) are not restarted.
        if text == self.speaker.last_text and not self.speaker.finished:
            return
        self.say_words(text)

    def _engine_state_changed(self, state: object) -> None:
        """The state comes with the signal: the engine may be going away as it says so."""
        from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: PLC0415 - optional module

        if self.session.listening and state == QTextToSpeech.State.Error:
            log.warning("the speech engine failed; speech mode is off")
            self.session.stop_listening()
