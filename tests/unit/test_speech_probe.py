"""A stuck speech-dispatcher never freezes the kiosk: Qt's speechd engine waits for its answer
with no time limit, so the kiosk asks first, with one, and leaves speech mode off (Listen
hidden) when nobody answers; and Qt's engines run in a helper process, which the kiosk ends and
starts again when it stops answering."""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QProcess
from pytestqt.qtbot import QtBot

from kiosk import speech_engine
from kiosk.session import Preferences
from kiosk.speech import Speaker, make_speaker
from kiosk.speechd import speechd_answers


def serve(path: Path, reply: bytes | None) -> Iterator[Path]:
    """A unix socket at ``path`` that takes connections and answers ``reply`` (or nothing)."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen()
    clients: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            clients.append(client)
            client.recv(256)
            if reply is not None:
                client.sendall(reply)

    threading.Thread(target=accept, daemon=True).start()
    yield path
    for client in clients:
        client.close()
    server.close()


@pytest.fixture
def stuck(tmp_path: Path) -> Iterator[Path]:
    yield from serve(tmp_path / "stuck.sock", None)


@pytest.fixture
def answering(tmp_path: Path) -> Iterator[Path]:
    yield from serve(tmp_path / "ok.sock", b"208 OK CLIENT NAME SET\r\n")


def test_a_server_that_answers_is_usable(answering: Path) -> None:
    assert speechd_answers(answering, timeout=2.0) is True


def test_a_stuck_server_is_found_out_within_the_time_limit(stuck: Path) -> None:
    start = time.monotonic()
    assert speechd_answers(stuck, timeout=0.3) is False
    assert time.monotonic() - start < 2.0


def test_no_server_means_qt_may_start_a_fresh_one(tmp_path: Path) -> None:
    assert speechd_answers(tmp_path / "none.sock") is None


def test_a_stuck_speech_dispatcher_leaves_speech_off_and_the_window_free(
    stuck: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{stuck}")
    start = time.monotonic()
    speaker = make_speaker("speechd")
    assert speaker is not None
    assert time.monotonic() - start < 0.5  # the engine starts on its own thread
    with qtbot.waitSignal(speaker.unavailable, timeout=10000):
        pass
    assert speaker.failed
    speaker.close()


# A stand-in for the speech helper that says it is ready, then never answers again: what a
# helper stuck in a hung speech-dispatcher looks like from the kiosk.
SILENT_HELPER = (
    "import json, sys\n"
    "print(json.dumps({'ready': ['en_US']}), flush=True)\n"
    "for line in sys.stdin:\n"
    "    pass\n"
)


def test_a_helper_that_stops_answering_is_ended_and_started_again(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    monkeypatch.setattr(
        speech_engine, "kiosk_command", lambda: [sys.executable, "-c", SILENT_HELPER]
    )
    now = [0.0]
    speaker = Speaker("mock", clock=lambda: now[0])  # one of Qt's engines: a helper process
    with qtbot.waitSignal(speaker.ready, timeout=10000):
        pass
    assert isinstance(speaker.engine, speech_engine.HelperProcess)
    first = speaker.engine.process.processId()
    start = time.monotonic()
    speaker.say("Hello", "en", Preferences())
    assert time.monotonic() - start < 0.1  # the kiosk never waits for the helper
    now[0] += Speaker.ANSWER_SECONDS - 1
    speaker.say("Hello", "en", Preferences())  # not answered yet, but not long enough
    assert speaker.engine.process.processId() == first
    now[0] += 2
    speaker.say("Hello again", "en", Preferences())  # still no answer: a new helper
    helper = speaker.engine
    assert isinstance(helper, speech_engine.HelperProcess)
    qtbot.waitUntil(lambda: helper.process.state() == QProcess.ProcessState.Running)
    assert helper.process.processId() != first
    speaker.close()
