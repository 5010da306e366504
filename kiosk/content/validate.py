"""``kiosk validate``: every problem in a content folder, one ``path:line: level: message`` each.

It uses the kiosk's own loader (``load_library``) and markdown pipeline, so whatever it calls
an error is exactly what the kiosk skips.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.content.library import load_library
from kiosk.content.problems import Level, Problem, relative_name


def validate_folder(root: Path) -> list[Problem]:
    """Load everything and convert every body; return the problems, sorted."""
    library = load_library(root)
    problems = list(library.problems)
    for versions in library.entries_by_ref.values():
        for entry in versions.values():
            rendered = library.render(entry)
            name = relative_name(entry.path, root)
            problems += [
                Problem(name, entry.body_line, Level.WARNING, message)
                for message in rendered.warnings
            ]
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


def summary_line(problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.level is Level.ERROR)
    warnings = len(problems) - errors
    if not problems:
        return "content OK: no problems found"
    return f"{errors} error(s), {warnings} warning(s)"
