"""Where the kiosk's own assets are: the interface catalogues, the control icons and the
application icon, kept in the top-level ``assets/`` folder of the source tree.

They are found the same way however the kiosk was installed:

- an installed wheel and the packaged program carry them inside the package, as
  ``kiosk/_assets`` (``pyproject.toml`` maps the folder there; ``kiosk.spec`` collects it);
- a source checkout, or an editable install of one, has them beside the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find_assets() -> Path:
    for folder in (_PACKAGE / "_assets", _PACKAGE.parent / "assets"):
        if (folder / "i18n").is_dir():
            return folder
    raise FileNotFoundError(
        f"the kiosk's assets are missing (looked in {_PACKAGE / '_assets'} and "
        f"{_PACKAGE.parent / 'assets'}); reinstall the kiosk"
    )


ASSETS = _find_assets()


def asset(*parts: str) -> Path:
    """The path of one asset, such as ``asset("icons", "home.svg")``."""
    return ASSETS.joinpath(*parts)


APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)  # the PNGs drawn: a desktop uses them all
# The sizes a window carries. On X11 a window's icon goes to the display server as raw pixels
# (``_NET_WM_ICON``) every time the window is made: at 512 px that is 1 MiB, and it took 8 ms
# of the start here (xcb: showing the kiosk 13.3 -> 5.3 ms without 256 and 512). Window lists,
# task bars and switchers draw 16-64 px (128 on a high-density screen); launchers and installers
# take the larger ones from the .desktop entry's PNGs and the .ico.
WINDOW_ICON_SIZES = tuple(px for px in APP_ICON_SIZES if px <= 128)


def app_icon_png(px: int) -> Path:
    """The application icon drawn at ``px`` pixels square."""
    return asset("app", f"patient-kiosk-{px}.png")
