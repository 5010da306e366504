"""Tests for kiosk.content.frontmatter, and the front matter's keys (checked by kiosk.schema).

Front matter is where admins make most of their mistakes (a missing fence, a tab, a typo in a
key), so every mistake must come back as a ContentError naming the file and the line, never as
a crash, and the schema must say which key is wrong and how to fix it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kiosk.content.frontmatter import Document, as_date, split_front_matter
from kiosk.content.library import COMMON_KEYS, TREATMENT_KEYS
from kiosk.errors import ContentError
from kiosk.schema import Key, check, unknown_key_message

SOURCE = "learn/topic.md"


def split_error(text: str) -> ContentError:
    with pytest.raises(ContentError) as caught:
        split_front_matter(text, SOURCE)
    return caught.value


# --- splitting ---------------------------------------------------------------------------------


def test_split_returns_meta_body_and_the_line_the_body_starts_on() -> None:
    text = "---\ntitle: Hello\norder: 5\n---\n# Heading\n\nText.\n"

    document = split_front_matter(text, SOURCE)

    assert document == Document(
        meta={"title": "Hello", "order": 5},
        body="# Heading\n\nText.",
        body_line=5,
        key_lines={"title": 2, "order": 3},
    )


def test_body_line_counts_every_front_matter_line() -> None:
    text = "---\ntitle: A\nsummary: B\n\n# a comment\nreviewed: 2026-01-02\n---\nfirst body line\n"

    document = split_front_matter(text, SOURCE)

    assert document.body_line == 8
    assert text.splitlines()[document.body_line - 1] == "first body line"
    assert document.meta == {"title": "A", "summary": "B", "reviewed": dt.date(2026, 1, 2)}


def test_a_file_with_only_front_matter_has_an_empty_body() -> None:
    document = split_front_matter("---\ntitle: A\n---", SOURCE)

    assert document.body == ""
    assert document.body_line == 4


def test_a_byte_order_mark_is_ignored() -> None:
    document = split_front_matter("\ufeff---\ntitle: With BOM\n---\nBody", SOURCE)

    assert document.meta == {"title": "With BOM"}
    assert document.body == "Body"
    assert document.body_line == 4


def test_windows_line_endings_split_the_same_way() -> None:
    document = split_front_matter("---\r\ntitle: CRLF\r\n---\r\nOne\r\nTwo\r\n", SOURCE)

    assert document == Document(
        meta={"title": "CRLF"}, body="One\nTwo", body_line=4, key_lines={"title": 2}
    )


def test_fences_may_carry_trailing_spaces() -> None:
    document = split_front_matter("---  \ntitle: A\n---\t\nBody", SOURCE)

    assert document.meta == {"title": "A"}
    assert document.body == "Body"


def test_empty_front_matter_is_an_empty_mapping() -> None:
    assert split_front_matter("---\n---\nBody", SOURCE).meta == {}


def test_keys_that_yaml_reads_as_numbers_or_dates_become_text() -> None:
    document = split_front_matter("---\n1: one\n2026-01-02: date\n---\n", SOURCE)

    assert document.meta == {"1": "one", "2026-01-02": "date"}


@pytest.mark.parametrize(
    "text",
    ["# Just markdown\n\nNo front matter here.\n", "\n---\ntitle: A\n---\n", "title: A\n---\n"],
    ids=["plain-markdown", "blank-line-before-fence", "no-opening-fence"],
)
def test_missing_front_matter_is_reported_on_line_1(text: str) -> None:
    error = split_error(text)

    assert error.message == (
        "no front matter: start the file with a line '---', then 'title: ...', then '---'"
    )
    assert error.line == 1
    assert str(error.path) == SOURCE


def test_unclosed_front_matter_is_reported() -> None:
    error = split_error("---\ntitle: A\nsummary: B\n\nThe body starts here.\n")

    assert error.message == "front matter is not closed: add a line '---' after the last key"
    assert error.line == 1
    assert (
        str(error) == f"{SOURCE}:1: front matter is not closed: add a line '---' after the last key"
    )


@pytest.mark.parametrize(
    "meta_text",
    ["- title\n- summary", "just a sentence", "42"],
    ids=["list", "text", "number"],
)
def test_front_matter_that_is_not_a_mapping_is_reported_on_line_2(meta_text: str) -> None:
    error = split_error(f"---\n{meta_text}\n---\nBody")

    assert error.message == "front matter must be 'key: value' lines (a YAML mapping)"
    assert error.line == 2


@pytest.mark.parametrize(
    ("meta_lines", "line", "problem"),
    [
        (
            ["title: A", "summary: B", "\tbad: tab"],
            4,
            "found character '\\t' that cannot start any token",
        ),
        (["title: A", "  summary: indented"], 3, "mapping values are not allowed here"),
        (["title: A", "summary: [one, two", "order: 1"], 4, "expected ',' or ']', but got ':'"),
        (['title: "unclosed'], 2, "found unexpected end of stream"),
    ],
    ids=["tab", "indent", "unclosed-list", "unclosed-quote"],
)
def test_yaml_syntax_errors_name_the_file_line(
    meta_lines: list[str], line: int, problem: str
) -> None:
    text = "---\n" + "\n".join(meta_lines) + "\n---\nBody\n"

    error = split_error(text)

    assert error.message == (
        f"front matter is not valid YAML ({problem}); check indentation and colons"
    )
    assert error.line == line


def test_yaml_line_numbers_count_from_the_file_not_the_front_matter() -> None:
    # The same mistake two lines further down must be reported two lines further down.
    first = split_error("---\n\tx: 1\n---\n")
    later = split_error("---\ntitle: A\nsummary: B\n\tx: 1\n---\n")

    assert (first.line, later.line) == (2, 4)


def test_aliases_are_rejected_with_their_line() -> None:
    error = split_error("---\ntitle: A\nsummary: *name\n---\n")

    assert error.message == (
        "front matter is not valid YAML (aliases (*name) are not allowed here); "
        "check indentation and colons"
    )
    assert error.line == 3


def test_a_billion_laughs_is_refused_before_it_expands() -> None:
    lines = ["title: A", "a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]"
              for a, b in zip("abcdefgh", "bcdefghi", strict=True)]  # fmt: skip

    error = split_error("---\n" + "\n".join(lines) + "\n---\n")

    assert "are not allowed here" in error.message


def test_anchors_are_rejected_with_their_line() -> None:
    # The module promises to refuse anchors as well as aliases (_NoAliasSafeLoader's docstring
    # and the 'anchors (&name) are not allowed here' message).
    error = split_error("---\ntitle: A\nsummary: &name Text\n---\n")

    assert "anchors (&name) are not allowed here" in error.message
    assert error.line == 3


def test_python_tags_are_refused() -> None:
    error = split_error("---\ntitle: !!python/object/apply:os.system ['true']\n---\n")

    assert error.line == 2
    assert error.message.startswith(
        "front matter is not valid YAML (could not determine a constructor"
    )


@pytest.mark.parametrize(
    "meta_text",
    [
        "title: A\nreviewed: 2026-02-30",  # a real admin typo: there is no 30 February
        "title: A\nreviewed: 2026-13-01",
        "title: A\norder: !!int ten",
        "title: A\norder: !!float ten",
        "title: " + "[" * 5000,
    ],
    ids=["day-out-of-range", "month-out-of-range", "int-tag", "float-tag", "deep-nesting"],
)
def test_values_yaml_cannot_build_are_content_errors_not_crashes(meta_text: str) -> None:
    error = split_error(f"---\n{meta_text}\n---\nBody")

    assert str(error.path) == SOURCE
    assert error.line >= 2


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2026, 1, 2), dt.date(2026, 1, 2)),
        (dt.datetime(2026, 1, 2, 13, 45), dt.date(2026, 1, 2)),
        ("2026-01-02", dt.date(2026, 1, 2)),
        ("  2026-01-02 ", dt.date(2026, 1, 2)),
        ("last week", None),
        ("2026-02-30", None),
        (20260102, None),
        (None, None),
    ],
)
def test_as_date(value: object, expected: dt.date | None) -> None:
    assert as_date(value) == expected


# --- schema ------------------------------------------------------------------------------------


ORDER_MUST = "'order' must be a number such as 10, 20, 30 (lower comes first)"
REVIEWED_MUST = "'reviewed' must be a date written as YYYY-MM-DD"


def check_topic(
    meta: dict[str, Any], keys: tuple[Key, ...] = COMMON_KEYS
) -> tuple[dict[str, Any], list[str], list[str]]:
    """(values, errors, warnings) as the loader words them."""
    checked = check(meta, keys)
    errors = [f"'{finding.key}' {finding.message}" for finding in checked.errors]
    return checked.values, errors, [finding.message for finding in checked.unknown]


TOPIC_KEYS = "title, summary, order, image, reviewed, web_page, mental_health"


def test_a_good_topic_passes_with_every_value_kept() -> None:
    meta = {
        "title": "How it works",
        "summary": "In brief",
        "order": 10,
        "image": "images/brain.svg",
        "reviewed": dt.date(2026, 1, 2),
        "web_page": "https://example.org/how",
    }

    assert check_topic(meta) == (meta, [], [])


@pytest.mark.parametrize(
    ("key", "suggestion"),
    [("tittle", "title"), ("titel", "title"), ("sumary", "summary"), ("review", "reviewed")],
)
def test_unknown_key_near_miss_suggests_the_right_key(key: str, suggestion: str) -> None:
    good, errors, warnings = check_topic({"title": "A", key: "x"})

    assert warnings == [f"unknown key '{key}'; did you mean '{suggestion}'?"]
    assert errors == []
    assert good == {"title": "A"}


def test_unknown_key_far_from_any_key_is_ignored_with_a_warning() -> None:
    _, errors, warnings = check_topic({"title": "A", "colour": "red"})

    assert warnings == [
        f"unknown key 'colour'; it is ignored: check the spelling (known keys: {TOPIC_KEYS})"
    ]
    assert errors == []


def test_unknown_key_message_uses_only_the_allowed_keys() -> None:
    assert unknown_key_message("duration", ["title"]) == (
        "unknown key 'duration'; it is ignored: check the spelling (known keys: title)"
    )


def test_missing_title_is_an_error() -> None:
    good, errors, warnings = check_topic({"summary": "No title"})

    assert errors == ["'title' is missing: add a line 'title: ...' (a short title, as text)"]
    assert good == {"summary": "No title"}
    assert warnings == []


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("order", "ten", f"{ORDER_MUST} (it is 'ten')"),
        ("order", "10", f"{ORDER_MUST} (it is '10')"),
        ("order", True, f"{ORDER_MUST} (it is True)"),
        ("reviewed", "last week", f"{REVIEWED_MUST} (it is 'last week')"),
        ("reviewed", 2026, f"{REVIEWED_MUST} (it is 2026)"),
        ("title", "   ", "'title' must be a short title, as text (it is '   ')"),
        ("title", 2026, "'title' must be a short title, as text (it is 2026)"),
        ("summary", ["a"], "'summary' must be one line of text for the card (it is ['a'])"),
    ],
)  # fmt: skip
def test_wrong_types_are_errors_naming_the_key_and_the_value(
    key: str, value: object, message: str
) -> None:
    meta = {"title": "A", key: value}

    good, errors, _ = check_topic(meta)

    assert errors == [message]
    assert good == ({} if key == "title" else {"title": "A"})


def test_an_empty_required_value_is_an_error_not_a_missing_key() -> None:
    _, errors, _ = check_topic({"title": None})

    assert errors == ["'title' must be a short title, as text (it is None)"]


def test_empty_optional_values_are_dropped_silently() -> None:
    assert check_topic({"title": "A", "summary": None, "order": None}) == ({"title": "A"}, [], [])


def test_numbers_may_be_fractions_or_negative() -> None:
    good, errors, _ = check_topic({"title": "A", "order": -2.5})

    assert errors == []
    assert good["order"] == -2.5


def test_a_quoted_iso_date_is_a_good_reviewed_value() -> None:
    good, errors, _ = check_topic({"title": "A", "reviewed": "2026-01-02"})

    assert errors == []
    assert good["reviewed"] == "2026-01-02"


def test_every_problem_is_collected_at_once() -> None:
    good, errors, warnings = check_topic({"order": "first", "reviewed": "soon", "tittle": "A"})

    assert errors == [
        f"{ORDER_MUST} (it is 'first')",
        f"{REVIEWED_MUST} (it is 'soon')",
        "'title' is missing: add a line 'title: ...' (a short title, as text)",
    ]
    assert warnings == ["unknown key 'tittle'; did you mean 'title'?"]
    assert good == {}


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("Depression", True),
        (["Depression", "PTSD"], True),
        ([], False),
        (["Depression", ""], False),
        (["Depression", 3], False),
        (7, False),
    ],
)
def test_treatment_helps_with_takes_a_phrase_or_a_list_of_phrases(value: object, ok: bool) -> None:
    _, errors, _ = check_topic({"title": "A", "helps_with": value}, TREATMENT_KEYS)

    expected = (
        [] if ok else [f"'helps_with' must be a phrase or a list of phrases (it is {value!r})"]
    )
    assert errors == expected


def test_treatment_facts_are_unknown_keys_on_a_topic() -> None:
    _, errors, warnings = check_topic({"title": "A", "duration": "2 hours"})

    assert errors == []
    assert warnings == [
        f"unknown key 'duration'; it is ignored: check the spelling (known keys: {TOPIC_KEYS})"
    ]
