"""build_installer's steps that need no PyInstaller: placing the app, keeping an admin's edits,
and failing clearly."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import build_installer
from kiosk.config import load_config


def fake_build(tmp_path: Path) -> Path:
    built = tmp_path / "pyinstaller-dist" / "patient-kiosk"
    (built / "_internal").mkdir(parents=True)
    build_installer.executable_in(built).write_text("#!/bin/sh\n", encoding="utf-8")
    (built / "_internal" / "lib.so").write_bytes(b"\0" * 10)
    return built


def test_install_puts_content_config_and_unit_beside_the_app(tmp_path: Path) -> None:
    destination = tmp_path / "dist" / "app"
    notes = build_installer.install(fake_build(tmp_path), destination, onefile=False)
    assert notes == []
    assert (destination / "content" / "site.yaml").read_bytes() == (
        build_installer.CONTENT / "site.yaml"
    ).read_bytes()
    _, problems = load_config(destination / "kiosk.toml")
    assert problems == []
    if sys.platform.startswith("linux"):
        unit = (destination / "patient-kiosk.service").read_text(encoding="utf-8")
        assert "Restart=always" in unit
        # systemd's watchdog: the kiosk says when it is up and pings from its event loop;
        # restarts are rate-limited so a kiosk that cannot start does not spin.
        for line in ("Type=notify", "WatchdogSec=30", "StartLimitBurst=5", "NotifyAccess=main"):
            assert f"\n{line}\n" in unit, line
        assert f"ExecStart={destination / 'patient-kiosk'}" in unit
        # The appliance: cage on tty1 for the kiosk user, the kiosk as cage's only client.
        cage = (destination / "patient-kiosk-cage.service").read_text(encoding="utf-8")
        assert f"\nExecStart=/usr/bin/cage -- {destination / 'patient-kiosk'}\n" in cage
        for line in (
            "Type=notify",
            "NotifyAccess=all",  # the kiosk is cage's child
            "WatchdogSec=30",
            "StartLimitBurst=5",
            "User=kiosk",
            "PAMName=patient-kiosk",
            "TTYPath=/dev/tty1",
            "Environment=QT_QPA_PLATFORM=wayland",
            "Conflicts=getty@tty1.service",
        ):
            assert f"\n{line}\n" in cage, line
        assert "pam_systemd.so" in (destination / "patient-kiosk.pam").read_text(encoding="utf-8")
        if shutil.which("systemd-analyze"):  # systemd's own reading of both units
            for name in ("patient-kiosk.service", "patient-kiosk-cage.service"):
                checked = subprocess.run(
                    ["systemd-analyze", "verify", str(destination / name)],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                assert "Unknown" not in checked.stderr, checked.stderr
                assert "ignoring" not in checked.stderr, checked.stderr
        entry = (destination / "patient-kiosk.desktop").read_text(encoding="utf-8")
        assert entry.startswith("[Desktop Entry]\nType=Application\n")
        assert f"Icon={destination / 'patient-kiosk.png'}" in entry
        assert (destination / "patient-kiosk.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_upgrade_keeps_an_admins_edited_content_and_config(tmp_path: Path) -> None:
    destination = tmp_path / "dist" / "app"
    built = fake_build(tmp_path)
    build_installer.install(built, destination, onefile=False)
    edited = destination / "content" / "learn" / "what-is-ketamine.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA local note.\n", encoding="utf-8")
    (destination / "kiosk.toml").write_text("idle_timeout = 90\n", encoding="utf-8")

    notes = build_installer.install(built, destination, onefile=False)

    assert "A local note." in edited.read_text(encoding="utf-8")
    assert (destination / "kiosk.toml").read_text(encoding="utf-8") == "idle_timeout = 90\n"
    assert (destination / "content.new" / "site.yaml").is_file()
    assert any("kept the existing" in note and "content" in note for note in notes)
    assert any("kiosk.toml" in note for note in notes)


def test_unchanged_content_is_replaced_quietly(tmp_path: Path) -> None:
    destination = tmp_path / "dist" / "app"
    built = fake_build(tmp_path)
    build_installer.install(built, destination, onefile=False)
    notes = build_installer.install(built, destination, onefile=False)
    assert not (destination / "content.new").exists()
    assert [n for n in notes if "content.new" in n] == []


def test_missing_pyinstaller_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "PyInstaller", None)  # import fails as if not installed
    assert build_installer.main(["--dist", str(tmp_path), "--no-smoke"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "build failed: PyInstaller is not installed: run  pip install -e '.[build]'"
    )
