"""The packaged app: built with PyInstaller in a temp folder, smoke-tested, sized and timed.

Marked ``build`` (about a minute): ``pytest -m 'not build'`` skips it; ``.ci/run`` runs it.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest

import build_installer
from tests.e2e.test_cage import shows_home
from tests.helpers.cage import missing_tools

pytestmark = pytest.mark.build

MAX_FOLDER_BYTES = 150_000_000  # speech mode included (issue: under 150 MB)
# Fastest of 11 runs each, against `python -m kiosk` with compiled bytecode (as installed);
# measured here 0.87-1.06x from the command line and up to 1.15x inside this test run. A
# packaging fault (a missing C extension, a heavy start-up hook, unpacking at every start)
# costs far more than the margin.
MAX_STARTUP_RATIO = 1.20


@pytest.fixture(scope="module")
def one_folder_app(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The one-folder build (built once for this module) and what the build printed."""
    dist = tmp_path_factory.mktemp("dist")
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        destination = build_installer.build(onefile=False, dist=dist, smoke=True, measure=False)
    return destination, printed.getvalue()


def test_one_folder_app_builds_passes_its_smoke_test_and_starts_as_fast_as_source(
    one_folder_app: tuple[Path, str],
) -> None:
    destination, out = one_folder_app
    assert "smoke test ok  validate: content OK" in out
    assert "smoke test ok  render: wrote" in out
    assert "smoke test ok  validate, second process: content OK" in out
    assert "smoke test ok  content update: shown: now showing folder-" in out
    assert destination.name == build_installer.app_name()
    for beside in (
        "content/site.yaml",
        "kiosk.toml",
        "patient-kiosk.service",
        "patient-kiosk.desktop",
        "patient-kiosk.png",
    ):
        assert (destination / beside).is_file(), beside
    # The kiosk's own assets, where kiosk.assets finds them in a package (the render in the
    # smoke test drew its icons and words from there).
    bundled = destination / "_internal" / "kiosk" / "_assets"
    for asset in ("i18n/es.yaml", "icons/home.svg", "app/patient-kiosk-256.png"):
        assert (bundled / asset).is_file(), asset
    # Speech mode is in every build: Qt's text-to-speech and its speech-dispatcher engine.
    internal = destination / "_internal"
    assert list(internal.rglob("libQt6TextToSpeech.so*")), "QtTextToSpeech is missing"
    assert list(internal.rglob("libqtexttospeech_speechd.so")), "the speechd engine is missing"
    # The health heartbeat calls https:// monitors: TLS must be in the build.
    assert list(internal.rglob("_ssl*.so")), "Python's ssl module is missing"
    desktop = (destination / "patient-kiosk.desktop").read_text(encoding="utf-8")
    assert f"Icon={destination / 'patient-kiosk.png'}" in desktop
    assert f'Exec="{destination / "patient-kiosk"}"' in desktop
    size = build_installer.app_size(destination, onefile=False)
    assert size <= MAX_FOLDER_BYTES, f"{size / 1e6:.1f} MB"
    built, source = build_installer.measure_startup(destination, runs=11)
    print(f"first paint: built {built * 1000:.0f} ms, source {source * 1000:.0f} ms")
    assert built <= MAX_STARTUP_RATIO * source


def bundled_modules(destination: Path) -> set[str]:
    """Every Python module in the build's archive, as PyInstaller's own reader lists them."""
    from PyInstaller.archive.readers import CArchiveReader  # type: ignore[import-untyped]

    program = CArchiveReader(str(build_installer.executable_in(destination)))
    return set(program.open_embedded_archive("PYZ.pyz").toc)


def test_a_build_made_beside_the_test_tools_carries_none_of_them(
    one_folder_app: tuple[Path, str],
) -> None:
    """Built in a developer's environment (pytest brings Pygments, which Python-Markdown's
    fenced code would load for colours the kiosk never asks for), the build is the one a
    clean environment makes."""
    modules = bundled_modules(one_folder_app[0])
    assert "kiosk.app" in modules and "markdown.extensions.fenced_code" in modules
    for tool in ("pygments", "pytest", "_pytest", "hypothesis"):
        assert not [name for name in modules if name.split(".")[0] == tool], tool


@pytest.mark.skipif(
    os.environ.get("KIOSK_TEST_CAGE") != "1" and bool(missing_tools()),
    reason="needs cage, grim and Xvfb (CI installs them and sets KIOSK_TEST_CAGE=1)",
)
def test_the_packaged_kiosk_fills_cages_output_on_wayland(
    one_folder_app: tuple[Path, str], tmp_path: Path
) -> None:
    """The build keeps what Qt's Wayland platform needs (its plugin, xdg-shell)."""
    destination, _ = one_folder_app
    command = [str(build_installer.executable_in(destination))]
    shown, _ = shows_home(tmp_path, command=command)
    assert shown, "cage's output never showed Home as the kiosk draws it"
