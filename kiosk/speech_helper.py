"""The speech helper: the speech engine in a process of its own (``kiosk --speech-helper``),
spoken to by ``kiosk.speech.Speaker`` one JSON line at a time.

Why a process: a speech engine can hang (a speech-dispatcher whose sound output failed, or one
left stuck by a kiosk that was stopped), and Qt's engine waits for it with no time limit. Here
it can only freeze this helper, which the kiosk then ends and starts again.

On Linux the helper speaks to speech-dispatcher itself (``kiosk.speechd``) and loads no Qt at
all; elsewhere, or for another engine, it runs Qt's text-to-speech (``kiosk.speech_qt_helper``,
imported only then: the helper is 30 MiB PSS beside the kiosk with Qt, 11 without).

In:  {"say": TEXT, "locale": "es_ES", "rate": 0.0, "volume": 0.8} | {"stop": true}
     (rate from -1 to 1, volume from 0 to 1, as Qt's text-to-speech has them)
Out: {"ready": [LOCALES]} | {"unavailable": REASON} | {"state": "speaking"|"ready"|"error"}
     | {"spoken_with": [LOCALE, RATE, VOLUME]} (after each say: the engine took it)
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import select
import sys
from typing import Any

from kiosk import LOG_FORMAT
from kiosk.speechd import SpeechdError, SpeechDispatcher, open_speechd, speaks_through_speechd

log = logging.getLogger(__name__)


def tell(event: dict[str, Any]) -> None:
    print(json.dumps(event), flush=True)


def json_lines(pending: bytes, data: bytes) -> tuple[list[dict[str, Any]], bytes]:
    """The complete lines of ``pending + data`` that are JSON objects (either end of the
    pipe: orders in the helper, events in the kiosk), and the unfinished line left over."""
    *lines, rest = (pending + data).split(b"\n")
    found = []
    for line in lines:
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict):
            found.append(item)
    return found, rest


def speechd_rate(rate: float) -> int:
    """Qt's rate (-1 to 1) as speech-dispatcher's (-100 to 100), as Qt's speechd engine maps it."""
    return round(max(-1.0, min(1.0, rate)) * 100)


def speechd_volume(volume: float) -> int:
    """Qt's volume (0 to 1) as speech-dispatcher's (-100 to 100), as Qt's speechd engine maps it."""
    return round(max(0.0, min(1.0, volume)) * 200 - 100)


class SpeechdVoice:
    """The kiosk's orders carried out on speech-dispatcher. The state reported is that of the
    latest message only: the cancelling of one that a new screen interrupted is not "ready"."""

    def __init__(self) -> None:
        self.client: SpeechDispatcher | None = None
        self._message = ""  # the id of the message said last

    def start(self) -> None:
        try:
            self.client = open_speechd()
            locales = self.client.languages()
        except SpeechdError as exc:
            self.drop()
            tell({"unavailable": str(exc)})
            return
        tell({"ready": locales})

    def command(self, order: dict[str, Any]) -> None:
        try:
            if order.get("stop"):
                if self.client is not None:
                    self.client.command("CANCEL SELF")
            elif isinstance(order.get("say"), str):
                self._say(order)
        except SpeechdError as exc:
            self.failed(exc)
        self.report()

    def read_events(self) -> None:
        """What the server has sent (its socket is readable)."""
        if self.client is not None:
            try:
                self.client.read_events()
            except SpeechdError as exc:
                self.failed(exc)
        self.report()

    def report(self) -> None:
        if self.client is None:
            return
        for message, event in self.client.take_events():
            if message == self._message:
                tell({"state": "speaking" if event == "begin" else "ready"})

    def failed(self, why: SpeechdError) -> None:
        log.warning("speech-dispatcher: %s", why)
        self.drop()
        tell({"state": "error"})

    def _say(self, order: dict[str, Any]) -> None:
        if self.client is None:  # it went away: a fresh one, as the next patient asks
            self.client = open_speechd()
        client = self.client
        locale = str(order.get("locale") or "")
        rate = float(order.get("rate", 0.0))
        volume = float(order.get("volume", 0.8))
        client.command("CANCEL SELF")
        if locale:
            client.command(f"SET SELF LANGUAGE {locale.replace('_', '-')}")
        client.command(f"SET SELF RATE {speechd_rate(rate)}")
        client.command(f"SET SELF VOLUME {speechd_volume(volume)}")
        self._message = client.speak(order["say"])
        tell({"spoken_with": [locale, rate, volume]})

    def drop(self) -> None:
        if self.client is not None:
            self.client.close()
        self.client = None


def serve_speechd() -> int:
    """Carry out the kiosk's orders until it closes its end of the pipe, reporting the
    server's events as they come."""
    voice = SpeechdVoice()
    voice.start()
    pending = b""
    while True:
        client = voice.client
        readable, _, _ = select.select([sys.stdin.fileno(), *([client] if client else [])], [], [])
        if client is not None and client in readable:
            voice.read_events()
        if sys.stdin.fileno() in readable:
            data = os.read(sys.stdin.fileno(), 65536)
            if not data:
                voice.drop()
                return 0
            orders, pending = json_lines(pending, data)
            for order in orders:
                voice.command(order)


def main(argv: list[str] | None = None) -> int:
    """``kiosk --speech-helper [--speech-engine NAME]``, as ``kiosk.speech.Speaker`` starts it;
    warnings go to stderr, which the kiosk's log receives."""
    parser = argparse.ArgumentParser(prog="kiosk --speech-helper")
    parser.add_argument("--speech-helper", action="store_true", required=True)
    parser.add_argument("--speech-engine")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format=LOG_FORMAT)
    if speaks_through_speechd(args.speech_engine):
        return serve_speechd()
    from kiosk.speech_qt_helper import serve  # noqa: PLC0415 - Qt only where it is needed

    return serve(args.speech_engine)
