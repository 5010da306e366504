"""``kiosk content status|update|rollback|history``: the content source from a terminal.

They work beside a running kiosk: they take the store's lock for a change, and the kiosk
shows whatever ``current`` names within two seconds.
"""

from __future__ import annotations

import argparse

from kiosk.config import KioskConfig
from kiosk.errors import KioskError
from kiosk.sources.report import history_lines, status_lines
from kiosk.sources.update import check_now, make_source, open_store, roll_back


def run_content_command(args: argparse.Namespace, config: KioskConfig) -> int:
    source_config = config.content_source
    if not source_config.enabled:
        raise KioskError(
            "no [content_source] in kiosk.toml: this kiosk shows its content folder (live);"
            " see the README's 'For a clinic group' to follow a repository or a synced folder"
        )
    store = open_store(source_config)
    if args.content_command == "status":
        print("\n".join(status_lines(source_config, store)))
        return 0
    if args.content_command == "history":
        print("\n".join(history_lines(store)))
        return 0
    if args.content_command == "update":
        outcome = check_now(make_source(source_config, store), store)
    else:
        outcome = roll_back(store, args.version)
    print(f"{outcome.result}: {outcome.message}")
    for problem in outcome.problems:
        print(f"  {problem}")
    return 0 if outcome.ok else 1
