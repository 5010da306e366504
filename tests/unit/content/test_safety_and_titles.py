"""The content rules that keep patients safe and the page tidy: the site's safety note on
topics about mental health (and ``kiosk validate``'s warning where a language has none), and a
first heading that repeats the title left out."""

from __future__ import annotations

from pathlib import Path

from kiosk.content import EntryRef, Section, load_library
from kiosk.content.problems import Level
from kiosk.content.validate import validate_folder
from tests.helpers.content import SITE, topic, write_content

NOTE_EN = "If you have thoughts of hurting yourself, tell a staff member now."
NOTE_ES = "Si tiene pensamientos de hacerse daño, dígaselo ahora a alguien del personal."
SITE_WITH_NOTES = (
    SITE
    + f"safety_note: {NOTE_EN}\n"
    + f"translations:\n  es:\n    name: Clínica\n    safety_note: {NOTE_ES}\n"
)
MOOD = EntryRef(Section.LEARN, "mood")


def safety_warnings(root: Path) -> list[str]:
    return [
        f"{p.path}:{p.line}: {p.message}"
        for p in validate_folder(root, grades=False)
        if "safety note" in p.message
    ]


def test_site_yaml_gives_a_safety_note_per_language(tmp_path: Path) -> None:
    site = load_library(write_content(tmp_path, site=SITE_WITH_NOTES)).site

    assert site.safety_note("en") == NOTE_EN
    assert site.safety_note("es") == NOTE_ES


def test_a_language_without_its_own_note_falls_back_to_the_base_language(tmp_path: Path) -> None:
    site = load_library(write_content(tmp_path, site=SITE + f"safety_note: {NOTE_EN}\n")).site

    assert site.safety_note("es") == NOTE_EN


def test_a_safety_note_that_is_not_text_is_an_error_naming_the_key(tmp_path: Path) -> None:
    library = load_library(write_content(tmp_path, site=SITE + "safety_note: [a, b]\n"))

    errors = [p for p in library.problems if p.level is Level.ERROR]
    assert [p.path for p in errors] == ["site.yaml"]
    assert "'safety_note'" in errors[0].message
    assert library.site.safety_note("en") == ""


def test_validate_warns_when_a_mental_health_topic_has_no_note(tmp_path: Path) -> None:
    root = write_content(
        tmp_path,
        {
            "learn/mood.md": topic("Mood", "Text.", mental_health="true"),
            "learn/mood.es.md": topic("Ánimo", "Texto.", mental_health="true"),
        },
    )

    warnings = safety_warnings(root)

    assert len(warnings) == 2
    assert warnings[0].startswith("learn/mood.es.md:3: is about mental health")
    assert "under 'translations: es:'" in warnings[0]
    assert warnings[1].startswith("learn/mood.md:3: is about mental health")
    assert "it shows no safety note: add 'safety_note: ...' to site.yaml" in warnings[1]


def test_validate_warns_for_a_language_shown_the_base_note(tmp_path: Path) -> None:
    root = write_content(
        tmp_path,
        {"learn/mood.es.md": topic("Ánimo", "Texto.", mental_health="true")},
        site=SITE + f"safety_note: {NOTE_EN}\n",
    )

    (warning,) = safety_warnings(root)
    assert "no safety note in 'es', so it shows the en note instead" in warning


def test_no_warning_with_notes_in_every_language_or_for_other_topics(tmp_path: Path) -> None:
    root = write_content(
        tmp_path,
        {
            "learn/mood.md": topic("Mood", "Text.", mental_health="true"),
            "learn/mood.es.md": topic("Ánimo", "Texto.", mental_health="true"),
        },
        site=SITE_WITH_NOTES,
    )

    assert safety_warnings(root) == []
    assert safety_warnings(write_content(tmp_path / "plain")) == []


def test_mental_health_must_be_true_or_false(tmp_path: Path) -> None:
    mood = topic("Mood", "Text.", mental_health="sometimes")
    root = write_content(tmp_path, {"learn/mood.md": mood})

    (problem,) = [p for p in load_library(root).problems if p.path == "learn/mood.md"]
    assert problem.level is Level.ERROR
    assert "'mental_health' must be true or false" in problem.message


def rendered_html(root: Path, ref: EntryRef = MOOD) -> str:
    library = load_library(root)
    entry = library.entries_by_ref[ref]["en"]
    return library.render(entry).html


def test_a_first_heading_that_repeats_the_title_is_left_out(tmp_path: Path) -> None:
    body = "# Ketamine's  safety\n\nSome text.\n\n## Ketamine's safety\n\nMore."
    root = write_content(tmp_path, {"learn/mood.md": topic("Ketamine’s safety", body)})

    html = rendered_html(root)

    assert html.count("safety</h") == 1  # the later heading stays: it is not the first
    assert html.lstrip().startswith("<p>Some text.")


def test_a_different_first_heading_stays(tmp_path: Path) -> None:
    body = "## What it is\n\nSome text."
    root = write_content(tmp_path, {"learn/mood.md": topic("Mood", body)})

    assert rendered_html(root).lstrip().startswith("<h2>What it is</h2>")
