"""systemd's notify protocol against a real datagram socket: what the kiosk says, and that its
watchdog pings stop when the event loop is blocked (so systemd restarts a frozen kiosk)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.content import load_library
from kiosk.watchdog import Notifier, WatchdogPinger, status_line
from tests.helpers.content import write_content


class Systemd:
    """A notify socket, as systemd opens one: every message with the moment it arrived."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("\0" + address[1:] if address.startswith("@") else address)
        self.received: list[tuple[float, str]] = []
        self._arrived = threading.Condition()
        self._thread = threading.Thread(target=self._listen, daemon=True)
        self._thread.start()

    def _listen(self) -> None:
        while True:
            try:
                data = self.sock.recv(4096)
            except OSError:
                return
            with self._arrived:
                self.received.append((time.monotonic(), data.decode()))
                self._arrived.notify_all()

    def wait_until(self, condition: Callable[[], object], seconds: float = 5.0) -> bool:
        """Until ``condition()`` holds as messages arrive (woken by each one), at most
        ``seconds``; whether it holds."""
        with self._arrived:
            return bool(self._arrived.wait_for(condition, timeout=seconds))

    def messages(self) -> list[str]:
        return [message for _, message in self.received]

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def systemd(tmp_path: Path) -> Iterator[Systemd]:
    listening = Systemd(str(tmp_path / "notify"))
    yield listening
    listening.close()


def test_ready_and_status_reach_the_socket(systemd: Systemd) -> None:
    notifier = Notifier({"NOTIFY_SOCKET": systemd.address})
    notifier.ready("showing 3 topics and treatments; content OK")
    notifier.stopping()
    assert systemd.wait_until(lambda: len(systemd.received) == 2)
    assert systemd.messages() == [
        "READY=1\nSTATUS=showing 3 topics and treatments; content OK",
        "STOPPING=1",
    ]


def test_an_abstract_socket_is_written_with_an_at_sign(tmp_path: Path) -> None:
    listening = Systemd(f"@kiosk-test-{tmp_path.name}")
    try:
        Notifier({"NOTIFY_SOCKET": listening.address}).status("ok")
        assert listening.wait_until(lambda: listening.received)
        assert listening.messages() == ["STATUS=ok"]
    finally:
        listening.close()


def test_without_systemd_nothing_is_sent_and_there_is_no_watchdog() -> None:
    notifier = Notifier({})
    assert not notifier.enabled
    assert notifier.send("READY=1") is False
    assert WatchdogPinger(notifier).start() is False


def test_a_watchdog_for_another_process_is_not_ours(systemd: Systemd) -> None:
    notifier = Notifier(
        {"NOTIFY_SOCKET": systemd.address, "WATCHDOG_USEC": "200000", "WATCHDOG_PID": "1"}
    )
    assert notifier.watchdog_seconds is None


def test_a_socket_that_is_gone_is_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    notifier = Notifier({"NOTIFY_SOCKET": str(tmp_path / "gone")})
    assert notifier.send("WATCHDOG=1") is False
    assert notifier.send("WATCHDOG=1") is False
    assert len([r for r in caplog.records if "could not tell systemd" in r.message]) == 1


def test_pings_come_at_half_the_interval_and_stop_while_the_event_loop_is_blocked(
    systemd: Systemd, qtbot: QtBot, kiosk_app: object
) -> None:
    notifier = Notifier({"NOTIFY_SOCKET": systemd.address, "WATCHDOG_USEC": "200000"})
    pinger = WatchdogPinger(notifier)
    assert pinger.start()
    qtbot.waitUntil(lambda: len(systemd.received) >= 4, timeout=3000)
    first, fourth = systemd.received[0][0], systemd.received[3][0]
    assert fourth - first < 0.6  # one at once, then every 100 ms
    before = len(systemd.received)
    blocked_from = time.monotonic()
    time.sleep(0.6)  # a frozen event loop: the very thing under test, so a real wait
    blocked_until = time.monotonic()
    during = [t for t, m in systemd.received if blocked_from + 0.05 < t < blocked_until]
    assert during == []
    # Running again: the pings come back.
    qtbot.waitUntil(lambda: len(systemd.received) > before, timeout=3000)
    assert {m for _, m in systemd.received} == {"WATCHDOG=1"}


def test_status_says_what_is_shown_and_whether_the_content_is_ok(tmp_path: Path) -> None:
    good = load_library(write_content(tmp_path / "good"))
    assert status_line(good) == "showing 3 topics and treatments; content OK"
    broken = load_library(write_content(tmp_path / "bad", {"learn/x.md": "no front matter"}))
    assert status_line(broken).startswith("showing 3 topics and treatments; 1 content problem")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert status_line(load_library(empty)).startswith("no content to show")
