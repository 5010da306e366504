"""kiosk.i18n: the interface's words in each language, with plurals, and languages' names."""

from __future__ import annotations

import pytest

from kiosk.i18n import Strings, english_name, language_name, plural_form


@pytest.mark.parametrize(
    ("lang", "count", "form"),
    [
        ("en", 1, "one"), ("en", 0, "other"), ("en", 2, "other"),
        ("es", 1, "one"), ("es", 0, "other"),
        ("fr", 0, "one"), ("fr", 1, "one"), ("fr", 2, "other"),
        ("zh", 1, "other"),
    ],
)  # fmt: skip
def test_plural_forms_follow_each_languages_rule(lang: str, count: int, form: str) -> None:
    assert plural_form(lang, count) == form


def test_a_number_picks_its_form_and_words_without_one_fail_loudly() -> None:
    strings = Strings("en")
    assert strings.count("admin_topics", 1) == "1 topic"
    assert strings.count("admin_topics", 6) == "6 topics"
    with pytest.raises(TypeError, match="plural forms"):
        strings["admin_topics"]
    with pytest.raises(TypeError, match="no plural forms"):
        strings.count("home", 2)


def test_a_language_without_a_catalogue_speaks_english() -> None:
    assert Strings("fr")["home"] == "Home"
    assert Strings("fr").count("admin_sessions", 0) == "0 sessions"


def test_languages_have_their_own_names_and_english_ones() -> None:
    assert (language_name("es"), english_name("es")) == ("Español", "Spanish")
    assert (language_name("xx"), english_name("xx")) == ("XX", "xx")


def test_strings_of_one_language_are_equal() -> None:
    assert Strings("es") == Strings("es") != Strings("en")
