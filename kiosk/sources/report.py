"""What ``kiosk content status`` and ``history`` print, and the admin screen's line."""

from __future__ import annotations

import datetime as dt
import shutil
from typing import Any

from kiosk.config import ContentSourceConfig
from kiosk.sources.store import VersionStore
from kiosk.sources.update import make_source


def _when(seconds: float | None) -> str:
    if seconds is None:
        return "never"
    return dt.datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M:%S")


def source_line(config: ContentSourceConfig, store: VersionStore) -> str:
    return make_source(config, store).describe()


def status_lines(config: ContentSourceConfig, store: VersionStore) -> list[str]:
    """Source, version shown and since when, the last check, and a rejected version's problems."""
    lines = [f"source: {source_line(config, store)}"]
    if config.git is not None and shutil.which("git") is None:
        lines.append("  git is not installed on this machine: apt-get install git")
    shown = store.current_id()
    info = store.version(shown) if shown else None
    if info is None:
        lines.append("shown: no version yet (the kiosk shows its content folder until one arrives)")
    else:
        lines.append(f"shown: {info.describe()}, since {_when(_shown_since(store, info.id))}")
    state = store.state()
    lines.append(f"last check: {_when(state.checked)}: {state.result or '-'}: {state.message}")
    if state.held_back:
        lines.append(
            "rolled back: " + ", ".join(state.held_back) + " will not show again;"
            " the next new version will"
        )
    if state.rejected is not None:
        problems = store.rejected_problems(state.rejected)
        lines.append(f"last rejected: {state.rejected}, kept in {store.rejected / state.rejected}")
        lines += [f"  {problem}" for problem in problems]
    return lines


def _shown_since(store: VersionStore, version_id: str) -> float | None:
    for event in reversed(store.history()):
        if event.get("version") == version_id and event.get("event") in {"shown", "rolled back"}:
            return float(event["time"])
    info = store.version(version_id)
    return info.arrived if info else None


def history_lines(store: VersionStore, events: int = 20) -> list[str]:
    """The good versions on disk (newest first, the one shown marked), then the last events."""
    shown = store.current_id()
    lines = ["versions on this kiosk (roll back with `kiosk content rollback VERSION`):"]
    versions = store.versions()
    if not versions:
        lines.append("  none yet")
    for info in versions:
        mark = "*" if info.id == shown else " "
        lines.append(f"{mark} {info.describe()}, arrived {_when(info.arrived)}")
    lines.append("events:")
    for event in store.history()[-events:]:
        what = f"  {_when(event.get('time'))} {event.get('event')} {event.get('version')}"
        if event.get("problems"):
            what += f" ({len(event['problems'])} error(s))"
        lines.append(what)
    return lines


def source_status(config: ContentSourceConfig, store: VersionStore) -> dict[str, Any]:
    """For the health status file: what a monitoring tool would alert on."""
    state = store.state()
    checked = state.checked
    return {
        "source": source_line(config, store),
        "version": store.current_id(),
        "last_check": None
        if checked is None
        else dt.datetime.fromtimestamp(checked, dt.UTC).isoformat(timespec="seconds"),
        "result": state.result or None,
        "message": state.message or None,
        "rejected": state.rejected,
    }


def admin_line(config: ContentSourceConfig, store: VersionStore) -> str:
    """One line for the admin screen."""
    state = store.state()
    shown = store.current_id() or "the content folder"
    line = f"{source_line(config, store)}: showing {shown}; last check {_when(state.checked)}"
    line += f" ({state.result or '-'})"
    if state.rejected is not None:
        line += f"; rejected {state.rejected}"
    return line
