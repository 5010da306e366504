"""A new version from the repository, seen by a patient: the kiosk switches without a restart,
a reader stays on the topic they read, and a rejected version never reaches the screen."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.content import EntryRef, Section
from kiosk.sources.follower import ContentFollower
from kiosk.sources.git import GitSource
from kiosk.sources.store import VersionStore
from kiosk.sources.update import check_now
from tests.helpers.content import long_body, topic
from tests.helpers.git_repo import ContentRepo
from tests.ui.conftest import KioskMaker

ALPHA = EntryRef(Section.LEARN, "alpha")


def test_a_reader_stays_on_their_topic_as_new_versions_arrive_and_a_broken_one_never_shows(
    make_kiosk: KioskMaker, qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    repo = ContentRepo(tmp_path / "repo")
    first = repo.commit("First", base_content=True)
    store = VersionStore(tmp_path / "versions")
    source = GitSource(repo.url, "main", store.root / "git")
    check_now(source, store)
    shown = store.current_folder()
    assert shown is not None and shown.name == first
    kiosk = make_kiosk(root=shown)
    follower = ContentFollower(source, store, shown, check_every=600, parent=kiosk.window)
    follower.switched.connect(kiosk.session.apply_library)
    kiosk.session.open_entry(ALPHA)
    kiosk.session.next_page()
    assert kiosk.reader.page == 1

    second = repo.commit(
        "Alpha reworded, a new topic",
        {"learn/alpha.md": topic("Alpha v2", long_body(12, "V2")), "learn/new.md": topic("New")},
    )
    with qtbot.waitSignal(follower.checked, timeout=30_000):
        follower.check()
    qtbot.waitUntil(lambda: kiosk.session.library.root.name == second, timeout=5000)
    assert kiosk.reader.title.text() == "Alpha v2"  # the same topic, its new words
    assert kiosk.reader.page == 1  # on the same page
    assert "V2" in kiosk.reader.document.page_texts()[1]  # type: ignore[union-attr]

    repo.commit("Broken", {"learn/alpha.md": "---\ntitle: [oops\n---\n"})
    with qtbot.waitSignal(follower.checked, timeout=30_000) as checked:
        follower.check()
    assert checked.args is not None and checked.args[0].result == "rejected"
    rejected = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("rejected" in line and "learn/alpha.md" in line for line in rejected)  # logged
    follower.follow_pointer()
    assert kiosk.session.library.root.name == second
    assert kiosk.reader.title.text() == "Alpha v2"
