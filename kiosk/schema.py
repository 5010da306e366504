"""One way to check ``key: value`` settings: ``kiosk.toml``, ``site.yaml`` and front matter.

Each file's keys are a table of ``Key``s: what the key takes and a function that reads a value
into what the kiosk uses, or raises ``InvalidValueError`` saying what is wrong and what to do.
``check`` reads every key and collects every problem, as MkDocs does for its config: a bad
value is one problem and the rest are still read; an unknown key is named with the near miss it was
probably meant to be ("unknown key 'tittle'; did you mean 'title'?").
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# How close a key must be to a known one to be suggested as a typo (difflib's ratio).
NEAR_MISS_CUTOFF = 0.7


class InvalidValueError(ValueError):
    """A value a key cannot take. The message says what is wrong and what to do, without the
    key's name (the caller names it in its own way: a line number, a ``key:`` prefix)."""


Reader = Callable[[Any], Any]


@dataclass(frozen=True)
class Key:
    """One allowed key: what it takes, how its value is read, and how to document it."""

    name: str
    read: Reader
    takes: str  # "a number such as 10, 20, 30": for messages and documentation
    required: bool = False
    example: str | None = None  # shown, commented out, where the default is "not set"

    @classmethod
    def where(
        cls, name: str, test: Callable[[Any], bool], takes: str, *, required: bool = False
    ) -> Key:
        """A key whose value is kept as it is when ``test`` accepts it."""
        return cls(name, predicate(test, takes), takes, required)


@dataclass(frozen=True)
class Finding:
    """One problem with one key. ``message`` leaves out the key's name for a bad value; for an
    unknown key it is the whole message ("unknown key 'tittle'; did you mean 'title'?")."""

    key: str
    message: str
    unknown: bool = False


@dataclass
class Checked:
    """What ``check`` found: the values read, and the problems in the order of the file."""

    values: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.unknown]

    @property
    def unknown(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.unknown]


def check(values: Mapping[str, Any], keys: Iterable[Key]) -> Checked:
    """Read every value with its key. A key without a value (YAML's ``key:``) counts as not
    given; a required key not given, or a value its key cannot read, is an error."""
    schema = {key.name: key for key in keys}
    checked = Checked()
    for name, value in values.items():
        key = schema.get(name)
        if key is None:
            message = unknown_key_message(name, schema)
            checked.findings.append(Finding(name, message, unknown=True))
        elif value is None and not key.required:
            continue
        else:
            try:
                checked.values[name] = key.read(value)
            except InvalidValueError as error:
                checked.findings.append(Finding(name, str(error)))
    for key in schema.values():
        if key.required and key.name not in values:
            message = f"is missing: add a line '{key.name}: ...' ({key.takes})"
            checked.findings.append(Finding(key.name, message))
    return checked


def near_miss(key: str, known: Iterable[str]) -> str | None:
    """The known key ``key`` was probably meant to be (a typo, or different capitals)."""
    known = list(known)
    found = difflib.get_close_matches(key, known, n=1, cutoff=NEAR_MISS_CUTOFF)
    if not found:
        lowered = {name.lower(): name for name in known}
        found = [
            lowered[match]
            for match in difflib.get_close_matches(
                key.lower(), lowered, n=1, cutoff=NEAR_MISS_CUTOFF
            )
        ]
    return found[0] if found else None


def unknown_key_message(key: str, known: Iterable[str]) -> str:
    """'unknown key' with the near miss, or else the keys there are."""
    known = list(known)
    suggestion = near_miss(key, known)
    if suggestion is not None:
        return f"unknown key '{key}'; did you mean '{suggestion}'?"
    return (
        f"unknown key '{key}'; it is ignored: check the spelling (known keys: {', '.join(known)})"
    )


def predicate(test: Callable[[Any], bool], takes: str) -> Reader:
    """A reader that keeps a value ``test`` accepts, and otherwise says what the key takes."""

    def read(value: Any) -> Any:
        if not test(value):
            raise InvalidValueError(f"must be {takes} (it is {value!r})")
        return value

    return read


def is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_web_address(value: object) -> bool:
    return isinstance(value, str) and value.strip().startswith(("https://", "http://"))


def is_text_list(value: object) -> bool:
    return is_text(value) or (
        isinstance(value, list) and all(is_text(item) for item in value) and bool(value)
    )
