"""The kiosk under ``cage``, the Wayland kiosk compositor, and what cage's output shows.

cage runs here with wlroots' X11 backend inside an Xvfb screen (its output is an X window),
with the software renderer. wlroots' headless backend, which the issue named, never draws a
frame after the first on this machine's wlroots 0.15 ("Basic output test failed for
HEADLESS-1"), so a screenshot of it is black whatever the client does; the X11 backend draws
every frame. It is still cage, Wayland and Qt's Wayland platform that the kiosk runs on, and
``grim`` takes the screenshot through cage's screencopy, as on a real kiosk.

cage refuses to run as root. Run as root (as CI does), cage runs in a user namespace as user
1000, which reads and writes the same files (they map to it) and nothing else changes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.benchmarks.onscreen import virtual_screen

NEEDED = ("cage", "grim", "Xvfb")


def missing_tools() -> list[str]:
    return [tool for tool in NEEDED if shutil.which(tool) is None]


class CageSession:
    """A running cage with one client; ``screenshot`` takes what its output shows."""

    def __init__(self, runtime: Path, process: subprocess.Popen[bytes]) -> None:
        self.runtime = runtime
        self.process = process

    def screenshot(self, path: Path) -> bool:
        """Write the output to ``path`` (PNG); False if cage is not drawing yet."""
        env = {**os.environ, "XDG_RUNTIME_DIR": str(self.runtime), "WAYLAND_DISPLAY": "wayland-0"}
        result = subprocess.run(
            ["grim", "-t", "png", str(path)], env=env, capture_output=True, check=False
        )
        return result.returncode == 0 and path.is_file()


@contextmanager
def cage_running(command: list[str], tmp_path: Path, env: dict[str, str]) -> Iterator[CageSession]:
    """``cage -- COMMAND`` on an Xvfb screen, for the duration."""
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    as_user = (
        ["unshare", "--user", "--map-user=1000", "--map-group=1000"] if os.geteuid() == 0 else []
    )
    with virtual_screen((1080, 1920)) as display:
        compositor_env = {
            **os.environ,
            **env,
            "DISPLAY": display,
            "XDG_RUNTIME_DIR": str(runtime),
            "WLR_BACKENDS": "x11",
            "WLR_RENDERER": "pixman",
            "WLR_LIBINPUT_NO_DEVICES": "1",
            "QT_QPA_PLATFORM": "wayland",
        }
        compositor_env.pop("WAYLAND_DISPLAY", None)
        log = (tmp_path / "cage.log").open("wb")
        process = subprocess.Popen(
            [*as_user, "cage", "--", *command],
            env=compositor_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 20
            while not (runtime / "wayland-0").exists() and time.monotonic() < deadline:
                if process.poll() is not None:
                    raise AssertionError(f"cage ended: {(tmp_path / 'cage.log').read_text()}")
                time.sleep(0.1)
            yield CageSession(runtime, process)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, 15)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, 9)
                    process.wait()
            log.close()
