"""The real kiosk under a pretend systemd: a notify socket and a watchdog interval in its
environment, as systemd gives a ``Type=notify`` service."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_cli import start_kiosk
from tests.unit.test_watchdog import Systemd


def test_the_kiosk_says_ready_after_home_is_painted_pings_and_says_when_it_stops(
    tmp_path: Path,
) -> None:
    systemd = Systemd(str(tmp_path / "notify"))
    try:
        result = start_kiosk(
            cwd=tmp_path, env={"NOTIFY_SOCKET": systemd.address, "WATCHDOG_USEC": "10000000"}
        )
        assert result.returncode == 0, result.stderr
        assert systemd.wait_until(lambda: "STOPPING=1" in systemd.messages())
        messages = systemd.messages()
    finally:
        systemd.close()
    assert messages[0] == "WATCHDOG=1"  # pinging from the start
    ready = [m for m in messages if m.startswith("READY=1")]
    assert len(ready) == 1
    # Sent once Home was painted and the topics had loaded (they load after the paint).
    assert ready[0] == "READY=1\nSTATUS=showing 10 topics and treatments; content OK"
    assert messages[-1] == "STOPPING=1"
    assert "first paint" in result.stdout


def test_the_kiosk_writes_its_health_files_once_home_is_up(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[health]\nstatus_file = "{tmp_path / "status.json"}"\ntextfile_dir = "{tmp_path}"\n',
        encoding="utf-8",
    )
    result = start_kiosk("--config", str(config), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    status = json.loads((tmp_path / "status.json").read_text(encoding="utf-8"))
    assert status["content_entries"] == 10
    assert "patient_kiosk_up{" in (tmp_path / "kiosk.prom").read_text(encoding="utf-8")
