"""The kiosk as an appliance on Wayland: under cage, in kiosk mode, Home fills the output,
exactly as the kiosk draws Home for that size; in a window (for trying it out) it does not."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.e2e.test_cli import LOG_HOME, SHIPPED, kiosk
from tests.helpers.cage import cage_running, missing_tools

pytestmark = pytest.mark.skipif(
    os.environ.get("KIOSK_TEST_CAGE") != "1" and bool(missing_tools()),
    reason="needs cage, grim and Xvfb (CI installs them and sets KIOSK_TEST_CAGE=1)",
)
TOP_BAR = 90  # px: the control bar, whose buttons depend on the speech engine (Listen)


def picture(path: Path) -> QImage:
    return QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)


def rows_equal(shot: QImage, home: QImage, first_row: int) -> bool:
    """The same size, and every pixel from ``first_row`` down the same."""
    if shot.size() != home.size():
        return False
    below = (0, first_row, shot.width(), shot.height() - first_row)
    return shot.copy(*below) == home.copy(*below)


def home_as_drawn(tmp_path: Path, size: tuple[int, int]) -> QImage:
    out = tmp_path / "render"
    result = kiosk(
        "render", "--out", str(out), "--size", f"{size[0]}x{size[1]}", "--content", str(SHIPPED)
    )
    assert result.returncode == 0, result.stderr
    return picture(out / "001-home.png")


def shows_home(
    tmp_path: Path, *args: str, command: list[str] | None = None, seconds: float = 30
) -> tuple[bool, QImage]:
    """Start the kiosk (``command``, else ``python -m kiosk`` on the shipped content) under
    cage; whether its output comes to show Home as the kiosk draws it for the output's size
    (below the control bar), and the last screenshot."""
    command = [*(command or [sys.executable, "-m", "kiosk", "--content", str(SHIPPED)]), *args]
    env = {"XDG_STATE_HOME": LOG_HOME, "XDG_DATA_HOME": str(tmp_path / "data")}
    shot_path = tmp_path / "shot.png"
    home: QImage | None = None
    shot = QImage()
    with cage_running(command, tmp_path, env) as cage:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if cage.screenshot(shot_path):
                shot = picture(shot_path)
                if home is None:
                    home = home_as_drawn(tmp_path, (shot.width(), shot.height()))
                if rows_equal(shot, home, TOP_BAR):
                    return True, shot
            time.sleep(0.5)
    return False, shot


def test_in_kiosk_mode_home_fills_cages_output(tmp_path: Path) -> None:
    shown, shot = shows_home(tmp_path)
    assert shown, "cage's output never showed Home as the kiosk draws it"
    assert (shot.width(), shot.height()) == (1024, 768)  # cage's output on its X11 backend


def test_in_a_window_it_has_qts_title_bar_and_does_not_fill_it(tmp_path: Path) -> None:
    shown, shot = shows_home(tmp_path, "--windowed", seconds=8)
    assert not shown
    assert not shot.isNull()
