"""What a fresh Python process has loaded after some imports: for the tests that keep Qt out
of the content model and the analytics, and the screens out of the kiosk's start-up; and
``run_offscreen``, a script in a fresh process on Qt's offscreen platform."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

QT_PREFIXES = ("PySide6", "shiboken6")


def modules_loaded_by(*modules: str) -> set[str]:
    """Every module in ``sys.modules`` after a new interpreter imports ``modules``."""
    code = f"import sys, {', '.join(modules)}; print(repr(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return set(ast.literal_eval(result.stdout))


def qt_modules(loaded: set[str]) -> list[str]:
    return sorted(m for m in loaded if m.startswith(QT_PREFIXES))


def run_offscreen(script: str, *, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``script`` run by a new interpreter on Qt's offscreen platform, its output captured."""
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=timeout,
        check=False,
    )
