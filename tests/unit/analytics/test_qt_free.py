"""Recording and ``kiosk stats`` must run without Qt; only the PNG step loads it."""

from __future__ import annotations

from tests.helpers.imports import modules_loaded_by, qt_modules


def test_the_analytics_package_is_qt_free() -> None:
    loaded = modules_loaded_by(
        "kiosk.analytics",
        "kiosk.analytics.events",
        "kiosk.analytics.store",
        "kiosk.analytics.report",
        "kiosk.analytics.chart",
    )
    assert qt_modules(loaded) == []


def test_recording_does_not_load_the_charting_library() -> None:
    assert "pygal" not in modules_loaded_by("kiosk.analytics")
