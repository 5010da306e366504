"""Push to screen for a clinic group's repository of 1,000 topics.

``python -m tests.benchmarks.content_update`` makes a repository of 1,000 topics (500 in each
section), starts the real kiosk (offscreen) following it, and times, for several pushes that
change every page: from the push to the end of ``kiosk content update`` (fetch, write out,
validate every page, switch), and to the moment the running kiosk shows the new version (its
status file, rewritten when its content changes, names the new version folder), against
a floor measured in the same run: ``git clone --depth 1`` of the same commit plus
``kiosk validate --no-screens`` of it, the two things an update cannot skip. Medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.e2e.test_cli import kiosk
from tests.e2e.test_content_source import _large_repo, wait_for, write_config
from tests.helpers.git_repo import ContentRepo

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    tmp = Path(tempfile.mkdtemp(prefix="kiosk-update-bench-"))
    repo = ContentRepo(tmp / "repo")
    _large_repo(repo, "Version 0")
    status_file = tmp / "status.json"
    config = write_config(
        tmp, repo.url, "check_every = 600", f'[health]\nstatus_file = "{status_file}"'
    )

    def shown() -> str:
        try:
            return str(json.loads(status_file.read_text(encoding="utf-8"))["content_folder"])
        except (OSError, ValueError, KeyError):
            return ""

    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--windowed", "--config", str(config)],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    updated: list[float] = []
    on_screen: list[float] = []
    clone: list[float] = []
    validate: list[float] = []
    try:
        wait_for(lambda: "/good/" in shown(), 120)
        for run in range(1, runs + 1):
            version = _large_repo(repo, f"Version {run}")  # committed and pushed
            pushed = time.monotonic()
            result = kiosk("--config", str(config), "content", "update")
            assert result.returncode == 0, result.stdout + result.stderr
            updated.append(time.monotonic() - pushed)
            wait_for(lambda v=version: shown().endswith(v), 60)  # type: ignore[misc]
            on_screen.append(time.monotonic() - pushed)
            started = time.monotonic()  # the floor: git alone, fetching the same commit
            target = tmp / f"clone-{run}"
            subprocess.run(
                ["git", "clone", "--quiet", "--depth=1", f"file://{repo.remote}", str(target)],
                check=True,
            )
            clone.append(time.monotonic() - started)
            started = time.monotonic()  # and the validator alone, on what was fetched
            kiosk("validate", "--no-screens", str(target))
            validate.append(time.monotonic() - started)
    finally:
        process.terminate()
        process.wait(timeout=20)
    print(f"1,000 topics, every page changed, medians of {runs}:")
    print(f"  push + `kiosk content update` done: {statistics.median(updated):.2f} s")
    print(f"  push to the running kiosk showing it: {statistics.median(on_screen):.2f} s")
    print(f"  (spread on screen: {min(on_screen):.2f}-{max(on_screen):.2f} s)")
    floor = statistics.median(clone) + statistics.median(validate)
    print(f"  `git clone --depth 1` of the same commit: {statistics.median(clone):.2f} s")
    print(f"  `kiosk validate --no-screens` of it: {statistics.median(validate):.2f} s")
    print(
        f"  on screen / (clone + validate), the floor: {statistics.median(on_screen) / floor:.2f} x"
    )


if __name__ == "__main__":
    main()
