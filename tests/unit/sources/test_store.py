"""The version store after a crash: what a kill or a power cut can leave, and what shows."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.sources.store import KEEP_REJECTED, VersionInfo, VersionStore
from tests.helpers.content import write_content


def _add(store: VersionStore, version_id: str, arrived: float, tmp_path: Path) -> None:
    staged = write_content(tmp_path / f"staged-{version_id}")
    store.add_good(staged, VersionInfo(version_id, "test", arrived))


def test_the_pointer_wins_and_a_gone_or_garbled_one_falls_back_to_the_newest(
    store: VersionStore, tmp_path: Path
) -> None:
    store.recover()
    assert store.current_id() is None  # nothing yet: the app shows its content folder
    _add(store, "old", 1.0, tmp_path)
    _add(store, "new", 2.0, tmp_path)
    store.show("old")
    assert store.current_id() == "old"
    store.pointer.write_text("no-such-version\n")  # a pointer to a folder deleted by hand
    assert store.current_id() == "new"
    store.pointer.write_bytes(b"\x00\xff garbage")
    assert store.current_id() == "new"
    store.pointer.unlink()
    assert store.current_id() == "new"


def test_recover_clears_half_built_versions_and_keeps_the_good_ones(
    store: VersionStore, tmp_path: Path
) -> None:
    store.recover()
    _add(store, "good", 1.0, tmp_path)
    half = store.incoming / "tmp123"
    (half / "learn").mkdir(parents=True)
    (half / "learn" / "alpha.md").write_text("---\ntitle: Half")
    store.recover()
    assert list(store.incoming.iterdir()) == []
    assert [info.id for info in store.versions()] == ["good"]


def test_a_folder_in_good_without_its_version_file_is_not_a_version(
    store: VersionStore, tmp_path: Path
) -> None:
    store.recover()
    _add(store, "good", 1.0, tmp_path)
    shutil.copytree(store.good / "good", store.good / "stray")
    (store.good / "stray" / ".kiosk-version.json").unlink()
    assert [info.id for info in store.versions()] == ["good"]


def test_rejected_versions_are_kept_for_inspection_a_few_at_a_time(
    store: VersionStore, tmp_path: Path
) -> None:
    store.recover()
    for n in range(KEEP_REJECTED + 2):
        staged = write_content(tmp_path / f"bad-{n}")
        store.add_rejected(staged, VersionInfo(f"bad{n}", "test", float(n)), [f"problem {n}"])
    kept = sorted(path.name for path in store.rejected.iterdir())
    assert kept == [f"bad{n}" for n in range(2, KEEP_REJECTED + 2)]
    assert store.rejected_problems("bad4") == ["problem 4"]
