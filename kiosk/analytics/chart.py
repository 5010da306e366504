"""Bar charts of a usage summary: topic opens and sessions per day, for ``kiosk stats --chart``.

pygal lays the charts out (scales, ticks, labels, bars). Its SVG styles everything through a CSS
stylesheet and scripts, which browsers apply but Qt's SVG renderer (SVG Tiny 1.2) applies only in
part: guide lines come out black and labels lose their alignment. So ``chart_svg`` replaces
pygal's stylesheet with presentation attributes on the elements themselves (``_inline_styles``)
and drops its scripts; the result looks the same in a browser, in ``QSvgRenderer`` and in the
admin screen's ``QSvgWidget``.

Qt is imported only inside ``write_chart_png``, so building the SVG stays Qt-free.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import pygal  # type: ignore[import-untyped]
from pygal.style import Style  # type: ignore[import-untyped]

from kiosk.analytics.report import Summary

__all__ = ["chart_svg", "write_chart_png"]

SVG_NS = "http://www.w3.org/2000/svg"
TOP_TOPICS = 12  # bars in the topic chart; more would make the labels unreadable
_LABEL_CHARS = 32

# Blue and orange stay distinct for the common colour-vision deficiencies.
_SERIES_COLOURS = ("#1f6fb2", "#e07b00")
_INK = "#1a1a1a"
_AXIS = "#4d4d4d"
_GUIDE = "#d4d4d4"
_BACKGROUND = "#ffffff"
_FONT = "sans-serif"
_TITLE_SIZE = 22
_LABEL_SIZE = 14
_LEGEND_SIZE = 15
_VALUE_SIZE = 13
_NO_DATA_SIZE = 28

_STYLE = Style(
    background=_BACKGROUND,
    plot_background=_BACKGROUND,
    foreground=_INK,
    foreground_strong=_INK,
    foreground_subtle=_GUIDE,
    colors=_SERIES_COLOURS,
    font_family=_FONT,
    opacity="1",
    opacity_hover="1",
    transition="0s",
    title_font_size=_TITLE_SIZE,
    label_font_size=_LABEL_SIZE,
    major_label_font_size=_LABEL_SIZE,
    legend_font_size=_LEGEND_SIZE,
    value_font_size=_VALUE_SIZE,
    no_data_font_size=_NO_DATA_SIZE,
)


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _integer_ticks(maximum: int) -> list[int]:
    """Whole-number y ticks (counts of people have no halves), about 5 to 10 of them."""
    if maximum <= 0:
        return [0, 1]
    step = 10 ** max(0, math.floor(math.log10(maximum)) - 1)
    for factor in (1, 2, 5, 10, 20, 50):
        if maximum / (step * factor) <= 10:
            step *= factor
            break
    top = math.ceil(maximum / step) * step
    return list(range(0, top + 1, step))


def _bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    size: tuple[int, int],
    **options: object,
) -> ET.Element:
    """One pygal bar chart as an element tree with its styles inlined."""
    maximum = max((value for _name, values in series for value in values), default=0)
    chart = pygal.Bar(
        style=_STYLE,
        width=size[0],
        height=size[1],
        title=title,
        js=[],  # no scripts: a PNG and Qt have no use for them
        css=[],  # only pygal's base stylesheet, which _inline_styles replaces
        tooltips=False,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=len(series),
        y_labels=_integer_ticks(maximum),
        truncate_label=_LABEL_CHARS,
        print_values=False,
        margin=24,
        spacing=16,
        no_data_text="No usage recorded in this period",
        **options,
    )
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    root = ET.fromstring(chart.render(is_unicode=True))
    _inline_styles(root)
    return root


def _inline_styles(root: ET.Element) -> None:
    """Turn pygal's CSS into presentation attributes Qt understands; drop scripts and styles."""
    for element in root.iter():
        element.tag = _local(element.tag)
    _inline(root, frozenset(), root)


def _colour_index(classes: frozenset[str]) -> int | None:
    for name in classes:
        if name.startswith("color-") and name[6:].isdigit():
            return int(name[6:])
    return None


def _inline(element: ET.Element, ancestors: frozenset[str], parent: ET.Element) -> None:
    classes = frozenset(element.get("class", "").split())
    context = ancestors | classes
    tag = element.tag
    if tag in ("script", "style") or (
        # pygal's stylesheet hides the vertical guides of a vertical bar chart.
        "guide" in classes and {"axis", "x", "vertical"} <= context and "always_show" not in context
    ):
        parent.remove(element)
        return
    if tag == "text":
        _style_text(element, classes, context)
    elif tag in ("path", "line") and "line" in classes and "axis" in context:
        element.set("fill", "none")
        if "guide" in classes:
            element.set("stroke", _GUIDE)
        else:
            element.set("stroke", _AXIS)
        element.set("stroke-width", "1")
    elif tag == "rect" and "background" in classes:
        element.set("fill", _BACKGROUND)
    elif tag in ("rect", "path") and ("reactive" in classes or "legend" in context):
        index = _colour_index(context)
        if index is not None:
            colour = _SERIES_COLOURS[index % len(_SERIES_COLOURS)]
            element.set("fill", colour)
            element.set("stroke", colour)
            element.set("stroke-width", "1")
    for child in list(element):
        _inline(child, context, element)


def _style_text(element: ET.Element, classes: frozenset[str], context: frozenset[str]) -> None:
    element.set("font-family", _FONT)
    element.set("fill", _INK)
    element.set("stroke", "none")
    size, anchor = _LABEL_SIZE, "start"
    if "title" in classes:
        size, anchor = _TITLE_SIZE, "middle"
        element.set("font-weight", "bold")
    elif "no_data" in classes:
        size, anchor = _NO_DATA_SIZE, "middle"
    elif "legends" in context:
        size = _LEGEND_SIZE
    elif "axis" in context and "y" in context:
        anchor = "start" if "backwards" in classes else "end"
    elif "axis" in context and "x" in context:
        if element.get("transform"):
            anchor = "end" if "backwards" in classes else "start"
        else:
            anchor = "middle"
    elif "value" in classes or "centered" in classes:
        size, anchor = _VALUE_SIZE, "middle"
    element.set("font-size", str(size))
    element.set("text-anchor", anchor)


def _topic_chart(summary: Summary, size: tuple[int, int]) -> ET.Element:
    topics = summary.top_by_opens(TOP_TOPICS)
    slugs = [topic.slug for topic in summary.topics]
    # The slug alone reads best; the section is added only where two sections share a slug.
    labels = [topic.slug if slugs.count(topic.slug) == 1 else topic.name for topic in topics]
    return _bar_chart(
        f"Topics opened{_period(summary)}",
        labels,
        [
            ("Opened", [topic.opens for topic in topics]),
            ("Read to the last page", [topic.completed for topic in topics]),
        ],
        size,
        x_label_rotation=25 if len(topics) > 4 else 0,
    )


def _days_chart(summary: Summary, size: tuple[int, int]) -> ET.Element:
    days = summary.sessions_per_day
    every = max(1, math.ceil(len(days) / 15))  # at most 15 dates on the axis
    return _bar_chart(
        "Sessions per day",
        [day.isoformat() for day, _count in days],
        [("Sessions", [count for _day, count in days])],
        size,
        x_label_rotation=30 if len(days) > 7 else 0,
        x_labels_major_every=every,
        show_minor_x_labels=every == 1,
    )


def _period(summary: Summary) -> str:
    if summary.period_start is None or summary.period_end is None:
        return ""
    return f", {summary.period_start.isoformat()} to {summary.period_end.isoformat()}"


def chart_svg(summary: Summary, size: tuple[int, int] = (1200, 800)) -> str:
    """Both bar charts, topics above and days below, as one SVG document of ``size`` pixels."""
    width, height = size
    top_height = height // 2
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "version": "1.2",
            "baseProfile": "tiny",
            "width": str(width),
            "height": str(height),
            "viewBox": f"0 0 {width} {height}",
        },
    )
    ET.SubElement(root, "title").text = "Kiosk usage"
    ET.SubElement(
        root, "rect", {"x": "0", "y": "0", "width": "100%", "height": "100%", "fill": _BACKGROUND}
    )
    charts = (
        (0, _topic_chart(summary, (width, top_height))),
        (top_height, _days_chart(summary, (width, height - top_height))),
    )
    for offset, chart in charts:
        group = ET.SubElement(root, "g", {"transform": f"translate(0,{offset})"})
        group.extend(child for child in chart if child.tag not in ("defs", "title"))
    return ET.tostring(root, encoding="unicode")


_application: object = None  # the QGuiApplication write_chart_png made, kept alive


def write_chart_png(summary: Summary, path: Path, size: tuple[int, int] = (1200, 800)) -> None:
    """Render ``chart_svg`` to a PNG of ``size`` pixels with Qt's SVG renderer.

    Needs a QGuiApplication for fonts; creates one when there is none (set
    ``QT_QPA_PLATFORM=offscreen`` first where there is no display). Raises OSError when the
    file cannot be written.
    """
    global _application  # noqa: PLW0603 - one application per process, made on first use
    from PySide6.QtCore import QByteArray, QRectF  # noqa: PLC0415 - Qt only for the PNG
    from PySide6.QtGui import (  # noqa: PLC0415
        QColor,
        QGuiApplication,
        QImage,
        QImageWriter,
        QPainter,
    )
    from PySide6.QtSvg import QSvgRenderer  # noqa: PLC0415

    if QGuiApplication.instance() is None:
        _application = QGuiApplication(["kiosk-stats"])
    width, height = size
    renderer = QSvgRenderer(QByteArray(chart_svg(summary, size).encode("utf-8")))
    if not renderer.isValid():  # pragma: no cover - chart_svg always makes valid SVG
        raise ValueError("the chart SVG could not be read by Qt")
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor(_BACKGROUND))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer.render(painter, QRectF(0, 0, width, height))
    painter.end()
    writer = QImageWriter(str(path), QByteArray(b"png"))
    if not writer.write(image):
        raise OSError(f"{path}: could not write the chart ({writer.errorString()})")
