"""systemd's notify protocol: the kiosk tells systemd it is up (``READY=1``, after Home is
first painted), what it is doing (``STATUS=``), and that it is still alive (``WATCHDOG=1``).

The pings come from a timer on the Qt event loop, at half the unit's ``WatchdogSec=``: when
the event loop freezes (not only when the process dies), the pings stop and systemd restarts
the kiosk. The protocol is one datagram per message on the unix socket named by
``$NOTIFY_SOCKET`` (sd_notify(3)); a few lines of the standard library speak it. With no
``$NOTIFY_SOCKET`` (started by hand, or not by systemd) nothing is sent and nothing changes.
"""

from __future__ import annotations

import logging
import os
import socket

from PySide6.QtCore import QObject, QTimer

from kiosk.content import ContentLibrary
from kiosk.session import TimerFactory

log = logging.getLogger(__name__)


class Notifier:
    """Sends notify messages to systemd, if systemd asked for them."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        address = env.get("NOTIFY_SOCKET", "")
        # An abstract socket is written "@name"; on the wire its name starts with a NUL.
        self.address = "\0" + address[1:] if address.startswith("@") else address
        self.watchdog_seconds = _watchdog_seconds(env)
        self._failed = False

    @property
    def enabled(self) -> bool:
        return bool(self.address)

    def send(self, *lines: str) -> bool:
        """Send ``KEY=value`` lines as one message; False (logged once) if it cannot."""
        if not self.address:
            return False
        message = "\n".join(lines).encode("utf-8", "replace")
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.sendto(message, self.address)
        except OSError as exc:
            if not self._failed:
                log.warning("could not tell systemd (%s): %s", self.address.lstrip("\0"), exc)
                self._failed = True
            return False
        return True

    def ready(self, status: str) -> None:
        self.send("READY=1", f"STATUS={status}")

    def status(self, status: str) -> None:
        self.send(f"STATUS={status}")

    def stopping(self) -> None:
        self.send("STOPPING=1")


def _watchdog_seconds(env: dict[str, str] | os._Environ[str]) -> float | None:
    """The unit's ``WatchdogSec=``, if the watchdog is meant for this process."""
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    pid = env.get("WATCHDOG_PID")
    if usec <= 0 or (pid and pid != str(os.getpid())):
        return None
    return usec / 1_000_000


class WatchdogPinger(QObject):
    """``WATCHDOG=1`` from the event loop at half the watchdog interval."""

    def __init__(
        self,
        notifier: Notifier,
        timer_factory: TimerFactory = QTimer,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self._timer = timer_factory()
        self._timer.setParent(self)
        self._timer.timeout.connect(self.ping)

    def start(self) -> bool:
        """Start pinging, if systemd runs a watchdog for this process."""
        seconds = self.notifier.watchdog_seconds
        if not self.notifier.enabled or seconds is None:
            return False
        self._timer.setInterval(max(1, int(seconds * 1000 / 2)))
        self._timer.start()
        self.ping()
        return True

    def ping(self) -> None:
        self.notifier.send("WATCHDOG=1")


def status_line(library: ContentLibrary) -> str:
    """What ``systemctl status`` shows for the kiosk: its content at a glance (in English, for
    IT; the admin screen says it in the staff's language)."""
    if library.is_empty:
        return "no content to show: showing 'being updated' (run kiosk validate)"
    shown, problems = library.shown_count, library.problem_count
    health = "content OK" if not problems else f"{problems} content problem(s): kiosk validate"
    return f"showing {shown} topics and treatments; {health}"
