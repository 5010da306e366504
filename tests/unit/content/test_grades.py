"""Reading grades for ``kiosk validate``: a warning for text that is hard to read, and the same
findings whether one process works them out or a second one does (as for large folders)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kiosk.content import grades
from kiosk.content.grades import GradingProcess, reading_grade, topic_files
from kiosk.content.validate import grade_problems, validate_folder
from tests.helpers.content import topic, write_tree

EASY = "We will check on you. You can rest here. Tell us how you feel. " * 4
HARD = (
    "Intravenous administration of subanesthetic ketamine necessitates continuous "
    "physiological monitoring, including evaluation of cardiovascular parameters, "
    "dissociative phenomena and transient perceptual alterations, throughout the "
    "observation interval following the infusion. "
) * 2


def folder(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path,
        {
            "site.yaml": "name: C\nlanguages: [en, es]\n",
            "learn/easy.md": topic("Easy", EASY),
            "learn/hard.md": topic("Hard", HARD),
            "learn/hard.es.md": topic("Difícil", HARD),  # only English is graded
            "treatments/short.md": topic("Short", "Too short to grade."),
        },
    )


def test_plain_words_grade_lower_than_dense_ones_and_short_text_is_not_graded() -> None:
    easy, hard = reading_grade(f"<p>{EASY}</p>"), reading_grade(f"<p>{HARD}</p>")
    assert easy is not None and hard is not None
    assert easy < 8 < hard
    assert reading_grade("<p>Too short to grade.</p>") is None


def test_hard_english_text_is_a_warning_on_its_first_body_line(tmp_path: Path) -> None:
    problems = [p for p in validate_folder(folder(tmp_path)) if "Flesch-Kincaid" in p.message]
    assert [(p.path, p.line, str(p.level)) for p in problems] == [("learn/hard.md", 4, "warning")]
    assert problems[0].message.startswith("reads at grade ")


def test_grades_only_finds_what_full_validation_finds_about_grades(tmp_path: Path) -> None:
    root = folder(tmp_path)
    graded = [p for p in validate_folder(root) if "Flesch-Kincaid" in p.message]
    assert grade_problems(root) == graded
    assert not any("Flesch-Kincaid" in p.message for p in validate_folder(root, grades=False))


def test_a_second_kiosk_process_returns_the_same_grade_findings(tmp_path: Path) -> None:
    root = folder(tmp_path)
    process = GradingProcess(root)
    try:
        assert process.problems() == grade_problems(root)
    finally:
        process.stop()


def test_a_failed_grading_process_gives_none_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(grades, "kiosk_command", lambda: ["false"])  # exits 1, prints nothing
    process = GradingProcess(folder(tmp_path))
    assert process.problems() is None
    assert "the grading process failed (exit 1" in caplog.text


def test_a_grading_process_that_hangs_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Waits on an event nothing sets: hangs until killed, with no clock (arguments ignored).
    hang = [sys.executable, "-c", "import threading; threading.Event().wait()"]
    monkeypatch.setattr(grades, "kiosk_command", lambda: hang)
    process = GradingProcess(folder(tmp_path))
    process.timeout_s = 0  # checked at once: no waiting here either
    assert process.problems() is None
    assert "the grading process took over 0 s" in caplog.text


def test_only_large_folders_start_a_second_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = folder(tmp_path)
    assert topic_files(root) == 4
    assert GradingProcess.start_if_worth_it(root) is None
    monkeypatch.setattr(grades, "PARALLEL_FROM", 4)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    process = GradingProcess.start_if_worth_it(root)
    assert process is not None
    process.stop()
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert GradingProcess.start_if_worth_it(root) is None
