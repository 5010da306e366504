"""``opening_hours`` in kiosk.toml: when the clinic is open, so the kiosk keeps its display
awake then and sleeps outside, e.g. ``"Mon-Fri 07:30-18:00, Sat 09:00-13:00"``.

Written in the machine's local time. Days are Mon..Sun, alone or as a range (``Mon-Fri``,
``Fri-Mon``), several with commas inside one rule's days (``Mon,Wed 08:00-12:00``); a rule's
time is ``HH:MM-HH:MM`` and may cross midnight (``Fri 20:00-02:00`` stays open into Saturday).
Rules are separated by commas or semicolons. No Qt here: ``kiosk.ui.display`` acts on it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RULE = re.compile(
    r"^(?P<days>[A-Za-z]{3}(?:\s*-\s*[A-Za-z]{3})?(?:\s*,\s*[A-Za-z]{3}(?:\s*-\s*[A-Za-z]{3})?)*)"
    r"\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})$"
)
EXAMPLE = '"Mon-Fri 07:30-18:00, Sat 09:00-13:00"'


class OpeningHoursError(ValueError):
    """A value that is not opening hours; the message says which part and what to write."""


@dataclass(frozen=True)
class Rule:
    days: frozenset[int]  # 0 = Monday
    start: dt.time
    end: dt.time  # at or before ``start``: open past midnight

    def open_on(self, day: int, at: dt.time) -> bool:
        if self.start < self.end:
            return day in self.days and self.start <= at < self.end
        # Crossing midnight: the evening on a listed day, the small hours of the day after.
        return (day in self.days and at >= self.start) or (
            (day - 1) % 7 in self.days and at < self.end
        )


@dataclass(frozen=True)
class OpeningHours:
    rules: tuple[Rule, ...]
    text: str

    def is_open(self, moment: dt.datetime) -> bool:
        day, at = moment.weekday(), moment.time()
        return any(rule.open_on(day, at) for rule in self.rules)


def _time(text: str, part: str) -> dt.time:
    hours, minutes = (int(n) for n in text.split(":"))
    if hours == 24 and minutes == 0:
        return dt.time(0, 0)
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        raise OpeningHoursError(f"'{text}' in '{part}' is not a time of day (00:00 to 24:00)")
    return dt.time(hours, minutes)


def _days(text: str, part: str) -> frozenset[int]:
    days: set[int] = set()
    for piece in text.split(","):
        first, _, last = (p.strip().lower() for p in piece.partition("-"))
        for name in (first, last or first):
            if name not in DAYS:
                raise OpeningHoursError(
                    f"'{name}' in '{part}' is not a day; use Mon, Tue, Wed, Thu, Fri, Sat, Sun"
                )
        start, end = DAYS.index(first), DAYS.index(last or first)
        days.update((start + n) % 7 for n in range((end - start) % 7 + 1))
    return frozenset(days)


def parse_opening_hours(text: str) -> OpeningHours:
    """``text`` as opening hours, or OpeningHoursError naming the part that is wrong."""
    parts, days_only = [], ""
    for token in (t.strip() for t in re.split(r"[,;]", text)):
        if token and not any(c.isdigit() for c in token):  # "Mon" of "Mon,Wed 08:00-12:00"
            days_only = f"{days_only},{token}" if days_only else token
            continue
        parts.append(f"{days_only},{token}" if days_only else token)
        days_only = ""
    if days_only:
        parts.append(days_only)
    rules = []
    for part in parts:
        if not part:
            continue
        match = RULE.match(part)
        if match is None:
            raise OpeningHoursError(
                f"'{part}' is not days and hours; write, for example, {EXAMPLE}"
            )
        start = _time(match["start"], part)
        end = _time(match["end"], part)
        if start == end:
            raise OpeningHoursError(f"'{part}' opens and closes at the same time")
        rules.append(Rule(_days(match["days"], part), start, end))
    if not rules:
        raise OpeningHoursError(f"is empty; write, for example, {EXAMPLE}, or remove the line")
    return OpeningHours(tuple(rules), text)
