"""The speech helper's own client of speech-dispatcher (SSIP), against a stand-in server that
answers as speech-dispatcher 0.11 does (its answers copied from a real one): the commands it
sends, the voices it reads, the text it escapes, the events it reports, and a time limit on
every answer; the kiosk's speech thread, which speaks through it; and the helper process,
which runs the same loop without loading Qt."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk import speech
from kiosk.session import Preferences
from kiosk.speech_engine import SpeechdThread
from kiosk.speech_helper import SpeechdVoice, speechd_rate, speechd_volume
from kiosk.speechd import SpeechdError, SpeechDispatcher, speaks_through_speechd

VOICES = (
    "249-English (America)\ten-US\tnone\r\n"
    "249-English (America)+Adam\ten-US\tAdam\r\n"
    "249-English (Lancaster)\ten-GB-X-GBCLAN\tnone\r\n"
    "249-Spanish (Spain)\tes\tnone\r\n"
    "249-Spanish (Latin America)\tes-419\tnone\r\n"
    "249 OK VOICE LIST SENT\r\n"
)


class FakeSpeechd:
    """A unix socket that answers SSIP commands like speech-dispatcher: "SPEAK" takes text up
    to a lone dot and queues a numbered message, with its "begin" event; "CANCEL SELF" ends the
    message being said with a "cancel" event. ``silent`` answers nothing at all; ``refuse``
    answers every command with an error."""

    def __init__(self, path: Path, *, silent: bool = False, refuse: str = "") -> None:
        self.path = path
        self.silent = silent
        self.refuse = refuse
        self.commands: list[str] = []
        self.texts: list[str] = []
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(str(path))
        self._server.listen()
        self._clients: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        for client in self._clients:
            client.close()
        self._server.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            self._clients.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with contextlib.suppress(OSError):  # the client, or the test, closed it
            self._answer(client)

    def _answer(self, client: socket.socket) -> None:
        buffer = b""
        message = 0
        speaking = 0
        receiving: list[str] | None = None
        while True:
            data = client.recv(4096)
            if not data:
                return
            buffer += data
            while b"\r\n" in buffer:
                raw, buffer = buffer.split(b"\r\n", 1)
                line = raw.decode()
                if receiving is not None:
                    if line != ".":
                        receiving.append(line)
                        continue
                    self.texts.append("\n".join(receiving))
                    receiving = None
                    message += 1
                    speaking = message
                    reply = f"225-{message}\r\n225 OK MESSAGE QUEUED\r\n"
                    reply += f"701-{message}\r\n701-1\r\n701 BEGIN\r\n"
                    client.sendall(reply.encode())
                    continue
                self.commands.append(line)
                if self.silent:
                    continue
                if line == "QUIT":
                    client.close()
                    return
                if self.refuse and line.startswith(self.refuse):
                    client.sendall(b"410 ERR INVALID PARAMETER\r\n")
                elif line == "LIST SYNTHESIS_VOICES":
                    client.sendall(VOICES.encode())
                elif line == "SPEAK":
                    receiving = []
                    client.sendall(b"230 OK RECEIVING DATA\r\n")
                elif line == "CANCEL SELF":
                    reply = "213 OK CANCELED\r\n"
                    if speaking:
                        reply = f"703-{speaking}\r\n703-1\r\n703 CANCELED\r\n" + reply
                        speaking = 0
                    client.sendall(reply.encode())
                else:
                    client.sendall(b"200 OK\r\n")

    def end(self, message: int) -> None:
        """The message ``message`` has been said to its end."""
        for client in self._clients:
            with contextlib.suppress(OSError):  # a client gone already (the first one's probe)
                client.sendall(f"702-{message}\r\n702-1\r\n702 END\r\n".encode())


@pytest.fixture
def socket_path(tmp_path: Path) -> Iterator[Path]:
    # A short folder: a unix socket's path is limited to about 100 characters.
    short = Path("/tmp") / f"kiosk-ssip-{os.getpid()}-{tmp_path.name[-20:]}"
    short.mkdir(exist_ok=True)
    yield short / "speechd.sock"
    (short / "speechd.sock").unlink(missing_ok=True)
    short.rmdir()


@pytest.fixture
def make_server(socket_path: Path) -> Iterator[Callable[..., FakeSpeechd]]:
    servers: list[FakeSpeechd] = []

    def make(**kwargs: object) -> FakeSpeechd:
        servers.append(FakeSpeechd(socket_path, **kwargs))  # type: ignore[arg-type]
        return servers[-1]

    yield make
    for server in servers:
        server.close()


@pytest.fixture
def voice(
    make_server: Callable[..., FakeSpeechd], monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[SpeechdVoice, FakeSpeechd]]:
    """The helper's side, started on a stand-in server, and closed at the end whether the
    test passed or not."""
    server = make_server()
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{server.path}")
    started = SpeechdVoice()
    started.start()
    yield started, server
    started.drop()


def told(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    """What the helper has told the kiosk since last asked."""
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def connect(server: FakeSpeechd, timeout: float = 2.0) -> SpeechDispatcher:
    return SpeechDispatcher(server.path, timeout)


def test_it_names_itself_and_asks_for_the_start_and_end_of_each_message(
    make_server: Callable[..., FakeSpeechd],
) -> None:
    server = make_server()
    client = connect(server)
    assert server.commands == [
        "SET SELF CLIENT_NAME user:patient-kiosk:speech",
        "SET SELF NOTIFICATION begin on",
        "SET SELF NOTIFICATION end on",
        "SET SELF NOTIFICATION cancel on",
    ]
    client.close()


def test_the_voices_languages_each_once_as_locale_names(
    make_server: Callable[..., FakeSpeechd],
) -> None:
    client = connect(make_server())
    assert client.languages() == ["en_US", "en_GB", "es", "es_419"]
    client.close()


def test_text_is_sent_whole_with_lines_that_start_with_a_dot_escaped(
    make_server: Callable[..., FakeSpeechd],
) -> None:
    server = make_server()
    client = connect(server)
    assert client.speak("Page 2 of 5.\r\n.5 mg is not a dose\nthe end") == "1"
    # The stand-in keeps the escaped lines as they came: the dot doubled, nothing cut short.
    assert server.texts == ["Page 2 of 5.\n..5 mg is not a dose\nthe end"]
    assert client.speak("Next") == "2"
    client.command("CANCEL SELF")
    assert client.take_events() == [("1", "begin"), ("2", "begin"), ("2", "cancel")]
    assert client.take_events() == []
    client.close()


def test_events_between_commands_are_read_when_the_socket_is_readable(
    make_server: Callable[..., FakeSpeechd],
) -> None:
    server = make_server()
    client = connect(server)
    client.speak("Hello")
    server.end(1)
    events: list[tuple[str, str]] = []
    for _ in range(50):
        if len(events) == 2:
            break
        client.read_events()  # waits at most the time limit for the server's next words
        events += client.take_events()
    assert events == [("1", "begin"), ("1", "end")]
    client.close()


def test_a_server_that_does_not_answer_is_an_error_within_the_time_limit(
    make_server: Callable[..., FakeSpeechd],
) -> None:
    server = make_server(silent=True)
    with pytest.raises(SpeechdError, match="did not answer"):
        connect(server, timeout=0.2)


def test_a_refused_command_is_an_error_naming_it(make_server: Callable[..., FakeSpeechd]) -> None:
    client = connect(make_server(refuse="SET SELF LANGUAGE"))
    with pytest.raises(SpeechdError, match="refused 'SET SELF LANGUAGE xx': 410"):
        client.command("SET SELF LANGUAGE xx")
    client.close()


def test_rate_and_volume_map_as_qts_speechd_engine_maps_them() -> None:
    assert [speechd_rate(r) for r in (-1.0, -0.25, 0.0, 0.5, 2.0)] == [-100, -25, 0, 50, 100]
    assert [speechd_volume(v) for v in (0.0, 0.5, 0.8, 1.0)] == [-100, 0, 60, 100]


def test_only_the_latest_messages_state_is_reported(
    voice: tuple[SpeechdVoice, FakeSpeechd], capsys: pytest.CaptureFixture[str]
) -> None:
    """A new screen cancels the one being read: that cancelling is not "ready"."""
    helper, server = voice
    helper.command({"say": "First screen", "locale": "es", "rate": 0.5, "volume": 1.0})
    helper.command({"say": "Second screen", "locale": "", "rate": 0.0, "volume": 0.8})
    # Each message's start is told once it has come; the first one's cancelling is not.
    speaking = {"state": "speaking"}
    assert [event for event in told(capsys) if event != speaking] == [
        {"spoken_with": ["es", 0.5, 1.0]},
        {"spoken_with": ["", 0.0, 0.8]},
    ]
    assert "SET SELF LANGUAGE es" in server.commands
    assert server.commands[-4:] == [
        "CANCEL SELF",
        "SET SELF RATE 0",
        "SET SELF VOLUME 60",
        "SPEAK",
    ]  # no language: the voice stays as it was
    helper.command({"stop": True})
    assert told(capsys)[-1] == {"state": "ready"}  # the second, cancelled by the stop


def test_a_lost_server_is_an_error_and_the_next_words_reconnect(
    voice: tuple[SpeechdVoice, FakeSpeechd],
    make_server: Callable[..., FakeSpeechd],
    capsys: pytest.CaptureFixture[str],
) -> None:
    helper, server = voice
    server.close()
    server.path.unlink()
    helper.command({"say": "Hello", "locale": "en_US"})
    assert helper.client is None
    assert told(capsys)[-1] == {"state": "error"}
    again = make_server()
    helper.command({"say": "Hello", "locale": "en_US"})
    assert again.texts == ["Hello"]


def test_speech_dispatcher_is_used_directly_only_where_it_applies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SPEECHD_ADDRESS", raising=False)
    assert speaks_through_speechd("speechd")
    assert not speaks_through_speechd("mock")
    assert not speaks_through_speechd("flite")
    monkeypatch.setenv("SPEECHD_ADDRESS", "inet_socket:127.0.0.1:6560")
    assert not speaks_through_speechd("speechd")  # Qt's engine speaks to a network server


def test_the_helper_process_speaks_through_it_without_qt(
    make_server: Callable[..., FakeSpeechd],
) -> None:
    server = make_server()
    env = {**os.environ, "SPEECHD_ADDRESS": f"unix_socket:{server.path}"}
    script = (
        "import runpy, sys\n"
        "sys.argv = ['kiosk', '--speech-helper', '--speech-engine', 'speechd']\n"
        "try:\n"
        "    runpy.run_module('kiosk', run_name='__main__')\n"
        "finally:\n"
        "    qt = any(m.startswith('PySide6') for m in sys.modules)\n"
        "    print('qt loaded:', qt, file=sys.stderr)\n"
    )
    order = json.dumps({"say": "Hola", "locale": "es", "rate": 0.0, "volume": 0.8})
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=order + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    told = [json.loads(line) for line in done.stdout.splitlines()]
    assert told[0] == {"ready": ["en_US", "en_GB", "es", "es_419"]}
    assert told[1] == {"spoken_with": ["es", 0.0, 0.8]}
    assert server.texts == ["Hola"]
    assert "qt loaded: False" in done.stderr


@pytest.mark.parametrize(
    ("direct", "engines", "said"),
    [
        (
            True,
            ["speechd", "mock"],
            "speech mode: speech-dispatcher, spoken to directly; engines speechd, mock (Qt's)",
        ),
        (True, [], "speech mode: speech-dispatcher, spoken to directly"),
        (False, ["sapi"], "speech mode: engines sapi (Qt's)"),
        (False, [], "speech mode: not available (no speech engine)"),
    ],
)
def test_the_version_line_says_how_the_kiosk_speaks(
    monkeypatch: pytest.MonkeyPatch, direct: bool, engines: list[str], said: str
) -> None:
    monkeypatch.setattr(speech, "speaks_through_speechd", lambda _name: direct)
    monkeypatch.setattr(
        speech, "speech_engines", lambda: (engines, "" if engines else "no speech engine")
    )
    assert speech.speech_status() == said


def test_the_kiosk_speaks_to_speech_dispatcher_on_a_thread_of_its_own(
    make_server: Callable[..., FakeSpeechd], monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    """No second process (a Python interpreter all day): the kiosk's Speaker runs the same
    loop as the helper on a thread, and hears the server's events on its own thread."""
    server = make_server()
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{server.path}")
    speaker = speech.make_speaker("speechd")
    assert speaker is not None
    assert isinstance(speaker.engine, SpeechdThread)
    with qtbot.waitSignal(speaker.ready, timeout=10000):
        pass
    assert speaker.locales == ["en_US", "en_GB", "es", "es_419"]
    preferences = Preferences()
    speaker.say("Hola", "es", preferences)
    qtbot.waitUntil(lambda: speaker.spoken_with is not None)
    assert speaker.spoken_with == ("es", preferences.speech_rate, preferences.speech_volume)
    assert server.texts == ["Hola"]
    qtbot.waitUntil(lambda: speaker.state == "speaking")  # the server's "begin"
    server.end(1)
    qtbot.waitUntil(lambda: speaker.state == "ready")  # and its "end"
    engine = speaker.engine
    speaker.close()
    assert not engine.alive()  # its orders ended: it said goodbye to the server and stopped
    qtbot.waitUntil(lambda: server.commands[-1] == "QUIT")  # the server has read it


def test_a_speech_thread_that_stops_answering_is_let_go_and_started_again(
    make_server: Callable[..., FakeSpeechd], monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    server = make_server()
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{server.path}")
    now = [0.0]
    speaker = speech.Speaker("speechd", clock=lambda: now[0])
    with qtbot.waitSignal(speaker.ready, timeout=10000):
        pass
    first = speaker.engine
    server.silent = True  # speech-dispatcher hangs
    start = time.monotonic()
    speaker.say("Hello", "en", Preferences())
    now[0] += speech.Speaker.ANSWER_SECONDS + 1
    speaker.say("Hello again", "en", Preferences())  # no answer for too long: a new thread
    assert time.monotonic() - start < 0.1  # the kiosk never waits for the engine
    assert speaker.engine is not first
    # The first ends by itself, within its socket's time limit, and is heard from no more.
    qtbot.waitUntil(lambda: not first.alive(), timeout=10000)
    speaker.close()
