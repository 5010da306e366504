"""Health signals for IT: ``[health]`` in kiosk.toml, the JSON status and Prometheus metrics
files, and the heartbeat against a real local HTTP server (one that answers, one that fails,
one that hangs)."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from prometheus_client.parser import text_string_to_metric_families

from kiosk.config import HealthConfig, load_config
from kiosk.content import Section, load_library
from kiosk.health import HealthReporter, Heartbeat, Warnings
from tests.helpers.content import write_content
from tests.helpers.session import make_session


def config_with(tmp_path: Path, text: str) -> tuple[HealthConfig, list[tuple[str, str]]]:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    config, problems = load_config(path)
    return config.health, [(p.key, p.message) for p in problems]


def test_health_is_off_by_default(tmp_path: Path) -> None:
    health, problems = config_with(tmp_path, 'kiosk_label = "a"\n')
    assert health == HealthConfig()
    assert not health.enabled
    assert problems == []


def test_a_health_table_is_read_with_paths_from_the_files_folder(tmp_path: Path) -> None:
    health, problems = config_with(
        tmp_path,
        "[health]\n"
        'status_file = "status.json"\n'
        'textfile_dir = "/var/lib/node-exporter"\n'
        'heartbeat_url = "https://hc-ping.com/abc"\n'
        "heartbeat_interval = 60\n",
    )
    assert problems == []
    assert health == HealthConfig(
        status_file=tmp_path / "status.json",
        textfile_dir=Path("/var/lib/node-exporter"),
        heartbeat_url="https://hc-ping.com/abc",
        heartbeat_interval=60.0,
    )


def test_a_bad_health_value_is_named_by_key_and_only_that_feature_stays_off(
    tmp_path: Path,
) -> None:
    health, problems = config_with(
        tmp_path,
        'fullscreen = false\n[health]\nstatus_file = "s.json"\n'
        'heartbeat_url = "ftp://x"\nheartbeat_interval = 5\nstatus_fil = "x"\n',
    )
    keys = [key for key, _ in problems]
    assert keys == ["health.heartbeat_url", "health.heartbeat_interval", "health.status_fil"]
    assert "https://" in problems[0][1]
    assert "at least 30" in problems[1][1]
    assert "did you mean 'status_file'" in problems[2][1]
    assert health.status_file == tmp_path / "s.json"  # the good key still works
    assert health.heartbeat_url is None


def test_health_must_be_a_table(tmp_path: Path) -> None:
    _, problems = config_with(tmp_path, 'health = "on"\n')
    assert problems == [("health", "must be a table: a line [health], then its keys below it")]


def reporter_for(tmp_path: Path, health: HealthConfig) -> HealthReporter:
    session = make_session(write_content(tmp_path / "content"))
    session.library = load_library(session.library.root)
    return HealthReporter(session, health, clock=lambda: 1_700_000_000.0)


def test_the_status_file_and_the_metrics_say_the_same_and_parse(
    tmp_path: Path, kiosk_app: object
) -> None:
    health = HealthConfig(status_file=tmp_path / "out" / "status.json", textfile_dir=tmp_path)
    reporter = reporter_for(tmp_path, health)
    reporter.session.activity()
    reporter.session.start()
    reporter.session.open_section(Section.LEARN)  # the patient's first action: a visit
    reporter.write()

    status = json.loads((tmp_path / "out" / "status.json").read_text())
    assert status["content_entries"] == 3
    assert status["content_problems"] == 0
    assert status["sessions_today"] == 1
    assert status["version"] == "0.1.0"
    assert status["resident_memory_bytes"] > 10_000_000
    assert status["last_touch"] is not None
    samples = {
        sample.name: sample
        for family in text_string_to_metric_families((tmp_path / "kiosk.prom").read_text())
        for sample in family.samples
    }
    assert samples["patient_kiosk_up"].value == 1
    assert samples["patient_kiosk_content_entries"].value == 3
    assert samples["patient_kiosk_sessions_today"].value == 1
    assert samples["patient_kiosk_info"].labels == {"kiosk": "kiosk", "version": "0.1.0"}
    assert all(s.labels["kiosk"] == "kiosk" for s in samples.values())
    assert not list(tmp_path.glob(".kiosk.prom.*"))  # written through a temporary file


def test_an_unwritable_folder_is_logged_once_and_the_kiosk_carries_on(
    tmp_path: Path, kiosk_app: object, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    reporter = reporter_for(tmp_path, HealthConfig(textfile_dir=blocker / "metrics"))
    reporter.write()
    reporter.write()
    warnings = [r for r in caplog.records if "cannot write the metrics file" in r.message]
    assert len(warnings) == 1


def test_warnings_repeat_at_most_once_an_hour(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    warnings = Warnings(clock=lambda: now[0])
    for moment, number in ((0.0, 1), (1800.0, 2), (3601.0, 3)):
        now[0] = moment
        warnings.warn("x", "broken %s", number)
    assert [r.getMessage() for r in caplog.records if r.name == "kiosk.health"] == [
        "broken 1",
        "broken 3",
    ]


class Monitor(http.server.BaseHTTPRequestHandler):
    """A push monitor: records each heartbeat; ``mode`` makes it answer 500 or hang."""

    calls: ClassVar[list[str]] = []
    mode: ClassVar[str] = "ok"

    def do_GET(self) -> None:
        Monitor.calls.append(self.path)
        if Monitor.mode == "hang":
            time.sleep(30)
        self.send_response(500 if Monitor.mode == "fail" else 200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def monitor() -> Iterator[str]:
    Monitor.calls = []
    Monitor.mode = "ok"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Monitor)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/ping/abc"
    server.shutdown()
    server.server_close()


def test_the_heartbeat_arrives_and_a_failing_monitor_is_reported(monitor: str) -> None:
    beat = Heartbeat(monitor, 60, Warnings())
    assert beat.beat()
    assert Monitor.calls == ["/ping/abc"]
    assert beat.last_result.startswith("ok at")
    Monitor.mode = "fail"
    assert not beat.beat()
    assert "500" in beat.last_result
