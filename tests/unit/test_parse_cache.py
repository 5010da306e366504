"""Tests for kiosk.parse_cache: settings parsed at the last start are reused only for the very
same text, a damaged or unwritable cache never matters, and a warm start reads exactly what a
cold one does (the same values, the same problems on the same lines)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import parse_cache
from kiosk.config import CONFIG_FILE_NAME, load_config
from kiosk.content.site import load_site
from kiosk.parse_cache import ParseCache

SITE = """\
name: A Clinic
tagline: Care, explained
languages: [en, es]
colour: blue
sections:
  learn: {title: Learn, summary: What to know}
"""


class CountingParser:
    """A parser that counts its calls: a warm cache must not call it."""

    def __init__(self, result: Callable[[str], Any]) -> None:
        self.result = result
        self.calls = 0

    def __call__(self, text: str) -> Any:
        self.calls += 1
        return self.result(text)


def split_words(text: str) -> dict[str, Any]:
    return {"words": text.split(), "count": len(text.split()), "ratio": 0.5, "ok": True}


@pytest.fixture
def cache_file(tmp_path: Path) -> Path:
    return tmp_path / "cache" / parse_cache.FILE_NAME


@pytest.fixture
def active() -> Iterator[Callable[[ParseCache], None]]:
    """Activate a cache for one test, and always switch it off again."""
    yield parse_cache.activate
    parse_cache.activate(None)


def test_a_saved_result_is_reused_for_the_same_text(cache_file: Path) -> None:
    first = CountingParser(split_words)
    cold = ParseCache(cache_file)
    assert cold.parse("words", "one two", first) == split_words("one two")
    cold.save()
    again = CountingParser(split_words)
    warm = ParseCache(cache_file)
    assert warm.parse("words", "one two", again) == split_words("one two")
    assert (first.calls, again.calls) == (1, 0)


def test_any_change_to_the_text_is_parsed_again(cache_file: Path) -> None:
    cold = ParseCache(cache_file)
    cold.parse("words", "one two", split_words)
    cold.save()
    parser = CountingParser(split_words)
    assert ParseCache(cache_file).parse("words", "one  two", parser) == split_words("one  two")
    assert parser.calls == 1


def test_kinds_do_not_share_entries(cache_file: Path) -> None:
    cold = ParseCache(cache_file)
    cold.parse("words", "a b", split_words)
    cold.save()
    other = CountingParser(lambda text: text.upper())
    assert ParseCache(cache_file).parse("upper", "a b", other) == "A B"
    assert other.calls == 1


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2026, 1, 2),
        {"when": dt.datetime(2026, 1, 2, 3, 4)},
        float("nan"),
        [float("inf")],
        object(),
    ],
    ids=["date", "nested-datetime", "nan", "infinity", "object"],
)
def test_results_that_literals_cannot_hold_exactly_are_not_kept(
    cache_file: Path, value: object
) -> None:
    cold = ParseCache(cache_file)
    cold.parse("any", "text", lambda _: value)
    cold.save()
    parser = CountingParser(lambda _: "parsed")
    assert ParseCache(cache_file).parse("any", "text", parser) == "parsed"
    assert parser.calls == 1


def test_errors_are_never_kept(cache_file: Path) -> None:
    def broken(text: str) -> Any:
        raise ValueError("bad input")

    cold = ParseCache(cache_file)
    with pytest.raises(ValueError, match="bad input"):
        cold.parse("any", "text", broken)
    cold.save()
    assert not cache_file.exists()


def test_each_use_gets_its_own_copy(cache_file: Path) -> None:
    cold = ParseCache(cache_file)
    cold.parse("words", "a b", split_words)
    cold.save()
    warm = ParseCache(cache_file)
    first = warm.parse("words", "a b", split_words)
    first["words"].append("changed")
    assert warm.parse("words", "a b", split_words) == split_words("a b")


def test_only_what_this_start_used_is_kept(cache_file: Path) -> None:
    cold = ParseCache(cache_file)
    cold.parse("words", "old text", split_words)
    cold.parse("words", "kept text", split_words)
    cold.save()
    warm = ParseCache(cache_file)
    warm.parse("words", "kept text", split_words)
    warm.save()
    parser = CountingParser(split_words)
    later = ParseCache(cache_file)
    later.parse("words", "kept text", parser)
    later.parse("words", "old text", parser)
    assert parser.calls == 1  # "old text" was dropped


def test_an_unchanged_start_does_not_rewrite_the_file(cache_file: Path) -> None:
    cold = ParseCache(cache_file)
    cold.parse("words", "a b", split_words)
    cold.save()
    before = cache_file.stat().st_ino  # saving replaces the file: a new inode
    warm = ParseCache(cache_file)
    warm.parse("words", "a b", split_words)
    warm.save()
    assert cache_file.stat().st_ino == before
    warm.parse("words", "c d", split_words)
    warm.save()
    assert cache_file.stat().st_ino != before


@pytest.mark.parametrize(
    "damage",
    [
        "{'format': 1, 'entries': {'words\\na b': '{broken'}}",
        "not python at all (",
        "__import__('os').system('false')",
        "{'format': 99, 'entries': {}}",
        "[1, 2, 3]",
        "\x00\x01binary",
    ],
    ids=["damaged-entry", "syntax", "code", "other-format", "not-a-dict", "binary"],
)
def test_a_damaged_cache_means_parse_as_usual(cache_file: Path, damage: str) -> None:
    cache_file.parent.mkdir(parents=True)
    cache_file.write_text(damage, encoding="utf-8")
    parser = CountingParser(split_words)
    cache = ParseCache(cache_file)
    assert cache.parse("words", "a b", parser) == split_words("a b")
    assert parser.calls == 1
    cache.save()  # and the next start is warm again
    assert ParseCache(cache_file).parse("words", "a b", CountingParser(split_words)) == (
        split_words("a b")
    )


def test_an_unwritable_cache_is_logged_and_ignored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    cache = ParseCache(blocker / parse_cache.FILE_NAME)
    cache.parse("words", "a b", split_words)
    with caplog.at_level(logging.INFO, logger="kiosk.parse_cache"):
        cache.save()
    assert "cannot keep parsed settings" in caplog.text
    assert list(tmp_path.iterdir()) == [blocker]


def test_without_an_active_cache_everything_is_parsed() -> None:
    parser = CountingParser(split_words)
    parse_cache.parse("words", "a b", parser)
    parse_cache.parse("words", "a b", parser)
    assert parser.calls == 2


def warm_and_cold(cache_file: Path, read: Callable[[], Any], active: Any) -> tuple[Any, Any]:
    """What ``read`` returns with an empty cache, and again with the cache that start saved."""
    cold_cache = ParseCache(cache_file)
    active(cold_cache)
    cold = read()
    cold_cache.save()
    active(ParseCache(cache_file))
    warm = read()
    return cold, warm


def test_site_yaml_reads_the_same_warm_and_cold(
    tmp_path: Path, cache_file: Path, active: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "site.yaml").write_text(SITE, encoding="utf-8")
    cold, warm = warm_and_cold(cache_file, lambda: load_site(tmp_path), active)
    assert warm == cold
    assert [p.line for p in cold[1]] == [4]  # the unknown key 'colour', on its own line

    def no_yaml(*args: object) -> Any:
        raise AssertionError("PyYAML was used on a warm start")

    monkeypatch.setattr("kiosk.content.frontmatter._load_with_libyaml", no_yaml)
    monkeypatch.setattr("kiosk.content.frontmatter._load_with_python", no_yaml)
    assert load_site(tmp_path) == cold


def test_an_edited_site_yaml_is_read_again(tmp_path: Path, cache_file: Path, active: Any) -> None:
    (tmp_path / "site.yaml").write_text(SITE, encoding="utf-8")
    warm_and_cold(cache_file, lambda: load_site(tmp_path), active)
    (tmp_path / "site.yaml").write_text(SITE.replace("A Clinic", "B Clinic"), encoding="utf-8")
    site, _ = load_site(tmp_path)
    assert site.name == "B Clinic"


def test_a_broken_site_yaml_is_reported_at_every_start(
    tmp_path: Path, cache_file: Path, active: Any
) -> None:
    (tmp_path / "site.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    cold, warm = warm_and_cold(cache_file, lambda: load_site(tmp_path), active)
    assert warm == cold
    assert "not valid YAML" in cold[1][0].message


def test_kiosk_toml_reads_the_same_warm_and_cold(
    tmp_path: Path, cache_file: Path, active: Any
) -> None:
    path = tmp_path / CONFIG_FILE_NAME
    path.write_text('idle_timeout = 90\nfullscreen = false\nmystery = "x"\n', encoding="utf-8")
    cold, warm = warm_and_cold(cache_file, lambda: load_config(path), active)
    assert warm[0] == cold[0]
    assert [str(p) for p in warm[1]] == [str(p) for p in cold[1]]  # errors compare by identity
    assert cold[0].idle_timeout == 90
    assert [p.key for p in cold[1]] == ["mystery"]


def test_front_matter_line_numbers_survive_the_cache(cache_file: Path, active: Any) -> None:
    from kiosk.content.frontmatter import load_yaml

    text = "title: A\n\nsummary: B\n"
    cold, warm = warm_and_cold(cache_file, lambda: load_yaml(text, "x.md", first_line=2), active)
    assert warm == cold == ({"title": "A", "summary": "B"}, {"title": 2, "summary": 4})
    assert load_yaml(text, "y.md", first_line=10)[1] == {"title": 10, "summary": 12}


# What YAML and TOML give for settings, infinities and NaN aside (those are parsed each time).
SCALARS = st.none() | st.booleans() | st.integers() | st.text()
LITERALS = st.recursive(
    SCALARS | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=LITERALS, text=st.text(max_size=50))
def test_whatever_a_parser_returns_comes_back_equal_or_is_parsed_again(
    tmp_path: Path, value: Any, text: str
) -> None:
    path = tmp_path / f"{abs(hash((text, repr(value))))}" / parse_cache.FILE_NAME
    cold = ParseCache(path)
    cold.parse("any", text, lambda _: value)
    cold.save()
    again = CountingParser(lambda _: value)
    warm = ParseCache(path).parse("any", text, again)
    assert warm == value
    assert type(warm) is type(value)
    assert again.calls == 0  # every value here is a literal, so it was kept
