"""A clinic group's repository, end to end: the real kiosk (offscreen) follows a repository
served by ``git daemon`` on 127.0.0.1, and ``kiosk content`` works beside it. What the kiosk
shows is read from its health status file, which it rewrites whenever its content changes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.content import Section, load_library
from kiosk.sources.git import GitSource
from kiosk.sources.store import VersionStore
from kiosk.sources.update import check_now
from tests.e2e.test_cli import LOG_HOME, ROOT, SHIPPED, kiosk
from tests.helpers.content import topic
from tests.helpers.git_repo import ContentRepo, git_daemon

BROKEN = "---\ntitle: [unclosed\n---\nText.\n"
KIOSK = [sys.executable, "-m", "kiosk"]


def wait_for(condition: Callable[[], Any], seconds: float = 30.0) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s")


def write_config(tmp_path: Path, url: str, *extra: str) -> Path:
    config = tmp_path / "kiosk.toml"
    config.write_text(
        "\n".join(
            [
                f'[content_source]\ngit = "{url}"\nversions_dir = "{tmp_path / "versions"}"',
                *extra,
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture
def running_kiosk(tmp_path: Path) -> Iterator[Callable[[Path], subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []

    def start(config: Path) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [*KIOSK, "--windowed", "--content", str(SHIPPED), "--config", str(config)],
            cwd=ROOT,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_STATE_HOME": LOG_HOME},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # it logs to its log file too
            text=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_the_running_kiosk_follows_a_repository_and_never_shows_a_rejected_version(
    tmp_path: Path, running_kiosk: Callable[[Path], subprocess.Popen[str]]
) -> None:
    repo = ContentRepo(tmp_path / "served" / "content")
    good = repo.commit("Three pages", base_content=True)
    status_file = tmp_path / "status.json"
    with git_daemon(tmp_path / "served") as address:
        config = write_config(
            tmp_path,
            f"{address}/content/remote.git",
            "check_every = 600",  # the kiosk checks once at start; the rest is `kiosk content`
            f'[health]\nstatus_file = "{status_file}"',
        )

        def shown() -> dict[str, Any]:
            try:
                return dict(json.loads(status_file.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                return {}

        def showing(version: str) -> bool:
            return str(shown().get("content_folder", "")).endswith(f"good/{version}")

        process = running_kiosk(config)
        # Before its first check the kiosk shows its content folder; its own check brings
        # the repository's version, and it switches to it.
        wait_for(lambda: showing(good))
        assert shown()["content_entries"] == 3
        assert shown()["content_source"]["version"] == good

        broken = repo.commit("Break a page", {"learn/beta.md": BROKEN})
        update = kiosk("--config", str(config), "content", "update")
        assert update.returncode == 1
        assert update.stdout.startswith(f'rejected: {broken} "Break a page" by Ann Admin')
        assert "learn/beta.md:2: error:" in update.stdout
        assert "learn/beta.md" not in update.stderr  # said once, not again as a log line
        status = kiosk("--config", str(config), "content", "status")
        assert f"shown: {good}" in status.stdout
        assert f"last rejected: {broken}" in status.stdout
        time.sleep(3)  # longer than the kiosk takes to follow a switch: there was none
        assert showing(good)

        fixed = repo.commit(
            "Fix the page", {"learn/beta.md": topic("Beta again"), "learn/c.md": topic("C")}
        )
        assert kiosk("--config", str(config), "content", "update").returncode == 0
        wait_for(lambda: showing(fixed))
        assert shown()["content_entries"] == 4

        rollback = kiosk("--config", str(config), "content", "rollback")
        assert rollback.stdout.strip() == f"shown: rolled back from {fixed} to {good}"
        wait_for(lambda: showing(good))
        assert shown()["content_entries"] == 3
        history = kiosk("--config", str(config), "content", "history").stdout
        assert f"* {good}" in history
        assert process.poll() is None  # still running through all of it


def _large_repo(repo: ContentRepo, marker: str) -> str:
    pages = {
        f"{section.value}/page-{n:04}.md": topic(f"{marker} page {n}", f"{marker} text {n}.")
        for n in range(500)
        for section in Section
    }
    return repo.commit(f"{marker}: 1,000 pages", pages, base_content=True)


def _assert_whole(store: VersionStore, allowed: set[str]) -> None:
    shown = store.current_id()
    assert shown in allowed
    folder = store.current_folder()
    assert folder is not None
    library = load_library(folder)
    assert len(library.entries(Section.LEARN, "en")) == 502  # 500 + alpha and beta
    assert not library.problems


@pytest.mark.slow
def test_a_kill_at_any_moment_of_an_update_leaves_the_last_good_version(tmp_path: Path) -> None:
    repo = ContentRepo(tmp_path / "repo")
    first = _large_repo(repo, "First")
    config = write_config(tmp_path, repo.url)
    store = VersionStore(tmp_path / "versions")
    source = GitSource(repo.url, "main", store.root / "git")
    assert check_now(source, store).result == "shown"
    second = _large_repo(repo, "Second")
    started = time.monotonic()
    whole = kiosk("--config", str(config), "content", "update", cwd=tmp_path)
    took = time.monotonic() - started
    assert whole.returncode == 0, whole.stderr
    assert store.current_id() == second
    # Back to the first, then kill updates to the second at moments spread over the run.
    third = _large_repo(repo, "Third")
    for fraction in (0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 0.95):
        update = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--config", str(config), "content", "update"],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(took * fraction)
        update.send_signal(signal.SIGKILL)
        update.wait()
        _assert_whole(store, {second, third})
    after = check_now(source, store)  # the next check recovers, whatever was left
    assert after.result in {"shown", "no change"}
    assert store.current_id() == third
    assert list(store.incoming.glob("*")) == []
    assert first  # the first version may have been pruned; it was never half shown


def test_two_updates_at_once_take_turns(tmp_path: Path) -> None:
    repo = ContentRepo(tmp_path / "repo")
    version = repo.commit("Content", base_content=True)
    config = write_config(tmp_path, repo.url)
    command = [sys.executable, "-m", "kiosk", "--config", str(config), "content", "update"]
    both = [
        subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, text=True) for _ in range(2)
    ]
    outputs = sorted(process.communicate(timeout=120)[0] for process in both)
    assert [process.returncode for process in both] == [0, 0]
    assert outputs[0].startswith("no change: still showing")
    assert outputs[1].startswith(f"shown: now showing {version}")
    store = VersionStore(tmp_path / "versions")
    assert [event["event"] for event in store.history()] == ["shown"]
