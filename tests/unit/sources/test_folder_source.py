"""Following a synced folder: copied only once it is quiet and whole, never half a version."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from kiosk.sources.folder import FolderSource
from kiosk.sources.store import VersionStore
from kiosk.sources.update import check_now
from tests.helpers.content import DEFAULT_FILES, SITE, topic, write_content


def _age(folder: Path, seconds: float) -> None:
    """Make every file look ``seconds`` old, as a folder that synced a while ago."""
    then = time.time() - seconds
    for path in folder.rglob("*"):
        os.utime(path, (then, then))


@pytest.fixture
def synced(tmp_path: Path) -> Path:
    folder = write_content(tmp_path / "synced")
    _age(folder, 60)
    return folder


def test_a_quiet_folder_is_copied_and_shown_and_an_unchanged_one_is_no_change(
    synced: Path, store: VersionStore
) -> None:
    (synced / ".stfolder").mkdir()  # Syncthing's marker: not content, not copied
    source = FolderSource(synced, quiet_seconds=30)
    outcome = check_now(source, store)
    assert outcome.result == "shown"
    shown = store.current_folder()
    assert shown is not None and shown.name.startswith("folder-")
    assert (shown / "learn" / "alpha.md").read_text() == DEFAULT_FILES["learn/alpha.md"]
    assert not (shown / ".stfolder").exists()
    assert check_now(source, store).result == "no change"


def test_a_folder_that_changed_a_moment_ago_waits(synced: Path, store: VersionStore) -> None:
    (synced / "learn" / "gamma.md").write_text(topic("Gamma topic"))
    outcome = check_now(FolderSource(synced, quiet_seconds=30), store)
    assert outcome.result == "waiting"
    assert "quiet for 30 s" in outcome.message
    assert store.current_id() is None


@pytest.mark.parametrize(
    "partial", [".syncthing.gamma.md.tmp", "~$notes.docx", "alpha.md.swp", ".~lock.x.odt#"]
)
def test_a_folder_holding_a_half_synced_file_waits(
    synced: Path, store: VersionStore, partial: str
) -> None:
    (synced / "learn" / partial).write_text("half")
    _age(synced, 60)
    outcome = check_now(FolderSource(synced, quiet_seconds=0), store)
    assert outcome.result == "waiting"
    assert f"learn/{partial} is still being synced" in outcome.message


def test_a_folder_changing_while_it_is_copied_is_not_shown(
    synced: Path, store: VersionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = FolderSource(synced, quiet_seconds=0)
    real_copy = FolderSource.copy_to

    def copy_while_syncing(self: FolderSource, listing: object, target: Path) -> str:
        (synced / "learn" / "late.md").write_text(topic("Arrived during the copy"))
        return real_copy(self, listing, target)  # type: ignore[arg-type]

    monkeypatch.setattr(FolderSource, "copy_to", copy_while_syncing)
    outcome = check_now(source, store)
    assert outcome.result == "failed"
    assert "changed while it was being copied" in outcome.message
    assert store.current_id() is None
    monkeypatch.undo()
    assert check_now(source, store).result == "shown"


def test_a_missing_folder_keeps_the_version_shown(synced: Path, store: VersionStore) -> None:
    source = FolderSource(synced, quiet_seconds=0)
    check_now(source, store)
    shown = store.current_id()
    synced.rename(synced.with_name("offline"))
    outcome = check_now(source, store)
    assert outcome.result == "failed"
    assert "is not there" in outcome.message
    assert store.current_id() == shown


def test_a_folder_written_slowly_file_by_file_never_shows_half_a_version(
    tmp_path: Path, store: VersionStore
) -> None:
    """A sync tool writing 12 files, one every 0.15 s, while the kiosk checks every 0.05 s:
    the only version that ever shows is the whole folder."""
    folder = tmp_path / "slow"
    files = {"site.yaml": SITE, **{f"learn/t{n:02}.md": topic(f"Topic {n}") for n in range(12)}}
    done = threading.Event()

    def sync_slowly() -> None:
        for name, text in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".syncthing.{path.name}.tmp")  # as Syncthing does
            partial.write_text(text)
            time.sleep(0.05)
            partial.rename(path)
            time.sleep(0.1)
        done.set()

    folder.mkdir()
    writer = threading.Thread(target=sync_slowly)
    writer.start()
    source = FolderSource(folder, quiet_seconds=0.5)
    results = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not (done.is_set() and store.current_id()):
        results.append(check_now(source, store).result)
        time.sleep(0.05)
    writer.join()
    shown = [info.id for info in store.versions()]
    assert len(shown) == 1, results
    folder_shown = store.current_folder()
    assert folder_shown is not None
    copied = sorted(p.relative_to(folder_shown).as_posix() for p in folder_shown.rglob("*.md"))
    assert copied == sorted(name for name in files if name.endswith(".md"))
    assert "waiting" in results  # it did look while the folder was changing
