"""``kiosk render``: draw every screen to PNG with the same widgets the kiosk shows.

Runs offscreen (no display needed). This is how admins preview content and how developers
look at what they built. It drives a session as a patient and staff would, and saves what the
window shows at each place: the attract screen, Home, each list page, every page of every
topic and treatment, "Still there?", the admin PIN pad and panel.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from kiosk.admin import Admin
from kiosk.config import KioskConfig
from kiosk.content import ContentLibrary, Section
from kiosk.session import Preferences, Session
from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)


class ScreenRenderer:
    """Walks a session through every place and saves the window as ``NNN-name.png``."""

    def __init__(
        self, library: ContentLibrary, size: QSize, out_dir: Path, preferences: Preferences
    ) -> None:
        self.out_dir = out_dir
        self.preferences = preferences
        # Idle timing as the kiosk has it (no place is shown long enough for it to act), so
        # "Still there?" counts down from its real number of seconds.
        self.session = Session(library, KioskConfig(fullscreen=False))
        self.window = KioskWindow(self.session, Admin(self.session), size=size)
        self.window.show()
        self.saved: list[Path] = []

    def save(self, name: str) -> None:
        app = QApplication.instance()
        for _ in range(3):  # layouts settle over a few event-loop passes
            if app is not None:
                app.processEvents()
        path = self.out_dir / f"{len(self.saved):03d}-{name}.png"
        if not self.window.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        self.saved.append(path)

    def render_all(self) -> list[Path]:
        session = self.session
        library = session.library
        self.out_dir.mkdir(parents=True, exist_ok=True)
        if library.is_empty:
            self.save("content-updating")
            return self.saved
        session.reset()
        session.set_preferences(self.preferences)
        self.save("attract")
        session.start()
        self.save("home")
        for section in Section:
            session.open_section(section)
            self._save_pages(f"{section}-list")
            for entry, _ in library.entries(section, session.preferences.lang):
                session.open_entry(entry.ref)
                self._save_pages(f"{section}-{entry.ref.slug}")
        session.go_home()
        session.ask_still_there()  # what idling brings
        self.save("still-there")
        session.activity()  # one tap: still here
        session.open_pin_pad()
        self.save("admin-pin")
        session.open_admin_panel()
        self.save("admin")
        return self.saved

    def _save_pages(self, name: str) -> None:
        """Every page of the list or topic on show: Next until the last."""
        first = self.session.place.screen
        count = getattr(first, "page_count", None) or 1
        for page in range(count):
            if page:
                self.session.next_page()
            self.save(f"{name}-{page + 1}")


def render_screens(
    library: ContentLibrary, size: QSize, out_dir: Path, preferences: Preferences | None = None
) -> list[Path]:
    """Render every screen of ``library`` at ``size`` into ``out_dir``; returns the files."""
    preferences = preferences or Preferences(lang=library.site.default_language)
    renderer = ScreenRenderer(library, size, out_dir, preferences)
    try:
        return renderer.render_all()
    finally:
        renderer.window.exit_kiosk()
        renderer.window.deleteLater()
