"""What IT sees of a content source: the admin screen's line, the health status and metrics,
and ``kiosk content history``, each saying which version shows and what was rejected."""

from __future__ import annotations

import json
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from kiosk.admin import Admin
from kiosk.config import ContentSourceConfig, HealthConfig
from kiosk.content import load_library
from kiosk.health import HealthReporter
from kiosk.sources.git import GitSource
from kiosk.sources.report import admin_line, history_lines, source_status
from kiosk.sources.store import VersionStore
from kiosk.sources.update import check_now
from tests.helpers.git_repo import ContentRepo
from tests.helpers.session import make_session


def _one_good_one_rejected(
    repo: ContentRepo, store: VersionStore, source: GitSource
) -> tuple[str, str]:
    good = repo.commit("Good", base_content=True)
    check_now(source, store)
    bad = repo.commit("Broken", {"learn/beta.md": "---\ntitle: [x\n---\n"})
    check_now(source, store)
    return good, bad


def test_the_admin_screen_and_the_health_files_name_the_version_and_the_rejected_one(
    repo: ContentRepo, store: VersionStore, source: GitSource, tmp_path: Path, kiosk_app: object
) -> None:
    good, bad = _one_good_one_rejected(repo, store, source)
    config = ContentSourceConfig(git=repo.url, versions_dir=store.root)
    line = admin_line(config, store)
    assert line.startswith(f"git {repo.url} main: showing {good}; last check ")
    assert line.endswith(f"(rejected); rejected {bad}")

    shown = store.current_folder()
    assert shown is not None
    session = make_session(shown)
    session.library = load_library(shown)
    admin = Admin(session)
    admin.content_source = lambda: admin_line(config, store)
    assert admin.machine().splitlines()[-1] == f"Content: {line}."

    health = HealthConfig(status_file=tmp_path / "status.json", textfile_dir=tmp_path)
    reporter = HealthReporter(session, health)
    reporter.content_source = lambda: source_status(config, store)
    reporter.write()
    status = json.loads((tmp_path / "status.json").read_text())
    assert status["content_folder"] == str(shown)
    assert status["content_source"]["version"] == good
    assert status["content_source"]["result"] == "rejected"
    assert status["content_source"]["rejected"] == bad
    metrics = {
        sample.name: sample.value
        for family in text_string_to_metric_families((tmp_path / "kiosk.prom").read_text())
        for sample in family.samples
    }
    assert metrics["patient_kiosk_content_rejected"] == 1


def test_history_lists_the_versions_newest_first_and_marks_the_one_shown(
    repo: ContentRepo, store: VersionStore, source: GitSource
) -> None:
    good, bad = _one_good_one_rejected(repo, store, source)
    lines = history_lines(store)
    assert lines[1].startswith(f'* {good} "Good" by Ann Admin, arrived ')
    assert lines[2] == "events:"
    assert lines[3].endswith(f"shown {good}")
    assert lines[4].endswith(f"rejected {bad} (1 error(s))")
