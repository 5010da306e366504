"""Speech mode through the real window, with Qt's mock speech engine: what is said when it
comes on, on a new page, on touch and hold, and after the privacy reset; and one test through
speech-dispatcher with espeak-ng (Debian's engine), where it is installed."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.content import EntryRef, Section
from kiosk.session import CardList, Home, Reading
from kiosk.session.preferences import DEFAULT_SPEECH_RATE, DEFAULT_SPEECH_VOLUME
from kiosk.speech import ReadAloud, Speaker, make_speaker
from kiosk.ui.window import KioskWindow
from tests.helpers.content import topic, write_content
from tests.helpers.stubs import fire
from tests.ui.conftest import Kiosk, KioskMaker

BETA = EntryRef(Section.LEARN, "beta")


class Heard:
    """Everything the speaker was asked to say, in order."""

    def __init__(self, speaker: Speaker) -> None:
        self.said: list[str] = []
        original = speaker.say

        def say(text: str, lang: str, preferences: object = None) -> None:
            self.said.append(text)
            original(text, lang, preferences)  # type: ignore[arg-type]

        speaker.say = say  # type: ignore[method-assign]

    @property
    def last(self) -> str:
        return self.said[-1] if self.said else ""


def started(engine: str, qtbot: QtBot) -> Speaker:
    """A speaker with ``engine`` running on its thread, as the app starts it."""
    speaker = make_speaker(engine)
    assert speaker is not None
    with qtbot.waitSignal(speaker.ready, timeout=20000):
        pass
    return speaker


def with_speech(kiosk: Kiosk, speaker: Speaker) -> Kiosk:
    read_aloud = ReadAloud(kiosk.session, speaker, kiosk.window.screen_text)  # as the app does
    kiosk.window.set_speech(read_aloud.say_words)
    return kiosk


@pytest.fixture
def speaking(make_kiosk: KioskMaker, qtbot: QtBot) -> Iterator[tuple[Kiosk, Speaker, Heard]]:
    speaker = started("mock", qtbot)
    kiosk = with_speech(make_kiosk(size=(1080, 1920)), speaker)
    yield kiosk, speaker, Heard(speaker)
    speaker.close()


def where_now(kiosk: Kiosk) -> object:
    """The screen the session is at (a fresh look each time, for the type checker too)."""
    return kiosk.session.place.screen


def point_in(window: KioskWindow, target: QWidget) -> QPoint:
    return target.mapTo(window, target.rect().center())


def press(window: KioskWindow, where: QPoint) -> None:
    handle = window.windowHandle()
    assert handle is not None
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)


def release(window: KioskWindow, where: QPoint, delay_ms: int = 10) -> None:
    handle = window.windowHandle()
    assert handle is not None
    QTest.mouseRelease(
        handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where, delay_ms
    )


def hold(kiosk: Kiosk, target: QWidget) -> QPoint:
    """Touch ``target`` and keep the finger there until the hold timer runs out."""
    where = point_in(kiosk.window, target)
    press(kiosk.window, where)
    explorer = kiosk.window.explorer
    assert explorer is not None
    fire(explorer._hold)
    return where


def test_listen_turns_speech_mode_on_and_reads_the_screen_from_its_heading(
    speaking: tuple[Kiosk, Speaker, Heard],
) -> None:
    kiosk, _, heard = speaking
    kiosk.session.open_entry(BETA)
    QTest.mouseClick(kiosk.top_bar.listen_button, Qt.MouseButton.LeftButton)

    assert kiosk.session.listening
    assert heard.last.startswith("Speech is on. Touch and hold anything to hear it.")
    assert heard.last.endswith("Beta topic. Page 1 of 2. Short beta text.")
    assert kiosk.window.speech_bar.isVisible()
    assert kiosk.top_bar.listen_button.accessibleName() == "Stop"


def test_each_new_page_and_screen_is_read_and_interrupts(
    speaking: tuple[Kiosk, Speaker, Heard],
) -> None:
    kiosk, _, heard = speaking
    kiosk.session.open_entry(BETA)
    kiosk.session.toggle_listening()
    kiosk.session.next_page()
    assert heard.last == "Beta topic. Page 2 of 2. Second screen."
    kiosk.session.go_home()
    assert heard.last.startswith("Test Clinic.")
    assert "Learn about care" in heard.last
    kiosk.session.repeat_speech()
    assert heard.said[-1] == heard.said[-2]  # Repeat says it again
    count = len(heard.said)
    kiosk.session.toggle_listening()  # Stop
    kiosk.session.open_entry(BETA)
    assert len(heard.said) == count  # off: nothing more is read
    assert not kiosk.window.speech_bar.isVisible()


def test_touch_and_hold_reads_without_pressing_and_lifting_on_it_presses(
    speaking: tuple[Kiosk, Speaker, Heard],
) -> None:
    kiosk, _, heard = speaking
    kiosk.session.open_section(Section.LEARN)
    kiosk.session.toggle_listening()
    card = kiosk.lists.visible_cards()[1]

    where = hold(kiosk, card)
    assert heard.last == "Beta topic. Second"
    assert isinstance(where_now(kiosk), CardList)  # heard, not pressed

    release(kiosk.window, where)
    assert where_now(kiosk) == Reading(BETA, 0, 2)
    assert heard.last == "Beta topic. Page 1 of 2. Short beta text."


def test_sliding_off_before_lifting_presses_nothing(
    speaking: tuple[Kiosk, Speaker, Heard],
) -> None:
    kiosk, _, heard = speaking
    kiosk.session.open_section(Section.LEARN)
    kiosk.session.toggle_listening()
    first, second = kiosk.lists.visible_cards()[:2]
    hold(kiosk, first)
    assert heard.last.startswith("Alpha topic")
    handle = kiosk.window.windowHandle()
    assert handle is not None
    elsewhere = point_in(kiosk.window, kiosk.lists.title)
    QTest.mouseMove(handle, point_in(kiosk.window, second))
    assert heard.last == "Beta topic. Second"  # the finger explores: each thing is read
    QTest.mouseMove(handle, elsewhere)
    release(kiosk.window, elsewhere)
    assert isinstance(where_now(kiosk), CardList)


def test_a_tap_reads_and_a_double_tap_presses(speaking: tuple[Kiosk, Speaker, Heard]) -> None:
    kiosk, _, heard = speaking
    kiosk.session.toggle_listening()
    tile = kiosk.home.tiles[Section.LEARN]
    where = point_in(kiosk.window, tile)
    press(kiosk.window, where)
    release(kiosk.window, where)
    assert heard.last.startswith("Learn about care")
    assert isinstance(where_now(kiosk), Home)
    handle = kiosk.window.windowHandle()
    assert handle is not None
    QTest.mouseDClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    assert where_now(kiosk) == CardList(Section.LEARN, 0, 1)


def test_a_swipe_still_turns_the_page(speaking: tuple[Kiosk, Speaker, Heard]) -> None:
    kiosk, _, heard = speaking
    kiosk.session.open_entry(BETA)
    kiosk.session.toggle_listening()
    view = kiosk.reader.view
    start = point_in(kiosk.window, view)
    press(kiosk.window, start + QPoint(200, 0))
    release(kiosk.window, start - QPoint(200, 0), delay_ms=200)
    assert where_now(kiosk) == Reading(BETA, 1, 2)
    assert heard.last == "Beta topic. Page 2 of 2. Second screen."


def test_the_pin_pad_is_never_read_aloud(speaking: tuple[Kiosk, Speaker, Heard]) -> None:
    kiosk, _, heard = speaking
    kiosk.session.toggle_listening()
    kiosk.session.open_pin_pad()
    count = len(heard.said)
    digit = next(b for b in kiosk.pin_pad.findChildren(QPushButton) if b.text() == "1")
    where = point_in(kiosk.window, digit)
    press(kiosk.window, where)
    release(kiosk.window, where)
    assert len(heard.said) == count  # nothing said on the PIN pad, not even the screen behind
    assert kiosk.window.screen_text() == ""


def test_rate_and_volume_are_the_patients_and_the_privacy_reset_puts_them_back(
    speaking: tuple[Kiosk, Speaker, Heard], qtbot: QtBot
) -> None:
    kiosk, speaker, _ = speaking
    kiosk.session.open_entry(BETA)
    kiosk.session.toggle_listening()
    bar = kiosk.window.speech_bar
    QTest.mouseClick(bar.faster_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(bar.louder_button, Qt.MouseButton.LeftButton)
    kiosk.session.repeat_speech()
    qtbot.waitUntil(lambda: speaker.spoken_with is not None and speaker.spoken_with[1] > 0)
    assert speaker.spoken_with is not None
    _, rate, volume = speaker.spoken_with  # as the engine reports them
    assert rate == pytest.approx(0.25)
    assert volume == pytest.approx(1.0)
    assert not bar.louder_button.isEnabled()  # as loud as it goes

    kiosk.session.reset()

    assert not kiosk.session.listening
    prefs = kiosk.session.preferences
    assert (prefs.speech_rate, prefs.speech_volume) == (DEFAULT_SPEECH_RATE, DEFAULT_SPEECH_VOLUME)
    assert not bar.isVisible()
    kiosk.session.start()
    speaker.spoken_with = None
    kiosk.session.toggle_listening()
    qtbot.waitUntil(lambda: speaker.spoken_with is not None)
    assert speaker.spoken_with is not None
    _, rate, volume = speaker.spoken_with
    assert (rate, volume) == (
        pytest.approx(DEFAULT_SPEECH_RATE),
        pytest.approx(DEFAULT_SPEECH_VOLUME),
    )


def test_the_star_key_turns_speech_mode_on_and_off(
    speaking: tuple[Kiosk, Speaker, Heard], qtbot: QtBot
) -> None:
    kiosk, _, heard = speaking
    handle = kiosk.window.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, Qt.Key.Key_Asterisk)
    assert kiosk.session.listening
    QTest.keyClick(handle, Qt.Key.Key_Slash)
    assert heard.said[-1].startswith("Test Clinic.")  # Repeat: the screen, without the help
    QTest.keyClick(handle, Qt.Key.Key_Asterisk)
    assert not kiosk.session.listening


def test_spanish_is_read_with_a_spanish_voice_where_the_engine_has_one(
    speaking: tuple[Kiosk, Speaker, Heard],
) -> None:
    kiosk, speaker, heard = speaking
    # Qt's mock engine has English, Norwegian and Finnish voices, no Spanish one.
    assert speaker.locale_for("nb") == "nb_NO"
    assert speaker.locale_for("es") is None
    assert speaker.locale_for("en") is not None
    kiosk.session.set_language("es")
    kiosk.session.toggle_listening()
    assert heard.last.startswith("La voz está activada.")


SPEECHD_CONFIG = Path("/etc/speech-dispatcher")


def speechd_required() -> bool:
    """CI installs speech-dispatcher and asks for this test to run (``KIOSK_TEST_SPEECHD``)."""
    return os.environ.get("KIOSK_TEST_SPEECHD") == "1"


@pytest.fixture
def silent_speech_dispatcher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """speech-dispatcher as a kiosk runs it (started on demand for this user), with its
    sound sent to libao's null driver: a test machine has no sound card."""
    home = tmp_path / "home"
    config = home / ".config" / "speech-dispatcher"
    shutil.copytree(SPEECHD_CONFIG, config)
    conf = config / "speechd.conf"
    conf.write_text(conf.read_text() + '\nAudioOutputMethod "libao"\n')
    (home / ".libao").write_text("default_driver=null\n")
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_RUNTIME_DIR", "XDG_CACHE_HOME", "SPEECHD_ADDRESS"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.skipif(
    not speechd_required() and not SPEECHD_CONFIG.is_dir(),
    reason="speech-dispatcher is not installed (CI installs it and sets KIOSK_TEST_SPEECHD=1)",
)
@pytest.mark.usefixtures("silent_speech_dispatcher")
def test_speech_dispatcher_speaks_spanish_with_a_spanish_voice(
    make_kiosk: KioskMaker, qtbot: QtBot
) -> None:
    speaker = started("speechd", qtbot)
    spanish = speaker.locale_for("es")
    assert spanish is not None and spanish.startswith("es")
    kiosk = with_speech(make_kiosk(), speaker)
    kiosk.session.set_language("es")
    kiosk.session.open_entry(BETA)
    states: list[str] = []
    speaker.state_changed.connect(states.append)
    kiosk.session.toggle_listening()
    qtbot.waitUntil(lambda: "speaking" in states and speaker.finished, timeout=20000)
    assert not speaker.failed  # spoken to the end, through the real engine
    assert speaker.spoken_with is not None and speaker.spoken_with[0].startswith("es")
    assert speaker.last_text.startswith("La voz está activada.")
    speaker.close()


def test_a_heading_is_read_as_a_sentence_once(make_kiosk: KioskMaker, tmp_path: Path) -> None:
    """A question keeps its question mark, and nothing is added to it ("safe?." reads as
    "safe question mark dot" on some engines); a plain heading gets a full stop, for the
    pause."""
    files = {
        "learn/safe.md": topic("Is ketamine safe?", "Talk to your care team.", order=1),
        "treatments/infusion.md": topic("Infusion", "It takes about an hour.", order=1),
    }
    kiosk = make_kiosk(root=write_content(tmp_path / "content", files))
    kiosk.session.open_entry(EntryRef(Section.LEARN, "safe"))
    assert kiosk.window.screen_text().startswith("Is ketamine safe? Page 1 of ")
    kiosk.session.open_section(Section.LEARN)
    assert "Is ketamine safe? " in kiosk.window.screen_text()
    assert "?." not in kiosk.window.screen_text()
    kiosk.session.open_entry(EntryRef(Section.TREATMENTS, "infusion"))
    assert kiosk.window.screen_text().startswith("Infusion. Page 1 of 1. It takes about an hour.")
    kiosk.session.ask_still_there()
    assert kiosk.window.screen_text().startswith("Are you still there? For your privacy")
    kiosk.session.reset()  # the attract screen shows the first topic: the question
    assert "Is ketamine safe? " in kiosk.window.screen_text()
    assert "?." not in kiosk.window.screen_text()
