"""A live reload seen by a reader: the topic being read changes and is laid out again (the
real layout, not a stand-in) on the same page or, if it got shorter, its last; a deleted one
returns to its list."""

from __future__ import annotations

import gc
import shutil
import weakref
from pathlib import Path

from kiosk.content import EntryRef, Section, load_library
from kiosk.session import Session
from kiosk.ui.card_list import CardListScreen
from tests.helpers.content import long_body, topic
from tests.ui.conftest import KioskMaker

ALPHA = EntryRef(Section.LEARN, "alpha")


def reload(session: Session) -> None:
    session.apply_library(load_library(session.library.root, previous=session.library))


def test_a_changed_topic_keeps_the_reader_on_a_sensible_page(
    make_kiosk: KioskMaker, content_dir: Path
) -> None:
    kiosk = make_kiosk()
    kiosk.session.open_entry(ALPHA)
    kiosk.session.next_page()
    (content_dir / "learn" / "alpha.md").write_text(topic("Alpha v2", long_body(12, "V2")))
    reload(kiosk.session)
    assert kiosk.reader.title.text() == "Alpha v2"
    assert kiosk.reader.page == 1
    assert "V2" in kiosk.reader.document.page_texts()[1]  # type: ignore[union-attr]
    (content_dir / "learn" / "alpha.md").write_text(topic("Alpha short", "Now one page."))
    reload(kiosk.session)
    assert kiosk.reader.title.text() == "Alpha short"
    assert (kiosk.reader.page, kiosk.reader.page_count) == (0, 1)
    assert kiosk.session.place.screen.page == 0  # type: ignore[union-attr]


def test_a_deleted_topic_returns_the_reader_to_its_list(
    make_kiosk: KioskMaker, content_dir: Path
) -> None:
    kiosk = make_kiosk()
    kiosk.session.open_entry(ALPHA)
    (content_dir / "learn" / "alpha.md").unlink()
    reload(kiosk.session)
    assert kiosk.showing(CardListScreen)
    assert [c.accessibleName() for c in kiosk.lists.visible_cards()] == ["Beta topic"]


def test_a_new_content_version_frees_the_last_ones_converter_and_its_thread(
    make_kiosk: KioskMaker, content_dir: Path, tmp_path: Path
) -> None:
    """A followed repository's versions are new folders, each loaded afresh: the kiosk keeps
    the converter of the version it shows, not one per version it has shown (each held a
    thread and about 130 KiB for as long as the kiosk ran)."""
    kiosk = make_kiosk()
    kiosk.session.open_entry(ALPHA)  # converted: this version's pipeline and its thread
    old_pipeline = weakref.ref(kiosk.session.library.pipeline)
    old_thread = kiosk.session.library.pipeline._worker.thread
    version = shutil.copytree(content_dir, tmp_path / "version-2")
    kiosk.session.apply_library(load_library(version))  # as the content follower does
    kiosk.session.open_entry(ALPHA)
    assert kiosk.reader.document is not None and kiosk.reader.page_count > 1
    gc.collect()
    old_thread.join(timeout=10)
    assert old_pipeline() is None
    assert not old_thread.is_alive()
    assert kiosk.session.library.pipeline._worker.thread.is_alive()
