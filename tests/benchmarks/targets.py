"""Where a finger lands: the centre of every button on the kiosk's screens, for the benchmarks
that drive the real window through XTEST.

The kiosk is built here offscreen at the size the real window has, from the same content and
the same code, so the buttons are where they are on the real window (which sits at 0,0 on an
X server with no window manager). The targets are looked up, not hard-coded, so a change of
layout moves the taps with it. ``python -m tests.benchmarks.targets --content DIR`` prints them
as JSON.

Places: ``home``, ``list:<section>`` (its first page) and ``topic:<section>/<slug>`` (its first
page), in each language (``es:home`` and so on for every language but the default one), with the
default text size and contrast; every button there, enabled or not, by its accessible name.
Listen is in the top bar, as on the real window, where this machine has a speech engine
(``kiosk.speech.speech_engines``, the kiosk's own check), which moves the buttons beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from tests.benchmarks.xinput import Point


@dataclass(frozen=True)
class Targets:
    """Where the buttons are, place by place."""

    places: dict[str, dict[str, Point]]  # place -> accessible name -> centre on the screen
    opens: dict[str, dict[str, str]]  # place -> card -> the place a tap on it shows
    language: dict[str, str]  # place -> the name of its language button

    def at(self, place: str, name: str) -> Point:
        try:
            return self.places[place][name]
        except KeyError:
            known = ", ".join(sorted(self.places.get(place, {})))
            raise KeyError(f"no button {name!r} on {place!r}; there: {known}") from None


def find_targets(content: Path, size: tuple[int, int]) -> Targets:
    """The targets of the kiosk on ``content`` at ``size``, from a separate offscreen process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DISPLAY", None)
    command = [sys.executable, "-m", "tests.benchmarks.targets", "--content", str(content)]
    command += ["--size", f"{size[0]}x{size[1]}"]
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(command, env=env, cwd=root, capture_output=True, text=True, check=True)
    raw = json.loads(done.stdout)
    places = {
        place: {name: (point[0], point[1]) for name, point in found.items()}
        for place, found in raw["places"].items()
    }
    return Targets(places, raw["opens"], raw["language"])


def collect_targets(content: Path, size: tuple[int, int]) -> dict[str, dict[str, Any]]:
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QAbstractButton

    from kiosk.admin import Admin
    from kiosk.app import make_application
    from kiosk.config import KioskConfig
    from kiosk.content import Section, load_library
    from kiosk.session import CardList, Reading, Session
    from kiosk.speech import speech_engines
    from kiosk.ui.widgets import RichButton
    from kiosk.ui.window import KioskWindow

    app = make_application(route_qt_messages=False)
    # It clicks as soon as a screen is up, faster than a patient could choose on it.
    config = KioskConfig(fullscreen=False, touch_repeat_seconds=0)
    session = Session(load_library(content), config)
    window = KioskWindow(session, Admin(session), size=QSize(*size))
    window.show()
    if speech_engines()[0]:
        window.set_speech(lambda _words: None)

    def name_of(place: object) -> str:
        screen = getattr(place, "screen", None)
        if isinstance(screen, CardList):
            return f"{prefix}list:{screen.section}"
        if isinstance(screen, Reading):
            return f"{prefix}topic:{screen.ref}"
        return f"{prefix}{type(screen).__name__.lower()}"

    def visible_buttons() -> dict[str, QAbstractButton]:
        for _ in range(3):
            app.processEvents()
        found: dict[str, QAbstractButton] = {}
        for button in window.findChildren(QAbstractButton):
            if button.isVisible() and button.accessibleName():
                found.setdefault(button.accessibleName(), button)
        return found

    def record(show: Callable[[], object]) -> str:
        """Show a place, note its buttons, and what a tap on each of its cards opens."""
        show()
        here = name_of(session.place)
        buttons = visible_buttons()
        places[here] = {}
        for name, button in buttons.items():
            centre = button.mapTo(window, button.rect().center())
            places[here][name] = (centre.x(), centre.y())
        language[here] = window.top_bar.language_button.accessibleName()
        opens[here] = {}
        for name, button in buttons.items():
            if isinstance(button, RichButton):  # a card: a Home tile or a list's topic
                button.click()
                opens[here][name] = name_of(session.place)
                show()
        return here

    places: dict[str, dict[str, Point]] = {}
    opens: dict[str, dict[str, str]] = {}
    language: dict[str, str] = {}
    library = session.library
    for lang in library.site.languages:
        prefix = "" if lang == library.site.default_language else f"{lang}:"
        session.set_language(lang)
        record(session.go_home)
        for section in Section:
            record(partial(session.open_section, section))
            for entry, _ in library.entries(section, lang):
                record(partial(session.open_entry, entry.ref))
    session.go_home()
    return {"places": places, "opens": opens, "language": language}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--size", default="1080x1920")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.split("x"))
    print(json.dumps(collect_targets(args.content, (width, height)), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
