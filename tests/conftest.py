"""Test configuration: Qt always runs headless (offscreen) in tests, with the kiosk's font."""

from __future__ import annotations

import os
import tempfile

# Before any Qt import: every test run is headless, whatever the developer's session uses.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# The kiosk writes to the platform's folders for this user (logs, usage figures): tests, and
# the kiosks they start, use folders of their own.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="kiosk-test-cache-")
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="kiosk-test-state-")
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="kiosk-test-data-")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="kiosk-test-config-")

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.content import write_content


@pytest.fixture(scope="session", autouse=True)
def time_enough_to_convert() -> Iterator[None]:
    """A conversion budget for the tests of everything but time: a busy or stalled test
    machine must not turn a topic that converts in 50 ms into one refused for taking over the
    kiosk's 2 s (seen once in CI). The tests of the budget give their pipeline one of their
    own."""
    from kiosk.content import markdown_pipeline

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown_pipeline, "CONVERT_SECONDS", 60.0)
        yield


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["kiosk-tests"]


@pytest.fixture(scope="session", autouse=False)
def kiosk_app(qapp: object) -> Iterator[object]:
    """The QApplication with the kiosk's font loaded (what ``kiosk`` itself does)."""
    from kiosk.app import make_application

    yield make_application(route_qt_messages=False)


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A small content folder: two topics (one long), a treatment, English and Spanish."""
    return write_content(tmp_path / "content")
