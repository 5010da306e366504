"""speech-dispatcher, spoken to directly: its protocol (SSIP), with a time limit on every answer.

On Linux the kiosk speaks through speech-dispatcher itself, on a thread
(``kiosk.speech_engine``), rather than through Qt's text-to-speech, for two reasons measured
here. Qt's engine (through libspeechd) waits for the server's answer with no time limit, so a
hung speech-dispatcher hangs whoever asked; and Qt's engine in a helper process is a second Qt
process beside the kiosk all day (30 MiB PSS at Home). SSIP is a small
line protocol (a command, a numbered answer, "7xx" events for the start and end of each
message), and its Python client (``speechd``, from speech-dispatcher itself) is not on PyPI,
so the few commands the kiosk needs are here, on a socket with a timeout. A server that does
not answer is stopped (its pid file, of this user only) and a fresh one started, as
libspeechd's own autospawn would.

Other platforms, and engines other than speech-dispatcher, keep Qt's text-to-speech
(``kiosk.speech_qt_helper``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)

SSIP_HELLO = b"SET SELF CLIENT_NAME patient-kiosk:probe:main\r\n"
PROBE_SECONDS = 2.0
SPAWN_SECONDS = 10.0
EVENTS = {"701": "begin", "702": "end", "703": "cancel"}  # SSIP's events, as the kiosk names them


class SpeechdError(OSError):
    """speech-dispatcher refused a command, went away, or did not answer in time."""


def speaks_through_speechd(engine_name: str | None) -> bool:
    """Whether the kiosk speaks through speech-dispatcher directly (SSIP): asked for
    by name, or on Linux by default where speech-dispatcher is installed or running; never
    for a network address (``SPEECHD_ADDRESS=inet_socket:...``), which Qt's engine handles."""
    path = speechd_socket()
    if engine_name not in (None, "speechd") or path is None:
        return False
    if engine_name == "speechd":
        return True
    return sys.platform.startswith("linux") and (
        shutil.which("speech-dispatcher") is not None or path.exists()
    )


def speechd_folder() -> Path:
    """Where this user's speech-dispatcher keeps its socket and pid file (as libspeechd finds
    them: $XDG_RUNTIME_DIR, else the cache folder)."""
    base = os.environ.get("XDG_RUNTIME_DIR") or str(Path.home() / ".cache")
    return Path(base) / "speech-dispatcher"


def speechd_socket() -> Path | None:
    """The unix socket speech-dispatcher listens on for this user, or None for a network
    address."""
    address = os.environ.get("SPEECHD_ADDRESS", "")
    if address.startswith("unix_socket:"):
        return Path(address.removeprefix("unix_socket:"))
    return None if address else speechd_folder() / "speechd.sock"


def speechd_answers(path: Path, timeout: float = PROBE_SECONDS) -> bool | None:
    """Whether the speech-dispatcher at ``path`` answers within ``timeout`` (None: nothing
    listens there, so a fresh one may be started)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(timeout)
        try:
            probe.connect(str(path))
        except OSError:
            return None
        try:
            probe.sendall(SSIP_HELLO)
            return probe.recv(64).startswith(b"2")
        except OSError:
            return False


def stop_stuck_speechd(folder: Path) -> bool:
    """Stop this user's speech-dispatcher (from its pid file), so a fresh one can start."""
    try:
        pid = int((folder / "pid" / "speech-dispatcher.pid").read_text().split()[0])
        os.kill(pid, signal.SIGKILL)
    except (OSError, ValueError, IndexError):
        return False
    for _ in range(20):
        time.sleep(0.05)
        try:
            os.kill(pid, 0)
        except OSError:
            break
    (folder / "speechd.sock").unlink(missing_ok=True)
    return True


def speechd_usable() -> bool:
    """False when speech-dispatcher is there but stuck, and stays stuck after a restart."""
    path = speechd_socket()
    if path is None or speechd_answers(path) is not False:
        return True
    if path.parent == speechd_folder() and stop_stuck_speechd(path.parent):
        log.warning("speech-dispatcher (%s) was not answering; it was restarted", path)
        return speechd_answers(path) is not False
    log.warning(
        "speech-dispatcher (%s) is not answering and could not be restarted; speech mode "
        "is off until the kiosk starts again (restart speech-dispatcher, or the machine)",
        path,
    )
    return False


def spawn_speechd(path: Path) -> None:
    """Start this user's speech-dispatcher on ``path``, as libspeechd's autospawn does (the
    server forks, and exits by itself once no client has been connected for a while)."""
    program = shutil.which("speech-dispatcher")
    if program is None:
        raise SpeechdError(
            "speech-dispatcher is not installed (on Debian: apt-get install speech-dispatcher "
            "espeak-ng)"
        )
    command = [program, "--spawn", "--communication-method", "unix_socket"]
    try:
        done = subprocess.run(
            [*command, "--socket-path", str(path)],
            capture_output=True,
            text=True,
            timeout=SPAWN_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise SpeechdError(f"speech-dispatcher did not start within {SPAWN_SECONDS:.0f} s") from exc
    log.debug("speech-dispatcher --spawn: exit %s, %s", done.returncode, done.stderr.strip())


class SpeechDispatcher:
    """One connection to speech-dispatcher, speaking SSIP: each command waits at most
    ``timeout`` for its answer (``SpeechdError`` otherwise). The start, end or cancelling of
    each message arrives whenever the server sends it, between commands (``read_events``,
    when the socket is readable) or in the middle of one; ``take_events`` hands them over as
    (message id, "begin" | "end" | "cancel"), in order."""

    def __init__(self, path: Path, timeout: float = PROBE_SECONDS) -> None:
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._socket.settimeout(timeout)
        self._buffer = b""
        self._block: list[str] = []  # the lines of an answer or event so far ("225-...")
        self._events: list[tuple[str, str]] = []
        try:
            self._socket.connect(str(path))
            self.command("SET SELF CLIENT_NAME user:patient-kiosk:speech")
            for event in EVENTS.values():
                self.command(f"SET SELF NOTIFICATION {event} on")
        except OSError:  # SpeechdError included
            self._socket.close()
            raise

    def fileno(self) -> int:
        return self._socket.fileno()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._socket.sendall(b"QUIT\r\n")
        self._socket.close()

    def command(self, line: str) -> list[str]:
        """Send one command; its answer's lines (the last one "2xx OK ...")."""
        self._send(line.encode() + b"\r\n")
        return self._answer(line)

    def languages(self) -> list[str]:
        """The languages of the voices the server has ("en", "en_US", "es", "es_419"), each
        once, in its order: the first two parts of each voice's tag, as a locale name."""
        found: dict[str, None] = {}
        for line in self.command("LIST SYNTHESIS_VOICES")[:-1]:
            fields = line[4:].split("\t")
            if len(fields) >= 2 and fields[1]:
                found["_".join(fields[1].split("-")[:2])] = None
        return list(found)

    def speak(self, text: str) -> str:
        """Queue ``text``; its message id, which its events carry."""
        self.command("SPEAK")
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        # A line that starts with a dot has it doubled: "." alone ends the text.
        data = "\r\n".join("." + line if line.startswith(".") else line for line in lines)
        self._send(data.encode() + b"\r\n.\r\n")
        answer = self._answer("SPEAK (the text)")
        return answer[0][4:] if len(answer) > 1 else ""

    def read_events(self) -> None:
        """Take what the server has sent (the socket is readable)."""
        self._receive()
        self._read_events()

    def take_events(self) -> list[tuple[str, str]]:
        """The events read so far, each once."""
        events, self._events = self._events, []
        return events

    def _send(self, data: bytes) -> None:
        try:
            self._socket.sendall(data)
        except OSError as exc:
            raise SpeechdError(f"speech-dispatcher went away ({exc})") from exc

    def _answer(self, what: str) -> list[str]:
        while (answer := self._read_buffer()) is None:
            self._receive(what)
        self._read_events()  # those that came with the answer: none is left waiting
        if not answer[-1].startswith("2"):
            raise SpeechdError(f"speech-dispatcher refused {what!r}: {answer[-1]}")
        return answer

    def _receive(self, what: str = "") -> None:
        try:
            data = self._socket.recv(65536)
        except TimeoutError as exc:
            raise SpeechdError(f"speech-dispatcher did not answer {what!r} in time") from exc
        except OSError as exc:
            raise SpeechdError(f"speech-dispatcher went away ({exc})") from exc
        if not data:
            raise SpeechdError("speech-dispatcher closed the connection")
        self._buffer += data

    def _read_events(self) -> None:
        while self._read_buffer() is not None:
            pass  # no command is waiting: an answer here is one that came too late

    def _read_buffer(self) -> list[str] | None:
        """Events in what has arrived, up to the next complete answer, which is returned."""
        while b"\r\n" in self._buffer:
            raw, self._buffer = self._buffer.split(b"\r\n", 1)
            line = raw.decode("utf-8", "replace")
            self._block.append(line)
            if line[3:4] == "-":
                continue  # more lines of the same answer follow
            block, self._block = self._block, []
            event = EVENTS.get(line[:3])
            if event is None:
                return block
            self._events.append((block[0][4:] if len(block) > 1 else "", event))
        return None


def open_speechd() -> SpeechDispatcher:
    """A connection to this user's speech-dispatcher, started if none runs; a stuck one is
    restarted first (``speechd_usable``). ``SpeechdError`` says why there is none."""
    path = speechd_socket()
    if path is None:
        raise SpeechdError("SPEECHD_ADDRESS names a network address; use Qt's speechd engine")
    if not speechd_usable():
        raise SpeechdError("speech-dispatcher is not answering")
    try:
        return SpeechDispatcher(path)
    except (FileNotFoundError, ConnectionRefusedError):
        pass  # nothing listens: start one, as libspeechd would
    spawn_speechd(path)
    deadline = time.monotonic() + PROBE_SECONDS
    while True:
        try:
            return SpeechDispatcher(path)
        except (FileNotFoundError, ConnectionRefusedError) as exc:
            if time.monotonic() > deadline:
                raise SpeechdError(f"speech-dispatcher did not start on {path}") from exc
            time.sleep(0.05)
