"""What new content does to the patient: a changed topic stays open on the same page (or its
last), a deleted one returns to its list, an empty folder shows "being updated", and staff
keep their overlay."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.content import EntryRef, Section, load_library
from kiosk.session import CardList, Home, Overlay, Place, Reading, Session, Updating
from tests.helpers.content import long_body, topic
from tests.helpers.session import Pages, Recorded, make_session
from tests.helpers.stubs import FAKE_TIMERS

ALPHA = EntryRef(Section.LEARN, "alpha")


def reload(session: Session) -> None:
    session.apply_library(load_library(session.library.root, previous=session.library))


def reading_page_two(content_dir: Path) -> tuple[Session, Pages]:
    session = make_session(content_dir)
    pages = Pages(session, {"alpha": 4})
    session.open_entry(ALPHA)
    session.next_page()
    session.next_page()
    return session, pages


def test_a_changed_topic_is_laid_out_again_on_the_same_page(content_dir: Path) -> None:
    session, _ = reading_page_two(content_dir)
    recorded = Recorded(session)
    (content_dir / "learn" / "alpha.md").write_text(topic("Alpha v2", long_body(12, "V2")))
    reload(session)
    topic_shown = session.topic
    assert topic_shown is not None and topic_shown.entry.title == "Alpha v2"
    assert session.place.screen == Reading(ALPHA, 2, 4)
    assert recorded.of("topic_opened") == []  # not opened again: the same reading goes on


def test_a_topic_that_got_shorter_stays_open_on_its_last_page(content_dir: Path) -> None:
    session, pages = reading_page_two(content_dir)
    pages.topics["alpha"] = 1
    (content_dir / "learn" / "alpha.md").write_text(topic("Alpha short", "One page."))
    reload(session)
    assert session.place.screen == Reading(ALPHA, 0, 1)


def test_an_unchanged_topic_stays_as_it_is(content_dir: Path) -> None:
    session, _ = reading_page_two(content_dir)
    before = session.topic
    (content_dir / "learn" / "beta.md").write_text(topic("Beta 2", "x"), encoding="utf-8")
    reload(session)
    after = session.topic
    assert before is not None and after is not None
    assert after.entry is before.entry  # not read again, not laid out again
    assert session.place.screen == Reading(ALPHA, 2, 4)


def test_a_deleted_topic_returns_the_reader_to_its_list(content_dir: Path) -> None:
    session, _ = reading_page_two(content_dir)
    (content_dir / "learn" / "alpha.md").unlink()
    reload(session)
    assert isinstance(session.place.screen, CardList)
    assert session.place.screen.section is Section.LEARN
    assert session.topic is None


def test_a_broken_save_keeps_the_last_good_version_on_screen(content_dir: Path) -> None:
    session, _ = reading_page_two(content_dir)
    before = session.topic
    (content_dir / "learn" / "alpha.md").write_text("---\ntitle: Alpha top", encoding="utf-8")
    reload(session)
    assert session.topic is not None and before is not None
    assert session.topic.entry is before.entry
    assert session.place.screen == Reading(ALPHA, 2, 4)


def test_no_content_shows_being_updated_and_content_returning_shows_home(
    content_dir: Path, tmp_path: Path
) -> None:
    session = make_session(content_dir)
    empty = tmp_path / "empty"
    empty.mkdir()
    session.apply_library(load_library(empty))
    assert session.place == Place(Updating())
    session.go_home()
    session.reset()
    assert session.place == Place(Updating())
    session.apply_library(load_library(content_dir))
    assert session.place == Place(Home())


def test_a_vanished_folder_keeps_the_last_good_content(content_dir: Path, tmp_path: Path) -> None:
    session, _ = reading_page_two(content_dir)
    shutil.move(content_dir, tmp_path / "away")
    reload(session)
    assert session.place.screen == Reading(ALPHA, 2, 4)
    assert any("content folder is missing or empty" in p.message for p in session.library.problems)


def test_staff_keep_their_overlay_through_a_reload(content_dir: Path) -> None:
    session = make_session(content_dir)
    session.open_admin_panel()
    (content_dir / "learn" / "gamma.md").write_text(topic("Gamma", "New."), encoding="utf-8")
    reload(session)
    assert session.place == Place(Home(), Overlay.ADMIN)
    assert session.library.entry(EntryRef(Section.LEARN, "gamma"), "en") is not None


def test_the_topics_arrive_after_home_without_moving_the_patient(content_dir: Path) -> None:
    from kiosk.content.library import load_site_first

    session = Session(load_site_first(content_dir), timer_factory=FAKE_TIMERS)
    assert session.place == Place(Home())  # the site's name and tiles, not "being updated"
    recorded = Recorded(session)
    session.apply_library(load_library(content_dir))
    assert session.place == Place(Home())
    assert len(recorded.of("place_changed")) == 1  # Home is shown again with the topics
