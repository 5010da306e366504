"""Interface strings, one catalogue file per language (``assets/i18n/<code>.yaml``), and the
names of languages.

Strings live in data, not in code, so adding a language is adding a file; a string missing
from a catalogue falls back to English rather than showing a key to a patient. A string that
depends on a number is a mapping of plural forms (``one:`` and ``other:``, as in Unicode's
CLDR), so the kiosk says "1 session" and "2 sessions".
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from typing import NamedTuple

import yaml

from kiosk.assets import asset

log = logging.getLogger(__name__)

FALLBACK = "en"


class Language(NamedTuple):
    english: str  # for admins: "has no Spanish version"
    own: str  # for patients: the language button says "Español"


# The languages a clinic is likely to list in site.yaml; any other code is shown as itself.
LANGUAGES = {
    "en": Language("English", "English"),
    "es": Language("Spanish", "Español"),
    "fr": Language("French", "Français"),
    "pt": Language("Portuguese", "Português"),
    "zh": Language("Chinese", "中文"),
    "vi": Language("Vietnamese", "Tiếng Việt"),
    "ar": Language("Arabic", "العربية"),
    "ko": Language("Korean", "한국어"),
}


def language_name(lang: str) -> str:
    """A language in its own name ("Español"), or its code where the kiosk does not know it."""
    known = LANGUAGES.get(lang)
    return known.own if known else lang.upper()


def english_name(lang: str) -> str:
    """A language's English name ("Spanish"), or its code where the kiosk does not know it."""
    known = LANGUAGES.get(lang)
    return known.english if known else lang


def plural_form(lang: str, count: int) -> str:
    """CLDR's plural category of a whole number in ``lang``: "one" or "other".

    Chinese, Vietnamese and Korean use one form for every number; French and Portuguese
    count 0 with 1. (Arabic has six forms; its catalogue, when one is written, gives "other"
    and these two.)"""
    if lang in ("zh", "vi", "ko"):
        return "other"
    if lang in ("fr", "pt"):
        return "one" if count in (0, 1) else "other"
    return "one" if count == 1 else "other"


Entry = str | Mapping[str, str]


# libyaml's loader where PyYAML has it: the catalogues are the kiosk's own files, read before
# Home is painted, and the C loader reads them several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def _catalogue(lang: str) -> dict[str, Entry]:
    try:
        text = asset("i18n", f"{lang}.yaml").read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_LOADER)
    except (FileNotFoundError, yaml.YAMLError) as exc:
        if lang == FALLBACK:
            raise
        log.info("no interface catalogue for %r (%s); using English", lang, type(exc).__name__)
        return {}
    return {
        str(key): {str(k): str(v) for k, v in value.items()}
        if isinstance(value, dict)
        else str(value)
        for key, value in (data or {}).items()
    }


class Strings:
    """The interface strings of one language: ``strings["home"]``, ``strings.format(...)``,
    ``strings.count("sessions", 2)``."""

    def __init__(self, lang: str = FALLBACK) -> None:
        self.lang = lang
        self._own = _catalogue(lang)
        self._fallback = _catalogue(FALLBACK)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Strings) and other.lang == self.lang

    def __hash__(self) -> int:
        return hash(self.lang)

    def _entry(self, key: str) -> tuple[Entry, str]:
        """The words for ``key``, and the language they are in."""
        own = self._own.get(key)
        return (own, self.lang) if own else (self._fallback[key], FALLBACK)

    def __getitem__(self, key: str) -> str:
        entry, _ = self._entry(key)
        if not isinstance(entry, str):
            raise TypeError(f"'{key}' has plural forms: use Strings.count")
        return entry

    def format(self, key: str, **values: object) -> str:
        return self[key].format(**values)

    def count(self, key: str, count: int, **values: object) -> str:
        """The form of ``key`` for ``count`` ("1 session", "2 sessions"), with ``{count}``
        and ``values`` filled in."""
        entry, lang = self._entry(key)
        if isinstance(entry, str):
            raise TypeError(f"'{key}' has no plural forms: use Strings.format")
        form = entry.get(plural_form(lang, count)) or entry["other"]  # the words' own rule
        return form.format(count=count, **values)
