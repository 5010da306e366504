"""The floor every start-up is measured against: a bare PySide6 window painting one label,
started the same way as the kiosk (a Python process, the same interpreter)."""

from __future__ import annotations

import html
import textwrap
from pathlib import Path

import yaml

FLOOR_SCRIPT = textwrap.dedent(
    """
    import time; start = time.perf_counter()
    from pathlib import Path
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel
    app = QApplication([])
    label = QLabel("Floor")
    def report():
        rss = next(l.split()[1] for l in Path("/proc/self/status").read_text().splitlines()
                   if l.startswith("VmRSS:"))
        print(f"first paint {(time.perf_counter() - start) * 1000:.0f} ms, rss {rss} KiB",
              flush=True)
        app.exit(0)
    class Watch(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                label.removeEventFilter(self)
                QTimer.singleShot(0, report)  # once the paint has finished, as the kiosk does
            return False
    watch = Watch(); label.installEventFilter(watch)
    label.resize(1080, 1920); label.show()
    app.exec()
    """
)


# The floor plus the libraries any build of this kiosk loads before its first paint (logging,
# dataclasses, argparse, Qt's enum namespace): shows how much of the start-up is ours.
LIBRARIES_SCRIPT = FLOOR_SCRIPT.replace(
    "from pathlib import Path\n",
    "from pathlib import Path\nimport argparse, dataclasses, logging\n"
    "from PySide6.QtCore import Qt\n",
)


def text_view_script(html: str, *, take_focus: bool = False) -> str:
    """The floor of this stack for a screen of words: a bare PySide6 text view showing ``html``
    as rich text, full size, staying up (the on-screen benchmark stops it). ``take_focus``:
    it takes X's input focus, as the kiosk does, for the page-turn benchmark's keys."""
    focus = "view.activateWindow()\nview.setFocus()\n" if take_focus else ""
    return (
        textwrap.dedent(
            f"""
        from PySide6.QtWidgets import QApplication, QTextBrowser
        app = QApplication([])
        view = QTextBrowser()
        view.setHtml({html!r})
        view.resize(1080, 1920)
        view.show()
        """
        )
        + focus
        + "app.exec()\n"
    )


def home_html(content: Path) -> str:
    """Home's words (the clinic's name and tagline, the two tiles, the control bar) as the
    rich text a bare text view would show, from the content folder's site.yaml."""
    site = yaml.safe_load((content / "site.yaml").read_text(encoding="utf-8"))
    tiles = "".join(
        f"<h2>{html.escape(texts['title'])}</h2><p>{html.escape(texts.get('summary', ''))}</p>"
        for texts in site.get("sections", {}).values()
    )
    return (
        "<p>A− A+ Español Contrast</p>"
        f"<h1>{html.escape(site['name'])}</h1><p>{html.escape(site.get('tagline', ''))}</p>" + tiles
    )
