"""Read aloud: the Listen button speaks the current screen with Qt's text-to-speech.

QtTextToSpeech comes with PySide6-Addons, an optional extra (``pip install -e '.[speech]'``):
it is large, and a kiosk without a speech engine should not carry it. Where the module or an
engine is missing, ``make_speaker`` returns None and the Listen button stays hidden: never a
button that does nothing.
"""

from __future__ import annotations

import logging
from typing import Any

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

    def say(self, text: str, lang: str) -> None:
        from PySide6.QtCore import QLocale  # noqa: PLC0415

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
