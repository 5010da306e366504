"""The content model must never import Qt, so ``kiosk validate`` runs anywhere."""

from __future__ import annotations

import subprocess
import sys

CHECK = (
    "import sys, kiosk.content, kiosk.content.validate, kiosk.config, kiosk.pin, kiosk.i18n;"
    "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')));"
    "print(qt); sys.exit(1 if qt else 0)"
)


def test_content_package_is_qt_free() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, f"Qt modules imported: {result.stdout}"


# Loaded only after the first paint, or only when a patient or admin needs them: each would add
# to the time staff wait for Home (see the start-up figure in tests/benchmarks/RESULTS.md).
AFTER_FIRST_PAINT = (
    "markdown",
    "nh3",
    "segno",
    "textstat",
    "logging.handlers",
    "platformdirs",
    "importlib.resources",
    "kiosk.analytics.store",
    "kiosk.ui.card_list",
    "kiosk.ui.overlays",
    "kiosk.ui.pagination",
    "kiosk.ui.reader",
    "kiosk.ui.reload",
    "kiosk.ui.speech",
    "kiosk.ui.usage",
    "PySide6.QtTextToSpeech",
    "PySide6.QtSvg",
)


def test_start_up_imports_only_what_home_needs() -> None:
    check = (
        "import sys, kiosk.cli, kiosk.app;"
        f"early = sorted(m for m in {AFTER_FIRST_PAINT!r} if m in sys.modules);"
        "print(early); sys.exit(1 if early else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, f"imported before the first paint: {result.stdout}"
