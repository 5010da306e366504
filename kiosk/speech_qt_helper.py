"""The speech helper's Qt engine: Qt's text-to-speech, for the platforms and engines that
``kiosk.speech_helper`` does not speak to directly (Windows and macOS voices, flite, Qt's mock
engine in the tests). Loaded only there: with it the helper is 30 MiB PSS beside the kiosk,
without it 11 MiB.
"""

from __future__ import annotations

import json
import sys
import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QLoggingCategory, QObject, QTimer, Signal

from kiosk.speech_helper import tell
from kiosk.speechd import speechd_usable

# Qt Multimedia (under text-to-speech) reports each sound system it does not find (PipeWire,
# PulseAudio) on stderr; the kiosk logs what matters itself. (Here, not in ``kiosk.speech``,
# which brings the session: the helper loads only what speaking needs.)
QUIET_SPEECH_LOGS = (
    "qt.multimedia.*.warning=false\nqt.speech.*.warning=false\nqt.speech.*.critical=false"
)


class Commands(QObject):
    """Lines from the kiosk, read on a thread and handed to the Qt loop; ``closed`` when the
    kiosk has gone (its end of the pipe closed)."""

    line = Signal(str)
    closed = Signal()

    def start(self) -> None:
        threading.Thread(target=self._read, name="speech-commands", daemon=True).start()

    def _read(self) -> None:
        for text in sys.stdin:
            self.line.emit(text)
        self.closed.emit()


class Engine:
    """One QTextToSpeech, doing what the kiosk asks."""

    def __init__(self, engine_name: str | None) -> None:
        self._engine_name = engine_name
        self._engine: Any = None

    def start(self) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: PLC0415 - optional module

        name = self._engine_name
        engines = QTextToSpeech.availableEngines()
        if not engines:
            tell({"unavailable": "no speech engine is installed"})
            return
        if name is not None and name not in engines:
            tell({"unavailable": f"no speech engine '{name}' (have {', '.join(engines)})"})
            return
        uses_speechd = name == "speechd" or (name is None and "speechd" in engines)
        if uses_speechd and not speechd_usable():
            tell({"unavailable": "speech-dispatcher is not answering"})
            return
        engine = QTextToSpeech(name) if name else QTextToSpeech()
        if engine.state() == QTextToSpeech.State.Error:
            tell({"unavailable": f"the speech engine failed to start: {engine.errorString()}"})
            return
        self._engine = engine
        states = {QTextToSpeech.State.Speaking: "speaking", QTextToSpeech.State.Error: "error"}
        engine.stateChanged.connect(lambda state: tell({"state": states.get(state, "ready")}))
        tell({"ready": [locale.name() for locale in engine.availableLocales()]})

    def command(self, text: str) -> None:
        engine = self._engine
        try:
            order = json.loads(text)
        except ValueError:
            return
        if engine is None or not isinstance(order, dict):
            return
        if order.get("stop"):
            engine.stop()
        elif isinstance(order.get("say"), str):
            locale = str(order.get("locale") or "")
            if locale and engine.locale().name() != locale:
                engine.setLocale(QLocale(locale))
            engine.setRate(float(order.get("rate", 0.0)))
            engine.setVolume(float(order.get("volume", 0.8)))
            engine.stop()
            engine.say(order["say"])
            tell({"spoken_with": [engine.locale().name(), engine.rate(), engine.volume()]})


def serve(engine_name: str | None) -> int:
    """Run the helper until the kiosk closes its end of the pipe."""
    QLoggingCategory.setFilterRules(QUIET_SPEECH_LOGS)
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    engine = Engine(engine_name)
    commands = Commands()
    commands.line.connect(engine.command)
    commands.closed.connect(app.quit)
    QTimer.singleShot(0, engine.start)
    QTimer.singleShot(0, commands.start)
    return app.exec()
