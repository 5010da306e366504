"""What a fresh Python process has loaded after some imports: for the tests that keep Qt out
of the content model and the analytics, and the screens out of the kiosk's start-up."""

from __future__ import annotations

import ast
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
