"""After Home's first paint the kiosk gets the first tap's work done in idle time: the list
and reader screens built, every body converted, one piece per turn of the event loop; a body
that cannot be converted is left for the session to explain when it is opened."""

from __future__ import annotations

import linecache

import pytest
from pytestqt.qtbot import QtBot

import kiosk.app as app_module
from kiosk.app import warm_up
from kiosk.content import ContentLibrary
from kiosk.content.library import Entry
from kiosk.errors import ContentError
from kiosk.ui.card_list import CardListScreen
from kiosk.ui.reader import ReaderScreen
from tests.ui.conftest import KioskMaker


def test_the_first_taps_work_is_done_after_the_first_paint(
    make_kiosk: KioskMaker, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk = make_kiosk()
    library = kiosk.session.library
    entries = [e for versions in library.entries_by_ref.values() for e in versions.values()]
    assert all(entry.rendered is None for entry in entries)
    assert CardListScreen not in kiosk.window.screens
    refused = entries[0]
    real_render = ContentLibrary.render

    def render(self: ContentLibrary, entry: Entry) -> object:
        if entry is refused:
            raise ContentError(entry.path.name, "took too long to prepare")
        return real_render(self, entry)

    monkeypatch.setattr(ContentLibrary, "render", render)

    warm_up(kiosk.window, kiosk.session)
    assert CardListScreen not in kiosk.window.screens  # nothing before the event loop runs

    qtbot.waitUntil(lambda: all(e.rendered is not None for e in entries if e is not refused))
    assert CardListScreen in kiosk.window.screens and ReaderScreen in kiosk.window.screens
    assert kiosk.showing(type(kiosk.home))  # Home is still what is on show, with no error
    assert kiosk.home.notice.isHidden()


def test_the_warm_up_leaves_no_source_text_behind(make_kiosk: KioskMaker, qtbot: QtBot) -> None:
    # PySide6 reads each module's source as it is imported; linecache would keep it (~5 MiB).
    kiosk = make_kiosk()
    source = str(app_module.__file__)
    linecache.getlines(source)  # as PySide6's check leaves it
    assert source in linecache.cache
    entries = [e for v in kiosk.session.library.entries_by_ref.values() for e in v.values()]

    warm_up(kiosk.window, kiosk.session)
    qtbot.waitUntil(lambda: all(e.rendered is not None for e in entries))
    qtbot.waitUntil(lambda: source not in linecache.cache)
    assert not [name for name in linecache.cache if "/kiosk/" in name]
