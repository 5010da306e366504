"""Test configuration: Qt always runs headless (offscreen) in tests, with the kiosk's font."""

from __future__ import annotations

import os
import tempfile

# Before any Qt import: every test run is headless, whatever the developer's session uses.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# The kiosk keeps parsed settings in the platform's cache folder (kiosk.parse_cache): tests, and
# the kiosks they start, use one of their own.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="kiosk-test-cache-")

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["kiosk-tests"]


@pytest.fixture(scope="session", autouse=False)
def kiosk_app(qapp: object) -> Iterator[object]:
    """The QApplication with the kiosk's font loaded (what ``kiosk`` itself does)."""
    from kiosk.app import make_application

    yield make_application()
