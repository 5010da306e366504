"""Interface strings, one catalogue file per language (``kiosk/assets/i18n/<code>.yaml``).

Strings live in data, not in code, so adding a language is adding a file; a string missing
from a catalogue falls back to English rather than showing a key to a patient.
"""

from __future__ import annotations

import functools
import importlib.resources
import logging

import yaml

log = logging.getLogger(__name__)

FALLBACK = "en"


@functools.cache
def _catalogue(lang: str) -> dict[str, str]:
    resource = importlib.resources.files("kiosk") / "assets" / "i18n" / f"{lang}.yaml"
    try:
        data = yaml.safe_load(resource.read_text(encoding="utf-8"))
    except (FileNotFoundError, yaml.YAMLError) as exc:
        if lang == FALLBACK:
            raise
        log.info("no interface catalogue for %r (%s); using English", lang, type(exc).__name__)
        return {}
    return {str(key): str(value) for key, value in (data or {}).items()}


class Strings:
    """The interface strings of one language: ``strings["home"]``, ``strings.format(...)``."""

    def __init__(self, lang: str = FALLBACK) -> None:
        self.lang = lang
        self._own = _catalogue(lang)
        self._fallback = _catalogue(FALLBACK)

    def __getitem__(self, key: str) -> str:
        return self._own.get(key) or self._fallback[key]

    def format(self, key: str, **values: object) -> str:
        return self[key].format(**values)


def language_name(lang: str) -> str:
    """A language in its own name ("Español"), from its catalogue; else its code."""
    return _catalogue(lang).get("language_name") or lang.upper()
