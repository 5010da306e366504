"""Where the speech engine runs for ``kiosk.speech.Speaker``: speech-dispatcher on a thread of
the kiosk, Qt's text-to-speech in a helper process.

Both take the same orders (``kiosk.speech_helper``'s JSON lines) and report the same events
(dicts), through the two callbacks they are made with; the Speaker does not know which one it
has. Neither ever makes the kiosk's thread wait for the engine.

Why two. speech-dispatcher is spoken to by our own client (``kiosk.speechd``), which puts a
time limit on every wait for the server, so a hung server holds up only the speech thread,
for at most a few seconds; a process of its own would cost a second Python interpreter all
day (10.7 MiB PSS at Home, measured here) and guard against nothing more. Qt's engines
(Windows and macOS voices, flite) wait for a hung engine with no time limit, inside native
code, so they run in the helper process (``kiosk --speech-helper``), which a stuck engine can
only freeze, and which the Speaker then ends and starts again.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QProcess

from kiosk import kiosk_command
from kiosk.speech_helper import json_lines, serve_speechd

log = logging.getLogger(__name__)

Deliver = Callable[[dict[str, Any]], None]  # an event from the engine, on any thread
Ended = Callable[[str], None]  # the engine stopped by itself, and why


class SpeechEngine(Protocol):
    def send(self, line: bytes) -> None:
        """Pass one order (a JSON line) on; never waits."""

    def alive(self) -> bool: ...

    def close(self) -> None:
        """End the engine at exit: it stops when its orders end, or is left to its end."""

    def abandon(self) -> None:
        """Let go of an engine that stopped answering: nothing it does reaches the kiosk."""


class SpeechdThread:
    """speech-dispatcher on a thread of the kiosk: ``serve_speechd``, the loop the helper
    process runs on its stdin, reading the orders from a pipe of the kiosk's own. Events are
    handed over under a lock, so that none arrives once ``close`` or ``abandon`` has
    returned (the kiosk may be tearing down Qt by then)."""

    CLOSE_SECONDS = 2.0

    def __init__(self, deliver: Deliver, ended: Ended) -> None:
        self._deliver = deliver
        self._ended = ended
        self._lock = threading.Lock()
        self._open = True
        orders_in, self._orders = os.pipe()
        os.set_blocking(self._orders, False)  # a full pipe drops an order, never waits
        self._thread = threading.Thread(
            target=self._serve, args=(orders_in,), name="speech", daemon=True
        )
        self._thread.start()

    def _serve(self, orders_in: int) -> None:
        why = "stopped"
        try:
            serve_speechd(orders_in, self._report)
        except Exception as exc:  # whatever it was, speech is off and the kiosk runs on
            log.exception("the speech thread failed")
            why = f"failed ({exc})"
        finally:
            os.close(orders_in)
        with self._lock:
            if self._open:
                self._ended(why)

    def _report(self, event: dict[str, Any]) -> None:
        with self._lock:
            if self._open:
                self._deliver(event)

    def send(self, line: bytes) -> None:
        with self._lock:
            if not self._open:
                return
            try:
                os.write(self._orders, line)
            except BlockingIOError:  # the thread has not read for a long while: it is stuck
                log.warning("the speech thread is not taking orders; one was dropped")

    def alive(self) -> bool:
        return self._thread.is_alive()

    def close(self) -> None:
        self._let_go()
        self._thread.join(self.CLOSE_SECONDS)

    def abandon(self) -> None:
        """The thread ends by itself within its socket's time limit once its orders end."""
        self._let_go()

    def _let_go(self) -> None:
        with self._lock:
            if self._open:
                self._open = False
                os.close(self._orders)


class HelperProcess:
    """Qt's text-to-speech in ``kiosk --speech-helper``, a process of its own; orders written
    before it has started are kept until it has."""

    def __init__(
        self, engine_name: str | None, deliver: Deliver, ended: Ended, parent: QObject
    ) -> None:
        self._deliver = deliver
        self._ended = ended
        self._pending: list[bytes] = []
        self._buffer = b""
        self.process = QProcess(parent)
        command = kiosk_command()
        engine = ["--speech-engine", engine_name] if engine_name else []
        self.process.setProgram(command[0])
        self.process.setArguments([*command[1:], "--speech-helper", *engine])
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        self.process.readyReadStandardOutput.connect(self._read)
        self.process.started.connect(self._flush)
        self.process.finished.connect(self._finished)
        self.process.start()

    def _read(self) -> None:
        data = bytes(self.process.readAllStandardOutput().data())
        events, self._buffer = json_lines(self._buffer, data)
        for event in events:
            self._deliver(event)

    def _flush(self) -> None:
        for line in self._pending:
            self.process.write(line)
        self._pending.clear()

    def _finished(self) -> None:
        self._ended(f"stopped (exit {self.process.exitCode()})")

    def send(self, line: bytes) -> None:
        if self.process.state() == QProcess.ProcessState.Running:
            self.process.write(line)
        else:
            self._pending.append(line)

    def alive(self) -> bool:
        return self.process.state() != QProcess.ProcessState.NotRunning

    def close(self) -> None:
        self.process.finished.disconnect(self._finished)
        self.process.closeWriteChannel()
        if not self.process.waitForFinished(2000):
            self.process.kill()
            self.process.waitForFinished(1000)

    def abandon(self) -> None:
        self.process.finished.disconnect(self._finished)
        self.process.readyReadStandardOutput.disconnect(self._read)
        self.process.kill()
        self.process.waitForFinished(1000)
        self.process.deleteLater()
