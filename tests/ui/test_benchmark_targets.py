"""The on-screen benchmarks tap where ``tests.benchmarks.targets`` says the buttons are: every
card it lists opens the place it names, and every point lies on its button."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.benchmarks.targets import collect_targets
from tests.helpers.content import write_content

SIZE = (1080, 1920)


def test_every_card_opens_the_place_it_names_and_every_point_is_on_the_screen(
    kiosk_app: QApplication, tmp_path: Path
) -> None:
    found = collect_targets(write_content(tmp_path / "content"), SIZE)
    places, opens = found["places"], found["opens"]

    assert set(opens["home"].values()) == {"list:learn", "list:treatments"}
    topics = {place for place in places if place.startswith("topic:")}
    assert set(opens["list:learn"].values()) | set(opens["list:treatments"].values()) == topics
    for place, buttons in places.items():
        assert all(0 <= x < SIZE[0] and 0 <= y < SIZE[1] for x, y in buttons.values()), place
        if place.startswith(("list:", "topic:")):  # in English, the default language
            assert "Home" in buttons, place
    for place in topics:
        assert {"Larger text", "Smaller text", "High contrast"} <= set(places[place])
    assert found["language"]["home"] == "Show this in Español"
    assert found["language"]["es:home"] == "Mostrar en English"
    assert opens["es:home"]  # Spanish Home, and its lists, are there as well
