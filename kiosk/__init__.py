"""Patient education kiosk: a clinic's markdown content on a waiting-room touchscreen."""

import sys

__version__ = "0.1.0"
APP_NAME = "patient-kiosk"  # names its folders for logs, usage figures and cache
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"  # the kiosk's and its helper's


def kiosk_command() -> list[str]:
    """How to run this kiosk's own command line again (``kiosk validate``'s grading process,
    the speech helper): the packaged program, or Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "kiosk"]
