"""The speech helper: Qt's text-to-speech engine in a process of its own
(``kiosk --speech-helper``), spoken to by ``kiosk.speech.Speaker`` one JSON line at a time.

Why a process: speech-dispatcher's client library waits for its server with no time limit,
holding Python's lock while it waits. A hung server (one whose sound output failed, or left
stuck by a kiosk that was stopped) would freeze the whole kiosk, on whatever thread spoke to
it. Here it can only freeze this helper, which the kiosk then ends and starts again.

In:  {"say": TEXT, "locale": "es_ES", "rate": 0.0, "volume": 0.8} | {"stop": true}
Out: {"ready": [LOCALES]} | {"unavailable": REASON} | {"state": "speaking"|"ready"|"error"}
     | {"spoken_with": [LOCALE, RATE, VOLUME]} (after each say: the engine took it)
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QLoggingCategory, QObject, QTimer, Signal

from kiosk import LOG_FORMAT
from kiosk.speechd import speechd_usable

# Qt Multimedia (under text-to-speech) reports each sound system it does not find (PipeWire,
# PulseAudio) on stderr; the kiosk logs what matters itself. (Here, not in ``kiosk.speech``,
# which brings the session: the helper loads only what speaking needs.)
QUIET_SPEECH_LOGS = (
    "qt.multimedia.*.warning=false\nqt.speech.*.warning=false\nqt.speech.*.critical=false"
)


def tell(event: dict[str, Any]) -> None:
    print(json.dumps(event), flush=True)


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


def main(argv: list[str] | None = None) -> int:
    """``kiosk --speech-helper [--speech-engine NAME]``, as ``kiosk.speech.Speaker`` starts it;
    warnings go to stderr, which the kiosk's log receives."""
    parser = argparse.ArgumentParser(prog="kiosk --speech-helper")
    parser.add_argument("--speech-helper", action="store_true", required=True)
    parser.add_argument("--speech-engine")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format=LOG_FORMAT)
    return serve(args.speech_engine)
