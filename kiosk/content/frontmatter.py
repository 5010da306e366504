"""Split a markdown file into its YAML front matter and body, as Jekyll, Hugo and MkDocs do.

YAML is parsed with a safe loader that refuses anchors and aliases: a few lines of aliases can
expand to gigabytes (the "billion laughs" attack), and front matter never needs them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

import yaml

from kiosk.errors import ContentError

FENCE = "---"


class NoAliasSafeLoader(yaml.SafeLoader):
    """SafeLoader that rejects anchors (``&a``) and aliases (``*a``)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            what = "aliases (*name) are not allowed here"
        elif getattr(event, "anchor", None):
            what = "anchors (&name) are not allowed here"
        else:
            return super().compose_node(parent, index)
        raise yaml.constructor.ConstructorError(None, None, what, event.start_mark)


def _load_with_libyaml(text: str) -> tuple[Any, dict[str, int]] | None:
    """The same result at C speed (libyaml), for the common case of good YAML without anchors;
    None sends anything else to the Python loader, which explains problems line by line.
    (A thousand topics' front matter: about 0.3 s in Python.)"""
    fast_loader: Any = getattr(yaml, "CSafeLoader", None)
    if fast_loader is None:
        return None
    try:
        scanner = fast_loader(text)
        try:
            while scanner.check_event():
                event = scanner.get_event()
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    return None
        finally:
            scanner.dispose()
        loader = fast_loader(text)
        try:
            node = loader.get_single_node()
            value = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except Exception:
        return None
    return value, _key_offsets(node)


def _key_offsets(node: Any) -> dict[str, int]:
    """How many lines below the first each top-level key is."""
    offsets: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            offsets.setdefault(str(key_node.value), key_node.start_mark.line)
    return offsets


def load_yaml(
    text: str, source: str, first_line: int = 1, what: str = "front matter"
) -> tuple[Any, dict[str, int]]:
    """Parse YAML safely: (value, line of each top-level key), for messages that name lines.

    Never raises anything but ``ContentError`` naming the file and line: a value YAML cannot
    build (a date like 2026-02-30, ``!!int ten``) or nesting too deep for the parser is a
    problem in the file, not a crash.
    """
    value, offsets = _load_with_libyaml(text) or _load_with_python(text, source, first_line, what)
    return value, {key: first_line + offset for key, offset in offsets.items()}


def _load_with_python(
    text: str, source: str, first_line: int, what: str
) -> tuple[Any, dict[str, int]]:
    loader: yaml.SafeLoader | None = None
    try:
        loader = NoAliasSafeLoader(text)  # reading starts here: NUL bytes fail at once
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or "not valid YAML"
        raise ContentError(
            source, f"{what} is not valid YAML ({problem}); check indentation and colons", line
        ) from exc
    except yaml.YAMLError as exc:
        raise ContentError(source, f"{what} is not valid YAML ({exc})", first_line) from exc
    except RecursionError as exc:
        raise ContentError(source, f"{what} is nested too deeply to read", first_line) from exc
    except (ValueError, TypeError, OverflowError) as exc:
        raise ContentError(
            source,
            f"{what} has a value that cannot be read ({exc}); check dates and numbers",
            first_line,
        ) from exc
    finally:
        if loader is not None:
            loader.dispose()
    return value, _key_offsets(node)


class Document(NamedTuple):
    """A content file split apart: front matter values, the markdown body and where it starts."""

    meta: dict[str, Any]
    body: str
    body_line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line a front-matter key is on (or the first front-matter line)."""
        return self.key_lines.get(key, 2)


def split_front_matter(text: str, source: str) -> Document:
    """Split ``---``-fenced YAML front matter from the markdown body.

    Raises ``ContentError`` naming the line when the front matter is missing, unclosed or not a
    mapping: the kiosk then skips the file and shows the rest.
    """
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise ContentError(
            source,
            "no front matter: start the file with a line '---', then 'title: ...', then '---'",
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == FENCE:
            meta_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            meta, key_lines = load_yaml(meta_text, source, first_line=2)
            if meta is None:
                meta = {}
            if not isinstance(meta, dict):
                raise ContentError(
                    source, "front matter must be 'key: value' lines (a YAML mapping)", 2
                )
            return Document(
                meta={str(k): v for k, v in meta.items()},
                body=body,
                body_line=index + 2,
                key_lines=key_lines,
            )
    raise ContentError(source, "front matter is not closed: add a line '---' after the last key")


def as_date(value: object) -> dt.date | None:
    """A ``reviewed`` value as a date, or None if it is not one (YAML parses ISO dates itself)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
