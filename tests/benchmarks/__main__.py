"""The kiosk's speed and memory against their budgets: ``python -m tests.benchmarks``.

Prints a table (figure, median, budget, pass/fail) and exits 1 if any budget is missed.
Times are measured against a floor taken in the same run (this machine is shared and noisy):
start-up against a bare PySide6 window that paints one label. ``--write`` records the table,
with the machine, in tests/benchmarks/RESULTS.md. ``--quick`` runs fewer repetitions.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from build_installer import headless_env, time_to_first_paint
from kiosk.config import describe_defaults, set_pin_hash
from kiosk.pin import hash_pin
from tests.benchmarks.floor import FLOOR_SCRIPT, LIBRARIES_SCRIPT

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "content"
RESULTS = Path(__file__).with_name("RESULTS.md")


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    budget: float | None  # None: shown for information, no budget of its own
    method: str

    @property
    def passed(self) -> bool:
        return self.budget is None or self.value <= self.budget

    def row(self) -> str:
        if self.budget is None:
            budget, mark = "-", "info"
        else:
            budget, mark = f"{self.budget:.3g} {self.unit}", "pass" if self.passed else "FAIL"
        return f"| {self.name} | {self.value:.3g} {self.unit} | {budget} | {mark} | {self.method} |"


def first_paint(command: list[str], cwd: Path, platform: str = "offscreen") -> tuple[float, int]:
    """(seconds from spawn to the 'first paint' line, resident KiB at that moment). The
    kiosk keeps its logs and usage figures in ``cwd``."""
    env = {**headless_env(cwd), "QT_QPA_PLATFORM": platform}
    return time_to_first_paint(command, env, cwd)


def portrait_screen(folder: Path) -> str:
    """Qt's offscreen platform with one 1080x1920 screen, for the kiosk in full screen."""
    screen = {"name": "kiosk", "x": 0, "y": 0, "width": 1080, "height": 1920, "dpr": 1}
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96}]}), "utf-8")
    return f"offscreen:configfile={config}"


def kiosk_command(content: Path, *, full_screen: bool = False) -> list[str]:
    """The kiosk on ``content``, stopped once Home is painted: in a 1080x1920 window, or
    as staff start it (full screen, frameless, on top, cursor hidden: kiosk.toml's defaults)."""
    window = [] if full_screen else ["--windowed", "--size", "1080x1920"]
    quit_early = ["--quit-after-first-paint", "--content", str(content)]
    return [sys.executable, "-m", "kiosk", *window, *quit_early]


def generate_content(root: Path, topics: int = 1000, treatments: int = 200) -> Path:
    """A large content folder: front matter, a few screens of plain text each."""
    body = "\n\n".join(
        f"## Part {n}\n\nThis is a plain sentence for the test. " * 1
        + "More words follow here. " * 20
        for n in range(3)
    )
    (root / "learn").mkdir(parents=True)
    (root / "treatments").mkdir()
    (root / "site.yaml").write_text("name: Big Clinic\nlanguages: [en]\n", encoding="utf-8")
    for n in range(topics):
        (root / "learn" / f"topic-{n:04d}.md").write_text(
            f"---\ntitle: Topic {n}\nsummary: About topic {n}\norder: {n}\n---\n{body}\n",
            encoding="utf-8",
        )
    for n in range(treatments):
        (root / "treatments" / f"treatment-{n:03d}.md").write_text(
            f"---\ntitle: Treatment {n}\nsummary: About it\nhelps_with: [Pain]\n---\n{body}\n",
            encoding="utf-8",
        )
    return root


def startup_figures(runs: int, large: Path, scratch: Path) -> list[Figure]:
    """Spawn to first paint inside the process, on Qt's offscreen platform, the kiosk and the
    floor taking turns so that both see the same load. The kiosk runs as installed: its
    bytecode compiled (pip and PyInstaller ship it; a checkout under PYTHONDONTWRITEBYTECODE
    would compile every module at every start) and the commented kiosk.toml the installer
    puts beside it, with an admin PIN set, in the folder it starts in.

    These are the process's own figures; what a patient sees on a display is measured by
    ``onscreen_figures``, which carries the start-up budget."""
    compileall.compile_dir(ROOT / "kiosk", quiet=1)
    (scratch / "kiosk.toml").write_text(describe_defaults(), encoding="utf-8")
    set_pin_hash(scratch / "kiosk.toml", hash_pin("2468"))  # as a clinic sets it up
    one_portrait_screen = portrait_screen(scratch)
    floor, libraries, shipped, kiosk_mode, big = [], [], [], [], []
    floor_rss, kiosk_rss = [], []
    for _ in range(runs):
        seconds, rss = first_paint([sys.executable, "-c", FLOOR_SCRIPT], scratch)
        floor.append(seconds)
        floor_rss.append(rss)
        seconds, rss = first_paint(kiosk_command(SHIPPED), scratch)
        shipped.append(seconds)
        kiosk_rss.append(rss)
        command = kiosk_command(SHIPPED, full_screen=True)
        kiosk_mode.append(first_paint(command, scratch, platform=one_portrait_screen)[0])
        big.append(first_paint(kiosk_command(large), scratch)[0])
        libraries.append(first_paint([sys.executable, "-c", LIBRARIES_SCRIPT], scratch)[0])
    f, s, k, b, lib = (statistics.median(x) for x in (floor, shipped, kiosk_mode, big, libraries))
    return [
        Figure(
            "start-up to first painted Home / bare Qt window, offscreen",
            s / f,
            "x",
            None,
            f"spawn to first paint, in the process, median of {runs}: kiosk {s * 1000:.0f} ms, "
            f"floor {f * 1000:.0f} ms (floor with the kiosk's libraries loaded: "
            f"{lib * 1000:.0f} ms, {lib / f:.2f} x; fastest runs: kiosk "
            f"{min(shipped) * 1000:.0f} ms, floor {min(floor) * 1000:.0f} ms, "
            f"{min(shipped) / min(floor):.2f} x)",
        ),
        Figure(
            "start-up in kiosk mode (full screen, locked down) / bare Qt window, offscreen",
            k / f,
            "x",
            None,
            f"same, full screen on a 1080x1920 offscreen screen, as staff start it, median of "
            f"{runs}: {k * 1000:.0f} ms; fastest {min(kiosk_mode) * 1000:.0f} ms, "
            f"{min(kiosk_mode) / min(floor):.2f} x",
        ),
        Figure(
            "start-up with 1,000 topics + 200 treatments / shipped content",
            b / s,
            "x",
            1.2,
            f"same, median of {runs}: {b * 1000:.0f} ms vs {s * 1000:.0f} ms",
        ),
        Figure(
            "memory at Home above the bare window",
            (statistics.median(kiosk_rss) - statistics.median(floor_rss)) / 1024,
            "MB",
            40,
            f"VmRSS at first paint, median of {runs}: kiosk "
            f"{statistics.median(kiosk_rss) / 1024:.0f} MB, floor "
            f"{statistics.median(floor_rss) / 1024:.0f} MB",
        ),
    ]


def onscreen_figures(runs: int) -> list[Figure]:
    """Start-up to Home as the display shows it (Xvfb, X DAMAGE; tests/benchmarks/onscreen.py),
    against a bare PySide6 window started the same way in the same run."""
    from tests.benchmarks import onscreen

    if shutil.which("Xvfb") is None:
        return [Figure("start-up on a real window", 0, "", None, "not measured: no Xvfb")]
    results = onscreen.measure(runs)
    figures = []
    floor = results[onscreen.FLOOR]
    for name in (onscreen.WINDOWED, onscreen.KIOSK_MODE):
        timings = results[name]
        for what, budget in (("first change", None), ("visually complete", 1.6)):
            ratio, kiosk_ms, floor_ms = onscreen.ratio(timings, floor, what)
            figures.append(
                Figure(
                    f"start-up to Home on screen, {name}, {what} / bare Qt window",
                    ratio,
                    "x",
                    budget,
                    f"Xvfb 1080x1920, xcb, spawn to X DAMAGE, median of {runs}: kiosk "
                    f"{kiosk_ms:.0f} ms, bare window {floor_ms:.0f} ms",
                )
            )
    return figures


def median_ms(actions: Sequence[Callable[[], object]]) -> float:
    """Median milliseconds of each action, run in turn."""
    times = []
    for action in actions:
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def in_process_figures(turns: int, soak_steps: int) -> list[Figure]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kiosk.admin import Admin
    from kiosk.analytics.store import UsageRecorder
    from kiosk.app import make_application
    from kiosk.config import KioskConfig
    from kiosk.content import Section, load_library
    from kiosk.session import Reading, Session
    from kiosk.ui.reader import ReaderScreen
    from kiosk.ui.window import KioskWindow
    from kiosk.usage import UsageCounter
    from tests.helpers.soak import interactions, qt_objects, resident_kib, settle

    app = make_application()  # noqa: F841 - alive while the window is
    library = load_library(SHIPPED)
    session = Session(library, KioskConfig(fullscreen=False, idle_timeout=0))
    window = KioskWindow(session, Admin(session))
    window.resize(1080, 1920)
    window.show()
    settle()

    # the longest shipped topic (most pages at the default size)
    def pages_of(ref: object) -> int:
        session.open_entry(ref)  # type: ignore[arg-type]
        settle()
        screen = session.place.screen
        return screen.page_count or 0 if isinstance(screen, Reading) else 0

    refs = [e.ref for s in Section for e, _ in library.entries(s, "en")]
    longest = max(refs, key=pages_of)
    session.open_entry(longest)
    settle()
    reader = window.screens.screen(ReaderScreen)

    def turn_pages(count: int) -> list[float]:
        """Seconds from a Right/Left key press to the end of the page's paint."""
        painted: list[float] = []
        view = reader.view
        original_paint = view.paintEvent

        def timed_paint(event: object) -> None:
            original_paint(event)  # type: ignore[arg-type]
            painted.append(time.perf_counter())

        view.paintEvent = timed_paint  # type: ignore[method-assign]
        latencies = []
        forward = True
        for _ in range(count):
            if reader.page >= reader.page_count - 1:
                forward = False
            elif reader.page == 0:
                forward = True
            painted.clear()
            start = time.perf_counter()
            QTest.keyClick(window.windowHandle(), Qt.Key.Key_Right if forward else Qt.Key.Key_Left)
            while not painted:
                QApplication.processEvents()
            latencies.append(painted[0] - start)
        view.paintEvent = original_paint  # type: ignore[method-assign]
        return sorted(latencies)

    latencies = turn_pages(turns)
    median = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    figures = [
        Figure(
            "page turn, median",
            median,
            "ms",
            16.7,
            f"key press to the end of the page's paint, {turns} turns of '{longest}'",
        ),
        Figure("page turn, 99th percentile", p99, "ms", 50, "same"),
    ]
    with tempfile.TemporaryDirectory(prefix="kiosk-usage-") as folder:
        recorder = UsageRecorder(Path(folder) / "usage.sqlite3", "bench")
        counter = UsageCounter(session, recorder)
        counted = turn_pages(turns)
        counter.deleteLater()  # counting stops with it
        settle()
        recorder.close()
    figures.append(
        Figure(
            "page turn with usage counting, median",
            statistics.median(counted) * 1000,
            "ms",
            16.7,
            f"same, {turns} turns, each recording a page event (without: {median:.2f} ms)",
        )
    )

    # re-pagination: text size change and rotation on the longest topic
    def rotate(size: tuple[int, int]) -> None:
        window.resize(*size)
        settle()  # the resize reaches the reader, which lays the topic out again

    text_sizes = [partial(session.change_text_size, step) for step in (+1, -1) * 10]
    rotations = [partial(rotate, size) for size in ((1920, 1080), (1080, 1920)) * 5]
    for name, actions, method in (
        ("text size change", text_sizes, "A+ / A- on the open topic"),
        ("rotation", rotations, "portrait <-> landscape resize"),
    ):
        figures.append(
            Figure(
                f"{name} (re-paginate the longest topic)",
                median_ms(actions),
                "ms",
                50,
                f"{method}, median of {len(actions)}",
            )
        )

    # soak
    session.go_home()
    steps = interactions(session)
    for _ in range(1000):
        next(steps)
    session.reset()
    settle()
    objects, memory = qt_objects(window), resident_kib()
    for _ in range(soak_steps - 1000):
        next(steps)
    session.reset()
    settle()
    figures.append(
        Figure(
            "soak: memory growth after the first 1,000 interactions",
            (resident_kib() - memory) / 1024,
            "MB",
            10,
            f"VmRSS after {soak_steps} scripted interactions (no crash) vs after 1,000",
        )
    )
    figures.append(
        Figure(
            "soak: Qt objects gained",
            qt_objects(window) - objects,
            "",
            0,
            "objects owned by the window, same two moments",
        )
    )
    return figures


def validate_figure(large: Path, runs: int) -> Figure:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "kiosk", "validate", str(large)],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            raise RuntimeError(result.stderr)
    return Figure(
        "validate 1,000 topics + 200 treatments",
        statistics.median(times),
        "s",
        5,
        f"`kiosk validate` (with screen counts and readability), median of {runs}",
    )


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import PySide6

    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, offscreen"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--write", action="store_true", help="record RESULTS.md")
    parser.add_argument(
        "--screen",
        action="store_true",
        help="only the on-screen figures against a bare text view and Chromium: starts, page"
        " turns, taps, swipes, text size, memory (interactions.py, taps.py)",
    )
    parser.add_argument("--cores", help="with --screen: pin every process to these cores")
    args = parser.parse_args(argv)
    if args.screen:
        from tests.benchmarks import interactions, taps

        pinned = ["--cores", args.cores] if args.cores else []
        starts = ["--runs", "3" if args.quick else "5"]
        return interactions.main([*starts, "--turns", "20", *pinned]) or taps.main(
            [*starts, *pinned]
        )
    runs, turns, soak = (3, 200, 3000) if args.quick else (15, 1000, 20000)
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as scratch:
        large = generate_content(Path(scratch) / "large")
        figures: list[Figure] = []
        steps: list[Callable[[], list[Figure]]] = [
            lambda: startup_figures(runs, large, Path(scratch)),
            lambda: onscreen_figures(runs),
            lambda: [validate_figure(large, 3 if not args.quick else 1)],
            lambda: in_process_figures(turns, soak),
        ]
        for step in steps:
            figures += step()
    table = "\n".join(
        [
            "| figure | median | budget | result | method |",
            "|---|---|---|---|---|",
            *(f.row() for f in figures),
        ]
    )
    print(table)
    if args.write:
        record(RESULTS, table)
    return 0 if all(f.passed for f in figures) else 1


def record(results: Path, table: str) -> None:
    """Put ``table`` at the top of ``results`` in place of the last one, keeping every section
    below it (the on-screen runs, what was tried and why), which no run rewrites."""
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    history = old[old.index("\n## ") :] if "\n## " in old else ""
    results.write_text(
        f"# Benchmark results\n\nMachine: {machine()}.\n"
        f"Run: `python -m tests.benchmarks` on {time.strftime('%Y-%m-%d')}.\n\n{table}\n"
        f"{history}",
        encoding="utf-8",
    )


if __name__ == "__main__":
    sys.exit(main())
