"""The content model must never import Qt, so ``kiosk validate`` runs anywhere; and the
kiosk's start-up loads only what Home needs."""

from __future__ import annotations

from tests.helpers.imports import modules_loaded_by, qt_modules


def test_content_package_is_qt_free() -> None:
    loaded = modules_loaded_by(
        "kiosk.content", "kiosk.content.validate", "kiosk.config", "kiosk.pin", "kiosk.i18n"
    )
    assert qt_modules(loaded) == []


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
    "yaml",  # Home's settings come from kiosk.parse_cache (test_start_up_cli.py checks the run)
    "tomllib",
    "json",
    "getpass",
    "font_lato",
    "kiosk.analytics.store",
    "kiosk.ui.attract",
    "kiosk.content.entry",
    "dataclasses",
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
    loaded = modules_loaded_by("kiosk.cli", "kiosk.app")
    assert sorted(set(AFTER_FIRST_PAINT) & loaded) == []
