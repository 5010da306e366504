"""``python -m kiosk`` and the packaged app run the same command as ``kiosk``."""

import sys

from kiosk.cli import main

if __name__ == "__main__":
    sys.exit(main())
