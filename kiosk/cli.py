"""The ``kiosk`` command: run the kiosk, or validate / render content, or set the admin PIN.

Logging is configured here, once: to stderr, and when the kiosk runs also to a rotating file
in the platform's log folder (never beside a read-only executable).

Each command imports what only it needs: Qt for the ones that draw (so ``kiosk validate
--no-screens`` and ``kiosk stats`` run on a machine without Qt's libraries), the markdown
pipeline for ``validate``, the usage reports for ``stats``; the kiosk itself starts with none
of them.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import getpass
import logging
import logging.handlers
import os
import sys
from pathlib import Path

import platformdirs

from kiosk import APP_NAME, LOG_FORMAT, __version__
from kiosk.config import (
    CONFIG_FILE_NAME,
    KioskConfig,
    find_config_path,
    load_config,
    set_pin_hash,
    usage_db_path,
)
from kiosk.content import EntryRef
from kiosk.content.problems import Level, Problem
from kiosk.errors import ConfigError, KioskError
from kiosk.pin import hash_pin

log = logging.getLogger("kiosk")

DEFAULT_WINDOW = (540, 960)


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    try:
        size = int(width), int(height)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not WIDTHxHEIGHT, e.g. 1080x1920") from None
    if not (200 <= size[0] <= 8000 and 200 <= size[1] <= 8000):
        raise argparse.ArgumentTypeError(f"'{text}': each side must be 200 to 8000 pixels")
    return size


def _text_scale(text: str) -> float:
    try:
        scale = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number from 1 to 2") from None
    if not 1.0 <= scale <= 2.0:
        raise argparse.ArgumentTypeError(f"{text}: text size goes from 1 (100%) to 2 (200%)")
    return scale


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-01") from None


def _entry_ref(text: str) -> EntryRef:
    try:
        return EntryRef.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Patient education kiosk: shows a clinic's markdown content full screen.",
    )
    parser.add_argument("--version", action="store_true", help="print versions and exit")
    parser.add_argument("--config", type=Path, help=f"path to {CONFIG_FILE_NAME}")
    parser.add_argument("--content", type=Path, help="content folder (overrides kiosk.toml)")
    parser.add_argument("--windowed", action="store_true", help="run in a window, to try it out")
    parser.add_argument("--size", type=_size, help="window size WxH with --windowed")
    parser.add_argument(
        "--open",
        type=_entry_ref,
        metavar="SECTION/NAME",
        help="start on one topic, e.g. learn/how-ketamine-works",
    )
    parser.add_argument("--quit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = commands.add_parser("validate", help="check a content folder")
    validate.add_argument("folder", nargs="?", type=Path, help="content folder")
    validate.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    validate.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text lines (default) or JSON for other tools",
    )
    validate.add_argument(
        "--no-screens", action="store_true", help="skip counting screens (no Qt needed, faster)"
    )
    # What a second `kiosk validate` works out for the first on a large folder.
    validate.add_argument("--grades-only", action="store_true", help=argparse.SUPPRESS)
    render = commands.add_parser("render", help="draw every screen to PNG files")
    render.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    render.add_argument(
        "--size",
        dest="render_size",
        type=_size,
        default=(1080, 1920),
        help="screen size WxH (default 1080x1920)",
    )
    render.add_argument("--content", dest="render_content", type=Path, help="content folder")
    render.add_argument(
        "--text-scale", type=_text_scale, default=1.0, help="text size, 1 to 2 (default 1)"
    )
    render.add_argument("--lang", help="language code from site.yaml (default: the site's)")
    render.add_argument("--contrast", choices=["standard", "high"], default="standard")
    commands.add_parser("set-pin", help=f"store a new admin PIN hash in {CONFIG_FILE_NAME}")
    stats = commands.add_parser("stats", help="anonymous usage summary: table, CSV, chart")
    stats.add_argument("--since", type=_date, help="first day, YYYY-MM-DD")
    stats.add_argument("--until", type=_date, help="last day, YYYY-MM-DD")
    stats.add_argument("--csv", type=Path, help="also write the figures as CSV")
    stats.add_argument("--chart", type=Path, help="also draw a bar chart as PNG")
    stats.add_argument(
        "--db",
        type=Path,
        action="append",
        help="usage database, or a folder of them (its *.db, *.sqlite, *.sqlite3 files; not "
        "subfolders); repeat for several kiosks (default: this kiosk's)",
    )
    content = commands.add_parser(
        "content", help="the content source (git, synced folder): status|update|rollback|history"
    )
    actions = content.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    actions.add_parser("status", help="source, version shown, last check, a rejected version")
    actions.add_parser("update", help="check for a new version now")
    rollback = actions.add_parser("rollback", help="show an earlier good version")
    rollback.add_argument("version", nargs="?", help="the version (default: the one before)")
    actions.add_parser("history", help="the versions on this kiosk and what happened")
    return parser


def configure_logging() -> None:
    """Log warnings and errors to stderr; ``kiosk`` itself adds a file (``configure_file_log``)."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    console = logging.StreamHandler()
    console.setFormatter(logging.Formatter(LOG_FORMAT))
    console.setLevel(logging.WARNING)
    root.addHandler(console)


def _load_config(args: argparse.Namespace) -> KioskConfig:
    config, problems = _read_config(args)
    _report(config, problems)
    return config


def _read_config(args: argparse.Namespace) -> tuple[KioskConfig, list[ConfigError]]:
    return load_config(find_config_path(args.config, frozen_executable=_frozen_dir()))


def _report(config: KioskConfig, problems: list[ConfigError]) -> None:
    for problem in problems:
        log.warning("%s: %s", config.source or CONFIG_FILE_NAME, problem)


def _frozen_dir() -> Path | None:
    return Path(sys.executable).parent if getattr(sys, "frozen", False) else None


def resolve_content_dir(explicit: Path | None, config: KioskConfig) -> Path:
    """--content, else kiosk.toml's ``content``, else ``content/`` beside the app or here."""
    if explicit is not None:
        return explicit
    if config.content_dir is not None:
        return config.content_dir
    frozen = _frozen_dir()
    if frozen is not None and (frozen / "content").is_dir():
        return frozen / "content"
    return Path.cwd() / "content"


def cmd_validate(args: argparse.Namespace) -> int:
    # Here, not at the top: validating converts every body (Python-Markdown, nh3, textstat),
    # which the kiosk itself does only when a topic is first opened.
    from kiosk.content.validate import as_json, grade_problems, summary_line

    folder = args.folder or resolve_content_dir(args.content, _load_config(args))
    problems = grade_problems(folder) if args.grades_only else _validate(folder, args.no_screens)
    if args.format == "json":
        print(as_json(problems))
    else:
        for problem in problems:
            print(problem.format())
        print(summary_line(problems))
    failing = {Level.ERROR, Level.WARNING} if args.strict else {Level.ERROR}
    return 1 if any(p.level in failing for p in problems) else 0


def _validate(folder: Path, no_screens: bool) -> list[Problem]:
    """Every problem; reading grades from a second process when the folder is large."""
    from kiosk.content.grades import GradingProcess
    from kiosk.content.library import load_site_first
    from kiosk.content.validate import grade_problems, validate_folder

    grading = GradingProcess.start_if_worth_it(folder) if folder.is_dir() else None
    counter = reader = None
    try:
        if not no_screens and folder.is_dir():
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            from kiosk.app import make_application
            from kiosk.ui.screen_count import ReferenceReader

            app = make_application()  # noqa: F841 - must stay alive while the reader exists
            reader = ReferenceReader(load_site_first(folder))  # validate loads the rest
            counter = reader.count
        problems = validate_folder(folder, count_screens=counter, grades=grading is None)
        if grading is not None:
            graded = grading.problems()
            if graded is None:  # it failed (and said why): grade here
                graded = grade_problems(folder)
            problems = sorted({*problems, *graded})
        return problems
    finally:
        if reader is not None:
            reader.close()
        if grading is not None:
            grading.stop()


def cmd_render(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize

    from kiosk.app import make_application
    from kiosk.content import load_library
    from kiosk.session import Preferences
    from kiosk.ui.render import render_screens

    folder = args.render_content or resolve_content_dir(args.content, _load_config(args))
    app = make_application()  # noqa: F841 - must stay alive while widgets exist
    library = load_library(folder)
    for problem in library.problems:
        log.warning("content: %s", problem.format())
    width, height = args.render_size
    lang = args.lang or library.site.default_language
    if lang not in library.site.languages:
        raise KioskError(f"--lang {lang}: site.yaml lists {', '.join(library.site.languages)}")
    preferences = Preferences(args.text_scale, args.contrast == "high", lang)
    files = render_screens(library, QSize(width, height), args.out, preferences)
    print(f"wrote {len(files)} screens to {args.out}")
    return 0


def cmd_set_pin(args: argparse.Namespace) -> int:
    path = find_config_path(args.config, frozen_executable=_frozen_dir())
    if path is None:
        path = (_frozen_dir() or Path.cwd()) / CONFIG_FILE_NAME
    if sys.stdin.isatty():
        pin = getpass.getpass("New admin PIN (4 to 12 digits): ")
        if getpass.getpass("Type it again: ") != pin:
            print("The two PINs are different; nothing was changed.", file=sys.stderr)
            return 1
    else:
        pin = sys.stdin.readline().strip()
    try:
        set_pin_hash(path, hash_pin(pin))
    except ConfigError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    print(f"admin PIN stored (as a salted hash) in {path}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from kiosk.analytics.group import (
        format_group,
        skipped_warning,
        summarize_group,
        write_group_csv,
    )

    config = _load_config(args)
    own_database = usage_db_path(config)
    group = summarize_group(
        args.db or [own_database],
        since=args.since,
        until=args.until,
        labels={own_database: config.kiosk_label},
    )
    print(format_group(group))
    for skipped in group.skipped:
        print(f"warning: {skipped.problem}", file=sys.stderr)
    warning = skipped_warning(group)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    if args.csv:
        write_group_csv(group, args.csv)
        print(f"wrote {args.csv}")
    if args.chart:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from kiosk.analytics.chart import write_chart_png

        write_chart_png(group.combined, args.chart)
        print(f"wrote {args.chart}")
    return 0


def cmd_content(args: argparse.Namespace) -> int:
    from kiosk.sources.commands import run_content_command

    return run_content_command(args, _load_config(args))


def cmd_run(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QSize

    from kiosk.app import RunSettings, run

    config, problems = _read_config(args)
    configure_file_log(config)  # before the config's problems, so the log file has them too
    _report(config, problems)
    if args.windowed:
        config = dataclasses.replace(config, fullscreen=False)
    width, height = args.size or DEFAULT_WINDOW
    settings = RunSettings(
        config=config,
        content_dir=resolve_content_dir(args.content, config),
        window_size=QSize(width, height),
        open_ref=args.open,
        quit_after_first_paint=args.quit_after_first_paint,
    )
    log.info("starting: content %s", settings.content_dir)
    return run(settings)


def configure_file_log(config: KioskConfig) -> logging.Handler | None:
    """A rotating log file in kiosk.toml's ``log_dir`` or the platform's log folder (None if
    that folder cannot be written: the console log goes on)."""
    folder = config.log_dir or Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "kiosk.log"
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError as exc:
        log.warning("cannot write logs in %s (%s); logging to the console only", folder, exc)
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    logging.getLogger().addHandler(handler)
    log.info("logging to %s", path)
    return handler


def versions() -> str:
    import PySide6
    from PySide6.QtCore import qVersion

    from kiosk.speech import speech_status

    return (
        f"kiosk {__version__} (Qt {qVersion()}, PySide6 {PySide6.__version__}, "
        f"Python {sys.version.split()[0]})\n{speech_status()}"
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging()
    if args.version:
        print(versions())
        return 0
    handlers = {
        "validate": cmd_validate,
        "render": cmd_render,
        "set-pin": cmd_set_pin,
        "stats": cmd_stats,
        "content": cmd_content,
    }
    try:
        return handlers.get(args.command, cmd_run)(args)
    except KioskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
