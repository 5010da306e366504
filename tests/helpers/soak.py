"""Scripted patient interactions, the same ones for the CI soak test and the benchmark."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from functools import partial

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from kiosk.content import Section
from kiosk.memory import resident_kib
from kiosk.session import Session

__all__ = ["interactions", "qt_objects", "resident_kib", "settle"]


def settle() -> None:
    """What the event loop does between two touches: deferred deletions, layouts, paints."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def qt_objects(window: QObject) -> int:
    return len(window.findChildren(QObject))


def interactions(session: Session) -> Iterator[str]:
    """An endless, varied patient visit: lists, topics, page turns, preferences, resets."""
    library = session.library
    refs = [entry.ref for section in Section for entry, _ in library.entries(section, "en")]
    steps: list[tuple[str, Callable[[], object]]] = []
    for ref in refs:
        steps += [
            ("open list", partial(session.open_section, ref.section)),
            ("open topic", partial(session.open_entry, ref)),
            ("next page", session.next_page),
            ("next page", session.next_page),
            ("previous page", session.previous_page),
        ]
    steps += [
        ("larger text", lambda: session.change_text_size(+1)),
        ("open topic", lambda: session.open_entry(refs[0])),
        ("next page", session.next_page),
        ("language", session.next_language),
        ("contrast", session.toggle_contrast),
        ("smaller text", lambda: session.change_text_size(-1)),
        ("home", session.go_home),
        ("idle reset", session.reset),
        ("touch to start", session.start),
    ]
    for name, action in itertools.cycle(steps):
        action()
        settle()
        yield name
