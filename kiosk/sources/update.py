"""One check of the content source, and a rollback: the only code that changes the version shown.

A check: fetch (or copy), validate the new version with the kiosk's own validator, and switch
to it only if there are no errors. Anything that goes wrong (the remote does not answer, the
disk is full, the synced folder is still changing) ends the check with a message, and the
version shown stays. The running kiosk and ``kiosk content update`` call the same function;
the store's lock makes two at once take turns.
"""

from __future__ import annotations

import errno
import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from kiosk import APP_NAME
from kiosk.config import ContentSourceConfig
from kiosk.content.problems import Level
from kiosk.errors import ContentSourceError
from kiosk.sources.folder import FolderSource
from kiosk.sources.git import GitSource
from kiosk.sources.store import CheckState, VersionInfo, VersionStore

log = logging.getLogger(__name__)

Source = GitSource | FolderSource


@dataclass(frozen=True)
class Outcome:
    """What one check did. ``result``: "shown", "no change", "rejected", "failed", "waiting"."""

    result: str
    message: str
    version: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result in {"shown", "no change", "waiting"}


def versions_dir(config: ContentSourceConfig) -> Path:
    if config.versions_dir is not None:
        return config.versions_dir
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "content-versions"


def open_store(config: ContentSourceConfig) -> VersionStore:
    return VersionStore(versions_dir(config), keep=config.keep)


def make_source(config: ContentSourceConfig, store: VersionStore) -> Source:
    if config.git is not None:
        return GitSource(config.git, config.branch, store.root / "git", config.allowed_signers)
    if config.folder is not None:
        return FolderSource(config.folder, config.quiet_seconds)
    raise ValueError("no content source is configured")


def _errors(folder: Path) -> list[str]:
    """The validator's errors for a version (warnings do not stop it showing)."""
    from kiosk.content.validate import validate_folder  # noqa: PLC0415 - markdown, nh3: heavy

    problems = validate_folder(folder, grades=False)
    return [problem.format() for problem in problems if problem.level is Level.ERROR]


def _disk_message(error: OSError, store: VersionStore) -> str:
    if error.errno == errno.ENOSPC:
        return (
            f"the disk holding {store.root} is full; free some space (the kiosk keeps"
            f" {store.keep} versions: lower [content_source] keep to keep fewer)"
        )
    return f"cannot write the new version in {store.root} ({error.strerror or error})"


def check_now(source: Source, store: VersionStore) -> Outcome:
    """Fetch or copy, validate and, if it passes, switch. Never raises for a bad source."""
    with store.locked():
        state = store.state()
        try:
            outcome = _check(source, store, state)
        except ContentSourceError as error:
            outcome = Outcome("failed", str(error))
        except OSError as error:
            outcome = Outcome("failed", _disk_message(error, store))
        finally:
            shutil.rmtree(store.incoming, ignore_errors=True)
        state.checked = time.time()
        state.result, state.message = outcome.result, outcome.message
        if outcome.result == "rejected":
            state.rejected = outcome.version
        if outcome.result == "shown":  # the history keeps what came before
            state.held_back, state.rejected = [], None
        store.save_state(state)
    return outcome


def log_outcome(outcome: Outcome) -> None:
    """The running kiosk's log line of a check (``kiosk content update`` prints its own, so a
    problem is not said twice in the admin's terminal)."""
    level = logging.INFO if outcome.ok else logging.WARNING
    log.log(level, "content source: %s: %s", outcome.result, outcome.message)
    for problem in outcome.problems:
        log.warning("content source: rejected %s: %s", outcome.version, problem)


def _check(source: Source, store: VersionStore, state: CheckState) -> Outcome:
    shown = store.current_id()
    staged = store.staging_folder()
    if isinstance(source, GitSource):
        fetched = source.fetch()
        info = fetched.info
        if info.id == shown or info.id in state.held_back:
            return _unchanged(shown, info.id, state)
        if info.id == state.rejected:
            return Outcome("rejected", f"{info.describe()} was rejected before", info.id)
        refused = source.signature_problem(fetched)
        if refused is not None:
            return _reject(store, staged, info, [refused])
        source.write_out(fetched, staged)
    else:
        listing = source.listing()
        waiting = source.not_ready(listing)
        if waiting is not None:
            return Outcome("waiting", waiting, shown)
        version_id = source.copy_to(listing, staged)
        info = source.info(version_id)
        if version_id == shown or version_id in state.held_back:
            return _unchanged(shown, version_id, state)
    problems = _errors(staged)
    if problems:
        return _reject(store, staged, info, problems)
    store.add_good(staged, info)
    store.show(info.id)
    store.record("shown", info.id, source=info.source, previous=shown)
    return Outcome("shown", f"now showing {info.describe()}", info.id)


def _unchanged(shown: str | None, newest: str, state: CheckState) -> Outcome:
    if newest != shown:  # held back by a rollback
        return Outcome(
            "no change",
            f"{newest} was rolled back from; showing {shown} until a newer version",
            shown,
        )
    return Outcome("no change", f"still showing {shown}, the newest version", shown)


def _reject(store: VersionStore, staged: Path, info: VersionInfo, problems: list[str]) -> Outcome:
    store.add_rejected(staged, info, problems)
    store.record("rejected", info.id, source=info.source, problems=problems)
    count = f"{len(problems)} error" + ("" if len(problems) == 1 else "s")
    return Outcome(
        "rejected",
        f"{info.describe()} has {count}, so it does not show; the kiosk keeps showing"
        f" {store.current_id() or 'its content folder'} (see `kiosk content status`)",
        info.id,
        problems,
    )


def roll_back(store: VersionStore, to: str | None = None) -> Outcome:
    """Show an earlier good version (``to``, or the one before the version shown). It stays
    until a version newer than the ones rolled back from arrives."""
    with store.locked():
        shown = store.current_id()
        versions = [info.id for info in store.versions()]
        if to is None:
            older = versions[versions.index(shown) + 1 :] if shown in versions else []
            if not older:
                return Outcome("failed", "there is no earlier good version on this kiosk", shown)
            to = older[0]
        elif to not in versions:
            known = ", ".join(versions) or "none"
            return Outcome("failed", f"no good version {to!r} here; versions on disk: {known}")
        state = store.state()
        # Everything newer than the target, as shown: not shown again by the next check.
        newer = versions[: versions.index(to)]
        state.held_back = sorted({*state.held_back, *newer} - {to})
        store.show(to)
        store.save_state(state)
        store.record("rolled back", to, previous=shown)
    log.info("content source: rolled back from %s to %s", shown, to)
    return Outcome("shown", f"rolled back from {shown} to {to}", to)
