"""What a fresh Python process has loaded after some imports: for the tests that keep Qt out
of the content model and the analytics, and slow modules out of the kiosk's start-up."""

from __future__ import annotations

import json
import subprocess
import sys

QT_PREFIXES = ("PySide6", "shiboken6")


def modules_loaded_by(*modules: str) -> set[str]:
    """Every module in ``sys.modules`` after a new interpreter imports ``modules``."""
    code = f"import json, sys, {', '.join(modules)}; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout))


def qt_modules(loaded: set[str]) -> list[str]:
    return sorted(m for m in loaded if m.startswith(QT_PREFIXES))
