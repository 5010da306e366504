"""Start-up as a patient sees it: spawn to the changed picture on a real X display.

``python -m tests.benchmarks.onscreen`` starts Xvfb itself (1080x1920), then, in turns so that
each sees the same load, starts a bare PySide6 window and the kiosk (in a window and in kiosk
mode) on Qt's xcb platform, and times each from spawn to

- *first change*: the first X DAMAGE event after which the screen's picture differs from the
  empty screen, and
- *visually complete*: the last DAMAGE event after which the picture differs from the one
  before, once the screen has then stayed still for a second.

The times are the X server's own (DAMAGE events carry its timestamp), so the figures are what
a camera would see, not what the program says about itself. ``--compare-with DIR`` also times
another source tree of the kiosk (for example main before a change) in the same run;
``--packaged PROGRAM`` the built kiosk, against the bare window built the same way (from
``kiosk.spec``, with only the entry script changed), as staff start it.

Needs Debian's ``xvfb`` and the xcb libraries the README lists, and ``python-xlib``.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from Xlib import X, Xatom, display
from Xlib.ext import damage

from tests.benchmarks.floor import FLOOR_SCRIPT, home_html, text_view_script

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "content"
SCREEN = (1080, 1920)
QUIET_SECONDS = 1.0  # the screen has settled once nothing is drawn for this long
GIVE_UP_SECONDS = 20.0


@contextmanager
def virtual_screen(size: tuple[int, int] = SCREEN) -> Iterator[str]:
    """An Xvfb display of ``size`` for the duration; yields its name (":N")."""
    if shutil.which("Xvfb") is None:
        raise SystemExit("Xvfb is not installed: apt-get install xvfb")
    # -displayfd: Xvfb picks a free display and writes its number once it takes clients.
    ready, told = os.pipe()
    screen = f"{size[0]}x{size[1]}x24"
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(told), "-screen", "0", screen, "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(told,),
    )
    os.close(told)
    try:
        with os.fdopen(ready) as said:
            number = said.readline().strip()
        if not number:
            raise SystemExit("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@dataclass(frozen=True)
class Timing:
    first_change: float  # seconds from spawn
    complete: float


class ScreenWatch:
    """DAMAGE on the root window, and a fingerprint of what the screen shows."""

    def __init__(self, name: str) -> None:
        self.display = display.Display(name)
        self.root = self.display.screen().root
        geometry = self.root.get_geometry()
        self.size = (geometry.width, geometry.height)
        self.display.damage_query_version()  # required before any other DAMAGE request
        self.damage = self.root.damage_create(damage.DamageReportNonEmpty)
        self.event_code = self.display.extension_event.DamageNotify
        self._probe = self.root.create_window(0, 0, 1, 1, 0, X.CopyFromParent)
        self._probe.change_attributes(event_mask=X.PropertyChangeMask)
        self._atom = self.display.intern_atom("KIOSK_BENCH_CLOCK")

    def fingerprint(self) -> bytes:
        image = self.root.get_image(0, 0, *self.size, X.ZPixmap, 0xFFFFFFFF)
        return hashlib.blake2b(image.data, digest_size=16).digest()

    def server_clock(self) -> tuple[float, int]:
        """(local perf_counter, server milliseconds) at one moment: a property change on a
        window of ours, whose notification carries the server's time."""
        before = time.perf_counter()
        self._probe.change_property(self._atom, Xatom.STRING, 8, b"x")
        self.display.flush()
        while True:
            event = self.display.next_event()
            if event.type == X.PropertyNotify:
                after = time.perf_counter()
                return (before + after) / 2, event.time

    def drain(self) -> list[int]:
        """Server times of the damage reported so far (re-arming the report)."""
        times = []
        while self.display.pending_events():
            event = self.display.next_event()
            if event.type == self.event_code:
                times.append(event.timestamp)
        if times:
            self.display.damage_subtract(self.damage)
            self.display.flush()
        return times

    def wait(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for damage; True if some arrived."""
        if self.display.pending_events():
            return True
        ready, _, _ = select.select([self.display.fileno()], [], [], seconds)
        return bool(ready) and bool(self.display.pending_events())

    def changes_after(
        self,
        act: Callable[[], None],
        *,
        quiet: float,
        give_up: float,
        unchanged: bytes | None = None,
    ) -> list[float]:
        """Do ``act``; the seconds from it to each change of the picture (the first timed by
        the damage that began it, the others by the damage that ended them, both on the
        server's clock), until the screen has stayed still for ``quiet`` seconds after a
        change, or ``give_up`` seconds have passed. The first change is away from
        ``unchanged`` (by default, what the screen shows now): a tap passes the picture from
        before the finger came down, so the button's pressed look going away is not counted
        as the new page."""
        self.drain()
        last = self.fingerprint() if unchanged is None else unchanged
        local, server = self.server_clock()
        started = time.perf_counter()
        act()
        changes: list[float] = []
        quiet_since = time.perf_counter()
        while time.perf_counter() - started < give_up:
            if not self.wait(0.02):
                if changes and time.perf_counter() - quiet_since >= quiet:
                    break
                continue
            times = self.drain()
            if not times:
                continue
            quiet_since = time.perf_counter()
            picture = self.fingerprint()
            if picture != last:
                last = picture
                stamp = times[0] if not changes else times[-1]
                changes.append(local + (stamp - server) / 1000 - started)
        return changes

    def time_start(
        self, command: list[str], env: dict[str, str], cwd: Path, scratch: Path
    ) -> Timing:
        """Spawn ``command`` in ``cwd``; time its first and last change of the picture; stop
        it, and what it left running (a speech-dispatcher it spawned, whose socket lies in
        ``scratch``), so the next subject starts on a quiet machine."""
        self.drain()
        empty = self.fingerprint()
        spawned: list[subprocess.Popen[bytes]] = []

        def spawn() -> None:
            spawned.append(
                subprocess.Popen(
                    command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
            )

        try:
            changes = self.changes_after(spawn, quiet=QUIET_SECONDS, give_up=GIVE_UP_SECONDS)
        finally:
            for process in spawned:
                process.terminate()
                process.wait(timeout=30)
            subprocess.run(["pkill", "-f", str(scratch)], check=False)
        self._wait_for(empty)
        if not changes:
            raise RuntimeError(f"{command[:3]} drew nothing within {GIVE_UP_SECONDS:.0f} s")
        return Timing(changes[0], changes[-1])

    def _wait_for(self, picture: bytes) -> None:
        """Until the screen shows ``picture`` again (the program's window gone), looking
        each time something is drawn."""
        deadline = time.monotonic() + 10
        while self.fingerprint() != picture and time.monotonic() < deadline:
            self.wait(1.0)
            self.drain()


FLOOR = "bare PySide6 window"
TEXT_FLOOR = "bare PySide6 text view of Home's words"
PACKAGED_FLOOR = "packaged bare PySide6 window"
WINDOWED = "windowed"
KIOSK_MODE = "kiosk mode"


def build_packaged_floor(work: Path, script: str, name: str = "bare-floor") -> Path:
    """``script`` (a bare PySide6 window or text view) built into a program by PyInstaller from
    ``kiosk.spec``, with the same options, exclusions and libraries as the kiosk, only another
    entry script: the floor for the packaged kiosk, started the same way (about 20 s)."""
    work.mkdir(parents=True, exist_ok=True)
    entry = work / f"{name}.py"
    entry.write_text(script, encoding="utf-8")
    env = {**os.environ, "KIOSK_SCRIPT": str(entry), "KIOSK_APP_NAME": name}
    env |= {"KIOSK_ONEFILE": "0", "KIOSK_STRIP": "1" if shutil.which("strip") else "0"}
    command = [sys.executable, "-m", "PyInstaller", str(ROOT / "kiosk.spec"), "--noconfirm"]
    command += ["--log-level", "WARN", "--distpath", str(work / "dist")]
    command += ["--workpath", str(work / "build")]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return work / "dist" / name / name


def compiled(tree: Path) -> Path:
    """``tree``, a source tree of the kiosk, with its bytecode written, as pip and PyInstaller
    ship it: under ``PYTHONDONTWRITEBYTECODE`` (set on this machine) a module edited since its
    bytecode, or a tree never run, would be compiled again at every start it is timed in."""
    compileall.compile_dir(tree / "kiosk", quiet=1)
    return tree


def kiosk_command(*, kiosk_mode: bool, program: Path | None = None) -> list[str]:
    """The kiosk on the shipped content, from source (``python -m kiosk``) or ``program``."""
    window = [] if kiosk_mode else ["--windowed", "--size", f"{SCREEN[0]}x{SCREEN[1]}"]
    start = [str(program)] if program else [sys.executable, "-m", "kiosk"]
    return [*start, *window, "--content", str(SHIPPED)]


def measure(
    runs: int, compare_with: Path | None = None, packaged: Path | None = None
) -> dict[str, list[Timing]]:
    """Every subject started ``runs`` times, in turns: the floor, the kiosk in a window and in
    kiosk mode (and the same from ``compare_with``, another source tree of the kiosk, and from
    ``packaged``, the program ``build_installer.py`` made, as staff start it)."""
    floor = [sys.executable, "-c", FLOOR_SCRIPT.replace("app.exit(0)", "pass")]  # stays up
    text_floor = [sys.executable, "-c", text_view_script(home_html(SHIPPED))]
    compiled(ROOT)
    subjects: dict[str, tuple[list[str], Path]] = {
        FLOOR: (floor, ROOT),
        TEXT_FLOOR: (text_floor, ROOT),
        WINDOWED: (kiosk_command(kiosk_mode=False), ROOT),
        KIOSK_MODE: (kiosk_command(kiosk_mode=True), ROOT),
    }
    if compare_with is not None:
        other = compiled(compare_with.resolve())
        subjects[f"{other.name}, {WINDOWED}"] = (kiosk_command(kiosk_mode=False), other)
        subjects[f"{other.name}, {KIOSK_MODE}"] = (kiosk_command(kiosk_mode=True), other)
    with tempfile.TemporaryDirectory(prefix="kiosk-onscreen-") as scratch, virtual_screen() as name:
        home = Path(scratch)
        if packaged is not None:
            bare = FLOOR_SCRIPT.replace("app.exit(0)", "pass")  # stays up
            subjects[PACKAGED_FLOOR] = ([str(build_packaged_floor(home / "floor", bare))], ROOT)
            for mode, kiosk_mode in ((WINDOWED, False), (KIOSK_MODE, True)):
                command = kiosk_command(kiosk_mode=kiosk_mode, program=packaged.resolve())
                subjects[f"packaged, {mode}"] = (command, ROOT)
        results: dict[str, list[Timing]] = {name: [] for name in subjects}
        env = {
            **os.environ,
            "DISPLAY": name,
            "QT_QPA_PLATFORM": "xcb",
            **{var: str(home / var.lower()) for var in XDG_FOLDERS},
        }
        watch = ScreenWatch(name)
        for _ in range(runs):
            for subject, (command, tree) in subjects.items():
                # ``python -m kiosk`` imports the kiosk from the folder it runs in.
                results[subject].append(watch.time_start(command, env, tree, home))
    return results


XDG_FOLDERS = ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")


def ratio(timings: list[Timing], floor: list[Timing], what: str) -> tuple[float, float, float]:
    """(median / the floor's median, median ms, floor's median ms) of "first change" or
    "visually complete"."""
    pick = (lambda t: t.first_change) if what == "first change" else (lambda t: t.complete)
    mine = statistics.median(pick(t) for t in timings)
    theirs = statistics.median(pick(t) for t in floor)
    return mine / theirs, mine * 1000, theirs * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="starts of each (median)")
    parser.add_argument("--compare-with", type=Path, help="another source tree of the kiosk")
    parser.add_argument(
        "--packaged", type=Path, help="also the built program (dist/.../patient-kiosk)"
    )
    args = parser.parse_args(argv)
    results = measure(args.runs, args.compare_with, args.packaged)
    print(f"Start-up on Xvfb {SCREEN[0]}x{SCREEN[1]} (xcb), medians of {args.runs}, in turns;")
    print(f"ratios against the {FLOOR} / the {TEXT_FLOOR}:")
    print("| what | first change | visually complete | spread of visually complete |")
    print("|---|---|---|---|")
    for subject, timings in results.items():
        cells = []
        for what in ("first change", "visually complete"):
            by_label, ms, _ = ratio(timings, results[FLOOR], what)
            by_text, _, _ = ratio(timings, results[TEXT_FLOOR], what)
            cells.append(f"{ms:.0f} ms ({by_label:.2f} x / {by_text:.2f} x)")
        spread = max(t.complete for t in timings) - min(t.complete for t in timings)
        print(f"| {subject} | {cells[0]} | {cells[1]} | {spread * 1000:.0f} ms |")
    if PACKAGED_FLOOR in results:
        print(f"\nThe packaged program against the {PACKAGED_FLOOR} (built the same way):")
        for subject in (name for name in results if name.startswith("packaged, ")):
            cells = []
            for what in ("first change", "visually complete"):
                by_floor, ms, floor_ms = ratio(results[subject], results[PACKAGED_FLOOR], what)
                cells.append(f"{what} {ms:.0f} ms / {floor_ms:.0f} ms = {by_floor:.2f} x")
            print(f"- {subject}: {'; '.join(cells)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
