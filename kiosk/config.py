"""Per-machine settings from ``kiosk.toml``, read so that a bad file never stops the kiosk.

Front-desk staff start the kiosk by double-clicking it; a typo in ``kiosk.toml`` must not leave
them with a black screen. So ``load_config`` never raises for bad input: it reads every key with
the kiosk's one schema mechanism (``kiosk.schema``, which also checks ``site.yaml`` and front
matter), collects every problem as a ``ConfigError`` (key, what is wrong, what to do), and uses
the built-in default for each bad key while keeping the good ones. The admin screen and the
``kiosk`` command line show the problems.

The same schema writes the commented sample file (``describe_defaults``), so the documentation of
the keys cannot drift from what is read. ``set_pin_hash`` is the only code that writes the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import re
import sys
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from kiosk import APP_NAME
from kiosk.errors import ConfigError
from kiosk.opening_hours import OpeningHours, OpeningHoursError, parse_opening_hours
from kiosk.pin import looks_like_pin_hash
from kiosk.schema import InvalidValueError, Key, check

__all__ = [
    "CONFIG_FILE_NAME",
    "ContentSourceConfig",
    "KioskConfig",
    "describe_defaults",
    "find_config_path",
    "load_config",
    "set_pin_hash",
    "usage_db_path",
]

CONFIG_FILE_NAME = "kiosk.toml"
SECRET_MODE = 0o600  # kiosk.toml holds the PIN hash: readable by its owner only

# Ends the message of a problem with the whole file, which is then not used at all.
_USING_DEFAULTS = "the kiosk is using the built-in defaults until this is fixed"


@dataclass(frozen=True)
class HealthConfig:
    """``[health]``: the signals a clinic's IT can watch; every one is off until set."""

    status_file: Path | None = None  # a JSON status, rewritten every minute
    textfile_dir: Path | None = None  # kiosk.prom for node_exporter's textfile collector
    heartbeat_url: str | None = None  # a push monitor's URL (healthchecks.io, Uptime Kuma)
    heartbeat_interval: float = 300.0  # seconds between heartbeats

    @property
    def enabled(self) -> bool:
        return any((self.status_file, self.textfile_dir, self.heartbeat_url))


@dataclass(frozen=True)
class ContentSourceConfig:
    """``[content_source]``: where a clinic group's content comes from. Neither ``git`` nor
    ``folder``: the content folder, with live reload, as always."""

    git: str | None = None  # a repository URL the kiosk fetches ``branch`` from
    branch: str = "main"
    folder: Path | None = None  # a folder something else fills (Syncthing, a share)
    check_every: float = 300.0  # seconds between checks
    quiet_seconds: float = 30.0  # a synced folder must be still this long before it is copied
    keep: int = 5  # good versions kept on disk (and offered to roll back to)
    versions_dir: Path | None = None  # None: the platform's data folder for this user
    allowed_signers: Path | None = None  # git: accept only commits signed by these SSH keys

    @property
    def enabled(self) -> bool:
        return self.git is not None or self.folder is not None


@dataclass(frozen=True)
class KioskConfig:
    """The settings the kiosk runs with; every field has a safe default, and these are the
    only place the defaults are written."""

    content_dir: Path | None = None
    fullscreen: bool = True
    idle_timeout: float = 60.0
    still_there_timeout: float = 20.0
    attract_delay: float = 30.0
    admin_pin_hash: str | None = None
    hide_cursor: bool = True
    log_dir: Path | None = None
    usage_db: Path | None = None
    usage_retention_days: float = 365.0
    usage_enabled: bool = True
    kiosk_label: str = "kiosk"
    reduced_motion: bool = False
    # A double tap's second touch comes 0.1-0.25 s after the first (kiosk.ui.touch_guard).
    touch_repeat_seconds: float = 0.3
    opening_hours: OpeningHours | None = None  # None: always open
    daily_restart: dt.time | None = None  # restart once a day at this time, when idle
    memory_limit_mb: float | None = None  # restart, when idle, above this resident memory
    health: HealthConfig = HealthConfig()
    content_source: ContentSourceConfig = ContentSourceConfig()
    source: Path | None = None  # the file these settings came from


_DEFAULTS = KioskConfig()
_FIELD_OF_KEY = {"content": "content_dir"}  # every other key names its field


def _number(value: float) -> str:
    """60.0 -> "60", 2.5 -> "2.5": numbers as a person would write them in kiosk.toml."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _describe(value: Any, *, secret: bool = False) -> str:
    """Name what a TOML value is, for "not ..." in a message."""
    if isinstance(value, bool):
        return "a true/false value" if secret else str(value).lower()
    if isinstance(value, int | float):
        return "a number" if secret else f"the number {value}"
    if isinstance(value, str):
        return "a string" if secret else f"the string {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def _toml_string(text: str) -> str:
    """Quote ``text`` as a TOML basic string."""
    escapes = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
    out = []
    for char in text:
        if char in escapes:
            out.append(escapes[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number(value)
    return _toml_string(str(value))


_BOOL_WORDS = frozenset({"true", "false", "yes", "no", "on", "off"})


def _boolean(key: str) -> Callable[[Any], bool]:
    def read(raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        hint = ""
        if isinstance(raw, str) and raw.strip().lower() in _BOOL_WORDS:
            hint = " (remove the quotes)"
        raise InvalidValueError(
            f"must be true or false without quotes, not {_describe(raw)}{hint};"
            f" write {key} = true or {key} = false"
        )

    return read


def _seconds(
    key: str, check_range: Callable[[float], str | None], default: float | None = None
) -> Callable[[Any], float]:
    """A number of seconds (or days), then ``check_range``'s verdict on it. The example in
    messages is the key's default (``KioskConfig``'s, unless given)."""
    default_text = _number(getattr(_DEFAULTS, key) if default is None else default)

    def read(raw: Any) -> float:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            if not math.isfinite(raw):
                raise InvalidValueError(
                    f"must be a number of seconds, not {_describe(raw)};"
                    f" write, for example, {key} = {default_text}"
                )
            wrong = check_range(float(raw))
            if wrong is not None:
                raise InvalidValueError(wrong)
            return float(raw)
        suggestion, hint = default_text, ""
        if isinstance(raw, str):
            with contextlib.suppress(ValueError):
                number = float(raw.strip())
                if math.isfinite(number):
                    suggestion, hint = _number(number), " (remove the quotes)"
        raise InvalidValueError(
            f"must be a number of seconds without quotes, not {_describe(raw)}{hint};"
            f" write, for example, {key} = {suggestion}"
        )

    return read


def _repeat_window(value: float) -> str | None:
    if 0 <= value <= 2:
        return None
    return (
        f"must be from 0 (off) to 2 seconds, not {_number(value)}; 0.3 takes a double tap as"
        " one touch, 1 or more suits a hand that shakes"
    )


def _at_least(minimum: float, why: str = "") -> Callable[[float], str | None]:
    def check_range(value: float) -> str | None:
        if value >= minimum:
            return None
        reason = f" ({why})" if why else ""
        return (
            f"must be at least {_number(minimum)} seconds{reason}, not {_number(value)};"
            f" set it to {_number(minimum)} or more"
        )

    return check_range


def _idle_range(value: float) -> str | None:
    if value == 0 or value >= 10:
        return None
    return (
        f"must be 0 (never reset) or at least 10 seconds, not {_number(value)};"
        " set it to 10 or more, or to 0 for staff-assisted use"
    )


def _text(key: str, check_text: Callable[[str], str | None]) -> Callable[[Any], str]:
    example = getattr(_DEFAULTS, key)

    def read(raw: Any) -> str:
        if not isinstance(raw, str):
            raise InvalidValueError(
                f"must be text in double quotes, not {_describe(raw)};"
                f" write, for example, {key} = {_toml_string(example)}"
            )
        wrong = check_text(raw)
        if wrong is not None:
            raise InvalidValueError(wrong)
        return raw

    return read


def _label(value: str) -> str | None:
    if not value.strip():
        return 'must not be empty; name this kiosk, for example kiosk_label = "waiting-room-1"'
    if any(not char.isprintable() for char in value):
        return 'must be one line of plain text; name this kiosk, for example "waiting-room-1"'
    return None


def _pin_hash(raw: Any) -> str:
    # Never echo the value: someone may have typed the PIN itself here.
    if not isinstance(raw, str):
        raise InvalidValueError(
            f"must be text in double quotes, not {_describe(raw, secret=True)};"
            " run `kiosk set-pin` to store it"
        )
    if not looks_like_pin_hash(raw):
        raise InvalidValueError(
            "is not a PIN hash made by `kiosk set-pin` (never write the PIN itself here);"
            " run `kiosk set-pin` to store a new admin PIN"
        )
    return raw


def _path(key: str, example: str) -> Callable[[Any], Path]:
    """A path as written; ``load_config`` reads a relative one from the file's folder."""

    def read(raw: Any) -> Path:
        if not isinstance(raw, str):
            raise InvalidValueError(
                f"must be text in double quotes, not {_describe(raw)};"
                f" write, for example, {key} = {_toml_string(example)}"
            )
        if not raw.strip():
            raise InvalidValueError(
                f'must not be empty; give a folder or file path such as "{example}",'
                " or remove the line to use the default"
            )
        try:
            return Path(raw).expanduser()
        except RuntimeError:  # "~user/..." for a user this machine does not know
            raise InvalidValueError(
                f"starts with a home folder that this machine does not know ({raw!r});"
                " write the full path instead"
            ) from None

    return read


def _opening_hours(raw: Any) -> OpeningHours:
    if not isinstance(raw, str):
        raise InvalidValueError(
            f"must be text in double quotes, not {_describe(raw)}; write, for example,"
            ' opening_hours = "Mon-Fri 07:30-18:00, Sat 09:00-13:00"'
        )
    try:
        return parse_opening_hours(raw)
    except OpeningHoursError as error:
        raise InvalidValueError(f"{error}; until it is fixed the kiosk stays open") from None


def _time_of_day(raw: Any) -> dt.time:
    if isinstance(raw, str) and re.fullmatch(r"\d{1,2}:\d{2}", raw.strip()):
        hours, minutes = (int(n) for n in raw.strip().split(":"))
        if hours < 24 and minutes < 60:
            return dt.time(hours, minutes)
    raise InvalidValueError(
        f"must be a time of day in double quotes, not {_describe(raw)}; write, for example,"
        ' daily_restart = "04:00"'
    )


def _megabytes(raw: Any) -> float:
    number = isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw)
    if number and raw >= 200:
        return float(raw)
    raise InvalidValueError(
        f"must be a number of megabytes, at least 200, not {_describe(raw)};"
        " write, for example, memory_limit_mb = 800"
    )


_KEYS = (
    Key(
        "content",
        _path("content", "content"),
        "Folder of markdown content; a relative path is read from this file's folder."
        " Not set: the content that comes with the kiosk.",
        example="content",
    ),
    Key(
        "fullscreen",
        _boolean("fullscreen"),
        "Fill the screen (true) or run in a window for trying it out (false).",
    ),
    Key(
        "idle_timeout",
        _seconds("idle_timeout", _idle_range),
        'Seconds without a touch before "Still there?" appears; 0 never resets'
        " (staff-assisted use), otherwise at least 10.",
    ),
    Key(
        "still_there_timeout",
        _seconds(
            "still_there_timeout",
            _at_least(20, "people need at least 20 s to answer, WCAG 2.2.1"),
        ),
        'Seconds "Still there?" waits for a tap before going back to the start; at least 20'
        " (WCAG 2.2.1).",
    ),
    Key(
        "attract_delay",
        _seconds("attract_delay", _at_least(5)),
        "Seconds without a touch on the Home screen before the attract screen; at least 5.",
    ),
    Key(
        "admin_pin_hash",
        _pin_hash,
        "Salted hash of the admin PIN; set it with `kiosk set-pin`, never write the PIN here.",
        example="scrypt$16384$8$1$...",
    ),
    Key("hide_cursor", _boolean("hide_cursor"), "Hide the mouse pointer (true for touchscreens)."),
    Key(
        "log_dir",
        _path("log_dir", "logs"),
        "Folder for log files; a relative path is read from this file's folder."
        " Not set: the system's usual log folder for this user.",
        example="logs",
    ),
    Key(
        "usage_db",
        _path("usage_db", "usage.sqlite3"),
        "SQLite file for the anonymous usage counts; a relative path is read from this file's"
        " folder. Not set: the system's usual data folder for this user.",
        example="usage.sqlite3",
    ),
    Key(
        "usage_retention_days",
        _seconds("usage_retention_days", _at_least(1)),
        "Days the usage counts are kept; older rows are deleted at start-up. At least 1.",
    ),
    Key(
        "usage_enabled",
        _boolean("usage_enabled"),
        "Count anonymous usage (which pages are read); false turns it off.",
    ),
    Key(
        "kiosk_label",
        _text("kiosk_label", _label),
        "Name of this kiosk in logs and usage reports, to tell kiosks of a clinic group apart.",
    ),
    Key(
        "opening_hours",
        _opening_hours,
        "When the clinic is open, in this machine's time: the display stays awake then, and"
        " sleeps outside (a touch wakes it for a few minutes). Not set: always open.",
        example="Mon-Fri 07:30-18:00, Sat 09:00-13:00",
    ),
    Key(
        "daily_restart",
        _time_of_day,
        "Restart the kiosk once a day at this time (local), as soon as nobody is using it;"
        " only under systemd, which starts it again. Not set: never.",
        example="04:00",
    ),
    Key(
        "memory_limit_mb",
        _megabytes,
        "Restart the kiosk, as soon as nobody is using it, if it uses more memory than this"
        " (MB; at least 200); only under systemd. Not set: no limit.",
        example="800",
    ),
    Key(
        "reduced_motion",
        _boolean("reduced_motion"),
        "No fading on the attract screen: its highlight changes at most every 20 s, all at"
        " once (for people whom movement unsettles).",
    ),
    Key(
        "touch_repeat_seconds",
        _seconds("touch_repeat_seconds", _repeat_window),
        "A touch that lands this soon after a new screen appears is taken as a repeat of the"
        " one that opened it (a double tap, a hand that shakes) and presses nothing; from 0"
        " (off) to 2. Pages still turn as fast as a finger flicks.",
    ),
)
_KEY_NAMES = [key.name for key in _KEYS]


def _web_address(raw: Any) -> str:
    if not isinstance(raw, str) or not re.match(r"^https?://[^\s/]+\S*$", raw.strip()):
        raise InvalidValueError(
            f"must be a web address starting with https:// (or http://), not {_describe(raw)};"
            ' write, for example, heartbeat_url = "https://hc-ping.com/your-check-id"'
        )
    return raw.strip()


HEALTH_KEYS = (
    Key(
        "status_file",
        _path("status_file", "kiosk-status.json"),
        "A JSON file the kiosk rewrites every minute: version, uptime, content, last touch,"
        " sessions today, memory, display.",
        example="/var/lib/patient-kiosk/status.json",
    ),
    Key(
        "textfile_dir",
        _path("textfile_dir", "/var/lib/prometheus/node-exporter"),
        "Folder for kiosk.prom, the same figures as Prometheus metrics (node_exporter's"
        " textfile collector).",
        example="/var/lib/prometheus/node-exporter",
    ),
    Key(
        "heartbeat_url",
        _web_address,
        "A push monitor's URL (healthchecks.io, Uptime Kuma) the kiosk calls every"
        " heartbeat_interval; it carries nothing about patients.",
        example="https://hc-ping.com/your-check-id",
    ),
    Key(
        "heartbeat_interval",
        _seconds("heartbeat_interval", _at_least(30), HealthConfig.heartbeat_interval),
        "Seconds between heartbeats; at least 30.",
    ),
)


def _git_url(raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip() or any(c.isspace() for c in raw.strip()):
        raise InvalidValueError(
            f"must be a repository address in double quotes, not {_describe(raw)}; write, for"
            ' example, git = "https://github.com/your-clinic/kiosk-content.git"'
        )
    return raw.strip()


def _branch(raw: Any) -> str:
    if not isinstance(raw, str) or not re.fullmatch(r"[\w./-]+", raw) or ".." in raw:
        raise InvalidValueError(
            f'must be a branch name in double quotes, not {_describe(raw)}; write branch = "main"'
        )
    return raw


def _version_count(raw: Any) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool) and 2 <= raw <= 100:
        return raw
    raise InvalidValueError(
        f"must be a whole number from 2 to 100, not {_describe(raw)}; write, for example, keep = 5"
    )


CONTENT_SOURCE_KEYS = (
    Key(
        "git",
        _git_url,
        "A git repository to follow (https:// or an SSH address); each version is checked"
        " with `kiosk validate` before it shows.",
        example="https://github.com/your-clinic/kiosk-content.git",
    ),
    Key("branch", _branch, "The branch of the repository to show."),
    Key(
        "folder",
        _path("folder", "/srv/kiosk-content"),
        "Or: a folder something else fills (Syncthing, OneDrive, a share); copied once it has"
        " been quiet for quiet_seconds and holds no half-synced files.",
        example="/srv/kiosk-content",
    ),
    Key(
        "check_every",
        _seconds("check_every", _at_least(10), ContentSourceConfig.check_every),
        "Seconds between checks for a new version; at least 10.",
    ),
    Key(
        "quiet_seconds",
        _seconds("quiet_seconds", _at_least(0), ContentSourceConfig.quiet_seconds),
        "Seconds a synced folder must be unchanged before it is copied.",
    ),
    Key("keep", _version_count, "How many good versions stay on disk to roll back to."),
    Key(
        "versions_dir",
        _path("versions_dir", "content-versions"),
        "Where the versions are kept. Not set: the system's usual data folder for this user.",
        example="/var/lib/patient-kiosk/content-versions",
    ),
    Key(
        "allowed_signers",
        _path("allowed_signers", "allowed_signers"),
        "git only: accept a commit only if it is signed with one of these SSH keys (the format"
        " of git's gpg.ssh.allowedSignersFile).",
        example="allowed_signers",
    ),
)


def _read_section(
    name: str, raw: Any, keys: tuple[Key, ...], base_dir: Path, problems: list[ConfigError]
) -> dict[str, Any]:
    """A ``[name]`` table, each key checked on its own: a bad one keeps its default, the rest
    work. Relative paths are read from the folder of kiosk.toml."""
    if not isinstance(raw, dict):
        problems.append(
            ConfigError(name, f"must be a table: a line [{name}], then its keys below it")
        )
        return {}
    checked = check(raw, keys)
    for finding in checked.findings:
        problems.append(ConfigError(f"{name}.{finding.key}", finding.message))
    return {
        key: base_dir / value if isinstance(value, Path) and not value.is_absolute() else value
        for key, value in checked.values.items()
    }


def _read_content_source(
    raw: Any, base_dir: Path, problems: list[ConfigError]
) -> ContentSourceConfig:
    values = _read_section("content_source", raw, CONTENT_SOURCE_KEYS, base_dir, problems)
    if "git" in values and "folder" in values:
        problems.append(
            ConfigError(
                "content_source",
                "has both git and folder; keep the one this kiosk should follow and delete the"
                " other; until then the kiosk shows its content folder",
            )
        )
        return ContentSourceConfig()
    return ContentSourceConfig(**values)


def _syntax_error_line(error: ValueError) -> tuple[int | None, str]:
    """Split tomllib's "Message (at line 3, column 5)" into (3, "Message")."""
    text = str(error)
    match = re.search(r"\s*\(at line (\d+), column \d+\)\s*$", text)
    if match is None:
        return None, re.sub(r"\s*\(at end of document\)\s*$", "", text)
    return int(match.group(1)), text[: match.start()]


def _read_table(path: Path) -> tuple[dict[str, Any] | None, ConfigError | None]:
    """Read and parse the file; on failure, the problem with the whole file."""
    where = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, ConfigError(
            where,
            f"config file not found; check the --config path or create {CONFIG_FILE_NAME}"
            f" there; {_USING_DEFAULTS}",
        )
    except IsADirectoryError:
        return None, ConfigError(
            where,
            f"is a folder, not a file; point --config at {CONFIG_FILE_NAME}; {_USING_DEFAULTS}",
        )
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        return None, ConfigError(
            where,
            f"cannot read the config file ({reason}); let the kiosk's user account read it;"
            f" {_USING_DEFAULTS}",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, ConfigError(
            where, f"is not UTF-8 text; save it with UTF-8 encoding; {_USING_DEFAULTS}"
        )
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as error:
        line, detail = _syntax_error_line(error)
        at = f" on line {line}" if line is not None else " at the end of the file"
        return None, ConfigError(
            where,
            f"TOML syntax error{at}: {detail}; fix that line (text needs double quotes,"
            f" true/false and numbers do not); {_USING_DEFAULTS}",
        )


def find_config_path(
    explicit: Path | None,
    *,
    frozen_executable: Path | None = None,
    cwd: Path | None = None,
) -> Path | None:
    """Where to read ``kiosk.toml`` from, or None for the built-in defaults.

    ``--config PATH`` wins, even when the file is missing, so that ``load_config`` reports it.
    Otherwise ``kiosk.toml`` beside the packaged executable (the one staff double-click), then in
    the current folder; each only if it exists, so that having no file is not a problem.
    ``frozen_executable`` defaults to ``sys.executable`` when running frozen (PyInstaller).
    """
    if explicit is not None:
        return explicit
    if frozen_executable is None and getattr(sys, "frozen", False):
        frozen_executable = Path(sys.executable)
    if frozen_executable is not None:
        beside = frozen_executable.parent / CONFIG_FILE_NAME
        if beside.is_file():
            return beside
    here = (cwd if cwd is not None else Path.cwd()) / CONFIG_FILE_NAME
    return here if here.is_file() else None


def load_config(path: Path | None) -> tuple[KioskConfig, list[ConfigError]]:
    """Read ``path`` (None: built-in defaults) into a config and the list of its problems.

    Never raises for bad input. Each bad key or value gives one ``ConfigError`` naming the key and
    saying what to do, and that key keeps its default; problems with the whole file (missing,
    unreadable, bad TOML) use the file's path as the key and give all defaults.
    """
    if path is None:
        return KioskConfig(), []
    table, file_error = _read_table(path)
    if table is None:
        # ``source`` names the file whose settings are in use: none of this one's are.
        return KioskConfig(), [file_error] if file_error else []
    keys_in_file = list(table)  # problems are listed in this order
    # The PIN itself, typed where its hash belongs: refused without a suggestion that would
    # repeat it, and never read.
    plain_pin = table.pop("admin_pin", None) is not None
    health_table = table.pop("health", None)
    source_table = table.pop("content_source", None)
    checked = check(table, _KEYS)
    base_dir = path.absolute().parent
    values: dict[str, Any] = {
        _FIELD_OF_KEY.get(key, key): base_dir / value
        if isinstance(value, Path) and not value.is_absolute()
        else value
        for key, value in checked.values.items()
    }
    problems = [ConfigError(finding.key, finding.message) for finding in checked.findings]
    if health_table is not None:
        values["health"] = HealthConfig(
            **_read_section("health", health_table, HEALTH_KEYS, base_dir, problems)
        )
    if source_table is not None:
        values["content_source"] = _read_content_source(source_table, base_dir, problems)
    if plain_pin:
        problems.append(
            ConfigError(
                "admin_pin",
                "unknown key 'admin_pin'; never write the PIN itself in kiosk.toml: delete this"
                " line and run `kiosk set-pin`, which stores admin_pin_hash",
            )
        )
    order = list(keys_in_file)
    problems.sort(key=lambda error: order.index(error.key.split(".")[0]))
    return KioskConfig(**values, source=path), problems


def _example(key: Key) -> str:
    """A key's example as TOML: a number as it is, anything else as text in quotes."""
    example = key.example or ""
    return example if example.isdigit() else _toml_string(example)


def describe_defaults() -> str:
    """A commented ``kiosk.toml`` listing every key, its default and what it does.

    Keys with a default value are written out (edit them in place); keys whose default is
    "not set" are commented out with an example. Loading this text gives the defaults.
    """
    lines = [
        f"# {CONFIG_FILE_NAME}: settings for this kiosk machine.",
        "# Every key is optional: delete a line to use the built-in default.",
        "# Text goes in double quotes; true/false and numbers do not.",
        "# Mistakes are listed on the admin screen; the kiosk still starts, with the default.",
    ]
    for key in _KEYS:
        default = getattr(_DEFAULTS, _FIELD_OF_KEY.get(key.name, key.name))
        lines.append("")
        lines.append(f"# {key.takes}")
        if default is None:
            lines.append(f"# {key.name} = {_example(key)}")
        else:
            lines.append(f"{key.name} = {_toml_value(default)}")
    tables = (
        ("health", "Signals for the clinic's IT, all off until set.", HEALTH_KEYS, False),
        (
            "content_source",
            "For a clinic group: follow a git repository or a synced folder (see the README);"
            " uncomment git or folder to start.",
            CONTENT_SOURCE_KEYS,
            True,
        ),
    )
    lines += ["", "# Tables come last: every key after a [table] line belongs to that table."]
    defaults = {"health": HealthConfig(), "content_source": ContentSourceConfig()}
    for name, what, keys, all_commented in tables:
        lines += ["", f"# {what}", f"[{name}]"]
        for key in keys:
            default = getattr(defaults[name], key.name)
            lines.append(f"# {key.takes}")
            if default is None:
                lines.append(f"# {key.name} = {_example(key)}")
            elif all_commented:
                lines.append(f"# {key.name} = {_toml_value(default)}")
            else:
                lines.append(f"{key.name} = {_toml_value(default)}")
    return "\n".join(lines) + "\n"


def usage_db_path(config: KioskConfig) -> Path:
    """kiosk.toml's ``usage_db``, else the platform's data folder for this user."""
    if config.usage_db is not None:
        return config.usage_db
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "usage.sqlite3"


_PIN_HASH_LINE = re.compile(r"""^\s*(?:admin_pin_hash|"admin_pin_hash"|'admin_pin_hash')\s*=""")
_TABLE_HEADER = re.compile(r"^\s*\[")


def set_pin_hash(path: Path, pin_hash: str) -> None:
    """Store ``pin_hash`` as ``admin_pin_hash`` in ``path``, keeping every other line as it is.

    Replaces an existing top-level ``admin_pin_hash`` line, or adds one before the first
    ``[table]`` (a key after a table header would belong to that table). Creates the file if it
    is missing. Written to a temporary file and renamed over the old one, so a power cut leaves
    the old file or the new one, never half of it; the new file is readable by its owner only.
    Raises ``ConfigError`` if ``pin_hash`` is not a hash from ``kiosk.pin.hash_pin`` or the file
    cannot be read or written.
    """
    if not looks_like_pin_hash(pin_hash):
        raise ConfigError(
            "admin_pin_hash", "is not a PIN hash; make one with kiosk.pin.hash_pin (kiosk set-pin)"
        )
    target = path.resolve() if path.is_symlink() else path
    try:
        old_text = target.read_bytes().decode("utf-8") if target.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(
            "admin_pin_hash",
            f"cannot read {target} ({error}); fix or remove the file and run `kiosk set-pin` again",
        ) from error

    newline = "\r\n" if "\r\n" in old_text else "\n"
    new_line = f"admin_pin_hash = {_toml_string(pin_hash)}{newline}"
    lines = old_text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    first_table = next((i for i, line in enumerate(lines) if _TABLE_HEADER.match(line)), len(lines))
    existing = [i for i in range(first_table) if _PIN_HASH_LINE.match(lines[i])]
    if existing:
        lines[existing[0]] = new_line
        # A second top-level line would make the file invalid TOML; keep only the new one.
        for i in reversed(existing[1:]):
            del lines[i]
    else:
        lines.insert(first_table, new_line)

    try:
        _write_atomically(target, "".join(lines).encode("utf-8"))
    except OSError as error:
        raise ConfigError(
            "admin_pin_hash",
            f"cannot write {target} ({error.strerror or error});"
            " let the kiosk's user account write that folder and run `kiosk set-pin` again",
        ) from error


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it.

    The file holds the PIN hash, so it is made readable by its owner only (0600). Its owner
    stays the old file's (``kiosk set-pin`` run with sudo must not take the file away from
    the kiosk's own user account).
    """
    owner = None
    with contextlib.suppress(OSError):
        old = path.stat()
        owner = (old.st_uid, old.st_gid)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)  # mkstemp makes it 0600 already; chmod says so where it may not
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp.chmod(SECRET_MODE)
        if owner is not None and hasattr(os, "chown") and owner != (os.getuid(), os.getgid()):
            with contextlib.suppress(PermissionError):  # only root may give a file away
                os.chown(temp, *owner)
        temp.replace(path)  # os.replace: atomic on POSIX and Windows
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
