"""``opening_hours``: what it accepts, when it says the clinic is open, and what it refuses."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.opening_hours import OpeningHoursError, parse_opening_hours

WEEK = parse_opening_hours("Mon-Fri 07:30-18:00, Sat 09:00-13:00")
WEDNESDAY = dt.date(2026, 12, 2)


def at(day_offset: int, hhmm: str) -> dt.datetime:
    hours, minutes = (int(n) for n in hhmm.split(":"))
    return dt.datetime.combine(WEDNESDAY + dt.timedelta(days=day_offset), dt.time(hours, minutes))


@pytest.mark.parametrize(
    ("day", "time", "open_"),
    [
        (0, "07:29", False),
        (0, "07:30", True),
        (0, "17:59", True),
        (0, "18:00", False),
        (3, "10:00", True),  # Saturday morning
        (3, "13:00", False),
        (4, "10:00", False),  # Sunday
        (-2, "08:00", True),  # Monday
    ],
)
def test_open_within_the_hours_of_each_day(day: int, time: str, open_: bool) -> None:
    assert WEEK.is_open(at(day, time)) is open_


def test_hours_past_midnight_stay_open_into_the_next_day() -> None:
    late = parse_opening_hours("Fri 20:00-02:00")
    assert late.is_open(at(2, "23:00"))  # Friday night
    assert late.is_open(at(3, "01:59"))  # Saturday, small hours
    assert not late.is_open(at(3, "02:00"))
    assert not late.is_open(at(1, "01:00"))  # Thursday's small hours: not after a Friday


def test_day_lists_and_ranges_that_wrap_the_week() -> None:
    hours = parse_opening_hours("Mon,Wed 08:00-12:00; Sat-Sun 10:00-11:00")
    assert hours.is_open(at(0, "09:00"))  # Wednesday
    assert not hours.is_open(at(1, "09:00"))  # Thursday
    assert hours.is_open(at(4, "10:30"))  # Sunday


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Mon-Fri 7-18", "'Mon-Fri 7-18' is not days and hours"),
        ("Mun 08:00-10:00", "'mun' in 'Mun 08:00-10:00' is not a day"),
        ("Mon 25:00-26:00", "'25:00' in 'Mon 25:00-26:00' is not a time of day"),
        ("Mon 08:00-08:00", "opens and closes at the same time"),
        ("", "is empty"),
    ],
)
def test_a_bad_value_names_the_part_that_is_wrong(text: str, says: str) -> None:
    with pytest.raises(OpeningHoursError) as error:
        parse_opening_hours(text)
    assert says in str(error.value)
