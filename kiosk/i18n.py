"""Interface strings, one catalogue file per language (``kiosk/assets/i18n/<code>.yaml``).

Strings live in data, not in code, so adding a language is adding a file; a string missing
from a catalogue falls back to English rather than showing a key to a patient.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

from kiosk import parse_cache

log = logging.getLogger(__name__)

FALLBACK = "en"
# Beside this module, in the source tree, an installed wheel and the packaged app alike (the
# PyInstaller spec collects kiosk/assets). A plain path: importlib.resources would add several
# milliseconds of imports before Home is first painted.
CATALOGUES = Path(__file__).with_name("assets") / "i18n"


def _parse(text: str) -> Any:
    """A catalogue's YAML, with libyaml where PyYAML has it (our own files, read before Home
    is first painted; usually they come from ``kiosk.parse_cache`` and PyYAML is not even
    imported)."""
    import yaml  # noqa: PLC0415

    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise ValueError(f"not valid YAML ({exc})") from exc


@functools.cache
def _catalogue(lang: str) -> dict[str, str]:
    try:
        text = (CATALOGUES / f"{lang}.yaml").read_text(encoding="utf-8")
        data = parse_cache.parse("catalogue", text, _parse)
    except (FileNotFoundError, ValueError) as exc:
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
