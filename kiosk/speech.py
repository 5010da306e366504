"""Read aloud: a listener of the session that speaks the current screen with Qt's
text-to-speech when the patient taps Listen, and stops when they tap it again, move on, or
leave.

QtTextToSpeech comes with PySide6-Addons, an optional extra (``pip install -e '.[speech]'``):
it is large, and a kiosk without a speech engine should not carry it. Where the module or an
engine is missing, ``make_speaker`` returns None and the Listen button stays hidden: never a
button that does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, QObject

from kiosk.session import Session

log = logging.getLogger(__name__)


class Speaker:
    """A thin wrapper around QTextToSpeech that picks a voice for the patient's language."""

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

    def say(self, text: str, lang: str) -> None:
        locale = QLocale(lang)
        if locale in self.engine.availableLocales():
            self.engine.setLocale(locale)
        self.last_text = text
        self.engine.say(text)

    def stop(self) -> None:
        self.engine.stop()


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
    """Speaks ``screen_text()`` while the session is listening; tells the session when the
    engine has finished."""

    def __init__(self, session: Session, speaker: Speaker, screen_text: Callable[[], str]) -> None:
        super().__init__(session)
        self.session = session
        self.speaker = speaker
        self._screen_text = screen_text
        session.listening_changed.connect(self._listening_changed)
        speaker.engine.stateChanged.connect(self._engine_state_changed)

    def _listening_changed(self, listening: bool) -> None:
        if listening:
            self.speaker.say(self._screen_text(), self.session.preferences.lang)
        else:
            self.speaker.stop()

    def _engine_state_changed(self, _state: object) -> None:
        if self.session.listening and self.speaker.finished:
            self.session.stop_listening()
