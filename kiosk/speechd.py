"""speech-dispatcher, asked with a time limit before Qt's speechd engine is let near it.

Qt's engine (through libspeechd) waits for the server's answer with no time limit, so a hung
speech-dispatcher would hang whoever asked. The speech helper asks here first, over the same
unix socket and protocol (SSIP: a client names itself and the server says "208 OK"), and
restarts a stuck server of its own user (its pid file) so Qt can start a fresh one.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from pathlib import Path

log = logging.getLogger(__name__)

SSIP_HELLO = b"SET SELF CLIENT_NAME patient-kiosk:probe:main\r\n"
PROBE_SECONDS = 2.0


def speechd_folder() -> Path:
    """Where this user's speech-dispatcher keeps its socket and pid file (as libspeechd finds
    them: $XDG_RUNTIME_DIR, else the cache folder)."""
    base = os.environ.get("XDG_RUNTIME_DIR") or str(Path.home() / ".cache")
    return Path(base) / "speech-dispatcher"


def speechd_socket() -> Path | None:
    """The unix socket Qt's speechd engine will connect to, or None for a network address."""
    address = os.environ.get("SPEECHD_ADDRESS", "")
    if address.startswith("unix_socket:"):
        return Path(address.removeprefix("unix_socket:"))
    return None if address else speechd_folder() / "speechd.sock"


def speechd_answers(path: Path, timeout: float = PROBE_SECONDS) -> bool | None:
    """Whether the speech-dispatcher at ``path`` answers within ``timeout`` (None: nothing
    listens there, so Qt's engine will start a fresh one).

    Qt's engine waits for an answer with no time limit: a stuck speech-dispatcher would freeze
    the kiosk for good, so it is asked here first, with one."""
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
    """Stop this user's speech-dispatcher (from its pid file), so Qt starts a fresh one."""
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
