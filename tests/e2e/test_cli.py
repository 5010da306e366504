"""The real ``kiosk`` program, run as a subprocess as staff and admins would run it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.helpers.content import write_content

ROOT = Path(__file__).parents[2]
SHIPPED = ROOT / "content"
# The kiosk logs to the platform's log folder; keep test runs out of the real one.
LOG_HOME = tempfile.mkdtemp(prefix="kiosk-test-logs-")


XDG_FOLDERS = ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")


def kiosk(
    *args: str,
    cwd: Path = ROOT,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m kiosk ARGS``, headless, writing to the tests' own folders (or ``env``'s)."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_STATE_HOME": LOG_HOME,
            **(env or {}),
        },
        input=stdin,
        timeout=300,
        check=False,
    )


def start_kiosk(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The kiosk in a window on the shipped content, stopped once it has painted."""
    return kiosk(
        "--windowed", "--content", str(SHIPPED), "--quit-after-first-paint", *args, cwd=cwd, env=env
    )


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.slow
@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)])
def test_render_draws_every_screen(tmp_path: Path, size: tuple[int, int]) -> None:
    from kiosk.content import Section, load_library

    out = tmp_path / "shots"
    result = kiosk(
        "render", "--out", str(out), "--size", f"{size[0]}x{size[1]}", "--content", str(SHIPPED)
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    files = sorted(out.glob("*.png"))
    names = [f.name.split("-", 1)[1].removesuffix(".png") for f in files]
    assert names[:2] == ["attract", "home"]
    assert names[-3:] == ["still-there", "admin-pin", "admin"]
    library = load_library(SHIPPED)
    for section in Section:
        assert f"{section}-list-1" in names
        for entry, _ in library.entries(section, "en"):
            assert f"{section}-{entry.ref.slug}-1" in names
    assert all(png_size(f) == size for f in files)
    assert f"wrote {len(files)} screens" in result.stdout


@pytest.mark.usefixtures("kiosk_app")
def test_rendered_page_is_not_blank(tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    root = write_content(tmp_path / "c")
    out = tmp_path / "shots"
    assert kiosk("render", "--out", str(out), "--content", str(root)).returncode == 0
    page = QImage(str(next(out.glob("*-learn-alpha-1.png"))))
    colours = {
        page.pixel(x, y) for x in range(0, page.width(), 7) for y in range(0, page.height(), 7)
    }
    assert len(colours) > 20  # text, buttons and background, not an empty frame


def test_validate_shipped_content_is_clean() -> None:
    result = kiosk("validate", str(SHIPPED))
    assert result.returncode == 0, result.stdout
    assert "error" not in result.stdout


def test_validate_reports_file_line_and_exits_1(tmp_path: Path) -> None:
    root = write_content(tmp_path / "c", {"learn/bad.md": "---\ntitle: ok\norder: [1\n---\n"})
    result = kiosk("validate", str(root))
    assert result.returncode == 1
    assert "learn/bad.md:3: error: front matter is not valid YAML" in result.stdout
    # the three good files have no Spanish twin: warnings, which do not fail
    assert result.stdout.strip().endswith("1 error(s), 3 warning(s)")


def test_validate_strict_fails_on_warnings_and_json_is_parseable(tmp_path: Path) -> None:
    import json

    root = write_content(tmp_path / "c")  # good files, no Spanish versions: warnings only
    assert kiosk("validate", str(root), "--no-screens").returncode == 0
    strict = kiosk("validate", str(root), "--strict", "--format", "json")
    assert strict.returncode == 1
    report = json.loads(strict.stdout)
    assert report["errors"] == 0 and report["warnings"] == 3
    assert {p["path"] for p in report["problems"]} == {
        "learn/alpha.md",
        "learn/beta.md",
        "treatments/one.md",
    }
    assert kiosk("validate", str(root), "--format", "xml").returncode == 2


def test_render_empty_folder_shows_updating_screen(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = kiosk("render", "--out", str(tmp_path / "o"), "--content", str(empty))
    assert result.returncode == 0
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["000-content-updating.png"]


def test_version_and_help() -> None:
    version = kiosk("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("kiosk ") and "PySide6" in version.stdout
    helptext = kiosk("--help").stdout
    for command in ("validate", "render", "set-pin", "--windowed", "--open"):
        assert command in helptext


def test_set_pin_stores_a_hash_not_the_pin(tmp_path: Path) -> None:
    from kiosk.config import load_config
    from kiosk.pin import verify_pin

    config = tmp_path / "kiosk.toml"
    config.write_text("# my kiosk\nidle_timeout = 90\n", encoding="utf-8")
    result = kiosk("--config", str(config), "set-pin", stdin="482913\n")
    assert result.returncode == 0, result.stderr
    text = config.read_text(encoding="utf-8")
    assert "482913" not in text
    assert "# my kiosk" in text
    loaded, problems = load_config(config)
    assert problems == []
    assert loaded.idle_timeout == 90
    assert loaded.admin_pin_hash is not None and verify_pin("482913", loaded.admin_pin_hash)


def test_set_pin_rejects_a_bad_pin(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    result = kiosk("--config", str(config), "set-pin", stdin="12ab\n")
    assert result.returncode == 1
    assert "admin_pin" in result.stderr or "digits" in result.stderr
    assert not config.exists()


def test_kiosk_starts_and_paints_its_first_screen(tmp_path: Path) -> None:
    result = start_kiosk("--size", "1080x1920", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "first paint" in result.stdout


def test_open_starts_on_one_topic_and_bad_name_falls_back(tmp_path: Path) -> None:
    ok = start_kiosk("--open", "learn/how-ketamine-works", cwd=tmp_path)
    assert ok.returncode == 0 and "no such topic" not in ok.stderr
    missing = start_kiosk("--open", "learn/nope", cwd=tmp_path)
    assert missing.returncode == 0
    assert "--open learn/nope: no such topic or treatment; starting on Home" in missing.stderr
    bad = kiosk("--open", "nonsense")
    assert bad.returncode == 2
    assert "is not learn/NAME or treatments/NAME" in bad.stderr


def test_bad_config_value_is_named_and_kiosk_still_starts(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'idle_timout = 30\nfullscreen = "yes"\nlog_dir = "{tmp_path / "logs"}"\n',
        encoding="utf-8",
    )
    result = start_kiosk("--config", str(config), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "did you mean 'idle_timeout'" in result.stderr
    assert "fullscreen" in result.stderr
    # The log file opens after the first paint; what was logged before is written to it then.
    log_text = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "did you mean 'idle_timeout'" in log_text
    assert log_text.index("idle_timout") < log_text.index("starting: content")


@pytest.mark.slow
def test_render_in_spanish_at_200_percent_and_high_contrast_makes_more_pages(
    tmp_path: Path,
) -> None:
    from PySide6.QtGui import QImage

    plain = tmp_path / "plain"
    large = tmp_path / "large"
    assert kiosk("render", "--out", str(plain), "--content", str(SHIPPED)).returncode == 0
    result = kiosk(
        "render",
        "--out",
        str(large),
        "--content",
        str(SHIPPED),
        "--text-scale",
        "2",
        "--lang",
        "es",
        "--contrast",
        "high",
    )
    assert result.returncode == 0, result.stderr
    pages = lambda folder: len(list(folder.glob("*-learn-what-is-ketamine-*.png")))  # noqa: E731
    assert pages(large) > pages(plain)
    home = QImage(str(next(large.glob("*-home.png"))))
    assert home.pixelColor(home.width() // 2, home.height() - 5).name() == "#000000"


def test_render_refuses_bad_preferences(tmp_path: Path) -> None:
    too_big = kiosk("render", "--out", str(tmp_path), "--text-scale", "3")
    assert too_big.returncode == 2
    assert "text size goes from 1 (100%) to 2 (200%)" in too_big.stderr
    unknown = kiosk("render", "--out", str(tmp_path), "--lang", "fr", "--content", str(SHIPPED))
    assert unknown.returncode == 1
    assert "--lang fr: site.yaml lists en, es" in unknown.stderr


def test_stats_prints_a_table_and_writes_csv_and_chart(tmp_path: Path) -> None:
    import csv
    import time as clock

    from kiosk.analytics.events import Event, new_session_id
    from kiosk.analytics.store import UsageRecorder

    database = tmp_path / "usage.sqlite3"
    recorder = UsageRecorder(database, "front-desk")
    now = clock.time()
    for n in range(3):
        session = new_session_id()
        recorder.record(Event("session_start", session, now - 3600 + n))
        recorder.record(
            Event(
                "open",
                session,
                now - 3500 + n,
                section="learn",
                slug="how-ketamine-works",
                page=1,
                pages=3,
            )
        )
        recorder.record(
            Event("session_end", session, now - 3400 + n, seconds=100.0, reason="timeout")
        )
    recorder.close()
    out_csv, out_png = tmp_path / "usage.csv", tmp_path / "usage.png"
    result = kiosk("stats", "--db", str(database), "--csv", str(out_csv), "--chart", str(out_png))
    assert result.returncode == 0, result.stderr
    assert "how-ketamine-works" in result.stdout
    with out_csv.open(newline="", encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert table and all(row["kiosk"] == "default" or row["kiosk"] for row in table)
    assert out_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    missing = kiosk("stats", "--db", str(tmp_path / "none.sqlite3"))
    assert missing.returncode == 1
    assert "none.sqlite3" in missing.stderr


def test_validate_warns_about_a_topic_too_long_to_read_standing_up(tmp_path: Path) -> None:
    from tests.helpers.content import long_body, topic

    root = write_content(tmp_path / "c", {"learn/long.md": topic("Long", long_body(60))})
    result = kiosk("validate", str(root))
    line = next(x for x in result.stdout.splitlines() if x.startswith("learn/long.md:4: warning:"))
    screens = int(line.split("takes ")[1].split(" screens")[0])
    assert screens > 8
    assert "split it into two topics" in line
    quick = kiosk("validate", str(root), "--no-screens")
    assert "screens" not in quick.stdout


@pytest.mark.slow
def test_validate_a_large_folder_grades_in_a_second_process_and_reports_once(
    tmp_path: Path,
) -> None:
    from kiosk.content.grades import PARALLEL_FROM

    plain = "We will check on you. You can rest here. Tell us how you feel. " * 4
    hard = (
        "Intravenous administration of subanesthetic ketamine necessitates continuous "
        "physiological monitoring and evaluation of cardiovascular parameters. "
    ) * 3
    files = {"learn/hard.md": f"---\ntitle: Hard\nsummary: S\n---\n{hard}\n"}
    for n in range(PARALLEL_FROM):
        files[f"learn/topic-{n:03d}.md"] = f"---\ntitle: T{n}\nsummary: S\n---\n{plain}\n"
    root = write_content(tmp_path / "content", files)
    result = kiosk("validate", "--no-screens", str(root))
    assert result.returncode == 0, result.stderr
    assert not result.stderr
    graded = [line for line in result.stdout.splitlines() if "Flesch-Kincaid" in line]
    assert len(graded) == 1 and graded[0].startswith("learn/hard.md:5: warning: reads at grade")


def test_the_pin_hash_is_in_kiosk_toml_only_and_that_file_is_private(tmp_path: Path) -> None:
    """A 4-digit PIN's hash falls to an offline search in minutes: it is in one file, readable
    by its owner only, and nowhere else the kiosk writes (logs, usage figures, caches)."""
    config = tmp_path / "kiosk.toml"
    config.write_text("# front desk\nidle_timeout = 90\n", encoding="utf-8")
    assert kiosk("--config", str(config), "set-pin", stdin="482913\n").returncode == 0
    assert config.stat().st_mode & 0o777 == 0o600
    stored = config.read_text(encoding="utf-8")
    assert stored.startswith("# front desk\nidle_timeout = 90\n")
    pin_hash = stored.split('admin_pin_hash = "')[1].split('"')[0]
    home = tmp_path / "home"
    env = {name: str(home / name.lower()) for name in XDG_FOLDERS}
    for _ in range(2):  # a second start too: nothing kept from the first may hold it
        result = kiosk(
            "--windowed",
            "--config",
            str(config),
            "--content",
            str(SHIPPED),
            "--quit-after-first-paint",
            cwd=tmp_path,
            env=env,
        )
        assert result.returncode == 0, result.stderr
    written = [path for path in tmp_path.rglob("*") if path.is_file() and path != config]
    assert any(path.name == "kiosk.log" for path in written)  # the kiosk did write files
    holding = [path for path in written if pin_hash.encode() in path.read_bytes()]
    assert holding == []


def test_validate_says_what_is_wrong_with_pictures_and_qt_says_nothing(tmp_path: Path) -> None:
    """An admin reads problems by file and line, not Qt's own warnings: a picture whose web
    address the sanitizer removed, one that is not a picture and one that is missing."""
    root = write_content(
        tmp_path / "c",
        {
            "learn/pics.md": (
                "---\ntitle: Pictures\n---\n"
                'Web <img src="https://example.org/a.png" alt="web">.\n\n'
                "![fake](../images/fake.png) ![gone](../images/gone.png)\n"
            ),
            "images/fake.png": "not a picture",
        },
    )
    result = kiosk("validate", str(root))
    assert result.stderr == ""
    pictures = [
        line
        for line in result.stdout.splitlines()
        if line.startswith(("learn/pics.md:4", "learn/pics.md:6"))
    ]
    assert len(pictures) == 3, result.stdout
