"""Tests for kiosk.content.library: loading a content folder into a ContentLibrary.

The library must never raise: a broken file is skipped with a Problem that names it, and the
rest of the folder still shows. Each test writes a small content tree into tmp_path.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.content import ContentLibrary, EntryRef, Problem, Section, load_library
from kiosk.content.library import MAX_FILE_BYTES, Entry
from kiosk.content.problems import Level
from tests.helpers.content import topic, write_tree

BILINGUAL_SITE = "name: Clinic\nlanguages: [en, es]\n"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'


def make_library(tmp_path: Path, files: Mapping[str, str | bytes]) -> ContentLibrary:
    """A library from a tree with both section folders and ``files`` in it."""
    root = write_tree(tmp_path / "content", files)
    for section in Section:
        (root / section.value).mkdir(exist_ok=True)
    return load_library(root)


def names(library: ContentLibrary, section: Section, lang: str) -> list[tuple[str, bool]]:
    """The section as listed in ``lang``: (file name, shown as a fallback) in list order."""
    return [(entry.path.name, fallback) for entry, fallback in library.entries(section, lang)]


def only_entry(library: ContentLibrary) -> Entry:
    (versions,) = library.entries_by_ref.values()
    (entry,) = versions.values()
    return entry


def skipped(path: str, message: str, line: int = 1) -> Problem:
    return Problem(path, line, Level.ERROR, f"{message} (this file is not shown)")


# --- a good folder -----------------------------------------------------------------------------


def test_an_entry_carries_everything_its_front_matter_says(tmp_path: Path) -> None:
    library = make_library(
        tmp_path,
        {
            "site.yaml": "name: Clinic\n",
            "images/brain.svg": SVG,
            "learn/how-it-works.md": topic(
                "  How it works ",
                "## Heading\n\nText.",
                summary="What happens",
                order=20,
                image="images/brain.svg",
                reviewed="2026-01-02",
                web_page="https://example.org/how",
            ),
        },
    )

    entry = only_entry(library)
    assert library.problems == []
    assert entry.ref == EntryRef(Section.LEARN, "how-it-works")
    assert entry.lang == "en"
    assert entry.path == library.root / "learn" / "how-it-works.md"
    assert entry.title == "How it works"
    assert entry.summary == "What happens"
    assert entry.order == 20.0
    assert entry.image == "images/brain.svg"
    assert entry.reviewed == dt.date(2026, 1, 2)
    assert entry.web_page == "https://example.org/how"
    assert entry.facts == {}
    assert entry.document.body == "## Heading\n\nText."
    assert entry.document.body_line == 9


def test_optional_values_have_empty_defaults(tmp_path: Path) -> None:
    library = make_library(tmp_path, {"site.yaml": "name: C\n", "learn/a.md": topic("A")})

    entry = only_entry(library)
    assert (entry.summary, entry.order, entry.image, entry.reviewed, entry.web_page) == (
        "",
        None,
        None,
        None,
        None,
    )


def test_treatment_facts_become_tuples_of_text(tmp_path: Path) -> None:
    library = make_library(
        tmp_path,
        {
            "site.yaml": "name: C\n",
            "treatments/ptsd.md": topic(
                "PTSD",
                helps_with="[PTSD, ' Nightmares ']",
                duration="About 2 hours",
                sessions="Six sessions",
            ),
            "treatments/pain.md": topic("Pain", helps_with="Chronic pain"),
        },
    )

    ptsd = library.entry(EntryRef(Section.TREATMENTS, "ptsd"), "en")
    pain = library.entry(EntryRef(Section.TREATMENTS, "pain"), "en")
    assert ptsd is not None
    assert pain is not None
    assert ptsd[0].facts == {
        "helps_with": ("PTSD", "Nightmares"),
        "duration": ("About 2 hours",),
        "sessions": ("Six sessions",),
    }
    assert pain[0].facts == {"helps_with": ("Chronic pain",)}
    assert library.problems == []


def test_entries_sort_by_order_then_file_name_with_unordered_entries_last(
    tmp_path: Path,
) -> None:
    library = make_library(
        tmp_path,
        {
            "site.yaml": "name: C\n",
            "learn/zebra.md": topic("Z", order=10),
            "learn/apple.md": topic("A"),
            "learn/mango.md": topic("M", order=30),
            "learn/kiwi.md": topic("K", order=10),
            "learn/banana.md": topic("B"),
            "learn/first.md": topic("F", order=-5.5),
            "learn/zero.md": topic("Zero", order=0),
        },
    )

    assert library.problems == []
    assert names(library, Section.LEARN, "en") == [
        ("first.md", False),
        ("zero.md", False),
        ("kiwi.md", False),
        ("zebra.md", False),
        ("mango.md", False),
        ("apple.md", False),
        ("banana.md", False),
    ]


def test_sections_are_listed_separately(tmp_path: Path) -> None:
    library = make_library(
        tmp_path,
        {"site.yaml": "name: C\n", "learn/a.md": topic("A"), "treatments/b.md": topic("B")},
    )

    assert names(library, Section.LEARN, "en") == [("a.md", False)]
    assert names(library, Section.TREATMENTS, "en") == [("b.md", False)]
    assert not library.is_empty


# --- languages ---------------------------------------------------------------------------------


@pytest.fixture
def bilingual(tmp_path: Path) -> ContentLibrary:
    return make_library(
        tmp_path,
        {
            "site.yaml": BILINGUAL_SITE,
            "learn/both.md": topic("Both", order=10),
            "learn/both.es.md": topic("Ambos", order=10),
            "learn/english-only.md": topic("English only", order=20),
            "learn/spanish-only.es.md": topic("Solo español", order=30),
        },
    )


def test_spanish_files_sit_beside_english_ones_under_one_slug(bilingual: ContentLibrary) -> None:
    ref = EntryRef(Section.LEARN, "both")

    assert sorted(bilingual.entries_by_ref[ref]) == ["en", "es"]
    assert bilingual.entries_by_ref[ref]["es"].title == "Ambos"
    assert bilingual.problems == []


def test_spanish_list_falls_back_to_english_and_flags_it(bilingual: ContentLibrary) -> None:
    assert names(bilingual, Section.LEARN, "es") == [
        ("both.es.md", False),
        ("english-only.md", True),
        ("spanish-only.es.md", False),
    ]


def test_a_spanish_only_file_is_shown_in_english_as_a_fallback(bilingual: ContentLibrary) -> None:
    assert names(bilingual, Section.LEARN, "en") == [
        ("both.md", False),
        ("english-only.md", False),
        ("spanish-only.es.md", True),
    ]


def test_entry_in_a_language(bilingual: ContentLibrary) -> None:
    both = EntryRef(Section.LEARN, "both")

    spanish = bilingual.entry(both, "es")
    fallback = bilingual.entry(EntryRef(Section.LEARN, "english-only"), "es")

    assert spanish is not None
    assert (spanish[0].title, spanish[1]) == ("Ambos", False)
    assert fallback is not None
    assert (fallback[0].title, fallback[1]) == ("English only", True)
    assert bilingual.entry(EntryRef(Section.LEARN, "nothing"), "en") is None
    assert bilingual.entry(EntryRef(Section.TREATMENTS, "both"), "en") is None


def test_a_language_suffix_not_in_site_languages_is_part_of_the_slug(tmp_path: Path) -> None:
    library = make_library(
        tmp_path, {"site.yaml": BILINGUAL_SITE, "learn/topic.fr.md": topic("Sujet")}
    )

    entry = only_entry(library)
    assert (entry.ref.slug, entry.lang) == ("topic.fr", "en")


def test_without_site_yaml_only_english_is_known(tmp_path: Path) -> None:
    library = make_library(tmp_path, {"learn/topic.es.md": topic("Tema")})

    entry = only_entry(library)
    assert (entry.ref.slug, entry.lang) == ("topic.es", "en")


# --- broken files ------------------------------------------------------------------------------


def test_a_broken_file_is_skipped_and_the_rest_load(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.content.library")

    library = make_library(
        tmp_path,
        {
            "site.yaml": "name: C\n",
            "learn/a-good.md": topic("Good"),
            "learn/broken.md": "# No front matter\n",
            "learn/z-good.md": topic("Also good"),
        },
    )

    assert names(library, Section.LEARN, "en") == [("a-good.md", False), ("z-good.md", False)]
    assert library.problems == [
        skipped(
            "learn/broken.md",
            "no front matter: start the file with a line '---', then 'title: ...', then '---'",
        )
    ]
    assert caplog.messages == [
        "skipped learn/broken.md:1: no front matter: start the file with a line '---', then "
        "'title: ...', then '---'"
    ]


def test_yaml_errors_keep_their_line(tmp_path: Path) -> None:
    library = make_library(
        tmp_path, {"site.yaml": "name: C\n", "learn/tab.md": "---\ntitle: A\n\tsummary: B\n---\n"}
    )

    assert library.problems == [
        skipped(
            "learn/tab.md",
            "front matter is not valid YAML (found character '\\t' that cannot start any token); "
            "check indentation and colons",
            line=3,
        )
    ]
    assert library.is_empty


def test_schema_errors_skip_the_file_and_each_is_reported_on_its_line(tmp_path: Path) -> None:
    library = make_library(
        tmp_path,
        {"site.yaml": "name: C\n", "learn/bad.md": "---\nsummary: S\norder: ten\n---\nBody\n"},
    )

    assert library.problems == [
        skipped(
            "learn/bad.md",
            "'order' must be a number such as 10, 20, 30 (lower comes first) (it is 'ten')",
            line=3,
        ),
        skipped(
            "learn/bad.md",
            "'title' is missing: add a line 'title: ...' (a short title, as text)",
            line=2,
        ),
    ]
    assert library.is_empty


def test_unknown_keys_are_warnings_and_the_file_still_loads(tmp_path: Path) -> None:
    library = make_library(
        tmp_path, {"site.yaml": "name: C\n", "learn/a.md": topic("A", tittle="typo")}
    )

    assert library.problems == [
        Problem("learn/a.md", 3, Level.WARNING, "unknown key 'tittle'; did you mean 'title'?")
    ]
    assert only_entry(library).title == "A"


def test_a_file_that_is_not_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    library = make_library(
        tmp_path, {"site.yaml": "name: C\n", "learn/latin1.md": b"---\ntitle: Caf\xe9\n---\n"}
    )

    assert library.problems == [
        skipped("learn/latin1.md", "is not UTF-8 text (bad byte at offset 14); save it as UTF-8")
    ]


@pytest.mark.parametrize("data", ["", "   \n\n\t\n"], ids=["empty", "blank"])
def test_an_empty_file_is_reported(tmp_path: Path, data: str) -> None:
    library = make_library(tmp_path, {"site.yaml": "name: C\n", "learn/empty.md": data})

    assert library.problems == [
        skipped("learn/empty.md", "is empty: add front matter with a title, then the text")
    ]


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    library = make_library(
        tmp_path,
        {"site.yaml": "name: C\n", "learn/huge.md": topic("Huge", "x" * (600 * 1024))},
    )

    assert library.problems == [
        skipped(
            "learn/huge.md",
            "file is too large (614,421 bytes; the limit is 524,288): split it into several topics",
        )
    ]


def test_a_file_of_exactly_the_size_limit_loads(tmp_path: Path) -> None:
    head = topic("Just fits", "")
    text = head + "x" * (MAX_FILE_BYTES - len(head.encode("utf-8")))
    library = make_library(tmp_path, {"site.yaml": "name: C\n", "learn/big.md": text})

    assert (library.root / "learn" / "big.md").stat().st_size == MAX_FILE_BYTES
    assert library.problems == []
    assert only_entry(library).title == "Just fits"


def test_a_folder_named_like_a_topic_is_reported_not_a_crash(tmp_path: Path) -> None:
    library = make_library(tmp_path, {"site.yaml": "name: C\n", "learn/a.md": topic("A")})
    (library.root / "learn" / "folder.md").mkdir()

    reloaded = load_library(library.root)

    (problem,) = reloaded.problems
    assert (problem.path, problem.line, problem.level) == ("learn/folder.md", 1, Level.ERROR)
    assert problem.message == (
        "is a folder, not a file (this is not shown); a topic is one .md file"
    )
    assert names(reloaded, Section.LEARN, "en") == [("a.md", False)]


@pytest.mark.parametrize(
    "meta",
    [
        {"reviewed": "2026-02-30"},
        {"reviewed": "2026-13-01"},
        {"order": "!!int ten"},
        {"summary": "[" * 5000},
    ],
    ids=["day-out-of-range", "month-out-of-range", "int-tag", "deep-nesting"],
)
def test_front_matter_values_yaml_cannot_build_skip_only_that_file(
    tmp_path: Path, meta: dict[str, object]
) -> None:
    library = make_library(
        tmp_path,
        {
            "site.yaml": "name: C\n",
            "learn/bad.md": topic("Bad", **meta),
            "learn/good.md": topic("G"),
        },
    )

    assert [(p.path, p.level) for p in library.problems] == [("learn/bad.md", Level.ERROR)]
    assert names(library, Section.LEARN, "en") == [("good.md", False)]


# --- pictures named in front matter ------------------------------------------------------------


MISSING = "is missing (check the file name, and that the file is in the content folder)"


@pytest.mark.parametrize(
    ("image", "problem"),
    [
        ("images/missing.svg", MISSING),
        ("../outside.svg", "is outside the content folder; move it into images/"),
        ("/etc/hosts", MISSING),  # a leading / counts from the content folder
        ("images", "is a folder, not a picture"),
    ],
)
def test_a_card_picture_that_is_missing_or_outside_is_dropped_with_a_warning(
    tmp_path: Path, image: str, problem: str
) -> None:
    write_tree(tmp_path, {"outside.svg": SVG})
    library = make_library(
        tmp_path,
        {"site.yaml": "name: C\n", "images/x.svg": SVG, "learn/a.md": topic("A", image=image)},
    )

    assert library.problems == [
        Problem(
            "learn/a.md", 3, Level.WARNING, f"image '{image}' {problem}; the card shows without it"
        )
    ]
    assert only_entry(library).image is None


def test_a_null_byte_in_a_card_picture_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    library = make_library(
        tmp_path,
        {"site.yaml": "name: C\n", "learn/a.md": topic("A", image='"images/a\\0.svg"')},
    )

    assert [(p.path, p.line) for p in library.problems] == [("learn/a.md", 3)]
    assert all(entry.image is None for entry, _ in library.entries(Section.LEARN, "en"))


# --- what is not content -----------------------------------------------------------------------


def test_editor_temporary_and_hidden_files_are_ignored(tmp_path: Path) -> None:
    broken = "not front matter at all"
    library = make_library(
        tmp_path,
        {
            "site.yaml": "name: C\n",
            "learn/real.md": topic("Real"),
            "learn/.#real.md": broken,  # Emacs lock file
            "learn/#real.md": broken,
            "learn/real.md~": broken,  # Emacs/vim backup
            "learn/.real.md.swp": broken,  # vim swap
            "learn/~$real.md": broken,  # Word lock file
            "learn/.hidden.md": broken,
            "learn/real.md.tmp": broken,
            "learn/picture.png": broken,  # not text, not reported
        },
    )

    assert library.problems == []
    assert names(library, Section.LEARN, "en") == [("real.md", False)]


def test_a_text_file_saved_without_md_is_pointed_out(tmp_path: Path) -> None:
    library = make_library(
        tmp_path, {"site.yaml": "name: C\n", "learn/a.md": topic("A"), "learn/notes.txt": "x"}
    )

    assert library.problems == [
        Problem(
            "learn/notes.txt",
            1,
            Level.WARNING,
            "is not a .md file, so the kiosk ignores it; rename it to end in .md",
        )
    ]


def test_a_missing_section_folder_is_a_warning(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "content", {"site.yaml": "name: C\n", "learn/a.md": topic("A")})

    library = load_library(root)

    assert library.problems == [
        Problem(
            "treatments",
            1,
            Level.WARNING,
            "folder 'treatments/' is missing; that part of the kiosk is empty",
        )
    ]
    assert names(library, Section.LEARN, "en") == [("a.md", False)]
    assert library.entries(Section.TREATMENTS, "en") == []


@pytest.mark.parametrize("make", ["missing", "file"])
def test_a_missing_content_folder_is_an_error(tmp_path: Path, make: str) -> None:
    root = tmp_path / "content"
    if make == "file":
        root.write_text("not a folder", encoding="utf-8")

    library = load_library(root)

    assert library.problems == [
        Problem(
            root.as_posix(),
            1,
            Level.ERROR,
            "content folder not found; check the 'content' path in kiosk.toml",
        )
    ]
    assert library.is_empty
    assert library.site.name == "Patient information"


# --- rendering ---------------------------------------------------------------------------------


def test_bodies_are_converted_only_when_first_shown(tmp_path: Path) -> None:
    library = make_library(
        tmp_path,
        {
            "site.yaml": "name: C\n",
            "learn/a.md": topic("A", "One\n\n---\n\nTwo [Web](https://x.org)"),
        },
    )
    entry = only_entry(library)
    assert entry.rendered is None

    rendered = library.render(entry)

    assert entry.rendered is rendered
    assert rendered.html == (
        '<p>One</p>\n<div style="page-break-before: always">'
        '<p>Two <a class="inert-link">Web</a></p></div>'
    )
    assert rendered.warnings == [
        "link to 'https://x.org' will not open on the kiosk; put web addresses in the page's QR "
        "code instead"
    ]
    assert library.render(entry) is rendered


@pytest.mark.parametrize("file_name", ["what-it-is.md", "what-it-is.es.md", "step.2.md"])
def test_links_route_to_the_refs_the_library_loaded(tmp_path: Path, file_name: str) -> None:
    library = make_library(
        tmp_path,
        {
            "site.yaml": BILINGUAL_SITE,
            f"learn/{file_name}": topic("Target"),
            "treatments/from.md": topic("From", f"[Go](../learn/{file_name})"),
        },
    )
    source = library.entry(EntryRef(Section.TREATMENTS, "from"), "en")
    assert source is not None

    html = library.render(source[0]).html

    assert html.startswith('<p><a href="kiosk:')
    route = html.removeprefix('<p><a href="kiosk:').split('"')[0]
    assert EntryRef.parse(route) in library.entries_by_ref


# --- EntryRef ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("learn/how-it-works", EntryRef(Section.LEARN, "how-it-works")),
        (" /treatments/ptsd.md/ ", EntryRef(Section.TREATMENTS, "ptsd")),
    ],
)
def test_entry_ref_parse(text: str, ref: EntryRef) -> None:
    assert EntryRef.parse(text) == ref
    assert str(ref) == f"{ref.section.value}/{ref.slug}"


@pytest.mark.parametrize("text", ["faq/x", "learn/", "learn", ""])
def test_entry_ref_parse_rejects_other_forms(text: str) -> None:
    with pytest.raises(ValueError, match="is not learn/NAME or treatments/NAME"):
        EntryRef.parse(text)


# --- never raises ------------------------------------------------------------------------------

FRONT_MATTERISH = st.builds(
    lambda meta, body: b"---\n" + meta + b"\n---\n" + body,
    st.one_of(
        st.binary(max_size=200),
        st.text(alphabet="title: &*![]{}-\n\t'\"#|>0123456789", max_size=200).map(str.encode),
    ),
    st.binary(max_size=200),
)


@settings(
    max_examples=200, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.one_of(st.binary(max_size=600), FRONT_MATTERISH))
def test_any_bytes_in_a_topic_file_never_make_loading_raise(tmp_path: Path, data: bytes) -> None:
    root = write_tree(
        tmp_path / "content",
        {"site.yaml": "name: C\n", "learn/random.md": data, "learn/good.md": topic("Good")},
    )
    (root / "treatments").mkdir(exist_ok=True)

    library = load_library(root)

    assert ("good.md", False) in names(library, Section.LEARN, "en")
    assert all(problem.path == "learn/random.md" for problem in library.problems)
    for versions in library.entries_by_ref.values():
        for entry in versions.values():
            assert isinstance(library.render(entry).html, str)
