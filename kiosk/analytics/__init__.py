"""Anonymous usage analytics: what patients read, never who they are.

``events`` defines what may be recorded, ``store`` writes it to SQLite off the UI thread,
``report`` turns a database into the figures of ``kiosk stats`` and ``chart`` draws them. All but
``chart.write_chart_png`` are Qt-free, and ``chart`` is not imported here, so recording and
``kiosk stats`` without ``--chart`` do not load the charting library.
"""

from __future__ import annotations

from kiosk.analytics.events import EVENT_KINDS, Event, event_problem, new_session_id
from kiosk.analytics.report import (
    Summary,
    TopicFigures,
    UsageDataError,
    format_table,
    summarize,
    write_csv,
)
from kiosk.analytics.store import SCHEMA_VERSION, UsageRecorder

__all__ = [
    "EVENT_KINDS",
    "SCHEMA_VERSION",
    "Event",
    "Summary",
    "TopicFigures",
    "UsageDataError",
    "UsageRecorder",
    "event_problem",
    "format_table",
    "new_session_id",
    "summarize",
    "write_csv",
]
