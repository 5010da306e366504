"""Tests for kiosk.content.validate and kiosk.content.problems: what ``kiosk validate`` prints.

``kiosk validate`` exits 1 when any problem is an error, so the level of each problem matters as
much as its words. The last test validates the content folder shipped with the kiosk.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import Section, load_library
from kiosk.content.problems import Level, Problem, relative_name
from kiosk.content.validate import summary_line, validate_folder
from tests.helpers.content import topic, write_tree

SHIPPED_CONTENT = Path(__file__).parents[3] / "content"
WEB_LINK_WARNING = (
    "link to 'https://example.org' will not open on the kiosk; put web addresses in the page's "
    "QR code instead"
)


def has_errors(problems: list[Problem]) -> bool:
    """What decides ``kiosk validate``'s exit status."""
    return any(problem.level is Level.ERROR for problem in problems)


# --- problems ----------------------------------------------------------------------------------


def test_problem_format_is_path_line_level_message() -> None:
    problem = Problem("learn/a.md", 3, Level.ERROR, "something is wrong")

    assert problem.format() == "learn/a.md:3: error: something is wrong"
    assert Problem("site.yaml", 1, Level.WARNING, "hm").format() == "site.yaml:1: warning: hm"


def test_problems_sort_by_path_then_line_then_level() -> None:
    problems = [
        Problem("treatments/a.md", 1, Level.ERROR, "x"),
        Problem("learn/b.md", 10, Level.WARNING, "x"),
        Problem("learn/b.md", 9, Level.WARNING, "x"),
        Problem("learn/b.md", 9, Level.ERROR, "x"),
        Problem("learn/a.md", 20, Level.WARNING, "x"),
    ]

    assert [(p.path, p.line, p.level.value) for p in sorted(problems)] == [
        ("learn/a.md", 20, "warning"),
        ("learn/b.md", 9, "error"),
        ("learn/b.md", 9, "warning"),
        ("learn/b.md", 10, "warning"),
        ("treatments/a.md", 1, "error"),
    ]


def test_relative_name(tmp_path: Path) -> None:
    assert relative_name(tmp_path / "learn" / "a.md", tmp_path) == "learn/a.md"
    assert relative_name(Path("/elsewhere/x.md"), tmp_path) == "/elsewhere/x.md"


@pytest.mark.parametrize(
    ("levels", "line"),
    [
        ([], "content OK: no problems found"),
        ([Level.WARNING], "0 error(s), 1 warning(s)"),
        ([Level.ERROR, Level.WARNING, Level.WARNING, Level.ERROR], "2 error(s), 2 warning(s)"),
    ],
)
def test_summary_line(levels: list[Level], line: str) -> None:
    problems = [Problem("a.md", index, level, "m") for index, level in enumerate(levels)]

    assert summary_line(problems) == line


# --- validate_folder ---------------------------------------------------------------------------


def test_a_clean_folder_has_no_problems(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "site.yaml": "name: C\n",
            "images/x.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
            "learn/a.md": topic("A", "![Pic](../images/x.svg) [B](../treatments/b.md)"),
            "treatments/b.md": topic("B"),
        },
    )

    problems = validate_folder(root)

    assert problems == []
    assert summary_line(problems) == "content OK: no problems found"


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    problems = validate_folder(tmp_path)

    assert problems == [
        Problem(
            ".",
            1,
            Level.ERROR,
            "no topics or treatments could be shown: add .md files to learn/ or treatments/; the "
            "kiosk shows 'being updated' until then",
        ),
        Problem(
            "learn", 1, Level.WARNING, "folder 'learn/' is missing; that part of the kiosk is empty"
        ),
        Problem(
            "site.yaml",
            1,
            Level.WARNING,
            "site.yaml is missing; the kiosk uses a neutral name. Add one with 'name: ...'",
        ),
        Problem(
            "treatments",
            1,
            Level.WARNING,
            "folder 'treatments/' is missing; that part of the kiosk is empty",
        ),
    ]
    assert has_errors(problems)
    assert summary_line(problems) == "1 error(s), 3 warning(s)"


def test_a_folder_whose_every_file_is_broken_is_an_error(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {"site.yaml": "name: C\n", "learn/a.md": "no front matter", "treatments/.keep": ""},
    )

    problems = validate_folder(root)

    assert [(p.path, p.level) for p in problems] == [
        (".", Level.ERROR),
        ("learn/a.md", Level.ERROR),
    ]


def test_a_missing_folder_is_one_error(tmp_path: Path) -> None:
    root = tmp_path / "nowhere"

    problems = validate_folder(root)

    assert problems == [
        Problem(
            root.as_posix(),
            1,
            Level.ERROR,
            "content folder not found; check the 'content' path in kiosk.toml",
        )
    ]


def test_warnings_alone_do_not_fail_validation(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "site.yaml": "name: C\ncolour: red\n",
            "learn/a.md": topic("A", "[Web](https://example.org)", tittle="x"),
            "treatments/b.md": topic("B"),
        },
    )

    problems = validate_folder(root)

    assert [p.format() for p in problems] == [
        "learn/a.md:3: warning: unknown key 'tittle'; did you mean 'title'?",
        f"learn/a.md:5: warning: {WEB_LINK_WARNING}",
        "site.yaml:2: warning: unknown key 'colour'; it is ignored: check the spelling (known"
        " keys: name, tagline, languages, default_language, sections, translations,"
        " web_address, safety_note, review_interval_days)",
    ]
    assert not has_errors(problems)
    assert summary_line(problems) == "0 error(s), 3 warning(s)"


def test_render_warnings_point_at_the_line_of_each_language(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "site.yaml": "name: C\nlanguages: [en, es]\n",
            "learn/a.md": topic("A", "[Web](https://example.org)", order=1),
            "learn/a.es.md": topic("A", "![Foto](../images/none.png)", order=1, summary="Resumen"),
            "treatments/b.md": topic("B"),
        },
    )

    problems = validate_folder(root)

    assert [p.format() for p in problems] == [
        "learn/a.es.md:6: warning: picture '../images/none.png' is missing (check the file name, "
        "and that the file is in the content folder); the page shows without it",
        f"learn/a.md:5: warning: {WEB_LINK_WARNING}",
        "treatments/b.md:1: warning: has no Spanish version (treatments/b.es.md); Spanish readers "
        "see it in English, with a note",
    ]


def test_every_problem_in_every_file_is_reported_in_order(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "site.yaml": "name: C\nlanguages: [en]\ndefault_language: fr\n",
            "learn/b.md": topic("B", "[Web](https://example.org)\n\n[Web](https://example.org)"),
            "learn/a.md": "---\ntitle: A\norder: first\n---\n",
            "treatments/z.md": b"\xff\xfe",
            "treatments/y.md": topic("Y", image="images/none.svg"),
        },
    )

    problems = validate_folder(root)

    assert [p.format() for p in problems] == [
        "learn/a.md:3: error: 'order' must be a number such as 10, 20, 30 (lower comes first) "
        "(it is 'first') (this file is not shown)",
        f"learn/b.md:4: warning: {WEB_LINK_WARNING}",
        f"learn/b.md:6: warning: {WEB_LINK_WARNING}",  # each bad link, on its own line
        "site.yaml:3: error: default_language 'fr' is not in languages ['en']",
        "treatments/y.md:3: warning: image 'images/none.svg' is missing (check the file name, "
        "and that the file is in the content folder); the card shows without it",
        "treatments/z.md:1: error: is not UTF-8 text (bad byte at offset 0); save it as UTF-8 "
        "(this file is not shown)",
    ]
    assert summary_line(problems) == "3 error(s), 3 warning(s)"


def test_validate_reports_what_the_kiosk_skips(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "site.yaml": "name: C\n",
            "learn/good.md": topic("Good"),
            "learn/bad.md": "---\nsummary: no title\n---\n",
            "treatments/t.md": topic("T"),
        },
    )

    skipped_by_validate = {p.path for p in validate_folder(root) if p.level is Level.ERROR}
    shown_by_kiosk = {
        entry.path.relative_to(root).as_posix()
        for section in Section
        for entry, _ in load_library(root).entries(section, "en")
    }

    assert skipped_by_validate == {"learn/bad.md"}
    assert shown_by_kiosk == {"learn/good.md", "treatments/t.md"}


def test_a_body_with_a_null_byte_link_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "site.yaml": "name: C\n",
            "learn/a.md": topic("A", "[Odd](%00)"),
            "treatments/b.md": topic("B"),
        },
    )

    problems = validate_folder(root)

    assert [(p.path, p.line, p.level) for p in problems] == [("learn/a.md", 4, Level.WARNING)]


# --- the shipped content -----------------------------------------------------------------------


def test_the_shipped_content_is_valid_and_complete() -> None:
    problems = validate_folder(SHIPPED_CONTENT)

    assert [p.format() for p in problems if p.level is Level.ERROR] == []
    library = load_library(SHIPPED_CONTENT)
    learn = library.entries(Section.LEARN, "en")
    treatments = library.entries(Section.TREATMENTS, "en")
    assert len(learn) >= 5
    assert len(treatments) >= 4
    assert not any(fallback for _, fallback in learn + treatments)
    assert library.site.languages[:1] == ("en",)
    assert "es" in library.site.languages
    for versions in library.entries_by_ref.values():
        assert "en" in versions, f"{versions} has no English version"
        english = versions["en"]
        assert "es" in versions, f"{english.path.name} has no Spanish twin"
        assert versions["es"].path.name == english.path.name.removesuffix(".md") + ".es.md"
