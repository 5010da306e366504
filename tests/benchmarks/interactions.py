"""Page turns as a patient sees them: from a key press to the changed picture, on a real X
display, against a bare PySide6 text view turning the same pages.

``python -m tests.benchmarks.interactions`` starts Xvfb (1080x1920), then for each subject
(the kiosk open on a 30-screen topic; a bare ``QTextBrowser`` showing the same words, which
scrolls a page on Page Down) waits until its first screen is still, sends Page Down and Page Up
through XTEST, and times each press to

- *first change*: the first X DAMAGE event after which the screen's picture differs, and
- *settled*: the last such change before the screen stays still for 0.3 s,

with the X server's own timestamps, so the figures are what a camera would see. It also sums
the proportional set size (PSS) of each subject's process tree once its first screen is up.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from Xlib import XK, X
from Xlib.ext import xtest

from tests.benchmarks.onscreen import SHIPPED, ScreenWatch, Timing, virtual_screen
from tests.helpers.content import long_body, topic, write_tree

SCREENS = 30
SETTLE_SECONDS = 0.3
FIRST_SCREEN_QUIET = 1.5  # a start has settled once nothing is drawn for this long


def long_topic_folder(root: Path) -> tuple[Path, str]:
    """The shipped content plus one long topic; its body as plain paragraphs for the floor."""
    content = root / "content"
    shutil.copytree(SHIPPED, content)
    body = long_body(SCREENS * 6, "Page")
    write_tree(content, {"learn/long-read.md": topic("A long read", body, summary="Long")})
    paragraphs = "".join(f"<p>{text}</p>" for text in body.split("\n\n"))
    # In the kiosk's body size (34 px on a 1080-wide screen), so both have about as many pages.
    return content, f'<body style="font-size: 34px"><h1>A long read</h1>{paragraphs}</body>'


def bare_view_script(page_html: str) -> str:
    return textwrap.dedent(
        f"""
        from PySide6.QtWidgets import QApplication, QTextBrowser
        app = QApplication([])
        view = QTextBrowser()
        view.setHtml({page_html!r})
        view.resize(1080, 1920)
        view.show()
        view.activateWindow()  # X input focus, as the kiosk takes it
        view.setFocus()
        app.exec()
        """
    )


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


def wait_until_still(watch: ScreenWatch, quiet: float, give_up: float = 30.0) -> None:
    """Until the subject has drawn its first screen and then nothing for ``quiet`` seconds."""
    deadline = time.monotonic() + give_up
    last_change: float | None = None
    last = watch.fingerprint()
    while time.monotonic() < deadline:
        if watch.wait(0.05) and watch.drain():
            picture = watch.fingerprint()
            if picture != last:
                last, last_change = picture, time.monotonic()
        elif last_change is not None and time.monotonic() - last_change >= quiet:
            return
    raise RuntimeError("the screen never settled")


def time_input(watch: ScreenWatch, send: Callable[[], None]) -> Timing:
    """Seconds from ``send`` to the first and the last change of the picture it causes."""
    watch.drain()
    last = watch.fingerprint()
    local, server = watch.server_clock()
    sent = time.perf_counter()
    send()
    changes: list[float] = []
    quiet_since = time.perf_counter()
    while time.perf_counter() - sent < 5:
        if not watch.wait(0.02):
            if changes and time.perf_counter() - quiet_since >= SETTLE_SECONDS:
                break
            continue
        times = watch.drain()
        if not times:
            continue
        quiet_since = time.perf_counter()
        picture = watch.fingerprint()
        if picture != last:
            last = picture
            stamp = times[0] if not changes else times[-1]
            changes.append(local + (stamp - server) / 1000 - sent)
    if not changes:
        raise RuntimeError("a key press changed nothing on the screen")
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
    xtest.fake_input(watch.display, X.MotionNotify, x=540, y=960)
    watch.display.sync()
    time.sleep(0.3)
    watch.drain()


def press(watch: ScreenWatch, key: str) -> Callable[[], None]:
    code = watch.display.keysym_to_keycode(XK.string_to_keysym(key))

    def send() -> None:
        xtest.fake_input(watch.display, X.KeyPress, code)
        xtest.fake_input(watch.display, X.KeyRelease, code)
        watch.display.sync()

    return send


Result = tuple[list[Timing], int, int]  # page turns, PSS of the tree, of the process alone


def measure(turns: int, cores: str | None) -> dict[str, Result]:
    results: dict[str, Result] = {}
    pin = ["taskset", "-c", cores] if cores else []
    with tempfile.TemporaryDirectory(prefix="kiosk-turns-") as scratch, virtual_screen() as name:
        content, page_html = long_topic_folder(Path(scratch))
        env = {
            **os.environ,
            "DISPLAY": name,
            "QT_QPA_PLATFORM": "xcb",
            "XDG_STATE_HOME": str(Path(scratch) / "state"),
            "XDG_DATA_HOME": str(Path(scratch) / "data"),
        }
        subjects = {
            "bare PySide6 text view": [sys.executable, "-c", bare_view_script(page_html)],
            "kiosk": [
                *(sys.executable, "-m", "kiosk", "--windowed", "--size", "1080x1920"),
                *("--content", str(content), "--open", "learn/long-read"),
            ],
        }
        watch = ScreenWatch(name)
        root = Path(__file__).resolve().parents[2]
        for label, command in subjects.items():
            process = subprocess.Popen(
                [*pin, *command],
                env=env,
                cwd=root,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                wait_until_still(watch, FIRST_SCREEN_QUIET)
                give_focus(watch)
                tree, alone = tree_pss_kib(process.pid), pss_kib(process.pid)
                timings = []
                for n in range(turns):
                    # Four pages forward, four back, and again.
                    key = "Next" if (n // 4) % 2 == 0 else "Prior"
                    try:
                        timings.append(time_input(watch, press(watch, key)))
                    except RuntimeError as error:
                        raise RuntimeError(f"turn {n + 1}: {error}") from None
                results[label] = (timings, tree, alone)
            except RuntimeError as error:
                raise RuntimeError(f"{label}: {error}") from None
            finally:
                process.terminate()
                process.wait(timeout=30)
                subprocess.run(["pkill", "-f", scratch], check=False)
            time.sleep(1)
    return results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=40, help="page turns of each")
    parser.add_argument("--cores", help="run every subject on these cores (taskset -c)")
    args = parser.parse_args(argv)
    results = measure(args.turns, args.cores)
    floor_first = statistics.median(t.first_change for t in results["bare PySide6 text view"][0])
    where = f", pinned to cores {args.cores}" if args.cores else ""
    print(f"Page turns on Xvfb 1080x1920 (xcb), {args.turns} of each{where}:")
    print("| what | first change, median | p99 | settled, median | PSS: tree (process) |")
    print("|---|---|---|---|---|")
    for label, (timings, tree, alone) in results.items():
        first = [t.first_change for t in timings]
        settled = [t.complete for t in timings]
        ratio = statistics.median(first) / floor_first
        print(
            f"| {label} | {statistics.median(first) * 1000:.1f} ms ({ratio:.2f} x) "
            f"| {percentile(first, 0.99) * 1000:.1f} ms "
            f"| {statistics.median(settled) * 1000:.1f} ms "
            f"| {tree / 1024:.0f} MiB ({alone / 1024:.0f} MiB) |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
