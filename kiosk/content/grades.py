"""Reading grades (Flesch-Kincaid, by textstat) for ``kiosk validate``.

textstat first loads a pronunciation dictionary (most of a second) and then grades in plain
Python. For a large folder ``kiosk validate`` starts a second ``kiosk validate --grades-only``
(``GradingProcess``), which reads and grades the folder on another core while the first
converts and lays out the pages, and takes its findings as JSON. For a few files, or on one
core, that costs more than it saves, and grades are worked out in the one process.

A second program rather than ``multiprocessing``: the same command works from source and in
the packaged app, and the packaged kiosk does not load multiprocessing's start-up hook.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from kiosk import kiosk_command
from kiosk.content.names import Section
from kiosk.content.problems import Level, Problem

log = logging.getLogger(__name__)

MAX_GRADE = 8.0
# With fewer topic files than this, grades are worked out in the one process.
PARALLEL_FROM = 150


class _TextOnly(HTMLParser):
    """The words of an HTML body, for readability scores."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.feed(html)
        self.close()

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"p", "li", "h1", "h2", "h3", "h4", "td", "th", "blockquote", "dd", "dt"}:
            self.parts.append(".\n" if tag in {"li", "h1", "h2", "h3", "h4", "td", "th"} else "\n")

    @property
    def text(self) -> str:
        return "".join(self.parts)


def reading_grade(html: str) -> float | None:
    """Flesch-Kincaid grade of English text (textstat), or None for very short text."""
    import textstat  # type: ignore[import-untyped]  # noqa: PLC0415 - loads a dictionary: only when asked

    text = _TextOnly(html).text
    if len(text.split()) < 30:
        return None
    return float(textstat.flesch_kincaid_grade(text))


def grade_problem(name: str, line: int, grade: float | None) -> Problem | None:
    """The warning for a body that reads above grade ``MAX_GRADE``, else None."""
    if grade is None or grade <= MAX_GRADE:
        return None
    return Problem(
        name,
        line,
        Level.WARNING,
        f"reads at grade {grade:.1f} (Flesch-Kincaid); aim for grade "
        f"{MAX_GRADE:g} or below with shorter sentences and simpler words",
    )


def topic_files(root: Path) -> int:
    """How many topic and treatment files the folder has (a quick count, before loading)."""
    count = 0
    for section in Section:
        with contextlib.suppress(OSError):  # a missing folder: validation says so
            count += sum(1 for path in (root / section).iterdir() if path.suffix == ".md")
    return count


class GradingProcess:
    """``kiosk validate --grades-only ROOT`` running beside this one; ``problems()`` waits for
    it and returns its findings, or None if it failed (the caller then grades itself)."""

    # Far more than any folder needs (1,200 topics take a few seconds): only a process that
    # hangs is given up on.
    timeout_s = 600.0

    def __init__(self, root: Path) -> None:
        self._process = subprocess.Popen(
            [*kiosk_command(), "validate", "--grades-only", "--format", "json", str(root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )

    @classmethod
    def start_if_worth_it(cls, root: Path) -> GradingProcess | None:
        if (os.cpu_count() or 1) < 2 or topic_files(root) < PARALLEL_FROM:
            return None
        try:
            return cls(root)
        except OSError as exc:
            log.info("grading in this process (%s)", exc)
            return None

    def problems(self) -> list[Problem] | None:
        try:
            out, err = self._process.communicate(timeout=self.timeout_s)
        except subprocess.TimeoutExpired:
            self.stop()
            log.warning("the grading process took over %g s; grading here instead", self.timeout_s)
            return None
        try:
            found = json.loads(out)["problems"]
            return [Problem(p["path"], p["line"], Level(p["level"]), p["message"]) for p in found]
        except (ValueError, KeyError, TypeError) as exc:
            log.warning(
                "the grading process failed (exit %s, %s); grading here instead. %s",
                self._process.returncode,
                type(exc).__name__,
                err.strip()[-500:],
            )
            return None

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
