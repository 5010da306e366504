"""What a patient chooses: text size from 100% to 200%, contrast, language; an open topic
follows the language, and the privacy reset puts everything back."""

from __future__ import annotations

from pathlib import Path

from kiosk.content import EntryRef, Section
from kiosk.session import TEXT_SCALES, Preferences, Reading
from tests.helpers.session import Pages, Recorded, make_session

ALPHA = EntryRef(Section.LEARN, "alpha")


def test_text_size_steps_from_100_to_200_percent() -> None:
    prefs = Preferences()
    assert not prefs.can_shrink
    sizes = []
    for _ in range(6):
        prefs = prefs.with_text_step(+1)
        sizes.append(prefs.text_scale)
    assert sizes == [1.25, 1.5, 1.75, 2.0, 2.0, 2.0]
    assert not prefs.can_grow
    assert prefs.with_text_step(-1).text_scale == 1.75
    assert TEXT_SCALES == (1.0, 1.25, 1.5, 1.75, 2.0)


def test_each_change_is_announced_once(content_dir: Path) -> None:
    session = make_session(content_dir)
    recorded = Recorded(session)
    session.change_text_size(-1)  # already the smallest: nothing changes
    session.change_text_size(+1)
    session.toggle_contrast()
    session.set_language("en")  # already English
    session.next_language()
    assert recorded.of("preferences_changed") == [
        (Preferences(1.25, False, "en"),),
        (Preferences(1.25, True, "en"),),
        (Preferences(1.25, True, "es"),),
    ]


def test_the_language_button_cycles_through_the_sites_languages(content_dir: Path) -> None:
    session = make_session(content_dir)
    assert session.following_language == "es"
    session.next_language()
    assert session.preferences.lang == "es"
    assert session.following_language == "en"
    session.next_language()
    assert session.preferences.lang == "en"


def test_an_open_topic_follows_the_language(content_dir: Path) -> None:
    (content_dir / "learn" / "alpha.es.md").write_text(
        "---\ntitle: Tema alfa\n---\nTexto.\n", encoding="utf-8"
    )
    session = make_session(content_dir)
    Pages(session)
    recorded = Recorded(session)
    session.open_entry(ALPHA)
    session.next_page()
    session.set_language("es")
    topic = session.topic
    assert topic is not None
    assert (topic.entry.title, topic.fallback) == ("Tema alfa", False)
    assert session.place.screen == Reading(ALPHA, 0, 3)  # opened afresh, in Spanish
    assert recorded.of("topic_opened") == [(ALPHA, 3), (ALPHA, 3)]
    session.open_entry(EntryRef(Section.LEARN, "beta"))  # not translated
    topic = session.topic
    assert topic is not None and topic.fallback


def test_a_site_in_one_language_has_no_language_button(tmp_path: Path) -> None:
    from tests.helpers.content import write_content

    root = write_content(tmp_path / "c", site="name: One\nlanguages: [en]\n")
    assert make_session(root).following_language is None


def test_the_reset_returns_to_the_sites_default_language(tmp_path: Path) -> None:
    from tests.helpers.content import write_content

    root = write_content(
        tmp_path / "c", site="name: C\nlanguages: [en, es]\ndefault_language: es\n"
    )
    session = make_session(root)
    assert session.preferences.lang == "es"
    session.set_language("en")
    session.change_text_size(+2)
    session.reset()
    assert session.preferences == Preferences(lang="es")
