"""Page turns as a patient sees them: from a key press to the changed picture, on a real X
display, against a bare PySide6 text view turning the same pages.

``python -m tests.benchmarks.interactions`` starts Xvfb (1080x1920), then for each subject
(the kiosk open on a 30-screen topic; a bare ``QTextBrowser`` showing the same words, which
scrolls a page on Page Down) waits until its first screen is still, sends Page Down and Page Up
through XTEST, and times each press to

- *first change*: the first X DAMAGE event after which the screen's picture differs, and
- *settled*: the last such change before the screen stays still for 0.3 s,

with the X server's own timestamps, so the figures are what a camera would see. It also sums
the proportional set size (PSS) of each subject's process tree 5 s after its first screen
settled. ``--packaged PROGRAM`` adds the built kiosk and the bare text view built the same way
(from ``kiosk.spec``), and compares those two with each other.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from Xlib import X

from tests.benchmarks import xinput
from tests.benchmarks.floor import text_view_script
from tests.benchmarks.onscreen import (
    SHIPPED,
    ScreenWatch,
    Timing,
    build_packaged_floor,
    compiled,
    virtual_screen,
)
from tests.helpers.content import long_body, topic, write_tree

SCREENS = 30
FLOOR = "bare PySide6 text view"
PACKAGED_FLOOR = "packaged bare PySide6 text view"
PACKAGED = "packaged kiosk"
CHROMIUM = "Chromium --kiosk, static HTML"
SETTLE_SECONDS = 0.3
FIRST_SCREEN_QUIET = 1.5  # a start has settled once nothing is drawn for this long
# Memory is read this long after the first screen settled, when what a subject starts after
# its first paint is running (the kiosk's usage counting, health and speech engine).
MEMORY_AFTER_SECONDS = 5.0


def long_topic_folder(root: Path) -> tuple[Path, str]:
    """The shipped content plus one long topic; its body as plain paragraphs for the floor."""
    content = root / "content"
    shutil.copytree(SHIPPED, content)
    body = long_body(SCREENS * 6, "Page")
    write_tree(content, {"learn/long-read.md": topic("A long read", body, summary="Long", order=1)})
    paragraphs = "".join(f"<p>{text}</p>" for text in body.split("\n\n"))
    # In the kiosk's body size (34 px on a 1080-wide screen), so both have about as many pages.
    return content, f'<body style="font-size: 34px"><h1>A long read</h1>{paragraphs}</body>'


def pss_kib(pid: int) -> int:
    """PSS of one process (kB, from smaps_rollup)."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def tree_pss_kib(pid: int) -> int:
    """PSS of ``pid`` and all its descendants (kB, from smaps_rollup)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return total


def start_and_settle(
    watch: ScreenWatch, command: list[str], env: dict[str, str], cwd: Path
) -> tuple[subprocess.Popen[bytes], Timing]:
    """Spawn ``command``; once it has drawn and then nothing for a while, the running process
    and the times from spawn to its first and its last change of the picture."""
    spawned: list[subprocess.Popen[bytes]] = []

    def spawn() -> None:
        spawned.append(
            subprocess.Popen(
                command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        )

    changes = watch.changes_after(spawn, quiet=FIRST_SCREEN_QUIET, give_up=60)
    process = spawned[0]
    if not changes:
        process.terminate()
        process.wait(timeout=30)
        raise RuntimeError("its first screen never settled")
    return process, Timing(changes[0], changes[-1])


def time_input(
    watch: ScreenWatch, send: Callable[[], None], unchanged: bytes | None = None
) -> Timing:
    """Seconds from ``send`` to the first and the last change of the picture it causes (away
    from ``unchanged``, by default what is on the screen now)."""
    changes = watch.changes_after(send, quiet=SETTLE_SECONDS, give_up=5, unchanged=unchanged)
    if not changes:
        raise RuntimeError("an input changed nothing on the screen")
    return Timing(changes[0], changes[-1])


def give_focus(watch: ScreenWatch) -> None:
    """X's input focus to the subject's window, as a window manager would give it."""
    shown = [
        child
        for child in watch.root.query_tree().children
        if child.get_attributes().map_state == X.IsViewable
    ]
    window = max(shown, key=lambda w: w.get_geometry().width * w.get_geometry().height)
    window.set_input_focus(X.RevertToParent, X.CurrentTime)
    xinput.move(watch.display, (540, 960))
    time.sleep(0.3)
    watch.drain()


def press(watch: ScreenWatch, key: str) -> Callable[[], None]:
    return partial(xinput.key, watch.display, key)


@dataclass
class Figures:
    """One subject's figures over all runs."""

    starts: list[Timing] = field(default_factory=list)  # spawn to its first screen
    turns: list[Timing] = field(default_factory=list)
    tree_kib: list[int] = field(default_factory=list)  # PSS of the process tree
    process_kib: list[int] = field(default_factory=list)  # of the process alone
    dropped: int = 0  # key presses after which nothing changed (reported, not timed)
    unsettled: int = 0  # starts whose screen never stayed still within a minute


def chromium_command(page: Path, profile: Path) -> list[str] | None:
    """Chromium in kiosk mode on ``page``, with the flags an X server with no window manager
    needs; None if Chromium is not installed."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return None
    flags = [
        "--kiosk",
        "--window-position=0,0",
        "--window-size=1080,1920",
        "--no-first-run",
        "--no-default-browser-check",
        "--noerrdialogs",
        "--disable-infobars",
        "--disable-gpu",
        "--password-store=basic",
        f"--user-data-dir={profile}",
    ]
    if os.geteuid() == 0:
        flags.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    return [chromium, *flags, page.as_uri()]


def measure(
    runs: int, turns: int, cores: str | None, packaged: Path | None = None
) -> dict[str, Figures]:
    """Every subject started ``runs`` times in turns: its start onto the long topic, its PSS
    once that is up, and ``turns`` page turns each time (and the built kiosk, ``packaged``,
    with the bare view built the same way)."""
    pin = ["taskset", "-c", cores] if cores else []
    with tempfile.TemporaryDirectory(prefix="kiosk-turns-") as scratch, virtual_screen() as name:
        content, page_html = long_topic_folder(Path(scratch))
        page = Path(scratch) / "long-read.html"
        page.write_text(
            "<!doctype html><meta charset=utf-8><style>body { margin: 48px }</style>" + page_html,
            encoding="utf-8",
        )
        env = {
            **os.environ,
            "DISPLAY": name,
            "QT_QPA_PLATFORM": "xcb",
            "XDG_STATE_HOME": str(Path(scratch) / "state"),
            "XDG_DATA_HOME": str(Path(scratch) / "data"),
        }
        subjects: dict[str, list[str] | None] = {
            FLOOR: [sys.executable, "-c", text_view_script(page_html, take_focus=True)],
            "kiosk": [
                *(sys.executable, "-m", "kiosk", "--windowed", "--size", "1080x1920"),
                *("--content", str(content), "--open", "learn/long-read"),
            ],
            CHROMIUM: chromium_command(page, Path(scratch) / "chromium-{run}"),
        }
        if packaged is not None:
            bare = text_view_script(page_html, take_focus=True)
            subjects[PACKAGED_FLOOR] = [str(build_packaged_floor(Path(scratch) / "floor", bare))]
            subjects[PACKAGED] = [
                *(str(packaged.resolve()), "--windowed", "--size", "1080x1920"),
                *("--content", str(content), "--open", "learn/long-read"),
            ]
        results = {label: Figures() for label, command in subjects.items() if command}
        watch = ScreenWatch(name)
        root = compiled(Path(__file__).resolve().parents[2])
        for run in range(runs):
            for label, figures in results.items():
                command = subjects[label]
                assert command is not None
                # A fresh browser profile each start, as the first start of a kiosk's day.
                command = [part.replace("{run}", str(run)) for part in command]
                try:
                    process, start = start_and_settle(watch, [*pin, *command], env, root)
                except RuntimeError:
                    figures.unsettled += 1  # reported; its leftovers are ended below
                    subprocess.run(["pkill", "-f", scratch], check=False)
                    time.sleep(1)
                    continue
                try:
                    figures.starts.append(start)
                    time.sleep(MEMORY_AFTER_SECONDS)
                    figures.tree_kib.append(tree_pss_kib(process.pid))
                    figures.process_kib.append(pss_kib(process.pid))
                    give_focus(watch)
                    for n in range(turns):
                        # Four pages forward, four back, and again.
                        key = "Next" if (n // 4) % 2 == 0 else "Prior"
                        try:
                            figures.turns.append(time_input(watch, press(watch, key)))
                        except RuntimeError:
                            figures.dropped += 1
                finally:
                    process.terminate()
                    process.wait(timeout=30)
                    subprocess.run(["pkill", "-f", scratch], check=False)
                time.sleep(1)
    return results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.1f} ms"


def _ratios(mine: list[float], results: dict[str, Figures], pick: str, bare: str = FLOOR) -> str:
    """ " (N x bare / N x Chromium)" for the medians of ``pick`` ("starts" or "turns"), against
    ``bare``: the bare view run the same way (from source, or packaged)."""

    def median_of(label: str) -> float | None:
        figures = results.get(label)
        if figures is None:
            return None
        timings: list[Timing] = getattr(figures, pick)
        values = [t.complete if pick == "starts" else t.first_change for t in timings]
        return float(statistics.median(values)) if values else None  # all its keys dropped

    parts = []
    for label, short in ((bare, "bare"), (CHROMIUM, "Chromium")):
        floor = median_of(label)
        if floor:
            parts.append(f"{statistics.median(mine) / floor:.2f} x {short}")
    return f" ({' / '.join(parts)})" if parts else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="starts of each subject")
    parser.add_argument("--turns", type=int, default=40, help="page turns per start")
    parser.add_argument("--cores", help="run every subject on these cores (taskset -c)")
    parser.add_argument("--packaged", type=Path, help="also the built kiosk (dist/.../kiosk)")
    args = parser.parse_args(argv)
    results = measure(args.runs, args.turns, args.cores, args.packaged)
    where = f", every process pinned to cores {args.cores}" if args.cores else ""
    print(f"On Xvfb 1080x1920, {args.runs} starts of each in turns, {args.turns} page turns")
    print(f"per start{where}; Chromium: {'yes' if CHROMIUM in results else 'not installed'}")
    print()
    print(
        "| what | start onto the 30-screen topic: first change | visually complete"
        " | page turn, first change (median) | p99 | settled (median) | PSS: tree (process)"
        " | key presses that changed nothing | starts that never settled |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for label, figures in results.items():
        if not figures.starts or not figures.turns:
            print(f"| {label} | no start settled ({figures.unsettled}) |")
            continue
        start_first = [t.first_change for t in figures.starts]
        complete = [t.complete for t in figures.starts]
        first = [t.first_change for t in figures.turns]
        settled = [t.complete for t in figures.turns]
        tree = statistics.median(figures.tree_kib) / 1024
        alone = statistics.median(figures.process_kib) / 1024
        bare = PACKAGED_FLOOR if label.startswith("packaged") else FLOOR
        print(
            f"| {label} | {_ms(start_first)} | {_ms(complete)}"
            f"{_ratios(complete, results, 'starts', bare)} "
            f"| {_ms(first)}{_ratios(first, results, 'turns', bare)} "
            f"| {percentile(first, 0.99) * 1000:.1f} ms | {_ms(settled)} "
            f"| {tree:.1f} MiB ({alone:.1f} MiB) | {figures.dropped} | {figures.unsettled} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
