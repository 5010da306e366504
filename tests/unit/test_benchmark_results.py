"""``python -m tests.benchmarks --write`` replaces only the table at the top of RESULTS.md."""

from __future__ import annotations

from pathlib import Path

from tests.benchmarks.__main__ import record


def test_writing_results_replaces_the_table_and_keeps_every_section_below(
    tmp_path: Path,
) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text(
        "# Benchmark results\n\nMachine: old.\n\n| old table |\n\n"
        "## A run on screen\n\nIts figures.\n\n## Tried and not taken\n\nWhy.\n",
        encoding="utf-8",
    )
    record(results, "| new table |")
    text = results.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results\n\nMachine: ")
    assert "| new table |" in text
    assert "| old table |" not in text and "Machine: old." not in text
    assert text.endswith("\n## A run on screen\n\nIts figures.\n\n## Tried and not taken\n\nWhy.\n")
    record(tmp_path / "new.md", "| first table |")  # no file yet: just the table
    assert "## " not in (tmp_path / "new.md").read_text(encoding="utf-8")
