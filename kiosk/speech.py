"""Speech mode: a listener of the session that reads the kiosk aloud (on Linux through
speech-dispatcher with espeak-ng, elsewhere through Qt's text-to-speech), for a patient who
cannot read the screen.

While the patient has Listen on, every new screen and page is read from its heading, with
where they are ("Page 2 of 5"); a new screen interrupts what was being said; Repeat says it
again; the speech rate and volume are the patient's preferences (the privacy reset puts them
back); and a touch reads what it touches (``kiosk.ui.touch_explore``) through ``say_words``.
Text is spoken in a voice of the patient's language where the engine has one. The engine
runs on a thread or in a helper process (``kiosk.speech_engine``), so a hung speech engine
never freezes the kiosk.

Where there is no engine at all, ``make_speaker`` returns None; where the engine does not
speak, the engine says so. Either way the Listen button stays hidden: never a button that
does nothing.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QLocale, QLoggingCategory, QObject, Signal

from kiosk.session import Place, Preferences, Session
from kiosk.speech_engine import HelperProcess, SpeechdThread, SpeechEngine
from kiosk.speech_qt_helper import QUIET_SPEECH_LOGS
from kiosk.speechd import speaks_through_speechd

log = logging.getLogger(__name__)


class Speaker(QObject):
    """The kiosk's side of speech: tells the speech engine (``kiosk.speech_engine``: a thread
    for speech-dispatcher, a helper process for Qt's engines) to speak or stop, in the voice of
    the patient's language, at their rate and volume, and keeps what it said and what the
    engine reported. ``ready`` or ``unavailable`` says, once, whether it can speak. Nothing
    here ever waits for the engine: one that stops answering is let go and started again.

    The engine's events come through ``_event`` as (engine number, event): queued onto the
    kiosk's thread from the speech thread, and those of an engine already let go are dropped."""

    ready = Signal()
    unavailable = Signal()
    state_changed = Signal(str)  # as the engine reports it: "speaking", "ready" or "error"
    _event = Signal(int, object)
    _ended = Signal(int, str)

    ANSWER_SECONDS = 5.0  # an engine that has not taken a "say" by then is stuck

    def __init__(
        self, engine_name: str | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self._clock = clock
        self.last_text = ""
        self.state = "starting"
        self.locales: list[str] = []
        self.spoken_with: tuple[str, float, float] | None = None  # locale, rate, volume
        self._engine_name = engine_name
        self._announced = False
        self._waiting_since: float | None = None  # a "say" the engine has not taken yet
        self._event.connect(self._handle_from)
        self._ended.connect(self._engine_ended)
        self._number = 0
        self.engine = self._start_engine()

    def _start_engine(self) -> SpeechEngine:
        self._number += 1
        deliver = partial(self._event.emit, self._number)
        ended = partial(self._ended.emit, self._number)
        if speaks_through_speechd(self._engine_name):
            return SpeechdThread(deliver, ended)
        return HelperProcess(self._engine_name, deliver, ended, self)

    def _restart(self, why: str) -> None:
        log.warning("the speech engine %s; starting it again", why)
        self.engine.abandon()
        self._waiting_since = None
        self.engine = self._start_engine()

    def _send(self, order: dict[str, object]) -> None:
        self.engine.send(json.dumps(order).encode() + b"\n")

    def _handle_from(self, number: int, event: dict[str, Any]) -> None:
        if number == self._number:
            self._handle(event)

    def _handle(self, event: dict[str, Any]) -> None:
        if "ready" in event:
            self.locales = [str(name) for name in event["ready"]]
            self._set_state("ready")
            self._announce(self.ready)
        elif "unavailable" in event:
            log.info("speech mode is off: %s", event["unavailable"])
            self._set_state("error")
            self._announce(self.unavailable)
        elif "state" in event:
            self._set_state(str(event["state"]))
        elif "spoken_with" in event:
            locale, rate, volume = event["spoken_with"]
            self.spoken_with = (str(locale), float(rate), float(volume))
            self._waiting_since = None

    def _announce(self, signal: Any) -> None:
        if not self._announced:
            self._announced = True
            signal.emit()

    def _set_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    def _engine_ended(self, number: int, why: str) -> None:
        if number == self._number:
            log.warning("the speech engine %s", why)
            self._set_state("error")
            self._announce(self.unavailable)

    @property
    def speaking(self) -> bool:
        return self.state == "speaking"

    @property
    def finished(self) -> bool:
        """Not speaking, nor about to (a request may still be on its way to the engine)."""
        return self.state in ("ready", "error")

    @property
    def failed(self) -> bool:
        return self.state == "error"

    def locale_for(self, lang: str) -> str | None:
        """The engine's locale for language ``lang`` ("es": es_ES, es_MX...), or None."""
        wanted = QLocale(lang)
        if wanted.name() in self.locales:
            return wanted.name()
        same = [name for name in self.locales if QLocale(name).language() == wanted.language()]
        return same[0] if same else None

    def say(self, text: str, lang: str, preferences: Preferences) -> None:
        """Say ``text`` in ``lang``'s voice, interrupting whatever was being said."""
        waiting = self._waiting_since
        if waiting is not None and self._clock() - waiting > self.ANSWER_SECONDS:
            self._restart("stopped answering (speech-dispatcher hung?)")
        elif not self.engine.alive():
            self._restart("had stopped")
        locale = self.locale_for(lang)
        if locale is None:
            log.info("the speech engine has no voice for '%s'; using its default voice", lang)
        self.last_text = text
        self.state = "queued"
        if self._waiting_since is None:
            self._waiting_since = self._clock()
        self._send(
            {
                "say": text,
                "locale": locale or "",
                "rate": preferences.speech_rate,
                "volume": preferences.speech_volume,
            }
        )

    def stop(self) -> None:
        self._send({"stop": True})

    def close(self) -> None:
        """End the engine (at exit): it stops when its orders end, or is ended."""
        self._number += 1  # nothing from it is handled any more
        self.engine.close()


def speech_engines() -> tuple[list[str], str]:
    """Qt's speech engines on this machine, and why there are none where there are none."""
    QLoggingCategory.setFilterRules(QUIET_SPEECH_LOGS)
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: PLC0415 - optional module
    except ImportError as exc:
        return [], f"QtTextToSpeech: {exc}"
    engines = list(QTextToSpeech.availableEngines())
    return engines, "" if engines else "no speech engine"


def speech_status() -> str:
    """One line for ``kiosk --version``: the speech engines Qt finds, or why there are none
    (the packaged program's smoke test reads it)."""
    engines, why = speech_engines()
    direct = "speech-dispatcher, spoken to directly" if speaks_through_speechd(None) else ""
    if not engines:
        return f"speech mode: {direct}" if direct else f"speech mode: not available ({why})"
    qt_engines = f"engines {', '.join(engines)} (Qt's)"
    return f"speech mode: {direct}; {qt_engines}" if direct else f"speech mode: {qt_engines}"


def make_speaker(engine_name: str | None = None) -> Speaker | None:
    """A Speaker starting ``engine_name`` (or the platform's default), or
    None where there is nothing to speak with at all (not speech-dispatcher, and PySide6
    without its text-to-speech module); it says ``ready`` or ``unavailable`` once started.

    Whether the engine speaks is the engine's to find out: the kiosk's own process never
    loads QtTextToSpeech and the sound libraries under it (the kiosk at Home: 82 -> 80 MiB
    PSS, measured here)."""
    no_qt_speech = importlib.util.find_spec("PySide6.QtTextToSpeech") is None
    if no_qt_speech and not speaks_through_speechd(engine_name):
        log.info("speech mode is off (PySide6 has no QtTextToSpeech); the Listen button is hidden")
        return None
    return Speaker(engine_name)


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
        speaker.state_changed.connect(self._engine_state_changed)
        if session.listening:  # Listen was touched while the engine was starting
            self._listening_changed(True)

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

    def _engine_state_changed(self, state: str) -> None:
        if self.session.listening and state == "error":
            log.warning("the speech engine failed; speech mode is off")
            self.session.stop_listening()
