"""Settings files parsed at the last start, so that Home is painted without PyYAML or tomllib.

Home needs three small files: ``kiosk.toml``, the content folder's ``site.yaml`` and the
interface catalogue. Importing the parsers for them costs more than reading them: on the
development machine PyYAML's import takes about 20 ms and tomllib's about 7 ms, and with this
cache Home is painted 14 to 24 ms sooner (a bare Qt window takes about 110 ms; see
tests/benchmarks). Like Python's own bytecode cache, this keeps the result of the last parse
and uses it when the input has not changed:

- An entry is keyed by the file's exact text, so any edit is a miss and is parsed as usual,
  with the usual messages; nothing is trusted that was not produced from the same text.
- Only results that Python literals hold exactly are kept (a YAML date, for instance, is not),
  and errors never are: a broken file is parsed, and reported, at every start.
- The file is Python literals read with ``ast.literal_eval``, which builds only literals and
  never runs code. Not JSON: ``ast`` is loaded with PySide anyway, while ``json`` would add
  about 2 ms of imports before Home.
- The file keeps only what the last start used, so it stays a few kilobytes.
- It is only a cache: a missing, unreadable or corrupt file means "parse", and a file that
  cannot be written is noted in the log and otherwise ignored.

The kiosk turns it on for its start-up only (``kiosk.cli``), off once Home is built
(``kiosk.app.run``), and saves it after the first paint; without an active cache, ``parse``
simply parses (``kiosk validate``, the topics, every reload).
"""

from __future__ import annotations

import ast
import contextlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FILE_NAME = "parsed-settings.py-literal"
FORMAT = 1  # bump when what a parser returns changes shape


class ParseCache:
    """Parse results by kind ("toml", "yaml", "catalogue") and exact input text, read from
    and saved to one file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._stored = _read(path) if path is not None else {}
        self._used: dict[str, str] = {}

    def parse(self, kind: str, text: str, parser: Callable[[str], Any]) -> Any:
        """``parser(text)``, or the result it gave for this text before (a fresh copy)."""
        key = f"{kind}\n{text}"
        encoded = self._stored.get(key)
        if encoded is not None:
            try:
                value = ast.literal_eval(encoded)
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                pass  # a damaged entry: parse it again
            else:
                self._used[key] = encoded
                return value
        value = parser(text)
        encoded = _exact_literal(value)
        if encoded is not None:
            self._used[key] = encoded
        return value

    def save(self) -> None:
        """Keep what this start used, if that differs from what was read; never raises."""
        if self.path is None or self._used == self._stored:
            return
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(repr({"format": FORMAT, "entries": self._used}), encoding="utf-8")
            temporary.replace(self.path)
        except OSError as exc:
            log.info("cannot keep parsed settings in %s (%s); no harm done", self.path, exc)
            with contextlib.suppress(OSError):  # the folder itself may be what is not writable
                temporary.unlink(missing_ok=True)
            return
        self._stored = dict(self._used)


def _exact_literal(value: Any) -> str | None:
    """``value`` as a Python literal if it reads back equal, else None (dates, NaN...)."""
    encoded = repr(value)
    try:
        same = ast.literal_eval(encoded) == value
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return encoded if same else None


def _read(path: Path) -> dict[str, str]:
    try:
        data = ast.literal_eval(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, SyntaxError, MemoryError, RecursionError) as exc:
        log.info("ignoring the parsed-settings cache %s (%s)", path, exc)
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    entries = data.get("entries")
    if not isinstance(entries, dict):
        return {}
    return {k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, str)}


_active: ParseCache | None = None


def parse(kind: str, text: str, parser: Callable[[str], Any]) -> Any:
    """``parser(text)``, through the active cache while the kiosk is starting."""
    if _active is None:
        return parser(text)
    return _active.parse(kind, text, parser)


def activate(cache: ParseCache | None) -> None:
    """Use ``cache`` for every ``parse`` from now on (None: parse everything)."""
    global _active  # noqa: PLW0603 - one start-up per process
    _active = cache
