"""Tests for kiosk.analytics.chart: pygal's SVG, made readable by Qt, and the PNG."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QColor, QImage
from PySide6.QtSvg import QSvgRenderer

from kiosk.analytics.chart import chart_svg, write_chart_png
from kiosk.analytics.report import Summary, TopicFigures

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def sample_summary() -> Summary:
    first = date(2026, 3, 1)
    days = [(first + timedelta(days=n), (n * 7) % 9) for n in range(30)]
    topics = [
        TopicFigures("learn", "what-is-ketamine", opens=40, completed=25, pages=4),
        TopicFigures("learn", "is-ketamine-safe", opens=31, completed=12, pages=3),
        TopicFigures("treatments", "infusion", opens=17, completed=3, pages=6),
        TopicFigures("learn", "infusion", opens=5, completed=5, pages=1),
    ]
    return Summary(
        period_start=first,
        period_end=days[-1][0],
        kiosk_labels=("waiting-room-1",),
        sessions_per_day=days,
        session_seconds=[60.0, 120.0],
        topics=topics,
    )


def empty_summary() -> Summary:
    return Summary(None, None, (), [], [], [])


@pytest.mark.parametrize("summary", [sample_summary(), empty_summary()], ids=["month", "empty"])
def test_the_svg_has_no_stylesheet_or_script_and_qt_reads_it(summary: Summary) -> None:
    svg = chart_svg(summary)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    tags = {element.tag.rpartition("}")[2] for element in root.iter()}
    assert not tags & {"style", "script", "foreignObject"}
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    assert renderer.isValid()
    assert (renderer.defaultSize().width(), renderer.defaultSize().height()) == (1200, 800)


def test_the_svg_names_the_topics_and_both_charts() -> None:
    texts = [
        element.text or ""
        for element in ET.fromstring(chart_svg(sample_summary())).iter()
        if element.tag.endswith("text")
    ]
    assert "Topics opened, 2026-03-01 to 2026-03-30" in texts
    assert "Sessions per day" in texts
    assert "what-is-ketamine" in texts
    # A slug shared by two sections is told apart by its section.
    assert {"treatments/infusion", "learn/infusion"} <= set(texts)


@pytest.mark.parametrize("size", [(1200, 800), (800, 900)])
def test_write_chart_png_writes_a_png_of_the_requested_size(
    tmp_path: Path, size: tuple[int, int], qapp: object
) -> None:
    path = tmp_path / "usage.png"
    write_chart_png(sample_summary(), path, size)
    assert path.read_bytes().startswith(PNG_SIGNATURE)
    image = QImage(str(path))
    assert not image.isNull()
    assert (image.width(), image.height()) == size
    # Drawn in colour, not black on black: the first series' blue is there.
    colours = {
        image.pixelColor(x, y).name()
        for x in range(0, size[0], 4)
        for y in range(0, size[1] // 2, 4)
    }
    assert "#1f6fb2" in colours
    assert QColor("#000000").name() not in colours


def test_write_chart_png_makes_its_own_application_when_there_is_none(tmp_path: Path) -> None:
    path = tmp_path / "usage.png"
    script = (
        "import sys; from pathlib import Path;"
        "from kiosk.analytics.report import Summary;"
        "from kiosk.analytics.chart import write_chart_png;"
        "write_chart_png(Summary(None, None, (), [], [], []), Path(sys.argv[1]), (640, 480))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert QImage(str(path)).size().toTuple() == (640, 480)


def test_a_png_that_cannot_be_written_raises_oserror(tmp_path: Path, qapp: object) -> None:
    with pytest.raises(OSError, match="could not write"):
        write_chart_png(empty_summary(), tmp_path / "missing-folder" / "usage.png")
