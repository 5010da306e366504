"""Small typed schemas for front matter and ``site.yaml``: check every key, collect every problem.

Each key has an expected type and a description; unknown keys get a near-miss suggestion
("unknown key 'tittle'; did you mean 'title'?"), as MkDocs does for its config.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple


class Key(NamedTuple):
    """One allowed key: what type it takes, whether it is required, and how to say so."""

    name: str
    check: Callable[[Any], bool]
    expected: str
    required: bool = False


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


def unknown_key_message(key: str, allowed: Iterable[str]) -> str:
    """'unknown key' with the closest allowed key, if one is close enough to be a typo."""
    import difflib  # noqa: PLC0415 - only for a mistyped key (keeps start-up short)

    near = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.7)
    hint = f"did you mean '{near[0]}'?" if near else "it is ignored; check the spelling"
    return f"unknown key '{key}'; {hint}"


Found = list[tuple[str, str]]  # (key, message): the key lets callers name its line


def check_mapping(
    values: Mapping[str, Any], keys: Iterable[Key]
) -> tuple[dict[str, Any], Found, Found]:
    """Check values against keys: (good values, errors, warnings), each problem with its key.

    A missing required key or a wrong type is an error; an unknown key is a warning.
    """
    schema = {key.name: key for key in keys}
    good: dict[str, Any] = {}
    errors: Found = []
    warnings: Found = []
    for name, value in values.items():
        key = schema.get(name)
        if key is None:
            warnings.append((name, unknown_key_message(name, schema)))
        elif value is None and not key.required:
            continue
        elif not key.check(value):
            errors.append((name, f"'{name}' must be {key.expected} (it is {value!r})"))
        else:
            good[name] = value
    for key in schema.values():
        if key.required and key.name not in values:
            message = f"'{key.name}' is missing: add a line '{key.name}: ...' ({key.expected})"
            errors.append((key.name, message))
    return good, errors, warnings
