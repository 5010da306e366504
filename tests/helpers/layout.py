"""Where widgets are and whether their words fit: shared by the layout and usage tests."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QLabel, QPushButton, QWidget


def global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), widget.rect().topLeft()), widget.size())


def check_words_fit(overlay: QWidget) -> None:
    """Every label shows all its lines and every button all its words, without overlap."""
    for label in overlay.findChildren(QLabel):
        if label.isVisible() and label.text() and label.wordWrap():
            assert label.height() >= label.heightForWidth(label.width()), label.text()[:30]
    buttons = [b for b in overlay.findChildren(QPushButton) if b.isVisible()]
    for button in buttons:
        assert button.width() >= button.sizeHint().width(), button.text()
    for a, b in itertools.combinations(buttons, 2):
        assert not global_rect(a).intersects(global_rect(b)), (a.text(), b.text())
