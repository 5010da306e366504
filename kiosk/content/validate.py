"""``kiosk validate``: every problem in a content folder, one ``path:line: level: message`` each.

It uses the kiosk's own loader (``load_library``) and markdown pipeline, so whatever it calls
an error is exactly what the kiosk skips. On top of what loading finds, it converts every
body and checks what only matters to an admin: readability, length, missing translations,
duplicate titles and order numbers, and content that is due for review.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from kiosk.content.grades import grade_problem, reading_grade
from kiosk.content.library import ContentLibrary, Entry, load_library
from kiosk.content.markdown_pipeline import BodyWarning, RenderedBody
from kiosk.content.names import Section
from kiosk.content.problems import Level, Problem, relative_name
from kiosk.errors import ContentError
from kiosk.i18n import english_name

MAX_SCREENS = 8

# How many screens an entry of a library takes on the reference kiosk screen, as the kiosk
# shows it; given by the caller (it needs Qt to lay the text out), so this module stays Qt-free.
ScreenCounter = Callable[[ContentLibrary, Entry], int]


def _line_of(entry: Entry, warning: str, seen: dict[str, int]) -> int:
    """The body line a warning is about: the n-th line holding its target, else the first."""
    body, body_line = entry.document.body, entry.document.body_line
    target = warning.target if isinstance(warning, BodyWarning) else ""
    if not target:
        return body_line
    occurrence = seen.get(target, 0)
    seen[target] = occurrence + 1
    found = [i for i, line in enumerate(body.splitlines()) if target in line]
    if not found:
        return body_line
    return body_line + found[min(occurrence, len(found) - 1)]


def _body_problems(
    library: ContentLibrary, entry: Entry
) -> tuple[RenderedBody | None, list[Problem]]:
    name = relative_name(entry.path, library.root)
    try:
        rendered = library.render(entry)
    except ContentError as exc:
        message = f"{exc.message} (this page is not shown)"
        return None, [Problem(name, entry.document.body_line, Level.ERROR, message)]
    seen: dict[str, int] = {}
    return rendered, [
        Problem(name, _line_of(entry, warning, seen), Level.WARNING, str(warning))
        for warning in rendered.warnings
    ]


def _translation_problems(library: ContentLibrary) -> list[Problem]:
    site = library.site
    base = site.base_language
    named = english_name
    problems = []
    for ref, versions in library.entries_by_ref.items():
        if base not in versions:
            for entry in versions.values():
                problems.append(
                    Problem(
                        relative_name(entry.path, library.root),
                        1,
                        Level.WARNING,
                        f"has no {named(base)} original ({ref}.md); "
                        f"{named(base)} readers do not see this page",
                    )
                )
            continue
        original = versions[base]
        for lang in site.languages:
            if lang != base and lang not in versions:
                problems.append(
                    Problem(
                        relative_name(original.path, library.root),
                        1,
                        Level.WARNING,
                        f"has no {named(lang)} version ({ref}.{lang}.md); "
                        f"{named(lang)} readers see it in {named(base)}, with a note",
                    )
                )
    return problems


def _duplicates(entries: list[Entry], value_of: Callable[[Entry], object]) -> list[list[Entry]]:
    """Groups of two or more entries that share a value (None never counts)."""
    groups: dict[object, list[Entry]] = defaultdict(list)
    for entry in entries:
        value = value_of(entry)
        if value is not None:
            groups[value].append(entry)
    return [group for group in groups.values() if len(group) > 1]


def _duplicate_problems(library: ContentLibrary) -> list[Problem]:
    """Same title (patients cannot tell the cards apart) or same order number in a section."""
    problems = []
    for section in Section:
        for lang in library.site.languages:
            entries = [e for e, fallback in library.entries(section, lang) if not fallback]
            for group in _duplicates(entries, lambda e: e.title.casefold()):
                problems += _each_in_group(
                    library,
                    group,
                    "title",
                    lambda e, others: (
                        f"title '{e.title}' is also used by "
                        f"{others}; give each a different title so patients can tell them apart"
                    ),
                )
            for group in _duplicates(entries, lambda e: e.order):
                problems += _each_in_group(
                    library,
                    group,
                    "order",
                    lambda e, others: (
                        f"order {e.order:g} is also used by "
                        f"{others}; between them, the list falls back to file-name order"
                    ),
                )
    return problems


def _each_in_group(
    library: ContentLibrary,
    group: list[Entry],
    key: str,
    message: Callable[[Entry, str], str],
) -> list[Problem]:
    names = [relative_name(e.path, library.root) for e in group]
    return [
        Problem(
            name,
            entry.document.line_of(key),
            Level.WARNING,
            message(entry, ", ".join(n for n in names if n != name)),
        )
        for entry, name in zip(group, names, strict=True)
    ]


def _review_problems(library: ContentLibrary, today: dt.date) -> list[Problem]:
    interval = library.site.review_interval_days
    if not interval:
        return []
    problems = []
    for versions in library.entries_by_ref.values():
        for entry in versions.values():
            name = relative_name(entry.path, library.root)
            if entry.reviewed is None:
                problems.append(
                    Problem(
                        name,
                        2,
                        Level.WARNING,
                        f"has no 'reviewed' date; site.yaml asks for a review every {interval} "
                        "days: add 'reviewed: YYYY-MM-DD' when it has been checked",
                    )
                )
            elif (today - entry.reviewed).days > interval:
                problems.append(
                    Problem(
                        name,
                        entry.document.line_of("reviewed"),
                        Level.WARNING,
                        f"was last reviewed on {entry.reviewed.isoformat()}, more than {interval} "
                        "days ago; check it is still right, then update 'reviewed'",
                    )
                )
    return problems


def _safety_note_problems(library: ContentLibrary) -> list[Problem]:
    """A topic about mental health should end with what to do in a crisis, in its language."""
    problems = []
    notes = library.site.safety_notes
    for versions in library.entries_by_ref.values():
        for entry in versions.values():
            if not entry.mental_health or entry.lang in notes:
                continue
            if entry.lang == library.site.base_language:
                fix = "add 'safety_note: ...' to site.yaml"
            else:
                fix = f"add 'safety_note: ...' under 'translations: {entry.lang}:' in site.yaml"
            shown = (
                f"it shows the {library.site.base_language} note instead"
                if library.site.safety_note(entry.lang)
                else "it shows no safety note"
            )
            problems.append(
                Problem(
                    relative_name(entry.path, library.root),
                    entry.document.line_of("mental_health"),
                    Level.WARNING,
                    f"is about mental health, but site.yaml has no safety note in "
                    f"'{entry.lang}', so {shown}: {fix} (what to do in a crisis)",
                )
            )
    return problems


def validate_folder(
    root: Path,
    *,
    count_screens: ScreenCounter | None = None,
    today: dt.date | None = None,
    grades: bool = True,
) -> list[Problem]:
    """Load everything, convert every body, run every check; the problems, sorted.

    ``grades=False`` leaves out reading grades (``kiosk validate`` may have another process
    working them out: see ``kiosk.content.grades``)."""
    library = load_library(root)
    problems = list(library.problems)
    for versions in library.entries_by_ref.values():
        for entry in versions.values():
            rendered, found = _body_problems(library, entry)
            problems += found
            if rendered is None:
                continue
            if grades and entry.lang == "en":
                problems += _grade_problems(library, entry, rendered.html)
            if count_screens is not None:
                problems += _length_problems(entry, root, count_screens(library, entry))
    problems += _translation_problems(library)
    problems += _duplicate_problems(library)
    problems += _review_problems(library, today or dt.date.today())
    problems += _safety_note_problems(library)
    if library.is_empty and root.is_dir():
        problems.append(
            Problem(
                ".",
                1,
                Level.ERROR,
                "no topics or treatments could be shown: add .md files to learn/ or "
                "treatments/; the kiosk shows 'being updated' until then",
            )
        )
    return sorted(set(problems))


def grade_problems(root: Path) -> list[Problem]:
    """Only the reading-grade warnings (``kiosk validate --grades-only``), sorted."""
    library = load_library(root)
    problems = []
    for versions in library.entries_by_ref.values():
        entry = versions.get("en")
        if entry is not None:
            try:
                html = library.render(entry).html
            except ContentError:
                continue  # reported by the full validation
            problems += _grade_problems(library, entry, html)
    return sorted(problems)


def _grade_problems(library: ContentLibrary, entry: Entry, html: str) -> list[Problem]:
    name = relative_name(entry.path, library.root)
    problem = grade_problem(name, entry.document.body_line, reading_grade(html))
    return [] if problem is None else [problem]


def _length_problems(entry: Entry, root: Path, screens: int) -> list[Problem]:
    if screens <= MAX_SCREENS:
        return []
    return [
        Problem(
            relative_name(entry.path, root),
            entry.document.body_line,
            Level.WARNING,
            f"takes {screens} screens at the default text size on a 1080x1920 "
            f"screen; more than {MAX_SCREENS} is a lot to read standing up: "
            "split it into two topics",
        )
    ]


def summary_line(problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.level is Level.ERROR)
    warnings = len(problems) - errors
    if not problems:
        return "content OK: no problems found"
    return f"{errors} error(s), {warnings} warning(s)"


def as_json(problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.level is Level.ERROR)
    return json.dumps(
        {
            "problems": [
                {"path": p.path, "line": p.line, "level": str(p.level), "message": p.message}
                for p in problems
            ],
            "errors": errors,
            "warnings": len(problems) - errors,
        },
        indent=2,
        ensure_ascii=False,
    )
