"""kiosk.schema: the one way kiosk.toml, site.yaml and front matter are checked."""

from __future__ import annotations

import pytest

from kiosk.schema import InvalidValueError, Key, check, near_miss, unknown_key_message


def read_number(value: object) -> int:
    if not isinstance(value, int):
        raise InvalidValueError("must be a whole number")
    return value


KEYS = (
    Key("title", str, "a title", required=True),
    Key("order", read_number, "a whole number"),
)


def test_every_problem_is_found_in_the_order_of_the_file() -> None:
    checked = check({"order": "first", "tittle": "A", "extra": 1}, KEYS)
    assert checked.values == {}
    assert [(f.key, f.message, f.unknown) for f in checked.findings] == [
        ("order", "must be a whole number", False),
        ("tittle", "unknown key 'tittle'; did you mean 'title'?", True),
        (
            "extra",
            "unknown key 'extra'; it is ignored: check the spelling (known keys: title, order)",
            True,
        ),
        ("title", "is missing: add a line 'title: ...' (a title)", False),
    ]
    assert [f.key for f in checked.errors] == ["order", "title"]
    assert [f.key for f in checked.unknown] == ["tittle", "extra"]


def test_good_values_are_read_and_an_empty_value_is_not_given() -> None:
    checked = check({"title": "A", "order": None}, KEYS)
    assert checked.values == {"title": "A"}
    assert checked.findings == []


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("tittle", "title"), ("Title", "title"), ("TITLE", "title"), ("ordr", "order")],
)
def test_a_near_miss_is_suggested_whatever_its_capitals(typed: str, meant: str) -> None:
    assert near_miss(typed, ["title", "order"]) == meant


def test_nothing_is_suggested_for_a_key_far_from_all() -> None:
    assert near_miss("colour", ["title", "order"]) is None
    assert unknown_key_message("colour", ["title"]) == (
        "unknown key 'colour'; it is ignored: check the spelling (known keys: title)"
    )


def test_a_simple_key_keeps_what_its_test_accepts() -> None:
    key = Key.where("tag", lambda v: isinstance(v, str), "text")
    assert key.read("x") == "x"
    with pytest.raises(InvalidValueError, match=r"must be text \(it is 3\)"):
        key.read(3)
