"""The direction of dependencies: the content model never imports Qt (``kiosk validate`` runs
anywhere), the session and its listeners never import widgets (they are tested without a
window), and the kiosk's start-up loads what Home needs, not every screen."""

from __future__ import annotations

from tests.helpers.imports import modules_loaded_by, qt_modules, run_offscreen

GUI = ("PySide6.QtGui", "PySide6.QtWidgets")


def test_content_package_is_qt_free() -> None:
    loaded = modules_loaded_by(
        "kiosk.content",
        "kiosk.content.validate",
        "kiosk.config",
        "kiosk.schema",
        "kiosk.pin",
        "kiosk.i18n",
    )
    assert qt_modules(loaded) == []


def test_content_sources_are_qt_free_but_the_kiosks_follower() -> None:
    """``kiosk content`` runs on a machine without Qt's libraries, as ``kiosk validate`` does."""
    loaded = modules_loaded_by(
        "kiosk.sources.store",
        "kiosk.sources.git",
        "kiosk.sources.folder",
        "kiosk.sources.update",
        "kiosk.sources.report",
        "kiosk.sources.commands",
    )
    assert qt_modules(loaded) == []


def test_the_session_and_its_listeners_use_no_widgets() -> None:
    loaded = modules_loaded_by(
        "kiosk.session",
        "kiosk.admin",
        "kiosk.usage",
        "kiosk.reload",
        "kiosk.speech",
        "kiosk.sources.follower",
    )
    assert "PySide6.QtCore" in loaded  # signals and timers are allowed
    assert sorted(set(GUI) & loaded) == []


# Each screen but Home, and what only they or staff need, load the first time they are used:
# a patient's first tap pays for the reader, not staff waiting for Home every morning.
ON_FIRST_USE = (
    "markdown",
    "nh3",
    "segno",
    "textstat",
    "pygal",
    "kiosk.analytics.chart",
    "kiosk.content.markdown_pipeline",
    "kiosk.ui.attract",
    "kiosk.ui.card_list",
    "kiosk.ui.overlays",
    "kiosk.ui.pagination",
    "kiosk.ui.reader",
    "PySide6.QtTextToSpeech",
    "filelock",  # a content source's, loaded only with one
    "kiosk.sources.update",
    "urllib.request",  # the health heartbeat's, after Home's first paint
    "ctypes",  # the X display keeper's, after Home's first paint
    "kiosk.speech",  # speech mode's (json, sockets), after Home's first paint
    "kiosk.session.hygiene",  # only where a daily restart or a memory ceiling is set
)


def test_start_up_loads_home_not_every_screen() -> None:
    loaded = modules_loaded_by("kiosk.cli", "kiosk.app")
    assert "kiosk.ui.screens" in loaded  # Home's
    assert sorted(set(ON_FIRST_USE) & loaded) == []


def test_openssl_is_loaded_only_to_hash_a_pin_or_send_a_heartbeat() -> None:
    """OpenSSL's libcrypto is 3.4 MiB of the kiosk's memory and more with urllib's HTTP client
    (7 MiB PSS at Home, measured): the modules a running kiosk loads at its start and after
    Home's first paint (the admin screen's PIN lock, the health reporter, the settings' PIN
    check) leave it out until a PIN is hashed or a heartbeat sent."""
    loaded = modules_loaded_by("kiosk.cli", "kiosk.app", "kiosk.admin", "kiosk.health")
    assert sorted({"_hashlib", "_ssl", "ssl", "hmac", "urllib.request"} & loaded) == []


def test_the_speech_helper_loads_only_what_speaking_needs() -> None:
    """The helper runs beside the kiosk all day: settings, content and the session stay out
    of its process, and on Linux so does Qt (speech-dispatcher is spoken to directly; the
    helper is 30 MiB PSS, this one 11)."""
    loaded = modules_loaded_by("kiosk.speech_helper")
    assert qt_modules(loaded) == []
    kiosk_modules = sorted(m for m in loaded if m.startswith("kiosk"))
    assert kiosk_modules == ["kiosk", "kiosk.speech_helper", "kiosk.speechd"]
    assert sorted({"yaml", "markdown"} & loaded) == []


def test_the_qt_speech_helper_loads_only_what_speaking_needs() -> None:
    """Where Qt's text-to-speech is used (other platforms, Qt's own engines)."""
    loaded = modules_loaded_by("kiosk.speech_qt_helper")
    assert "PySide6.QtCore" in loaded
    kiosk_modules = sorted(m for m in loaded if m.startswith("kiosk"))
    assert kiosk_modules == [
        "kiosk",
        "kiosk.speech_helper",
        "kiosk.speech_qt_helper",
        "kiosk.speechd",
    ]
    assert sorted({"yaml", "markdown", *GUI} & loaded) == []


SPEAKER_IN_A_FRESH_PROCESS = """
import sys
from PySide6.QtCore import QCoreApplication, QTimer
app = QCoreApplication([])
from kiosk.speech import make_speaker
speaker = make_speaker("mock")
speaker.ready.connect(app.quit)
speaker.unavailable.connect(app.quit)
QTimer.singleShot(20000, app.quit)
app.exec()
print(speaker.state, "PySide6.QtTextToSpeech" in sys.modules)
speaker.close()
"""


def test_the_kiosk_process_speaks_without_loading_qt_text_to_speech() -> None:
    """The engine, and the sound libraries under it, live in the speech helper only (the
    kiosk's own process is 2 MiB smaller for it)."""
    result = run_offscreen(SPEAKER_IN_A_FRESH_PROCESS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ready", "False"]
