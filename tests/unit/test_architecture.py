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
