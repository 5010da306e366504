"""The session: where the patient is, what they chose, the idle policy and the privacy reset.

No widgets here (QtCore signals and timers only): the window shows what the session decides,
and navigation, idle and preferences are tested without one.
"""

from kiosk.session.idle import Idle, IdleTimer, TimerFactory, idle_behaviour
from kiosk.session.place import (
    Attract,
    CardList,
    Closed,
    Home,
    Notice,
    Overlay,
    Place,
    Reading,
    Screen,
    Updating,
)
from kiosk.session.preferences import TEXT_SCALES, Preferences
from kiosk.session.schedule import OpeningSchedule
from kiosk.session.session import OpenTopic, Session

__all__ = [
    "TEXT_SCALES",
    "Attract",
    "CardList",
    "Closed",
    "Home",
    "Idle",
    "IdleTimer",
    "Notice",
    "OpenTopic",
    "OpeningSchedule",
    "Overlay",
    "Place",
    "Preferences",
    "Reading",
    "Screen",
    "Session",
    "TimerFactory",
    "Updating",
    "idle_behaviour",
]
