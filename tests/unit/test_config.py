"""Tests for kiosk.config: finding and reading kiosk.toml, and never failing on a bad one.

Every bad key or value must come back as a ConfigError that names the key and the fix, with the
default used for that key and every good key still applied.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import math
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.config import (
    CONFIG_FILE_NAME,
    ContentSourceConfig,
    HealthConfig,
    KioskConfig,
    describe_defaults,
    find_config_path,
    load_config,
    set_pin_hash,
)
from kiosk.errors import ConfigError
from kiosk.opening_hours import parse_opening_hours


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


# Shaped like kiosk.pin.hash_pin's output without paying for scrypt (config only checks the shape).
PIN_HASH = f"scrypt$16384$8$1${_b64(bytes(range(16)))}${_b64(bytes(range(32)))}"
OTHER_PIN_HASH = f"scrypt$16384$8$1${_b64(bytes(16))}${_b64(bytes(32))}"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / CONFIG_FILE_NAME
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[tuple[str, str]]:
    return [(error.key, error.message) for error in load_config(path)[1]]


# --- find_config_path ----------------------------------------------------------------------------


def test_explicit_path_wins_even_when_missing(tmp_path: Path) -> None:
    write(tmp_path, "")
    missing = tmp_path / "elsewhere" / "my.toml"
    assert find_config_path(missing, frozen_executable=tmp_path / "kiosk", cwd=tmp_path) == missing


def test_frozen_app_reads_the_file_beside_the_executable(tmp_path: Path) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (app / CONFIG_FILE_NAME).write_text("", encoding="utf-8")
    other = tmp_path / "cwd"
    other.mkdir()
    (other / CONFIG_FILE_NAME).write_text("", encoding="utf-8")
    found = find_config_path(None, frozen_executable=app / "kiosk.exe", cwd=other)
    assert found == app / CONFIG_FILE_NAME


def test_frozen_app_without_a_file_beside_it_falls_back_to_the_current_folder(
    tmp_path: Path,
) -> None:
    app = tmp_path / "app"
    app.mkdir()
    write(tmp_path, "")
    assert find_config_path(None, frozen_executable=app / "kiosk.exe", cwd=tmp_path) == (
        tmp_path / CONFIG_FILE_NAME
    )
    assert find_config_path(None, frozen_executable=app / "kiosk.exe", cwd=app) is None


def test_current_folder_file_is_used_when_not_frozen(tmp_path: Path) -> None:
    assert find_config_path(None, cwd=tmp_path) is None
    path = write(tmp_path, "")
    assert find_config_path(None, cwd=tmp_path) == path


def test_a_folder_named_kiosk_toml_is_not_a_config_file(tmp_path: Path) -> None:
    (tmp_path / CONFIG_FILE_NAME).mkdir()
    assert find_config_path(None, cwd=tmp_path) is None


def test_current_folder_defaults_to_the_process_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert find_config_path(None) is None
    path = write(tmp_path, "")
    found = find_config_path(None)
    assert found is not None
    assert found.samefile(path)


# --- load_config: good input ---------------------------------------------------------------------


def test_no_file_gives_the_built_in_defaults() -> None:
    config, problems = load_config(None)
    assert problems == []
    assert config == KioskConfig()
    assert config == KioskConfig(
        content_dir=None,
        fullscreen=True,
        idle_timeout=60.0,
        still_there_timeout=20.0,
        attract_delay=30.0,
        admin_pin_hash=None,
        hide_cursor=True,
        log_dir=None,
        usage_db=None,
        kiosk_label="kiosk",
        source=None,
    )


def test_empty_file_gives_defaults_and_names_its_source(tmp_path: Path) -> None:
    path = write(tmp_path, "# nothing set yet\n")
    assert load_config(path) == (KioskConfig(source=path), [])


FULL_FILE = f"""\
# Waiting room, ground floor
content = "/srv/kiosk/content"
fullscreen = false
idle_timeout = 90
still_there_timeout = 30.5
attract_delay = 12
admin_pin_hash = "{PIN_HASH}"
hide_cursor = false
log_dir = "/var/log/kiosk"
usage_db = "/var/lib/kiosk/usage.sqlite3"
usage_retention_days = 90
usage_enabled = false
kiosk_label = "waiting-room-1"
reduced_motion = true
touch_repeat_seconds = 1.0
opening_hours = "Mon-Fri 07:30-18:00"
daily_restart = "04:00"
memory_limit_mb = 900

[health]
status_file = "/var/lib/kiosk/status.json"

[content_source]
git = "https://git.clinic.example/kiosk-content.git"
branch = "waiting-rooms"
check_every = 120
keep = 3
versions_dir = "/var/lib/kiosk/versions"
allowed_signers = "/etc/kiosk/allowed_signers"
"""


def test_full_valid_file(tmp_path: Path) -> None:
    path = write(tmp_path, FULL_FILE)
    config, problems = load_config(path)
    assert problems == []
    assert config == KioskConfig(
        content_dir=Path("/srv/kiosk/content"),
        fullscreen=False,
        idle_timeout=90.0,
        still_there_timeout=30.5,
        attract_delay=12.0,
        admin_pin_hash=PIN_HASH,
        hide_cursor=False,
        log_dir=Path("/var/log/kiosk"),
        usage_db=Path("/var/lib/kiosk/usage.sqlite3"),
        usage_retention_days=90.0,
        usage_enabled=False,
        kiosk_label="waiting-room-1",
        reduced_motion=True,
        touch_repeat_seconds=1.0,
        opening_hours=parse_opening_hours("Mon-Fri 07:30-18:00"),
        daily_restart=dt.time(4, 0),
        memory_limit_mb=900.0,
        health=HealthConfig(status_file=Path("/var/lib/kiosk/status.json")),
        content_source=ContentSourceConfig(
            git="https://git.clinic.example/kiosk-content.git",
            branch="waiting-rooms",
            check_every=120.0,
            keep=3,
            versions_dir=Path("/var/lib/kiosk/versions"),
            allowed_signers=Path("/etc/kiosk/allowed_signers"),
        ),
        source=path,
    )
    assert isinstance(config.idle_timeout, float)


def test_every_setting_has_a_key(tmp_path: Path) -> None:
    # The full file changes every field, so no field of KioskConfig lacks a kiosk.toml key.
    config, _ = load_config(write(tmp_path, FULL_FILE))
    defaults = KioskConfig()
    unchanged = [
        name
        for name in (field.name for field in dataclasses.fields(KioskConfig))
        if name != "source" and getattr(config, name) == getattr(defaults, name)
    ]
    assert unchanged == []


def test_relative_paths_resolve_against_the_config_files_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "kiosk"
    folder.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    path = write(folder, 'content = "content"\nlog_dir = "logs"\nusage_db = "data/usage.db"\n')
    config, problems = load_config(path)
    assert problems == []
    assert config.content_dir == folder / "content"
    assert config.log_dir == folder / "logs"
    assert config.usage_db == folder / "data" / "usage.db"


def test_relative_config_path_still_resolves_against_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, 'content = "../shared/content"\n')
    monkeypatch.chdir(tmp_path)
    config, problems = load_config(Path(CONFIG_FILE_NAME))
    assert problems == []
    assert config.content_dir == tmp_path / ".." / "shared" / "content"


def test_home_folder_in_a_path_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))
    config, problems = load_config(write(tmp_path, 'content = "~/clinic"\n'))
    assert problems == []
    assert config.content_dir == tmp_path / "home" / "clinic"


def test_idle_timeout_zero_turns_idle_reset_off(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, "idle_timeout = 0\n"))
    assert problems == []
    assert config.idle_timeout == 0.0


def test_lowest_allowed_values_are_accepted(tmp_path: Path) -> None:
    text = "idle_timeout = 10\nstill_there_timeout = 20\nattract_delay = 5\n"
    config, problems = load_config(write(tmp_path, text))
    assert problems == []
    assert (config.idle_timeout, config.still_there_timeout, config.attract_delay) == (10, 20, 5)


# --- load_config: problems with the whole file -------------------------------------------------

USING_DEFAULTS = "the kiosk is using the built-in defaults until this is fixed"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    config, problems = load_config(path)
    assert config == KioskConfig()
    assert [(error.key, error.message) for error in problems] == [
        (
            str(path),
            "config file not found; check the --config path or create kiosk.toml there;"
            f" {USING_DEFAULTS}",
        )
    ]


def test_folder_instead_of_a_file(tmp_path: Path) -> None:
    assert problems_of(tmp_path) == [
        (str(tmp_path), f"is a folder, not a file; point --config at kiosk.toml; {USING_DEFAULTS}")
    ]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "fullscreen = false\n")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    config, problems = load_config(path)
    assert config == KioskConfig()
    assert [(error.key, error.message) for error in problems] == [
        (
            str(path),
            "cannot read the config file (Permission denied); let the kiosk's user account read"
            f" it; {USING_DEFAULTS}",
        )
    ]


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / CONFIG_FILE_NAME
    path.write_bytes('kiosk_label = "Zürich"\n'.encode("latin-1"))
    assert problems_of(path) == [
        (str(path), f"is not UTF-8 text; save it with UTF-8 encoding; {USING_DEFAULTS}")
    ]


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "fullscreen = false\n# a comment\ncontent = my folder\n")
    config, problems = load_config(path)
    assert config == KioskConfig()  # nothing from a broken file is used
    assert [(error.key, error.message) for error in problems] == [
        (
            str(path),
            "TOML syntax error on line 3: Invalid value; fix that line (text needs double"
            f" quotes, true/false and numbers do not); {USING_DEFAULTS}",
        )
    ]


def test_duplicate_key_is_a_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, "fullscreen = false\nfullscreen = true\n")
    [(key, message)] = problems_of(path)
    assert key == str(path)
    assert message.startswith("TOML syntax error on line 2: Cannot overwrite a value;")


# --- load_config: bad keys and values ----------------------------------------------------------


def test_unknown_key_suggests_the_near_miss(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, "idle_timout = 90\n"))
    assert config == KioskConfig(source=tmp_path / CONFIG_FILE_NAME)
    assert [(error.key, error.message) for error in problems] == [
        ("idle_timout", "unknown key 'idle_timout'; did you mean 'idle_timeout'?")
    ]
    assert (
        str(problems[0]) == "idle_timout: unknown key 'idle_timout'; did you mean 'idle_timeout'?"
    )


@pytest.mark.parametrize(
    ("key", "suggestion"),
    [
        ("Fullscreen", "fullscreen"),
        ("content_dir", "content"),
        ("hide_curser", "hide_cursor"),
        ("still_there", "still_there_timeout"),
        ("KIOSK_LABEL", "kiosk_label"),
    ],
)
def test_other_near_misses(tmp_path: Path, key: str, suggestion: str) -> None:
    assert problems_of(write(tmp_path, f"{key} = 1\n")) == [
        (key, f"unknown key {key!r}; did you mean {suggestion!r}?")
    ]


def test_unknown_key_without_a_near_miss_lists_the_known_keys(tmp_path: Path) -> None:
    assert problems_of(write(tmp_path, "[display]\nbrightness = 3\n")) == [
        (
            "display",
            "unknown key 'display'; it is ignored: check the spelling (known keys: content,"
            " fullscreen, idle_timeout, still_there_timeout, attract_delay, admin_pin_hash,"
            " hide_cursor, log_dir, usage_db, usage_retention_days, usage_enabled, kiosk_label,"
            " opening_hours, daily_restart, memory_limit_mb, reduced_motion,"
            " touch_repeat_seconds)",
        )
    ]


def test_plain_pin_key_is_refused_without_repeating_the_pin(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, 'admin_pin = "482915"\n'))
    assert config.admin_pin_hash is None
    assert [(error.key, error.message) for error in problems] == [
        (
            "admin_pin",
            "unknown key 'admin_pin'; never write the PIN itself in kiosk.toml: delete this line"
            " and run `kiosk set-pin`, which stores admin_pin_hash",
        )
    ]
    assert "482915" not in str(problems[0])


@pytest.mark.parametrize(
    ("line", "key", "message"),
    [
        (
            'fullscreen = "yes"',
            "fullscreen",
            "must be true or false without quotes, not the string 'yes' (remove the quotes);"
            " write fullscreen = true or fullscreen = false",
        ),
        (
            "hide_cursor = 1",
            "hide_cursor",
            "must be true or false without quotes, not the number 1;"
            " write hide_cursor = true or hide_cursor = false",
        ),
        (
            'idle_timeout = "90"',
            "idle_timeout",
            "must be a number of seconds without quotes, not the string '90' (remove the quotes);"
            " write, for example, idle_timeout = 90",
        ),
        (
            'attract_delay = "soon"',
            "attract_delay",
            "must be a number of seconds without quotes, not the string 'soon';"
            " write, for example, attract_delay = 30",
        ),
        (
            "still_there_timeout = true",
            "still_there_timeout",
            "must be a number of seconds without quotes, not true;"
            " write, for example, still_there_timeout = 20",
        ),
        (
            "idle_timeout = inf",
            "idle_timeout",
            "must be a number of seconds, not the number inf;"
            " write, for example, idle_timeout = 60",
        ),
        (
            "idle_timeout = nan",
            "idle_timeout",
            "must be a number of seconds, not the number nan;"
            " write, for example, idle_timeout = 60",
        ),
        (
            "content = 5",
            "content",
            "must be text in double quotes, not the number 5;"
            ' write, for example, content = "content"',
        ),
        (
            "log_dir = [1, 2]",
            "log_dir",
            'must be text in double quotes, not a list; write, for example, log_dir = "logs"',
        ),
        (
            "kiosk_label = 1979-05-27",
            "kiosk_label",
            "must be text in double quotes, not a date or time;"
            ' write, for example, kiosk_label = "kiosk"',
        ),
        (
            "usage_db = { path = 'x' }",
            "usage_db",
            "must be text in double quotes, not a table;"
            ' write, for example, usage_db = "usage.sqlite3"',
        ),
        (
            "admin_pin_hash = 482915",
            "admin_pin_hash",
            "must be text in double quotes, not a number; run `kiosk set-pin` to store it",
        ),
    ],
)
def test_wrong_type(tmp_path: Path, line: str, key: str, message: str) -> None:
    path = write(tmp_path, f"{line}\nkiosk_label = 'good'\n" if key != "kiosk_label" else line)
    config, problems = load_config(path)
    assert [(error.key, error.message) for error in problems] == [(key, message)]
    field = "content_dir" if key == "content" else key
    assert getattr(config, field) == getattr(KioskConfig(), field)
    if key != "kiosk_label":
        assert config.kiosk_label == "good"


@pytest.mark.parametrize(
    ("line", "key", "message"),
    [
        (
            "idle_timeout = 5",
            "idle_timeout",
            "must be 0 (never reset) or at least 10 seconds, not 5;"
            " set it to 10 or more, or to 0 for staff-assisted use",
        ),
        (
            "idle_timeout = -1",
            "idle_timeout",
            "must be 0 (never reset) or at least 10 seconds, not -1;"
            " set it to 10 or more, or to 0 for staff-assisted use",
        ),
        (
            "still_there_timeout = 19.5",
            "still_there_timeout",
            "must be at least 20 seconds (people need at least 20 s to answer, WCAG 2.2.1),"
            " not 19.5; set it to 20 or more",
        ),
        (
            "attract_delay = 2",
            "attract_delay",
            "must be at least 5 seconds, not 2; set it to 5 or more",
        ),
        (
            "touch_repeat_seconds = 2.5",
            "touch_repeat_seconds",
            "must be from 0 (off) to 2 seconds, not 2.5; 0.3 takes a double tap as one touch,"
            " 1 or more suits a hand that shakes",
        ),
        (
            'kiosk_label = "  "',
            "kiosk_label",
            'must not be empty; name this kiosk, for example kiosk_label = "waiting-room-1"',
        ),
        (
            'kiosk_label = "room\\n1"',
            "kiosk_label",
            'must be one line of plain text; name this kiosk, for example "waiting-room-1"',
        ),
        (
            'content = ""',
            "content",
            'must not be empty; give a folder or file path such as "content",'
            " or remove the line to use the default",
        ),
    ],
)
def test_out_of_range(tmp_path: Path, line: str, key: str, message: str) -> None:
    config, problems = load_config(write(tmp_path, f"{line}\nfullscreen = false\n"))
    assert [(error.key, error.message) for error in problems] == [(key, message)]
    field = "content_dir" if key == "content" else key
    assert getattr(config, field) == getattr(KioskConfig(), field)
    assert config.fullscreen is False


@pytest.mark.parametrize("value", ["482915", "scrypt$1$2$3", "", f"{PIN_HASH}x!"])
def test_admin_pin_hash_must_look_like_a_hash(tmp_path: Path, value: str) -> None:
    config, problems = load_config(write(tmp_path, f'admin_pin_hash = "{value}"\n'))
    assert config.admin_pin_hash is None
    assert [(error.key, error.message) for error in problems] == [
        (
            "admin_pin_hash",
            "is not a PIN hash made by `kiosk set-pin` (never write the PIN itself here);"
            " run `kiosk set-pin` to store a new admin PIN",
        )
    ]


def test_unknown_home_folder_user(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, 'log_dir = "~no-such-user-x9/logs"\n'))
    assert config.log_dir is None
    assert [(error.key, error.message) for error in problems] == [
        (
            "log_dir",
            "starts with a home folder that this machine does not know"
            " ('~no-such-user-x9/logs'); write the full path instead",
        )
    ]


def test_every_problem_is_reported_at_once_and_good_keys_are_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
fullscreen = "no"
content = "topics"
idle_timout = 90
attract_delay = 1
hide_cursor = false
still_there_timeout = 10
kiosk_label = "front-desk"
""",
    )
    config, problems = load_config(path)
    assert [error.key for error in problems] == [
        "fullscreen",
        "idle_timout",
        "attract_delay",
        "still_there_timeout",
    ]
    assert all(isinstance(error, ConfigError) for error in problems)
    assert config == KioskConfig(
        content_dir=tmp_path / "topics",
        hide_cursor=False,
        kiosk_label="front-desk",
        source=path,
    )


# Arbitrary text, including broken TOML and odd values, must never make load_config raise.
@settings(
    max_examples=200, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.one_of(
        st.text(max_size=200),
        st.lists(
            st.tuples(
                st.sampled_from(
                    [*(f.name for f in dataclasses.fields(KioskConfig)), "content", "idle_timout"]
                ),
                st.sampled_from(
                    ["true", "0", "-5", "1e400", "nan", '"x"', '""', "[]", "{}", "1979-05-27"]
                ),
            ),
            max_size=8,
        ).map(lambda pairs: "".join(f"{key} = {value}\n" for key, value in dict(pairs).items())),
    )
)
def test_load_config_never_raises(tmp_path: Path, text: str) -> None:
    path = tmp_path / CONFIG_FILE_NAME
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    config, problems = load_config(path)
    assert isinstance(config, KioskConfig)
    assert all(isinstance(error, ConfigError) for error in problems)
    assert config.idle_timeout == 0 or config.idle_timeout >= 10
    assert math.isfinite(config.idle_timeout)
    assert config.still_there_timeout >= 20
    assert config.attract_delay >= 5


# --- describe_defaults -----------------------------------------------------------------------


def test_describe_defaults_loads_back_as_the_defaults(tmp_path: Path) -> None:
    text = describe_defaults()
    path = write(tmp_path, text)
    assert load_config(path) == (KioskConfig(source=path), [])


def test_describe_defaults_lists_every_key_with_its_default() -> None:
    lines = describe_defaults().splitlines()
    assert [line for line in lines if line and not line.startswith("# ")] == [
        "fullscreen = true",
        "idle_timeout = 60",
        "still_there_timeout = 20",
        "attract_delay = 30",
        "hide_cursor = true",
        "usage_retention_days = 365",
        "usage_enabled = true",
        'kiosk_label = "kiosk"',
        "reduced_motion = false",
        "touch_repeat_seconds = 0.3",
        "[health]",
        "heartbeat_interval = 300",
        "[content_source]",  # every key commented out: no source until git or folder is set
    ]
    for optional in (
        "content",
        "admin_pin_hash",
        "log_dir",
        "usage_db",
        "opening_hours",
        "daily_restart",
        "memory_limit_mb",
        "status_file",
    ):
        assert sum(line.startswith(f"# {optional} = ") for line in lines) == 1
    # Each key has a one-line explanation just above it.
    for index, line in enumerate(lines):
        if " = " in line and not line.startswith("# kiosk.toml"):
            assert lines[index - 1].startswith("# ")
            assert lines[index - 1].removeprefix("# ").strip()


def test_uncommented_examples_are_valid_except_the_pin_hash(tmp_path: Path) -> None:
    text = "\n".join(
        line.removeprefix("# ")
        if line.startswith(("# content", "# log_dir", "# usage_db"))
        else line
        for line in describe_defaults().splitlines()
    )
    config, problems = load_config(write(tmp_path, text))
    assert problems == []
    assert config.content_dir == tmp_path / "content"
    assert config.log_dir == tmp_path / "logs"
    assert config.usage_db == tmp_path / "usage.sqlite3"


# --- set_pin_hash ------------------------------------------------------------------------------


def test_set_pin_hash_creates_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / CONFIG_FILE_NAME
    set_pin_hash(path, PIN_HASH)
    assert path.read_text(encoding="utf-8") == f'admin_pin_hash = "{PIN_HASH}"\n'
    assert load_config(path) == (KioskConfig(admin_pin_hash=PIN_HASH, source=path), [])
    assert sorted(p.name for p in tmp_path.iterdir()) == [CONFIG_FILE_NAME]


def test_set_pin_hash_adds_the_key_and_keeps_everything_else(tmp_path: Path) -> None:
    original = "# Front desk kiosk\nfullscreen = false   # for now\n\n# idle_timeout = 30\n"
    path = write(tmp_path, original)
    set_pin_hash(path, PIN_HASH)
    assert path.read_text(encoding="utf-8") == original + f'admin_pin_hash = "{PIN_HASH}"\n'
    config, problems = load_config(path)
    assert problems == []
    assert (config.fullscreen, config.admin_pin_hash) == (False, PIN_HASH)


def test_set_pin_hash_replaces_the_existing_hash_in_place(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f'# settings\nfullscreen = false\nadmin_pin_hash = "{OTHER_PIN_HASH}"\n'
        '# admin_pin_hash = "an old note"\nkiosk_label = "room-2"',
    )
    set_pin_hash(path, PIN_HASH)
    assert path.read_text(encoding="utf-8") == (
        f'# settings\nfullscreen = false\nadmin_pin_hash = "{PIN_HASH}"\n'
        '# admin_pin_hash = "an old note"\nkiosk_label = "room-2"\n'
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [CONFIG_FILE_NAME]


def test_set_pin_hash_replaces_a_bad_value_too(tmp_path: Path) -> None:
    path = write(tmp_path, 'admin_pin_hash = "1234"\nadmin_pin_hash = 5\n')  # broken TOML
    set_pin_hash(path, PIN_HASH)
    assert path.read_text(encoding="utf-8") == f'admin_pin_hash = "{PIN_HASH}"\n'


def test_set_pin_hash_goes_before_the_first_table(tmp_path: Path) -> None:
    path = write(tmp_path, 'kiosk_label = "a"\n\n[future]\nadmin_pin_hash = "keep"\n')
    set_pin_hash(path, PIN_HASH)
    assert path.read_text(encoding="utf-8") == (
        f'kiosk_label = "a"\n\nadmin_pin_hash = "{PIN_HASH}"\n[future]\nadmin_pin_hash = "keep"\n'
    )
    config, problems = load_config(path)
    assert config.admin_pin_hash == PIN_HASH
    assert [error.key for error in problems] == ["future"]


def test_set_pin_hash_keeps_windows_line_endings(tmp_path: Path) -> None:
    path = tmp_path / CONFIG_FILE_NAME
    path.write_bytes(b"# notes\r\nfullscreen = false\r\n")
    set_pin_hash(path, PIN_HASH)
    assert path.read_bytes() == (
        f'# notes\r\nfullscreen = false\r\nadmin_pin_hash = "{PIN_HASH}"\r\n'.encode()
    )


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_set_pin_hash_leaves_a_file_only_its_owner_can_read(tmp_path: Path) -> None:
    """The file holds the PIN hash: a world-readable copy would let anyone search for the
    PIN offline. Comments and the other keys stay as the admin wrote them."""
    original = "# Waiting room\nfullscreen = false  # for now\n"
    path = write(tmp_path, original)
    path.chmod(0o644)
    set_pin_hash(path, PIN_HASH)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_text(encoding="utf-8") == original + f'admin_pin_hash = "{PIN_HASH}"\n'
    new = tmp_path / "new.toml"
    set_pin_hash(new, PIN_HASH)
    assert new.stat().st_mode & 0o777 == 0o600


def test_set_pin_hash_refuses_something_that_is_not_a_hash(tmp_path: Path) -> None:
    path = write(tmp_path, "fullscreen = false\n")
    with pytest.raises(ConfigError) as info:
        set_pin_hash(path, "482915")
    assert info.value.key == "admin_pin_hash"
    assert "482915" not in str(info.value)
    assert path.read_text(encoding="utf-8") == "fullscreen = false\n"


def test_set_pin_hash_reports_a_folder_it_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "missing-folder" / CONFIG_FILE_NAME
    with pytest.raises(ConfigError) as info:
        set_pin_hash(path, PIN_HASH)
    assert info.value.key == "admin_pin_hash"
    assert info.value.message.startswith(f"cannot write {path} (")
    assert info.value.message.endswith(
        "; let the kiosk's user account write that folder and run `kiosk set-pin` again"
    )


def test_set_pin_hash_leaves_the_old_file_when_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = f'admin_pin_hash = "{OTHER_PIN_HASH}"\n'
    path = write(tmp_path, original)

    def fail(self: Path, target: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", fail)
    with pytest.raises(ConfigError, match="No space left on device"):
        set_pin_hash(path, PIN_HASH)
    assert path.read_text(encoding="utf-8") == original
    assert sorted(p.name for p in tmp_path.iterdir()) == [CONFIG_FILE_NAME]


# --- [content_source] ----------------------------------------------------------------------------


def test_no_content_source_means_the_content_folder(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, 'kiosk_label = "a"\n'))
    assert problems == []
    assert not config.content_source.enabled


def test_a_synced_folder_is_read_from_the_config_files_folder(tmp_path: Path) -> None:
    config, problems = load_config(
        write(tmp_path, '[content_source]\nfolder = "synced"\nquiet_seconds = 5\n')
    )
    assert problems == []
    assert config.content_source == ContentSourceConfig(
        folder=tmp_path / "synced", quiet_seconds=5.0
    )
    assert config.content_source.enabled


def test_bad_content_source_values_are_named_and_the_rest_is_used(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[content_source]\ngit = "https://x.example/c.git"\nbranch = "a b"\nkeep = 1\n'
        'check_every = 2\nbrnach = "main"\n',
    )
    config, problems = load_config(path)
    found = {error.key: error.message for error in problems}
    assert found["content_source.branch"].startswith("must be a branch name")
    assert found["content_source.keep"].startswith("must be a whole number from 2 to 100")
    assert found["content_source.check_every"].startswith("must be at least 10 seconds")
    assert "did you mean 'branch'?" in found["content_source.brnach"]
    assert config.content_source == ContentSourceConfig(git="https://x.example/c.git")


def test_both_git_and_folder_is_a_problem_and_neither_is_followed(tmp_path: Path) -> None:
    config, problems = load_config(
        write(tmp_path, '[content_source]\ngit = "https://x.example/c.git"\nfolder = "f"\n')
    )
    assert [error.key for error in problems] == ["content_source"]
    assert "has both git and folder" in problems[0].message
    assert not config.content_source.enabled


def test_content_source_must_be_a_table(tmp_path: Path) -> None:
    config, problems = load_config(write(tmp_path, 'content_source = "https://x.example"\n'))
    assert [(e.key, e.message) for e in problems] == [
        ("content_source", "must be a table: a line [content_source], then its keys below it")
    ]
    assert not config.content_source.enabled
