"""``kiosk render``: draw every screen to PNG with the same widgets the kiosk shows.

Runs offscreen (no display needed). This is how admins preview content and how developers
look at what they built: home, each list page, every page of every topic and treatment, the
attract screen, "Still there?", the admin PIN pad and panel.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.content import ContentLibrary, Section
from kiosk.errors import KioskError
from kiosk.ui.window import KioskOptions, KioskWindow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Preferences:
    """How a patient set the kiosk: text size (1.0 to 2.0), contrast, language."""

    text_scale: float = 1.0
    high_contrast: bool = False
    lang: str | None = None  # None: the site's default


class ScreenRenderer:
    """Walks a window through every screen and saves each as ``NN-name.png``."""

    def __init__(
        self, library: ContentLibrary, size: QSize, out_dir: Path, preferences: Preferences
    ) -> None:
        self.out_dir = out_dir
        self.preferences = preferences
        self.window = KioskWindow(library, KioskOptions(kiosk_mode=False, idle_timeout=0))
        self.window.resize(size)
        self.window.show()
        self.saved: list[Path] = []

    def save(self, name: str, widget: QWidget | None = None) -> None:
        app = QApplication.instance()
        for _ in range(3):  # layouts settle over a few event-loop passes
            if app is not None:
                app.processEvents()
        path = self.out_dir / f"{len(self.saved):03d}-{name}.png"
        image = (widget or self.window).grab()
        if not image.save(str(path)):
            raise OSError(f"could not write {path}")
        self.saved.append(path)

    def render_all(self) -> list[Path]:
        window = self.window
        library = window.library
        self.out_dir.mkdir(parents=True, exist_ok=True)
        if library.is_empty:
            window.go_home()
            self.save("content-updating")
            return self.saved
        prefs = self.preferences
        if prefs.lang and prefs.lang not in library.site.languages:
            raise KioskError(
                f"--lang {prefs.lang}: site.yaml lists {', '.join(library.site.languages)}"
            )
        window.go_attract()  # the idle reset: site defaults...
        prefs = self.preferences
        window.set_preferences(prefs.text_scale, prefs.high_contrast, prefs.lang or window.lang)
        self.save("attract")  # ...then the look asked for
        window.attract.stop()
        window.go_home()
        self.save("home")
        for section in Section:
            window.open_section(section)
            screen = window.lists[section]
            for page in range(screen.page_count):
                screen.area.set_page(page)
                self.save(f"{section}-list-{page + 1}")
            for entry, _ in library.entries(section, window.lang):
                window.open_entry(entry.ref)
                self.save(f"{section}-{entry.ref.slug}-1")
                for page in range(1, window.reader.page_count):
                    window.reader.show_next()
                    self.save(f"{section}-{entry.ref.slug}-{page + 1}")
        window.prompt.set_seconds(round(window.options.still_there_timeout))
        window.show_still_there()
        self.save("still-there")
        window.prompt.hide()
        window.go_home()
        window.show_pin_pad()
        self.save("admin-pin")
        window.pin_pad.hide()
        window.open_admin_panel()
        self.save("admin")
        window.admin.hide()
        return self.saved


def render_screens(
    library: ContentLibrary, size: QSize, out_dir: Path, preferences: Preferences | None = None
) -> list[Path]:
    """Render every screen of ``library`` at ``size`` into ``out_dir``; returns the files."""
    renderer = ScreenRenderer(library, size, out_dir, preferences or Preferences())
    try:
        return renderer.render_all()
    finally:
        renderer.window.exit_kiosk()
        renderer.window.deleteLater()
