"""Build the kiosk into one program front-desk staff can double-click, then smoke-test it.

    python build_installer.py              one-folder app in dist/ (starts as fast as source)
    python build_installer.py --onefile    a single executable in dist/ (unpacks on each start)
    python build_installer.py --measure    also time start-up against `python -m kiosk`
    python build_installer.py --no-speech  leave speech mode out (QtTextToSpeech, about 30 MB)
    python build_installer.py --icons      draw the app icon's PNG and ICO files from its SVG

The app goes to ``dist/patient-kiosk-<version>-<platform>/``: the executable, and beside it
the clinic's editable ``content/`` and a commented ``kiosk.toml`` (an upgrade keeps an admin's
edited content and says so), and on Linux a ``systemd --user`` unit that starts it at login
and restarts it if it ever stops, and a ``.desktop`` entry with the kiosk's icon. The built
executable is then run headless: ``--version``, ``validate`` on the bundled content and
``render`` of every screen; anything unexpected on stderr fails the build.
"""

from __future__ import annotations

import argparse
import compileall
import filecmp
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import NamedTuple

from kiosk import __version__
from kiosk.assets import APP_ICON_SIZES
from kiosk.config import describe_defaults

ROOT = Path(__file__).resolve().parent
SPEC = ROOT / "kiosk.spec"
CONTENT = ROOT / "content"
APP_ICONS = ROOT / "assets" / "app"
EXE_NAME = "patient-kiosk"
SMOKE_TIMEOUT = 300
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # what Windows wants in an .ico

DESKTOP_ENTRY = """\
[Desktop Entry]
Type=Application
Name=Patient education kiosk
Comment=A clinic's education content on a waiting-room touchscreen
Exec="{exe}"
Path={folder}
Icon={icon}
Terminal=false
Categories=Education;MedicalSoftware;
"""

SYSTEMD_UNIT = """\
# Start the kiosk when the kiosk user logs in, and start it again if it stops or hangs.
# Install:  mkdir -p ~/.config/systemd/user && cp {unit} ~/.config/systemd/user/
#           systemctl --user daemon-reload && systemctl --user enable --now {unit}
# See how it is:  systemctl --user status {unit}   (its STATUS line says what it shows)
[Unit]
Description=Patient education kiosk
After=graphical-session.target
PartOf=graphical-session.target
# A kiosk that cannot start is not restarted for ever: at most 5 tries in 5 minutes.
StartLimitIntervalSec=300
StartLimitBurst=5

[Service]
# The kiosk says READY=1 once Home is on the screen, and pings the watchdog from its event
# loop: if the screen freezes (not only if the program ends), systemd restarts it.
Type=notify
NotifyAccess=main
WatchdogSec=30
TimeoutStartSec=90
ExecStart={exe}
WorkingDirectory={folder}
Restart=always
RestartSec=3

[Install]
WantedBy=graphical-session.target
"""

# The appliance: no desktop, the kiosk user logged in on tty1 by systemd, cage showing only
# the kiosk (cage gives it the whole output and offers no way to switch away: it is started
# without -s, so Ctrl+Alt+F1..F12 do nothing).
CAGE_UNIT = """\
# The kiosk as an appliance: cage (Wayland kiosk compositor) on tty1 for the user "kiosk",
# started at boot, started again if the kiosk stops or its screen freezes.
# Install (as root):
#   apt-get install cage libwayland-cursor0 && useradd -m kiosk
#   cp {unit} /etc/systemd/system/ && cp {pam} /etc/pam.d/{pam_name}
#   systemctl daemon-reload && systemctl enable --now {unit}
#   systemctl set-default graphical.target
# See how it is:  systemctl status {unit}   (its STATUS line says what the kiosk shows)
[Unit]
Description=Patient education kiosk (cage on tty1)
After=systemd-user-sessions.service plymouth-quit-wait.service dbus.socket systemd-logind.service
Wants=dbus.socket systemd-logind.service
Before=graphical.target
ConditionPathExists=/dev/tty1
# This unit logs the kiosk user in on tty1 itself.
Conflicts=getty@tty1.service
After=getty@tty1.service
# A kiosk that cannot start is not restarted for ever: at most 5 tries in 5 minutes.
StartLimitIntervalSec=300
StartLimitBurst=5

[Service]
User=kiosk
PAMName={pam_name}
TTYPath=/dev/tty1
TTYReset=yes
TTYVHangup=yes
TTYVTDisallocate=yes
StandardInput=tty-fail
StandardOutput=journal
StandardError=journal
UtmpIdentifier=tty1
UtmpMode=user
Environment=QT_QPA_PLATFORM=wayland
# The kiosk, cage's child, says READY=1 once Home is on the screen and pings the watchdog from
# its event loop (NotifyAccess=all: the messages come from cage's child, not from cage).
Type=notify
NotifyAccess=all
WatchdogSec=30
TimeoutStartSec=90
ExecStart=/usr/bin/cage -- {exe}
WorkingDirectory={folder}
Restart=always
RestartSec=3

[Install]
WantedBy=graphical.target
"""

# The PAM service the unit logs the kiosk user in with (a logind session, so cage may use the
# display and input devices).
CAGE_PAM = """\
auth     required pam_unix.so nullok
account  required pam_unix.so
session  required pam_unix.so
session  required pam_systemd.so
"""


class BuildError(Exception):
    """A step failed; the message says which and what to do."""


def platform_tag() -> str:
    machine = platform.machine().lower() or "unknown"
    return f"{sys.platform.replace('win32', 'windows')}-{machine}"


def app_name() -> str:
    return f"{EXE_NAME}-{__version__}-{platform_tag()}"


def executable_in(folder: Path) -> Path:
    return folder / (EXE_NAME + (".exe" if sys.platform == "win32" else ""))


def run_pyinstaller(onefile: bool, work: Path, speech: bool = True) -> Path:
    """Run PyInstaller on kiosk.spec; returns the folder (or file) it made."""
    try:
        import PyInstaller  # type: ignore[import-untyped]  # noqa: F401, PLC0415 - to say clearly when it is missing
    except ImportError as exc:
        raise BuildError(
            "PyInstaller is not installed: run  pip install -e '.[build]'  (or '.[test]')"
        ) from exc
    out = work / "pyinstaller-dist"
    env = {
        **os.environ,
        "KIOSK_ONEFILE": "1" if onefile else "0",
        "KIOSK_APP_NAME": EXE_NAME,
        "KIOSK_SPEECH": "1" if speech else "0",
        "KIOSK_STRIP": "1" if sys.platform.startswith("linux") and shutil.which("strip") else "0",
    }
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(out),
        "--workpath",
        str(work / "build"),
    ]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.splitlines()[-30:])
        raise BuildError(f"PyInstaller failed (exit {result.returncode}):\n{tail}")
    return out / EXE_NAME if not onefile else out / executable_in(Path()).name


def install(built: Path, destination: Path, onefile: bool) -> list[str]:
    """Put the app in ``destination``, keeping an admin's content and kiosk.toml if present."""
    notes: list[str] = []
    destination.mkdir(parents=True, exist_ok=True)
    if onefile:
        shutil.copy2(built, executable_in(destination))
    else:
        for item in built.iterdir():
            target = destination / item.name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            elif target.exists() or target.is_symlink():
                target.unlink()
            # PyInstaller links libraries into place: copy the links, not the files twice.
            if item.is_dir() and not item.is_symlink():
                shutil.copytree(item, target, symlinks=True)
            else:
                shutil.copy2(item, target, follow_symlinks=False)
    content = destination / "content"
    if content.exists() and _differs(content, CONTENT):
        shipped = destination / "content.new"
        if shipped.exists():
            shutil.rmtree(shipped)
        shutil.copytree(CONTENT, shipped)
        notes.append(
            f"kept the existing {content} (it has been edited); this version's content is in "
            f"{shipped} for comparison"
        )
    else:
        if content.exists():
            shutil.rmtree(content)
        shutil.copytree(CONTENT, content)
    config = destination / "kiosk.toml"
    if config.exists():
        notes.append(f"kept the existing {config}")
    else:
        config.write_text(describe_defaults(), encoding="utf-8")
    if sys.platform.startswith("linux"):
        unit = f"{EXE_NAME}.service"
        (destination / unit).write_text(
            SYSTEMD_UNIT.format(unit=unit, exe=executable_in(destination), folder=destination),
            encoding="utf-8",
        )
        cage_unit, pam = f"{EXE_NAME}-cage.service", f"{EXE_NAME}.pam"
        (destination / cage_unit).write_text(
            CAGE_UNIT.format(
                unit=cage_unit,
                pam=pam,
                pam_name=EXE_NAME,
                exe=executable_in(destination),
                folder=destination,
            ),
            encoding="utf-8",
        )
        (destination / pam).write_text(CAGE_PAM, encoding="utf-8")
        icon = destination / f"{EXE_NAME}.png"
        shutil.copy2(APP_ICONS / f"{EXE_NAME}-256.png", icon)
        (destination / f"{EXE_NAME}.desktop").write_text(
            DESKTOP_ENTRY.format(exe=executable_in(destination), folder=destination, icon=icon),
            encoding="utf-8",
        )
    return notes


def _differs(left: Path, right: Path) -> bool:
    comparison = filecmp.dircmp(left, right)
    if comparison.left_only or comparison.right_only or comparison.diff_files:
        return True
    return any(_differs(left / name, right / name) for name in comparison.common_dirs)


def app_size(destination: Path, onefile: bool) -> int:
    """Bytes of the program itself (not the editable content beside it)."""
    if onefile:
        return executable_in(destination).stat().st_size
    total = executable_in(destination).stat().st_size
    internal = destination / "_internal"
    return total + sum(
        p.lstat().st_size for p in internal.rglob("*") if p.is_file() and not p.is_symlink()
    )


def headless_env(scratch: Path) -> dict[str, str]:
    """Headless, with the log and the parsed-settings cache kept out of the real folders."""
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_STATE_HOME": str(scratch),
        "XDG_CACHE_HOME": str(scratch),
    }


def _many_topics(root: Path) -> Path:
    """A content folder with enough topics for ``kiosk validate`` to grade in a second process."""
    from kiosk.content.grades import PARALLEL_FROM  # noqa: PLC0415 - only for the smoke test

    (root / "learn").mkdir(parents=True)
    (root / "treatments").mkdir()
    (root / "site.yaml").write_text("name: Smoke Test Clinic\nlanguages: [en]\n", encoding="utf-8")
    body = "We will check on you. You can rest here. Tell us how you feel. " * 4
    for n in range(PARALLEL_FROM + 10):
        section = "treatments" if n % 10 == 0 else "learn"
        (root / section / f"topic-{n:03d}.md").write_text(
            f"---\ntitle: Topic {n}\nsummary: About topic {n}\n---\n{body}\n", encoding="utf-8"
        )
    return root


class SmokeCheck(NamedTuple):
    """One run of the built program: its output must hold ``expect``, and nothing on stderr."""

    label: str
    command: list[str]
    expect: str = ""
    stdin: str | None = None
    extra_env: dict[str, str] | None = None


# The speech helper, with Qt's mock engine: it starts, takes a sentence and says its voice.
SPEECH_ORDER = '{"say": "Hello", "locale": "en_US", "rate": 0.0, "volume": 0.8}\n'


def serve_stand_in_speechd(path: Path) -> socket.socket:
    """A stand-in speech-dispatcher on ``path`` for the packaged speech helper's direct path
    (SSIP, as on a Linux kiosk): every command is "200 OK", it has one English voice, and it
    takes a text. Close the returned socket to stop it."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen()

    def answer(client: socket.socket) -> None:
        with client, client.makefile("rb") as lines:
            receiving = False
            for raw in lines:
                line = raw.decode().rstrip("\r\n")
                if line == "QUIT" and not receiving:
                    return  # the helper is done with it
                if receiving:
                    receiving = line != "."
                    reply = "" if receiving else "225-1\r\n225 OK MESSAGE QUEUED\r\n"
                elif line == "SPEAK":
                    receiving, reply = True, "230 OK RECEIVING DATA\r\n"
                elif line == "LIST SYNTHESIS_VOICES":
                    reply = "249-English\ten-US\tnone\r\n249 OK VOICE LIST SENT\r\n"
                else:
                    reply = "200 OK\r\n"
                client.sendall(reply.encode())

    def accept() -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return  # closed: the smoke test is over
            threading.Thread(target=answer, args=(client,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return server


def smoke_test(destination: Path, *, speech: bool = True) -> list[str]:
    """Run the built executable headless; raise BuildError on any failure or stray output, or
    when a build with speech mode cannot speak (``--version`` names no engine, or the speech
    helper does not take a sentence)."""
    exe = str(executable_in(destination))
    content = destination / "content"
    done = []
    with tempfile.TemporaryDirectory(prefix="kiosk-smoke-") as scratch:
        env = headless_env(Path(scratch) / "logs")
        many = _many_topics(Path(scratch) / "many")
        shots = Path(scratch) / "shots"
        # `kiosk content update` follows a synced folder (here: the bundled content), which
        # needs no git on the build machine but runs the whole check: copy, validate, switch.
        source_toml = Path(scratch) / "source.toml"
        source_toml.write_text(
            f"[content_source]\nfolder = {json.dumps(str(content))}\nquiet_seconds = 0\n"
            f"versions_dir = {json.dumps(str(Path(scratch) / 'versions'))}\n",
            encoding="utf-8",
        )
        update = [exe, "--config", str(source_toml), "content", "update"]
        checks = [
            SmokeCheck("--version", [exe, "--version"], "engines" if speech else ""),
            SmokeCheck("validate", [exe, "validate", str(content)]),
            # Enough topics that a second `validate` process (the packaged program, run again)
            # works out the reading grades; if it failed, stderr would say so.
            SmokeCheck("validate, second process", [exe, "validate", "--no-screens", str(many)]),
            SmokeCheck("render", [exe, "render", "--out", str(shots), "--content", str(content)]),
            SmokeCheck("content update", update, "shown: now showing folder-"),
        ]
        if speech:
            helper = [exe, "--speech-helper", "--speech-engine", "mock"]
            checks.append(SmokeCheck("speech helper", helper, '"spoken_with"', SPEECH_ORDER))
        stand_in = None
        if sys.platform.startswith("linux"):  # the helper speaks to speech-dispatcher itself
            stand_in = serve_stand_in_speechd(Path(scratch) / "speechd.sock")
            address = {"SPEECHD_ADDRESS": f"unix_socket:{Path(scratch) / 'speechd.sock'}"}
            helper = [exe, "--speech-helper", "--speech-engine", "speechd"]
            label = "speech helper, speech-dispatcher"
            said = '{"ready": ["en_US"]}\n{"spoken_with": ["en_US", 0.0, 0.8]}'  # its voices read
            checks.append(SmokeCheck(label, helper, said, SPEECH_ORDER, address))
        for check in checks:
            result = subprocess.run(
                check.command,
                env={**env, **(check.extra_env or {})},
                input=check.stdin,
                capture_output=True,
                text=True,
                timeout=SMOKE_TIMEOUT,
                check=False,
                cwd=scratch,
            )
            if result.returncode != 0 or result.stderr.strip() or check.expect not in result.stdout:
                raise BuildError(
                    f"smoke test '{check.label}' failed (exit {result.returncode}"
                    + (f", no {check.expect!r} in its output" if check.expect else "")
                    + f").\nstdout:\n{result.stdout[-2000:]}\nstderr:\n{result.stderr[-4000:]}"
                )
            done.append(f"{check.label}: {result.stdout.strip().splitlines()[-1]}")
        if stand_in is not None:
            stand_in.close()
        drawn = list(shots.glob("*.png"))
        if len(drawn) < 10:
            raise BuildError(f"smoke test 'render' drew only {len(drawn)} screens")
    return done


def time_to_first_paint(
    command: list[str], env: dict[str, str], cwd: Path = ROOT
) -> tuple[float, int]:
    """(seconds from starting the process to its 'first paint' line, its resident KiB then).
    The kiosk prints that line with ``--quit-after-first-paint``; the benchmark's bare-window
    floor prints the same."""
    start = time.perf_counter()
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True, cwd=cwd) as process:
        assert process.stdout is not None
        line = process.stdout.readline()
        elapsed = time.perf_counter() - start
        process.stdout.read()
        process.wait(timeout=60)
    found = re.search(r"rss (\d+) KiB", line)
    if "first paint" not in line or found is None:
        raise BuildError(f"no first paint from {command[0]}: {line!r}")
    return elapsed, int(found.group(1))


def measure_startup(destination: Path, runs: int = 9) -> tuple[float, float]:
    """Seconds to first paint, fastest of ``runs``: (built app, python -m kiosk), runs
    interleaved. The fastest run is each program's own cost, with least of whatever else this
    machine was doing (medians here moved by 20% between runs). The source's bytecode is
    compiled first, as an installed kiosk's is."""
    compileall.compile_dir(ROOT / "kiosk", quiet=1)
    arguments = [
        "--windowed",
        "--size",
        "1080x1920",
        "--quit-after-first-paint",
        "--content",
        str(destination / "content"),
        # Both read the kiosk.toml installed beside the program (the built one would find it
        # on its own; python -m kiosk would start without one).
        "--config",
        str(destination / "kiosk.toml"),
    ]
    frozen: list[float] = []
    source: list[float] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-measure-") as scratch:
        env = headless_env(Path(scratch))
        for _ in range(runs):
            frozen.append(
                time_to_first_paint([str(executable_in(destination)), *arguments], env)[0]
            )
            source.append(time_to_first_paint([sys.executable, "-m", "kiosk", *arguments], env)[0])
    return min(frozen), min(source)


def build(onefile: bool, dist: Path, smoke: bool, measure: bool, speech: bool = True) -> Path:
    destination = dist / app_name()
    with tempfile.TemporaryDirectory(prefix="kiosk-build-") as work:
        print(f"building {'one file' if onefile else 'one folder'} with PyInstaller …", flush=True)
        built = run_pyinstaller(onefile, Path(work), speech)
        for note in install(built, destination, onefile):
            print(f"note: {note}")
    size = app_size(destination, onefile)
    kind = "single file" if onefile else "folder, without content"
    print(f"built {executable_in(destination)}  ({size / 1e6:.1f} MB, {kind})")
    if smoke:
        for line in smoke_test(destination, speech=speech):
            print(f"smoke test ok  {line}")
    if measure:
        frozen, source = measure_startup(destination)
        print(
            f"start-up to first paint (fastest of 9): built {frozen * 1000:.0f} ms, "
            f"python -m kiosk {source * 1000:.0f} ms, ratio {frozen / source:.2f}"
        )
    return destination


def make_app_icons(folder: Path = APP_ICONS) -> list[Path]:
    """Draw ``patient-kiosk.svg`` as the PNGs a window and a Linux desktop use, and the .ico
    a Windows program carries (Qt draws; Pillow, only needed here, packs the .ico)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image  # noqa: PLC0415 - only to redraw the icons
    from PySide6.QtCore import QByteArray, Qt  # noqa: PLC0415
    from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: PLC0415
    from PySide6.QtSvg import QSvgRenderer  # noqa: PLC0415

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - alive while drawing
    svg = (folder / f"{EXE_NAME}.svg").read_bytes()
    renderer = QSvgRenderer(QByteArray(svg))
    written = []
    for px in APP_ICON_SIZES:
        image = QImage(px, px, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = folder / f"{EXE_NAME}-{px}.png"
        if not image.save(str(path)):
            raise BuildError(f"could not write {path}")
        written.append(path)
    ico = folder / f"{EXE_NAME}.ico"
    with Image.open(folder / f"{EXE_NAME}-256.png") as largest:
        largest.save(ico, sizes=[(px, px) for px in ICO_SIZES])
    return [*written, ico]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--onefile", action="store_true", help="one executable file")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--no-smoke", action="store_true", help="skip the smoke test")
    parser.add_argument("--measure", action="store_true", help="time start-up vs. source")
    parser.add_argument(
        "--icons", action="store_true", help="only draw the app icon's PNG and ICO files"
    )
    parser.add_argument(
        "--no-speech",
        action="store_true",
        help="leave speech mode out (QtTextToSpeech; about 30 MB less)",
    )
    args = parser.parse_args(argv)
    if args.icons:
        for path in make_app_icons():
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    try:
        build(
            args.onefile,
            args.dist,
            smoke=not args.no_smoke,
            measure=args.measure,
            speech=not args.no_speech,
        )
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
