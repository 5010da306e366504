"""A finger and a keyboard on an X display, through XTEST, for the on-screen benchmarks.

Qt sees XTEST's pointer as the mouse, as it sees one finger on a touchscreen. Each call sends
its events and waits for the X server to have them (``sync``); timing and pauses are the
caller's.
"""

from __future__ import annotations

import time

from Xlib import XK, X
from Xlib.display import Display
from Xlib.ext import xtest

Point = tuple[int, int]


def move(display: Display, point: Point) -> None:
    xtest.fake_input(display, X.MotionNotify, x=point[0], y=point[1])
    display.sync()


def press(display: Display, point: Point) -> None:
    """The finger down on ``point``."""
    move(display, point)
    xtest.fake_input(display, X.ButtonPress, 1)
    display.sync()


def slide(display: Display, start: Point, end: Point, seconds: float = 0.15) -> None:
    """The finger, already down on ``start``, moved to ``end`` in 8 steps over ``seconds``."""
    steps = 8
    for n in range(1, steps + 1):
        time.sleep(seconds / steps)
        x = start[0] + (end[0] - start[0]) * n // steps
        y = start[1] + (end[1] - start[1]) * n // steps
        move(display, (x, y))


def lift(display: Display) -> None:
    xtest.fake_input(display, X.ButtonRelease, 1)
    display.sync()


def key(display: Display, name: str) -> None:
    """One press and release of the key ``name`` (an X keysym name: "Next", "Prior")."""
    code = display.keysym_to_keycode(XK.string_to_keysym(name))
    xtest.fake_input(display, X.KeyPress, code)
    xtest.fake_input(display, X.KeyRelease, code)
    display.sync()
