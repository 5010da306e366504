"""Health signals for a clinic's IT (``[health]`` in kiosk.toml; all off until set): a JSON
status file and Prometheus metrics rewritten every minute, and a heartbeat to a push monitor.

The figures say how the kiosk is, never anything about patients: no page read, no words, only
counts and times. Files are written to a temporary file and renamed, so a reader never sees
half of one. The heartbeat runs on a thread of its own with a short timeout: a server that
refuses, hangs or answers 500 never slows the screen. A folder that cannot be written, or a
heartbeat that fails, is logged once, and again at most once an hour.

The metrics follow the text format node_exporter's textfile collector reads (the format of
``prometheus_client``; the kiosk writes the few lines itself rather than carry the library).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer

from kiosk import __version__
from kiosk.config import HealthConfig
from kiosk.memory import resident_kib
from kiosk.session import Closed, Session, TimerFactory

log = logging.getLogger(__name__)

WRITE_EVERY_MS = 60_000
HEARTBEAT_TIMEOUT = 10.0  # seconds
REPEAT_WARNING_SECONDS = 3600.0
METRICS_FILE = "kiosk.prom"


@dataclass(frozen=True)
class Figures:
    """One look at the kiosk (times as Unix seconds, UTC)."""

    kiosk: str
    version: str
    started: float
    uptime_seconds: float
    content_folder: str
    content_loaded: float
    content_entries: int
    content_problems: int
    last_touch: float | None
    sessions_today: int
    resident_memory_bytes: int
    display_awake: bool
    # With [content_source]: source, version shown, last check, its result, the last rejected.
    content_source: dict[str, Any] | None = None


class Warnings:
    """Logs a problem once, and again at most once an hour while it lasts."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last: dict[str, float] = {}

    def warn(self, topic: str, message: str, *args: object) -> None:
        now = self._clock()
        last = self._last.get(topic)
        if last is None or now - last >= REPEAT_WARNING_SECONDS:
            self._last[topic] = now
            log.warning(message, *args)

    def clear(self, topic: str) -> None:
        if self._last.pop(topic, None) is not None:
            log.info("%s works again", topic)


def write_atomically(path: Path, text: str) -> None:
    """``text`` into ``path`` by a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        Path(temporary).chmod(0o644)  # read by a monitoring agent; it holds nothing secret
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def status_json(figures: Figures) -> str:
    data = asdict(figures)
    for key in ("started", "content_loaded", "last_touch"):
        if data[key] is not None:
            data[key] = dt.datetime.fromtimestamp(data[key], dt.UTC).isoformat(timespec="seconds")
    return json.dumps(data, indent=2) + "\n"


def _label(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


Metric = tuple[str, str, str, Callable[[Figures], float]]  # name, type, help, value
METRICS: tuple[Metric, ...] = (
    ("up", "gauge", "1 while the kiosk runs (the file's age says when it stopped)", lambda f: 1),
    ("start_time_seconds", "gauge", "When the kiosk started", lambda f: f.started),
    ("uptime_seconds", "gauge", "Seconds since the kiosk started", lambda f: f.uptime_seconds),
    (
        "content_loaded_time_seconds",
        "gauge",
        "When the content was last loaded",
        lambda f: f.content_loaded,
    ),
    ("content_entries", "gauge", "Topics and treatments shown", lambda f: f.content_entries),
    ("content_problems", "gauge", "Problems kiosk validate reports", lambda f: f.content_problems),
    (
        "last_touch_time_seconds",
        "gauge",
        "When the screen was last touched (0: not since start)",
        lambda f: f.last_touch or 0,
    ),
    ("sessions_today", "gauge", "Patient sessions begun today", lambda f: f.sessions_today),
    (
        "resident_memory_bytes",
        "gauge",
        "Resident memory of the kiosk's process",
        lambda f: f.resident_memory_bytes,
    ),
    ("display_awake", "gauge", "1 while the display is on", lambda f: int(f.display_awake)),
    (
        "content_rejected",
        "gauge",
        "1 while the newest version of the content source is rejected (see kiosk content status)",
        lambda f: int(bool(f.content_source and f.content_source["result"] == "rejected")),
    ),
)


def metrics_text(figures: Figures) -> str:
    """The figures in Prometheus' text format, every sample labelled with the kiosk's name."""
    labels = f'kiosk="{_label(figures.kiosk)}"'
    lines = [
        "# HELP patient_kiosk_info The kiosk's version",
        "# TYPE patient_kiosk_info gauge",
        f'patient_kiosk_info{{{labels},version="{_label(figures.version)}"}} 1',
    ]
    for name, kind, text, value in METRICS:
        lines += [
            f"# HELP patient_kiosk_{name} {text}",
            f"# TYPE patient_kiosk_{name} {kind}",
            f"patient_kiosk_{name}{{{labels}}} {float(value(figures))!r}",
        ]
    return "\n".join(lines) + "\n"


class Heartbeat:
    """GETs ``url`` every ``interval`` seconds on its own thread; keeps the last result."""

    def __init__(self, url: str, interval: float, warnings: Warnings) -> None:
        self.url = url
        self.interval = interval
        self.last_result = "not sent yet"
        self._warnings = warnings
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def beat(self) -> bool:
        """One heartbeat, now; True if the monitor took it."""
        # urllib's HTTP client loads OpenSSL, http.client and email (22 ms; with the PIN's
        # hashlib, 7 MiB of the kiosk's memory at Home, measured): only a kiosk that sends
        # heartbeats pays for it.
        import urllib.error  # noqa: PLC0415
        import urllib.request  # noqa: PLC0415

        stamp = dt.datetime.now().strftime("%H:%M")
        try:  # the URL is http(s): kiosk.toml's check says so
            with urllib.request.urlopen(self.url, timeout=HEARTBEAT_TIMEOUT) as answer:
                status = answer.status
        except (urllib.error.URLError, OSError, ValueError) as exc:
            self.last_result = f"failed at {stamp}: {exc}"
            self._warnings.warn("heartbeat", "heartbeat to %s failed: %s", self.url, exc)
            return False
        self.last_result = f"ok at {stamp} (HTTP {status})"
        self._warnings.clear("heartbeat")
        return True

    def _run(self) -> None:
        while not self._stop.is_set():
            self.beat()
            self._stop.wait(self.interval)


class HealthReporter(QObject):
    """Writes the status file and the metrics every minute, and runs the heartbeat."""

    def __init__(
        self,
        session: Session,
        health: HealthConfig,
        *,
        timer_factory: TimerFactory = QTimer,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(session)
        self.session = session
        self.health = health
        self._clock = clock
        self.started = clock()
        self._sessions: dict[dt.date, int] = {}
        self._warnings = Warnings()
        self.content_source: Callable[[], dict[str, Any]] | None = None  # the app's, if any
        self.heartbeat = (
            Heartbeat(health.heartbeat_url, health.heartbeat_interval, self._warnings)
            if health.heartbeat_url
            else None
        )
        session.visit_started.connect(self._visit_started)
        self._timer = timer_factory()
        self._timer.setParent(self)
        self._timer.setInterval(WRITE_EVERY_MS)
        self._timer.timeout.connect(self.write)

    def start(self) -> None:
        if self.heartbeat is not None:
            self.heartbeat.start()
        if self.health.status_file or self.health.textfile_dir:
            self.write()
            self._timer.start()
            # New content (a reload, a new version) shows in the files at once, not a minute on.
            self.session.library_changed.connect(lambda _library: self.write())

    def stop(self) -> None:
        if self.heartbeat is not None:
            self.heartbeat.stop()

    def _visit_started(self) -> None:
        today = dt.date.today()
        self._sessions = {today: self._sessions.get(today, 0) + 1}

    def figures(self) -> Figures:
        now = self._clock()
        library = self.session.library
        return Figures(
            kiosk=self.session.config.kiosk_label,
            version=__version__,
            started=self.started,
            uptime_seconds=round(now - self.started, 1),
            content_folder=str(library.root),
            content_loaded=library.loaded_at.timestamp(),
            content_entries=library.shown_count,
            content_problems=library.problem_count,
            last_touch=self.session.last_activity,
            sessions_today=self._sessions.get(dt.date.today(), 0),
            resident_memory_bytes=resident_kib() * 1024,
            display_awake=not isinstance(self.session.place.screen, Closed),
            content_source=self.content_source() if self.content_source else None,
        )

    def write(self) -> None:
        figures = self.figures()
        files: list[tuple[str, Path | None, str]] = [
            ("status file", self.health.status_file, status_json(figures)),
            (
                "metrics file",
                self.health.textfile_dir / METRICS_FILE if self.health.textfile_dir else None,
                metrics_text(figures),
            ),
        ]
        for topic, path, text in files:
            if path is None:
                continue
            try:
                write_atomically(path, text)
            except OSError as exc:
                self._warnings.warn(topic, "cannot write the %s %s: %s", topic, path, exc)
            else:
                self._warnings.clear(topic)
