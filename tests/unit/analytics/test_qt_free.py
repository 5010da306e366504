"""Recording and ``kiosk stats`` must run without Qt; only the PNG step loads it. Recording
never loads the charting library."""

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


def test_counting_usage_does_not_load_the_charting_library() -> None:
    """pygal is for the admin's chart and ``kiosk stats --chart``: a kiosk that counts usage,
    and an admin screen not yet opened, never load it."""
    loaded = modules_loaded_by("kiosk.usage", "kiosk.analytics.store", "kiosk.admin")
    assert "kiosk.analytics.store" in loaded
    assert "pygal" not in loaded
