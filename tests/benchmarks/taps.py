"""Touches as a patient sees them: from lifting the finger to the changed picture, on a real X
display.

``python -m tests.benchmarks.taps`` starts Xvfb (1080x1920) and, in each run, a bare PySide6
text view of Home's words and then the kiosk (in a window the size of the screen, on the shipped
content plus a one-screen and a 30-screen topic), and times, with the X server's DAMAGE events
and a fingerprint of the screen (``ScreenWatch``):

- the start to Home, beside the bare view's start in the same run;
- the first tap of the day on a Home tile and on a topic card, and later taps on cards (each
  timed from the release, which is when a button acts, after the pressed look has been drawn);
- a tap onto the 30-screen topic, a swipe to the next page and back (from the release), and
  a tap on Larger text and Smaller text on an open topic, a shipped one and the 30-screen one;
- starts straight onto the one-screen topic (``--open``).

Each as *first change* and *settled* (the last change before the screen stays still for
0.3 s). Where to tap comes from ``targets`` (the kiosk laid out offscreen at the same size).
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from tests.benchmarks import xinput
from tests.benchmarks.floor import home_html, text_view_script
from tests.benchmarks.interactions import (
    long_topic_folder,
    percentile,
    start_and_settle,
    time_input,
)
from tests.benchmarks.onscreen import (
    ROOT,
    SCREEN,
    ScreenWatch,
    Timing,
    compiled,
    virtual_screen,
)
from tests.benchmarks.targets import Targets, find_targets
from tests.benchmarks.xinput import Point
from tests.helpers.content import topic, write_tree

PRESSED_LOOK_SECONDS = 0.15  # a finger rests this long; the pressed look is drawn meanwhile
LONG, SHORT = "topic:learn/long-read", "topic:learn/short-read"


class Finger:
    """One finger on the X display through XTEST (Qt sees the mouse, as it does one finger on
    a touchscreen): ``down`` puts it down, ``lift`` (the timed part) lifts it."""

    def __init__(self, watch: ScreenWatch) -> None:
        self.watch = watch
        self.before = b""  # the picture before the finger came down

    def down(self, point: Point, slide_to: Point | None = None) -> None:
        """On ``point``, and, for a swipe, slid to ``slide_to`` over 0.15 s; then wait until
        the pressed look has been drawn."""
        xinput.move(self.watch.display, point)  # over it first: its hover look is not the page
        self._settle()
        self.before = self.watch.fingerprint()
        xinput.press(self.watch.display, point)
        if slide_to is not None:
            xinput.slide(self.watch.display, point, slide_to)
        time.sleep(PRESSED_LOOK_SECONDS)
        self._settle()

    def _settle(self) -> None:
        while self.watch.wait(0.1):
            self.watch.drain()

    def lift(self) -> None:
        xinput.lift(self.watch.display)

    def timed(self, point: Point, slide_to: Point | None = None) -> Timing:
        """Seconds from lifting the finger to the new picture (not the pressed look going)
        and to the screen's settling."""
        self.down(point, slide_to)
        return time_input(self.watch, self.lift, unchanged=self.before)


def taps_folder(root: Path) -> Path:
    """The shipped content plus a 30-screen and a one-screen topic, first in their list."""
    content, _ = long_topic_folder(root)
    write_tree(
        content,
        {"learn/short-read.md": topic("A short read", "One calm paragraph.", order=2)},
    )
    return content


def measure(runs: int, cores: str | None) -> dict[str, list[Timing]]:
    """Every figure over ``runs`` starts, by name."""
    pin = ["taskset", "-c", cores] if cores else []
    found: dict[str, list[Timing]] = defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="kiosk-taps-") as scratch, virtual_screen() as name:
        content = taps_folder(Path(scratch))
        targets = find_targets(content, SCREEN)
        env = {
            **os.environ,
            "DISPLAY": name,
            "QT_QPA_PLATFORM": "xcb",
            "XDG_STATE_HOME": str(Path(scratch) / "state"),
            "XDG_DATA_HOME": str(Path(scratch) / "data"),
        }
        kiosk = [sys.executable, "-m", "kiosk", "--windowed", "--size", "1080x1920"]
        kiosk += ["--content", str(content)]
        floor = [sys.executable, "-c", text_view_script(home_html(content))]
        watch = ScreenWatch(name)
        compiled(ROOT)

        def started(command: list[str]) -> tuple[subprocess.Popen[bytes], Timing]:
            return start_and_settle(watch, [*pin, *command], env, ROOT)

        def stop(process: subprocess.Popen[bytes]) -> None:
            process.terminate()
            process.wait(timeout=30)
            subprocess.run(["pkill", "-f", scratch], check=False)
            time.sleep(1)

        for _ in range(runs):
            process, start = started(floor)
            found["start to Home: bare text view"].append(start)
            stop(process)
            process, start = started(kiosk)
            found["start to Home: kiosk"].append(start)
            try:
                visit(watch, targets, found)
            except RuntimeError:  # a touch changed nothing: the rest of the visit would miss
                found["visit cut short: a touch changed nothing"].append(Timing(0.0, 0.0))
            finally:
                stop(process)
            process, start = started([*kiosk, "--open", SHORT.removeprefix("topic:")])
            found["start onto a one-screen topic"].append(start)
            stop(process)
    return found


def visit(watch: ScreenWatch, targets: Targets, found: dict[str, list[Timing]]) -> None:
    """One patient's visit after the start, every touch timed into ``found``."""

    finger = Finger(watch)

    def timed(what: str, place: str, button: str) -> None:
        found[what].append(finger.timed(targets.at(place, button)))

    def timed_swipe(what: str, start: Point, end: Point) -> None:
        found[what].append(finger.timed(start, slide_to=end))

    tile, section_list = next(iter(targets.opens["home"].items()))
    cards = targets.opens[section_list]
    card_of = {place: card for card, place in cards.items()}
    shipped = [place for place in cards.values() if place not in (LONG, SHORT)]
    width, height = SCREEN
    left, right = (width // 4, height // 2), (width * 3 // 4, height // 2)
    timed("first tap: Home tile to its list", "home", tile)
    timed("first tap: card to a shipped topic", section_list, card_of[shipped[0]])
    timed_swipe("swipe to the next page", right, left)
    timed_swipe("swipe to the previous page", left, right)
    timed("Larger text on an open topic", shipped[0], "Larger text")
    timed("Smaller text on an open topic", shipped[0], "Smaller text")
    for before, place in itertools.pairwise(shipped):
        timed("later tap: Topics, back to the list", before, "Topics")
        timed("later tap: card to a shipped topic", section_list, card_of[place])
    timed("later tap: Topics, back to the list", shipped[-1], "Topics")
    timed("tap: card to the 30-screen topic", section_list, card_of[LONG])
    timed("Larger text on the 30-screen topic", LONG, "Larger text")
    timed("Smaller text on the 30-screen topic", LONG, "Smaller text")


# Median seconds to the page, judged on the first change, or, where that is the tapped
# button's own look coming back, on the settled picture: Home's tiles redraw themselves
# unpressed (and no longer hovered) a millisecond or two after the finger lifts, before the list.
BUDGETS = {
    "first tap: Home tile to its list": (0.050, "settled"),
    "first tap: card to a shipped topic": (0.050, "first change"),
    "later tap: card to a shipped topic": (0.050, "first change"),
    "tap: card to the 30-screen topic": (0.100, "first change"),
}


def report(found: dict[str, list[Timing]], runs: int, where: str) -> str:
    lines = [
        f"On Xvfb 1080x1920, {runs} starts{where}; medians (spread: lowest to highest)",
        "",
        "| what | times | first change | settled | p90 of first change | budget |",
        "|---|---|---|---|---|---|",
    ]
    floor = statistics.median(t.complete for t in found["start to Home: bare text view"])
    for what, timings in found.items():
        if what.startswith("visit cut short"):
            lines.append(f"| {what} | {len(timings)} | | | | |")
            continue
        first = [t.first_change for t in timings]
        settled = [t.complete for t in timings]
        verdict = ""
        if what in BUDGETS:
            budget, judged = BUDGETS[what]
            met = statistics.median(first if judged == "first change" else settled) <= budget
            verdict = f"{budget * 1000:.0f} ms, {judged}: {'pass' if met else 'FAIL'}"
        elif what.startswith("start"):
            verdict = f"{statistics.median(settled) / floor:.2f} x the bare view's start"
        lines.append(
            f"| {what} | {len(timings)} | {_ms(first)} | {_ms(settled)}"
            f" | {percentile(first, 0.9) * 1000:.1f} ms | {verdict} |"
        )
    return "\n".join(lines)


def _ms(values: list[float]) -> str:
    return (
        f"{statistics.median(values) * 1000:.1f} ms"
        f" ({min(values) * 1000:.0f}-{max(values) * 1000:.0f})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="starts of the kiosk")
    parser.add_argument("--cores", help="run every subject on these cores (taskset -c)")
    args = parser.parse_args(argv)
    found = measure(args.runs, args.cores)
    where = f", every process pinned to cores {args.cores}" if args.cores else ""
    print(report(found, args.runs, where))
    return 0


if __name__ == "__main__":
    sys.exit(main())
