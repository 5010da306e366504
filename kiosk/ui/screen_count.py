"""How many screens a topic takes on the reference kiosk screen (1080x1920, default text).

``kiosk validate`` uses this to warn about topics too long to read standing up. It opens each
topic in a kiosk window of that size, offscreen, through the session, as a patient would: the
count is what the kiosk shows, title, translation note and take-home QR code included.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSize

from kiosk.admin import Admin
from kiosk.config import KioskConfig
from kiosk.content import ContentLibrary
from kiosk.content.library import Entry
from kiosk.session import Reading, Session
from kiosk.ui.window import KioskWindow

REFERENCE_SIZE = QSize(1080, 1920)


class ReferenceReader:
    """A kiosk window at the reference size, to count the screens of one library's entries."""

    def __init__(self, library: ContentLibrary) -> None:
        self.session = Session(library, KioskConfig(fullscreen=False, idle_timeout=0))
        self.window = KioskWindow(self.session, Admin(self.session), size=REFERENCE_SIZE)
        self.window.show()

    def count(self, library: ContentLibrary, entry: Entry) -> int:
        """The screens ``entry`` of ``library`` takes, in its own language."""
        session = self.session
        if session.library is not library:
            session.apply_library(library)
        session.set_preferences(replace(session.preferences, lang=entry.lang))
        session.open_entry(entry.ref)
        place = session.place.screen
        assert isinstance(place, Reading) and place.page_count is not None, place
        return place.page_count

    def close(self) -> None:
        self.window.exit_kiosk()
        self.window.deleteLater()
