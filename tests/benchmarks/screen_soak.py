"""The on-screen soak: the packaged kiosk's window driven by touches for an hour or more.

``python -m tests.benchmarks.screen_soak --minutes 60`` starts Xvfb (1080x1920) and the kiosk in
kiosk mode on the shipped content, then, through XTEST, as patients would: taps a section on
Home, a topic in its list, swipes its pages forward and back, turns pages by key, makes the
text larger and smaller, switches language and contrast and back, goes Home; every few visits
it stops touching until "Still there?" and the idle reset have come and the attract screen is
up, and touches it to start. Where to tap comes from ``targets`` (the same code laid out
offscreen at the same size). Every minute it samples the kiosk's resident memory.

It reports the growth after the first ten minutes (the budget is 5 MB), whether the kiosk
kept running, and every warning or error in its log (Qt's own messages go there, as
``qt:``). ``--accessibility`` runs the same with Qt's accessibility bridge on and a client
on the AT-SPI bus walking every accessible object of the window every few seconds, as a
screen reader does, so accessible objects are made and read throughout. ``--speech`` turns
speech mode on by key (``*``) on every topic, turns two pages with it on (each read aloud,
the first interrupted by the second) and turns it off again, through a real speech-dispatcher
whose sound goes to libao's null driver.

Not part of CI (it takes an hour); the 2,000-interaction soak in the process is.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from Xlib import display

from tests.benchmarks import xinput
from tests.benchmarks.onscreen import ROOT, SCREEN, SHIPPED, virtual_screen
from tests.benchmarks.targets import Targets, find_targets
from tests.benchmarks.xinput import Point

SETTINGS = """\
idle_timeout = 10
still_there_timeout = 20
attract_delay = 5
"""
IDLE_SECONDS = 10 + 20 + 5 + 5  # idle, "Still there?", attract delay, and a margin
PAUSE = 0.5  # between two touches: a quick patient (one within 0.3 s of a new screen is a repeat)
WARM_UP_MINUTES = 10  # growth is counted from here, as the budget says

# The AT-SPI client (Debian's python3-pyatspi runs on the system Python): every few seconds,
# every object of every application on the bus, with its name, role, state and text, as a
# screen reader reads a screen.
ACCESSIBILITY_WALKER = """
import sys, time
import pyatspi
def walk(node, depth=0):
    if node is None or depth > 40:
        return 0
    node.name; node.getRole(); node.getState()
    try:
        node.queryText().getText(0, -1)
    except NotImplementedError:
        pass
    return 1 + sum(walk(child, depth + 1) for child in node)
while True:
    seen = 0
    try:
        for app in pyatspi.Registry.getDesktop(0):
            seen += walk(app)
    except Exception as error:
        print("walk failed:", error, file=sys.stderr, flush=True)
    print(seen, flush=True)
    time.sleep(3)
"""


class Finger:
    """Touches and keys on the X display, each followed by a patient's pause."""

    def __init__(self, name: str) -> None:
        self.display = display.Display(name)

    def tap(self, point: Point) -> None:
        xinput.press(self.display, point)
        time.sleep(0.08)
        xinput.lift(self.display)
        time.sleep(PAUSE)

    def swipe(self, start: Point, end: Point) -> None:
        xinput.press(self.display, start)
        xinput.slide(self.display, start, end)
        xinput.lift(self.display)
        time.sleep(PAUSE)

    def key(self, name: str) -> None:
        xinput.key(self.display, name)
        time.sleep(PAUSE)


def visits(targets: Targets, finger: Finger, speech: bool = False) -> Iterator[str]:
    """Endless patient visits, one topic each, every topic of every section in turn; yields
    after each visit the topic it read. ``speech``: with speech mode on for two page turns
    (by key: in speech mode a tap reads rather than presses)."""
    width, height = SCREEN
    left, right = (width // 4, height // 2), (width * 3 // 4, height // 2)
    visit_plan = itertools.cycle(
        (tile, section_list, card, topic)
        for tile, section_list in targets.opens["home"].items()
        for card, topic in targets.opens[section_list].items()
    )
    for tile, section_list, card, topic in visit_plan:
        finger.tap(targets.at("home", tile))
        finger.tap(targets.at(section_list, card))
        finger.swipe(right, left)  # the next page
        finger.swipe(right, left)
        finger.swipe(left, right)  # back one
        finger.key("Next")
        finger.key("Prior")
        if speech:
            for name in ("KP_Multiply", "Next", "Prior", "KP_Multiply"):  # the keypad *
                finger.key(name)
        for name in ("Larger text", "Larger text", "Smaller text", "Smaller text"):
            finger.tap(targets.at(topic, name))
        other = next((place for place in targets.places if place.endswith(f":{topic}")), None)
        if other is not None:  # to the other language, a page on, and back
            finger.tap(targets.at(topic, targets.language[topic]))
            finger.swipe(right, left)
            finger.tap(targets.at(other, targets.language[other]))
        finger.tap(targets.at(topic, "High contrast"))
        finger.tap(targets.at(topic, "High contrast"))
        finger.tap(targets.at(topic, "Home"))
        yield topic


def kiosk_tree_kib(pid: int) -> tuple[int, int]:
    """Resident memory (kB) of the kiosk process, and of it with its children (the speech
    helper, where one of Qt's engines speaks; on Linux speech runs on a thread)."""

    def rss(of: int) -> int:
        for line in Path(f"/proc/{of}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    own = rss(pid)
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return own, own + sum(rss(int(child)) for child in children if Path(f"/proc/{child}").exists())


def silent_speech_dispatcher(home: Path, env: dict[str, str]) -> None:
    """speech-dispatcher as a kiosk runs it (started on demand for this user, here a HOME of
    its own), its sound sent to libao's null driver: this machine has no sound card."""
    config = home / ".config" / "speech-dispatcher"
    shutil.copytree("/etc/speech-dispatcher", config)
    conf = config / "speechd.conf"
    conf.write_text(conf.read_text() + '\nAudioOutputMethod "libao"\n')
    (home / ".libao").write_text("default_driver=null\n")
    env["HOME"] = str(home)
    for name in ("XDG_CONFIG_HOME", "XDG_RUNTIME_DIR", "XDG_CACHE_HOME", "SPEECHD_ADDRESS"):
        env.pop(name, None)


@contextmanager
def accessibility_bus(env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    """A session D-Bus with the AT-SPI bus on it, Qt's bridge forced on in ``env``, and the
    walker reading the tree; yields the walker (its stdout: objects seen per walk)."""
    for tool in ("dbus-daemon", "/usr/libexec/at-spi-bus-launcher", "/usr/bin/python3"):
        if shutil.which(tool) is None and not Path(tool).exists():
            raise SystemExit(
                f"{tool} is missing: apt-get install dbus at-spi2-core python3-pyatspi"
            )
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--print-address", "--nofork"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert bus.stdout is not None
    env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
    env["QT_LINUX_ACCESSIBILITY_ALWAYS_ON"] = "1"
    launcher = subprocess.Popen(
        ["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"], env=env
    )
    time.sleep(2)
    walker = subprocess.Popen(
        ["/usr/bin/python3", "-c", ACCESSIBILITY_WALKER],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield walker
    finally:
        for process in (walker, launcher, bus):
            process.terminate()
            process.wait(timeout=10)


def soak(
    minutes: float, accessibility: bool, idle_every: int, settings: list[str], speech: bool = False
) -> dict[str, object]:
    """Run the soak, with ``settings`` (``kiosk.toml`` lines) added; returns what it found."""
    with tempfile.TemporaryDirectory(prefix="kiosk-soak-") as scratch, ExitStack() as stack:
        folder = Path(scratch)
        lines = "".join(f"{line}\n" for line in settings)
        (folder / "kiosk.toml").write_text(SETTINGS + lines, encoding="utf-8")
        name = stack.enter_context(virtual_screen())
        env = {
            **os.environ,
            "DISPLAY": name,
            "QT_QPA_PLATFORM": "xcb",
            "XDG_STATE_HOME": str(folder / "state"),
            "XDG_DATA_HOME": str(folder / "data"),
        }
        walker = stack.enter_context(accessibility_bus(env)) if accessibility else None
        if speech:
            silent_speech_dispatcher(folder / "home", env)
        targets = find_targets(SHIPPED, SCREEN)
        log_path = folder / "kiosk.log"
        command = [sys.executable, "-m", "kiosk", "--config", str(folder / "kiosk.toml")]
        with log_path.open("w") as log:
            kiosk = subprocess.Popen(
                [*command, "--content", str(SHIPPED)], env=env, cwd=ROOT, stdout=log, stderr=log
            )
        finger = Finger(name)
        print(f"soak on display {name}, log {log_path}", file=sys.stderr, flush=True)
        time.sleep(5)  # Home, and the speech engine's answer (Listen in the top bar)
        samples: list[tuple[float, int, int]] = []
        started = time.monotonic()
        next_sample = started
        done_visits = 0
        idle_resets = 0
        plan = visits(targets, finger, speech)
        while time.monotonic() - started < minutes * 60 and kiosk.poll() is None:
            now = time.monotonic()
            if now >= next_sample:
                samples.append(((now - started) / 60, *kiosk_tree_kib(kiosk.pid)))
                next_sample += 60
            if done_visits and done_visits % idle_every == 0:
                time.sleep(IDLE_SECONDS)  # "Still there?", the reset, the attract screen
                idle_resets += 1
                finger.tap((SCREEN[0] // 2, SCREEN[1] // 2))  # touch to start
                time.sleep(1)
            next(plan)
            done_visits += 1
        crashed = kiosk.poll() is not None
        if not crashed:
            samples.append(((time.monotonic() - started) / 60, *kiosk_tree_kib(kiosk.pid)))
            kiosk.terminate()
            kiosk.wait(timeout=30)
        walks = []
        if walker is not None:
            walker.terminate()
            assert walker.stdout is not None
            walks = [line.strip() for line in walker.stdout.read().splitlines()]
        subprocess.run(["pkill", "-f", scratch], check=False)
        log_lines = log_path.read_text(errors="replace").splitlines()
        return {
            "samples": samples,
            "crashed": crashed,
            "exit": kiosk.returncode,
            "visits": done_visits,
            "idle_resets": idle_resets,
            "problems": [line for line in log_lines if " WARNING " in line or " ERROR " in line],
            "log_lines": len(log_lines),
            "walks": walks,
        }


def report(found: dict[str, object], accessibility: bool) -> str:
    samples: list[tuple[float, int, int]] = found["samples"]  # type: ignore[assignment]
    after_warm_up = [s for s in samples if s[0] >= WARM_UP_MINUTES]
    lines = [
        f"On-screen soak{' with a screen reader walking the tree' if accessibility else ''}:"
        f" {samples[-1][0]:.0f} minutes, {found['visits']} visits,"
        f" {found['idle_resets']} idle resets to the attract screen;"
        f" {'CRASHED, exit ' + str(found['exit']) if found['crashed'] else 'no crash'}",
    ]
    if after_warm_up:
        base = after_warm_up[0]
        last = samples[-1]
        peak = max(s[1] for s in after_warm_up)
        lines.append(
            f"kiosk resident memory: {base[1] / 1024:.1f} MiB at {base[0]:.0f} min,"
            f" {last[1] / 1024:.1f} MiB at the end: growth {(last[1] - base[1]) / 1024:+.2f} MiB"
            f" (peak after warm-up {(peak - base[1]) / 1024:+.2f} MiB; budget 5 MB);"
            f" with its children {base[2] / 1024:.1f} -> {last[2] / 1024:.1f} MiB"
        )
        # The RSS swings by a few MiB between a topic open and the attract screen, so the
        # end can fall on a high or a low point: the lowest of the first and of the last five
        # samples after the warm-up say whether what is left behind grows.
        low_start = min(s[1] for s in after_warm_up[:5])
        low_end = min(s[1] for s in after_warm_up[-5:])
        lines.append(f"low points after the warm-up: {(low_end - low_start) / 1024:+.2f} MiB")
    lines.append("minute, kiosk RSS MiB, with children MiB:")
    lines += [f"  {m:5.1f} {own / 1024:7.1f} {tree / 1024:7.1f}" for m, own, tree in samples]
    problems: list[str] = found["problems"]  # type: ignore[assignment]
    lines.append(f"warnings and errors in the log ({found['log_lines']} lines): {len(problems)}")
    lines += [f"  {line}" for line in problems[:40]]
    walks: list[str] = found["walks"]  # type: ignore[assignment]
    if accessibility:
        counts = [int(w) for w in walks if w.isdigit()]
        failures = [w for w in walks if not w.isdigit()]
        lines.append(
            f"accessibility walks: {len(counts)}, objects per walk median"
            f" {statistics.median(counts) if counts else 0}, failures {len(failures)}"
        )
        lines += [f"  {w}" for w in failures[:10]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--accessibility", action="store_true", help="with a screen reader")
    parser.add_argument("--speech", action="store_true", help="speech mode on for two pages")
    parser.add_argument("--idle-every", type=int, default=8, help="visits between idle resets")
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="LINE",
        help="a kiosk.toml line to add, e.g. 'usage_enabled = false' (repeatable)",
    )
    args = parser.parse_args(argv)
    found = soak(args.minutes, args.accessibility, args.idle_every, args.setting, args.speech)
    print(report(found, args.accessibility))
    return 1 if found["crashed"] else 0


if __name__ == "__main__":
    sys.exit(main())
