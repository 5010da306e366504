"""The admin part, without widgets: the hidden gesture, the PIN lock, and what the admin screen
says, in the patient's language and with plurals."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.admin import Admin
from kiosk.content import EntryRef, Section
from kiosk.pin import hash_pin
from kiosk.session import Home, Overlay, Place, Session
from tests.helpers.content import topic, write_content
from tests.helpers.session import make_session

PIN = "2468"
PIN_HASH = hash_pin(PIN)


def staffed(
    root: Path, *, now: list[float] | None = None, **config: object
) -> tuple[Session, Admin, list[str]]:
    session = make_session(root, **config)
    clock = now or [100.0]
    admin = Admin(session, clock=lambda: clock[0])
    said: list[str] = []
    admin.pin_message.connect(said.append)
    return session, admin, said


def test_five_quick_taps_open_the_pin_pad(content_dir: Path) -> None:
    session, admin, _ = staffed(content_dir, admin_pin_hash=PIN_HASH)
    for _ in range(4):
        admin.tap_name()
    assert session.place == Place(Home())
    admin.tap_name()
    assert session.place == Place(Home(), Overlay.PIN_PAD)
    assert admin.pin_hint() == ""


def test_slow_taps_do_not(content_dir: Path) -> None:
    now = [0.0]
    session, admin, _ = staffed(content_dir, now=now, admin_pin_hash=PIN_HASH)
    for _ in range(5):
        admin.tap_name()
        now[0] += 2.0
    assert session.place.overlay is None


def test_the_right_pin_opens_the_admin_screen_and_a_wrong_one_says_so(content_dir: Path) -> None:
    session, admin, said = staffed(content_dir, admin_pin_hash=PIN_HASH)
    admin.open()
    admin.check_pin("1111")
    assert said == ["That PIN is not right. Try again."]
    assert session.place.overlay is Overlay.PIN_PAD
    admin.check_pin(PIN)
    assert session.place == Place(Home(), Overlay.ADMIN)


def test_five_wrong_pins_lock_the_pad_for_a_minute(content_dir: Path) -> None:
    now = [100.0]
    session, admin, said = staffed(content_dir, now=now, admin_pin_hash=PIN_HASH)
    admin.open()
    for _ in range(5):
        admin.check_pin("0000")
    admin.check_pin(PIN)
    assert said[-1] == "Too many tries. Wait 60 seconds."
    assert session.place.overlay is Overlay.PIN_PAD
    now[0] += 59.4
    admin.check_pin(PIN)
    assert said[-1] == "Too many tries. Wait 1 second."  # a plural of one
    now[0] += 1
    admin.check_pin(PIN)
    assert session.place == Place(Home(), Overlay.ADMIN)


def test_no_pin_means_no_way_out_in_kiosk_mode(content_dir: Path) -> None:
    session, admin, _ = staffed(content_dir, fullscreen=True)
    admin.open()
    assert session.place.overlay is Overlay.PIN_PAD
    assert "kiosk set-pin" in admin.pin_hint()
    admin.check_pin("0000")
    assert session.place.overlay is Overlay.PIN_PAD


def test_a_window_with_no_pin_opens_the_admin_screen_at_once(content_dir: Path) -> None:
    session, admin, _ = staffed(content_dir, fullscreen=False)
    admin.open()
    assert session.place.overlay is Overlay.ADMIN
    admin.close()
    assert session.place == Place(Home())


def test_the_status_counts_with_plurals(tmp_path: Path) -> None:
    root = write_content(tmp_path / "c", {"learn/bad.md": "---\ntitle: Bad\norder: soon\n---\n"})
    _, admin, _ = staffed(root)
    status, problems = admin.status()
    assert status.startswith("2 topics and 1 treatment in en, es. Content folder: ")
    assert "Last loaded at" in status
    assert problems.startswith("Problems (1):\nlearn/bad.md:3: error: 'order' must be a number")


def test_the_status_is_in_the_patients_language(content_dir: Path) -> None:
    session, admin, _ = staffed(content_dir)
    session.set_language("es")
    status, problems = admin.status()
    assert status.startswith("2 temas y 1 tratamiento en en, es. Carpeta de contenido: ")
    assert problems == "No se encontraron problemas en la carpeta de contenido."


def test_a_long_list_of_problems_is_cut_with_a_pointer_to_validate(tmp_path: Path) -> None:
    files = {f"learn/bad-{n:02d}.md": "---\ntitle: Bad\norder: soon\n---\n" for n in range(14)}
    _, admin, _ = staffed(write_content(tmp_path / "c", files))
    _, problems = admin.status()
    lines = problems.splitlines()
    assert lines[0] == "Problems (14):"
    assert len(lines) == 12
    assert lines[-1] == "… and 4 more: run kiosk validate to see them all"


def test_usage_off_and_none_yet_are_said_plainly(content_dir: Path, tmp_path: Path) -> None:
    _, admin, _ = staffed(content_dir)
    assert admin.usage() == ("Usage counting is off on this kiosk.", None)
    admin.usage_db = tmp_path / "usage.sqlite3"
    assert admin.usage() == ("No usage recorded yet.", None)


def test_reload_now_picks_up_a_new_file_and_refreshes_the_status(content_dir: Path) -> None:
    session, admin, _ = staffed(content_dir, fullscreen=False)
    statuses: list[str] = []
    admin.status_changed.connect(lambda status, _problems: statuses.append(status))
    admin.open()
    (content_dir / "learn" / "gamma.md").write_text(topic("Gamma", "New."), encoding="utf-8")
    admin.reload_content()
    assert statuses and statuses[-1].startswith("3 topics and 1 treatment")
    assert session.library.entry(EntryRef(Section.LEARN, "gamma"), "en") is not None


def test_the_window_mode_goes_through_the_session(content_dir: Path) -> None:
    session, admin, _ = staffed(content_dir, fullscreen=True)
    admin.toggle_window_mode()
    assert not session.kiosk_mode
    admin.toggle_window_mode()
    assert session.kiosk_mode


@pytest.mark.parametrize(
    ("count", "words"), [(0, "0 sessions"), (1, "1 session"), (2, "2 sessions")]
)
def test_session_counts_read_naturally(count: int, words: str) -> None:
    from kiosk.i18n import Strings

    assert Strings("en").count("admin_sessions", count) == words
    assert Strings("es").count("admin_sessions", count) == words.replace(
        "session", "sesión"
    ).replace("sesións", "sesiones")


def test_the_machine_line_says_version_uptime_hours_display_and_health(
    content_dir: Path, tmp_path: Path
) -> None:
    from kiosk.config import HealthConfig
    from kiosk.opening_hours import parse_opening_hours

    now = [100.0]
    session, admin, _ = staffed(
        content_dir,
        now=now,
        opening_hours=parse_opening_hours("Mon-Fri 07:30-18:00"),
        health=HealthConfig(status_file=tmp_path / "status.json"),
    )
    admin.display_kept_awake = True
    admin.heartbeat_result = lambda: "ok at 10:02 (HTTP 200)"
    now[0] += 3 * 3600 + 12 * 60
    assert admin.machine().splitlines() == [
        "Version 0.1.0, running for 3 h 12 min. Opening hours: Mon-Fri 07:30-18:00."
        " Display: kept awake while open.",
        "Heartbeat: ok at 10:02 (HTTP 200).",
        f"Status files: {tmp_path / 'status.json'}.",
    ]
    session.set_language("es")
    now[0] += 2 * 24 * 3600
    assert admin.machine().startswith("Versión 0.1.0, en marcha desde hace 2 d 3 h.")


def test_without_opening_hours_or_health_it_says_always_open(content_dir: Path) -> None:
    _, admin, _ = staffed(content_dir)
    assert admin.machine() == (
        "Version 0.1.0, running for 0 min. Opening hours: always open. Display: left to the system."
    )
