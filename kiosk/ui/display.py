"""Keeping the display awake during opening hours, and putting it to sleep outside them.

On X11 the server's own screen saver and DPMS blank the display after about ten minutes
without input (Xorg's defaults), which a kiosk must never do while the clinic is open. The
kiosk asks the server directly, through Xlib and its DPMS extension (libX11 and libXext, which
Qt's X11 platform already loads), as ``xset s off -dpms`` and ``xset dpms force off`` would.
Only in kiosk mode: in a window on someone's desktop the kiosk leaves their settings alone.
On Wayland the compositor decides (cage keeps its output on); nothing is done there.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from kiosk.session import Closed, Place, Session

log = logging.getLogger(__name__)

DONT_PREFER_BLANKING, DEFAULT_BLANKING = 0, 2
ALLOW_EXPOSURES, DEFAULT_EXPOSURES = 1, 2
DPMS_ON, DPMS_OFF = 0, 3


class XDisplayPower:
    """The X server's screen saver and DPMS."""

    def __init__(self, x11: ctypes.CDLL, xext: ctypes.CDLL, display: int) -> None:
        self._x11 = x11
        self._xext = xext
        self._display = ctypes.c_void_p(display)
        # Asked first whether the server has DPMS at all: DPMSCapable alone prints a warning
        # on one that has not (Debian's Xvfb, for one).
        base, error = ctypes.c_int(), ctypes.c_int()
        has_dpms = xext.DPMSQueryExtension(self._display, ctypes.byref(base), ctypes.byref(error))
        self._dpms = bool(has_dpms) and bool(xext.DPMSCapable(self._display))

    @classmethod
    def open(cls) -> XDisplayPower | None:
        """The display Qt is on, or None where this is not X11 or the libraries are missing."""
        if QGuiApplication.platformName() != "xcb":
            return None
        x11_name, xext_name = ctypes.util.find_library("X11"), ctypes.util.find_library("Xext")
        if not x11_name or not xext_name:
            log.info("libX11 or libXext not found: the display's power is left to the system")
            return None
        x11, xext = ctypes.CDLL(x11_name), ctypes.CDLL(xext_name)
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        display_only = [ctypes.c_void_p]
        x11.XSetScreenSaver.argtypes = [ctypes.c_void_p] + [ctypes.c_int] * 4
        x11.XResetScreenSaver.argtypes = x11.XFlush.argtypes = display_only
        xext.DPMSCapable.argtypes = xext.DPMSEnable.argtypes = display_only
        xext.DPMSDisable.argtypes = display_only
        xext.DPMSForceLevel.argtypes = [ctypes.c_void_p, ctypes.c_ushort]
        xext.DPMSQueryExtension.argtypes = [ctypes.c_void_p] + [ctypes.POINTER(ctypes.c_int)] * 2
        display = x11.XOpenDisplay(None)
        if not display:
            return None
        return cls(x11, xext, display)

    def keep_awake(self) -> None:
        """Screen saver off, DPMS off, the display on now."""
        self._x11.XSetScreenSaver(self._display, 0, 0, DONT_PREFER_BLANKING, ALLOW_EXPOSURES)
        if self._dpms:
            self._xext.DPMSForceLevel(self._display, DPMS_ON)
            self._xext.DPMSDisable(self._display)
        self._x11.XResetScreenSaver(self._display)
        self._x11.XFlush(self._display)

    def sleep(self) -> None:
        """The server's own screen saver back, and the display off now."""
        self._x11.XSetScreenSaver(self._display, -1, -1, DEFAULT_BLANKING, DEFAULT_EXPOSURES)
        if self._dpms:
            self._xext.DPMSEnable(self._display)
            self._xext.DPMSForceLevel(self._display, DPMS_OFF)
        self._x11.XFlush(self._display)


class DisplayKeeper(QObject):
    """Awake while the kiosk is open, asleep on the closed screen."""

    def __init__(self, session: Session, power: XDisplayPower) -> None:
        super().__init__(session)
        self.power = power
        self.awake: bool | None = None
        session.place_changed.connect(self._place_changed)
        self._place_changed(session.place)

    def _place_changed(self, place: Place) -> None:
        awake = not isinstance(place.screen, Closed)
        if awake == self.awake:
            return
        self.awake = awake
        if awake:
            self.power.keep_awake()
            log.info("display: kept awake (screen saver and DPMS off)")
        else:
            self.power.sleep()
            log.info("display: asleep until opening time or a touch")
