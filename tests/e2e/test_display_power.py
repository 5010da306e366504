"""On a real X server (Xvfb): in kiosk mode the screen saver and DPMS are off while the kiosk
is open, and back, with the display off, while it is closed (as ``xset q`` reports them).
Xvfb takes these settings but never blanks; a real Xorg blanks after ten minutes by default.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_cli import kiosk

pytestmark = pytest.mark.skipif(
    os.environ.get("KIOSK_TEST_X") != "1" and not (shutil.which("Xvfb") and shutil.which("xset")),
    reason="needs Xvfb and xset (CI installs them and sets KIOSK_TEST_X=1)",
)


def xset_query(display: str) -> str:
    return subprocess.run(
        ["xset", "-display", display, "q"], capture_output=True, text=True, check=True
    ).stdout


def run_kiosk_mode(display: str, tmp_path: Path, toml: str = "") -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(toml, encoding="utf-8")
    result = kiosk(
        "--quit-after-first-paint",
        "--config",
        str(config),
        env={"QT_QPA_PLATFORM": "xcb", "DISPLAY": display},
    )
    assert result.returncode == 0, result.stderr


def test_open_keeps_the_display_awake_and_closed_puts_it_to_sleep(tmp_path: Path) -> None:
    from Xlib import display as xlib_display

    from tests.benchmarks.onscreen import virtual_screen

    with virtual_screen() as display:
        # Another client stays connected, as a real session's would: an X server that loses
        # its last client resets every setting.
        other = xlib_display.Display(display)
        try:
            before = xset_query(display)
            assert "timeout:  600" in before  # the server's default: blank after 10 minutes

            run_kiosk_mode(display, tmp_path)  # no opening_hours: always open
            awake = xset_query(display)
            assert "timeout:  0" in awake
            dpms = "DPMS Extension" not in awake  # Debian's Xvfb is built without DPMS
            if dpms:
                assert "DPMS is Disabled" in awake

            tomorrow = (dt.date.today() + dt.timedelta(days=1)).strftime("%a")
            run_kiosk_mode(display, tmp_path, f'opening_hours = "{tomorrow} 00:00-00:01"\n')
            asleep = xset_query(display)
            assert "timeout:  600" in asleep  # the server's own screen saver is back
            if dpms:
                assert "DPMS is Enabled" in asleep
                assert "Monitor is Off" in asleep
        finally:
            other.close()
