"""Scripted patient interactions, the same ones for the CI soak test and the benchmark."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from functools import partial

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from kiosk.app import resident_kib
from kiosk.content import Section
from kiosk.ui.window import KioskWindow

__all__ = ["interactions", "qt_objects", "resident_kib", "settle"]


def settle() -> None:
    """What the event loop does between two touches: deferred deletions, layouts, paints."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def qt_objects(window: KioskWindow) -> int:
    return len(window.findChildren(QObject))


def interactions(window: KioskWindow) -> Iterator[str]:
    """An endless, varied patient session: lists, topics, page turns, preferences, resets."""
    refs = [entry.ref for section in Section for entry, _ in window.library.entries(section, "en")]
    steps: list[tuple[str, Callable[[], object]]] = []
    for ref in refs:
        steps += [
            ("open list", partial(window.open_section, ref.section)),
            ("open topic", partial(window.open_entry, ref)),
            ("next page", window.next_page),
            ("next page", window.next_page),
            ("previous page", window.previous_page),
        ]
    steps += [
        ("larger text", lambda: window.set_text_scale(+1)),
        ("open topic", lambda: window.open_entry(refs[0])),
        ("next page", window.next_page),
        ("language", window.next_language),
        ("contrast", window.toggle_contrast),
        ("smaller text", lambda: window.set_text_scale(-1)),
        ("home", window.go_home),
        ("idle reset", window.go_attract),
        ("touch to start", window.go_home),
    ]
    for name, action in itertools.cycle(steps):
        action()
        settle()
        yield name
