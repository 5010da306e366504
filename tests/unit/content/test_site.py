"""Tests for kiosk.content.site: reading site.yaml, with defaults for everything it leaves out.

A missing or broken site.yaml must never stop the kiosk: load_site falls back to neutral
defaults, reports each problem once, and still uses every good key.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.content.problems import Level, Problem
from kiosk.content.site import SectionText, Site, load_site

FULL_SITE = """\
name: A Clinic
tagline: Care, explained
languages: [en, es]
default_language: es
web_address: https://clinic.example
review_interval_days: 365
sections:
  learn: {title: Learn, summary: What to know}
  treatments: {title: Treatments}
translations:
  es:
    name: Una Clínica
    tagline: Cuidado, explicado
    sections:
      learn: {title: Aprenda, summary: Qué saber}
"""


DAYS_MUST = "'review_interval_days' must be a whole number of days"


def site_from(tmp_path: Path, text: str | bytes) -> tuple[Site, list[Problem]]:
    """load_site on a content folder whose site.yaml holds ``text``."""
    path = tmp_path / "site.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return load_site(tmp_path)


def error(message: str, line: int = 1) -> Problem:
    return Problem("site.yaml", line, Level.ERROR, message)


def warning(message: str, line: int = 1) -> Problem:
    return Problem("site.yaml", line, Level.WARNING, message)


def test_a_missing_site_yaml_gives_neutral_defaults_and_a_warning(tmp_path: Path) -> None:
    site, problems = load_site(tmp_path)

    assert site == Site()
    assert (site.name, site.tagline, site.languages, site.default_language) == (
        "Patient information",
        "",
        ("en",),
        "en",
    )
    assert site.base_language == "en"
    assert site.display_name("en") == ("Patient information", "")
    assert site.section("learn", "en") == SectionText("Learn")
    assert site.section("treatments", "es") == SectionText("Our treatments")
    assert problems == [
        warning("site.yaml is missing; the kiosk uses a neutral name. Add one with 'name: ...'")
    ]


def test_a_full_site_yaml_is_read_completely(tmp_path: Path) -> None:
    site, problems = site_from(tmp_path, FULL_SITE)

    assert problems == []
    assert site == Site(
        name="A Clinic",
        tagline="Care, explained",
        languages=("en", "es"),
        default_language="es",
        sections={
            "learn": {
                "en": SectionText("Learn", "What to know"),
                "es": SectionText("Aprenda", "Qué saber"),
            },
            "treatments": {"en": SectionText("Treatments")},
        },
        names={"en": ("A Clinic", "Care, explained"), "es": ("Una Clínica", "Cuidado, explicado")},
        web_address="https://clinic.example",
        review_interval_days=365,
    )


def test_translations_fall_back_to_the_base_language(tmp_path: Path) -> None:
    site, _ = site_from(tmp_path, FULL_SITE)

    assert site.display_name("es") == ("Una Clínica", "Cuidado, explicado")
    assert site.display_name("fr") == ("A Clinic", "Care, explained")
    assert site.section("learn", "es") == SectionText("Aprenda", "Qué saber")
    assert site.section("treatments", "es") == SectionText("Treatments")


def test_a_translation_without_a_name_keeps_the_base_name(tmp_path: Path) -> None:
    site, problems = site_from(
        tmp_path, "name: Clinic\ntagline: Hello\nlanguages: [en, es]\ntranslations: {es: {}}\n"
    )

    assert problems == []
    assert site.display_name("es") == ("Clinic", "Hello")


def test_the_base_language_is_the_first_listed_not_the_default(tmp_path: Path) -> None:
    site, problems = site_from(tmp_path, "name: C\nlanguages: [es, en]\ndefault_language: en\n")

    assert problems == []
    assert (site.base_language, site.default_language) == ("es", "en")


def test_language_codes_are_lower_cased(tmp_path: Path) -> None:
    site, problems = site_from(tmp_path, "name: C\nlanguages: [EN, Es]\ndefault_language: ES\n")

    assert problems == []
    assert (site.languages, site.default_language) == (("en", "es"), "es")


def test_a_bom_is_ignored(tmp_path: Path) -> None:
    site, problems = site_from(tmp_path, "\ufeffname: With BOM\n")

    assert problems == []
    assert site.name == "With BOM"


def test_a_default_language_not_in_languages_is_an_error_and_falls_back(tmp_path: Path) -> None:
    site, problems = site_from(tmp_path, "name: C\nlanguages: [en, es]\ndefault_language: fr\n")

    assert problems == [error("default_language 'fr' is not in languages ['en', 'es']", 3)]
    assert site.default_language == "en"
    assert site.name == "C"


def test_unknown_keys_are_warnings_with_a_near_miss(tmp_path: Path) -> None:
    site, problems = site_from(tmp_path, "name: C\ntaglin: Hi\ncolour: red\n")

    assert problems == [
        warning("unknown key 'taglin'; did you mean 'tagline'?", 2),
        warning(
            "unknown key 'colour'; it is ignored: check the spelling (known keys: name,"
            " tagline, languages, default_language, sections, translations, web_address,"
            " safety_note, review_interval_days)",
            3,
        ),
    ]
    assert (site.name, site.tagline) == ("C", "")


@pytest.mark.parametrize("line", ["1: one", "2026-01-01: a date", "true: yes", "null: nothing"])
def test_keys_that_are_not_text_are_unknown_keys_not_a_crash(tmp_path: Path, line: str) -> None:
    # YAML reads these keys as a number, a date, a bool and None.
    site, problems = site_from(tmp_path, f"name: C\n{line}\n")

    assert [(p.path, p.level) for p in problems] == [("site.yaml", Level.WARNING)]
    assert problems[0].message.startswith("unknown key '")
    assert site.name == "C"


def test_a_missing_name_is_an_error_and_the_neutral_name_is_used(tmp_path: Path) -> None:
    site, problems = site_from(tmp_path, "tagline: Hi\n")

    assert problems == [
        error("'name' is missing: add a line 'name: ...' (the clinic's name, as text)")
    ]
    assert (site.name, site.tagline) == ("Patient information", "Hi")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "languages: english",
            "'languages' must be a list of language codes, for example [en, es] (it is 'english')",
        ),
        (
            "languages: [en, english]",
            "'languages' must be a list of language codes, for example [en, es] "
            "(it is ['en', 'english'])",
        ),
        (
            "languages: []",
            "'languages' must be a list of language codes, for example [en, es] (it is [])",
        ),
        ("review_interval_days: 0", f"{DAYS_MUST} (it is 0)"),
        ("review_interval_days: -7", f"{DAYS_MUST} (it is -7)"),
        ("review_interval_days: '30'", f"{DAYS_MUST} (it is '30')"),
        ("review_interval_days: 1.5", f"{DAYS_MUST} (it is 1.5)"),
        (
            "web_address: [a, b]",
            "'web_address' must be the clinic's web address, e.g. https://example.org/learn "
            "(it is ['a', 'b'])",
        ),
        (
            "web_address: clinic.example",
            "'web_address' must be the clinic's web address, e.g. https://example.org/learn "
            "(it is 'clinic.example')",
        ),
    ],
)  # fmt: skip
def test_wrong_types_are_errors_and_the_default_is_kept(
    tmp_path: Path, line: str, message: str
) -> None:
    site, problems = site_from(tmp_path, f"name: C\n{line}\n")

    assert problems == [error(message, 2)]  # the line the bad key is on
    assert site == Site(name="C", names={"en": ("C", "")})


def test_review_interval_days_does_not_take_yes_or_no(tmp_path: Path) -> None:
    # YAML reads 'true' as a bool, and a bool is an int in Python: it must not pass as 1 day.
    site, problems = site_from(tmp_path, "name: C\nreview_interval_days: true\n")

    assert problems == [
        error("'review_interval_days' must be a whole number of days (it is True)", 2)
    ]
    assert site.review_interval_days is None


def test_unknown_section_and_section_without_title(tmp_path: Path) -> None:
    site, problems = site_from(
        tmp_path,
        "name: C\nsections:\n  faq: {title: FAQ}\n  treatments: {summary: No title}\n"
        "  learn: {title: ' Learn ', summary: ' Read '}\n",
    )

    assert problems == [
        warning("unknown section 'faq' in 'sections'; use learn or treatments", 2),
        error("sections: 'treatments' needs a 'title:' line", 2),
    ]
    assert site.sections == {"learn": {"en": SectionText("Learn", "Read")}}
    assert site.section("treatments", "en") == SectionText("Our treatments")


def test_translations_for_a_language_not_listed_are_ignored(tmp_path: Path) -> None:
    site, problems = site_from(
        tmp_path, "name: C\nlanguages: [en, es]\ntranslations:\n  fr: {name: Clinique}\n"
    )

    assert problems == [warning("translations: 'fr' is not in languages; it is ignored", 3)]
    assert site.display_name("fr") == ("C", "")
    assert set(site.names) == {"en"}


def test_a_translation_that_is_not_a_mapping_is_reported_for_what_it_is(tmp_path: Path) -> None:
    # 'es' IS in languages; the problem is that its value is not 'key: value' lines, and the
    # message must not send the admin to check the languages list.
    site, problems = site_from(
        tmp_path, "name: C\nlanguages: [en, es]\ntranslations:\n  es: Clínica\n"
    )

    (problem,) = problems
    assert problem.path == "site.yaml"
    assert "'es'" in problem.message
    assert "not in languages" not in problem.message
    assert set(site.names) == {"en"}


def test_a_yaml_error_names_the_line_in_site_yaml(tmp_path: Path) -> None:
    site, problems = site_from(tmp_path, "name: C\ntagline: Hi\n\tlanguages: [en]\n")

    (problem,) = problems
    assert (problem.path, problem.line, problem.level) == ("site.yaml", 3, Level.ERROR)
    assert "found character '\\t' that cannot start any token" in problem.message
    assert site == Site()


def test_a_yaml_error_in_site_yaml_does_not_talk_about_front_matter(tmp_path: Path) -> None:
    # site.yaml has no front matter; the message should not send the admin looking for one.
    _, problems = site_from(tmp_path, "name: [C\n")

    (problem,) = problems
    assert problem.level is Level.ERROR
    assert "front matter" not in problem.message


def test_aliases_are_refused_in_site_yaml(tmp_path: Path) -> None:
    site, problems = site_from(tmp_path, "name: C\ntagline: *other\n")

    (problem,) = problems
    assert (problem.line, problem.level) == (2, Level.ERROR)
    assert "aliases (*name) are not allowed here" in problem.message
    assert site == Site()


@pytest.mark.parametrize("text", ["", "# only a comment\n", "- a list\n", "just text\n"])
def test_site_yaml_that_is_not_a_mapping_is_an_error(tmp_path: Path, text: str) -> None:
    site, problems = site_from(tmp_path, text)

    assert problems == [error("site.yaml must be 'key: value' lines")]
    assert site == Site()


def test_site_yaml_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    site, problems = site_from(tmp_path, b"name: Caf\xe9\n")

    (problem,) = problems
    assert (problem.path, problem.line, problem.level) == ("site.yaml", 1, Level.ERROR)
    assert problem.message.startswith("cannot read site.yaml (")
    assert "byte 0xe9 in position 9" in problem.message
    assert site == Site()


@pytest.mark.parametrize(
    "text",
    ["name: C\nupdated: 2026-02-30\n", "name: C\ntagline: !!int hello\n", "name: " + "[" * 5000],
    ids=["bad-date", "int-tag", "deep-nesting"],
)
def test_values_yaml_cannot_build_are_errors_not_crashes(tmp_path: Path, text: str) -> None:
    site, problems = site_from(tmp_path, text)

    assert [(p.path, p.level) for p in problems] == [("site.yaml", Level.ERROR)]
    assert site == Site()


YAMLISH = st.text(alphabet="name: tagline languages[en,es]{}-\n\t'\"#&*!|>0123456789", max_size=200)


@settings(
    max_examples=200, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.one_of(st.binary(max_size=300), YAMLISH.map(str.encode)))
def test_any_site_yaml_never_makes_loading_raise(tmp_path: Path, text: bytes) -> None:
    site, problems = site_from(tmp_path, text)

    assert site.languages
    assert site.default_language in site.languages
    assert all(problem.path == "site.yaml" for problem in problems)
