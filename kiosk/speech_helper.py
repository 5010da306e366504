"""The speech engine's side of speech, spoken to by ``kiosk.speech.Speaker`` one JSON line
at a time: on Linux speech-dispatcher (``serve_speechd``, run on a thread of the kiosk, see
``kiosk.speech_engine``), elsewhere Qt's text-to-speech in the speech helper, a process of its
own (``kiosk --speech-helper``, ``kiosk.speech_qt_helper``), as Qt's engines wait for a hung
engine with no time limit.

``kiosk --speech-helper --speech-engine speechd`` runs the speech-dispatcher loop in a process
too, on its stdin and stdout: the packaged program's smoke test speaks through it, and IT can
try speech from a terminal with it (``(echo '{"say": "Hello"}'; sleep 3) | kiosk
--speech-helper``: the voices, then "speaking" and "ready"; with its input closed at once it
quits before those two come).

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
from collections.abc import Callable
from typing import Any

from kiosk import LOG_FORMAT
from kiosk.speechd import SpeechdError, SpeechDispatcher, open_speechd, speaks_through_speechd

log = logging.getLogger(__name__)


def tell(event: dict[str, Any]) -> None:
    """An event to the kiosk, from the helper process: a JSON line on stdout."""
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

    def __init__(self, report: Callable[[dict[str, Any]], None] = tell) -> None:
        self._tell = report  # where the events go: the helper's stdout, or the kiosk's thread
        self.client: SpeechDispatcher | None = None
        self._message = ""  # the id of the message said last

    def start(self) -> None:
        try:
            self.client = open_speechd()
            locales = self.client.languages()
        except SpeechdError as exc:
            self.drop()
            self._tell({"unavailable": str(exc)})
            return
        self._tell({"ready": locales})

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
                self._tell({"state": "speaking" if event == "begin" else "ready"})

    def failed(self, why: SpeechdError) -> None:
        log.warning("speech-dispatcher: %s", why)
        self.drop()
        self._tell({"state": "error"})

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
        self._tell({"spoken_with": [locale, rate, volume]})

    def drop(self) -> None:
        if self.client is not None:
            self.client.close()
        self.client = None


def serve_speechd(orders_fd: int, report: Callable[[dict[str, Any]], None] = tell) -> int:
    """Carry out the kiosk's orders, read from the file descriptor ``orders_fd``, until the kiosk
    closes its end, reporting the server's events as they come."""
    voice = SpeechdVoice(report)
    voice.start()
    pending = b""
    while True:
        client = voice.client
        watched: list[int | SpeechDispatcher] = [orders_fd, *([client] if client else [])]
        readable, _, _ = select.select(watched, [], [])
        if client is not None and client in readable:
            voice.read_events()
        if orders_fd in readable:
            data = os.read(orders_fd, 65536)
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
        return serve_speechd(sys.stdin.fileno())
    from kiosk.speech_qt_helper import serve  # noqa: PLC0415 - Qt only where it is needed

    return serve(args.speech_engine)
