"""The kiosk finds its own assets (catalogues, icons, app icon) however it was installed: from
a source checkout, from a wheel installed with ``pip install .`` into a fresh virtual
environment, and (tests/packaging/test_build.py) from the packaged program."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
WHERE = "import kiosk, kiosk.assets; print(kiosk.__file__); print(kiosk.assets.ASSETS)"


def run(python: Path | str, *args: str, cwd: Path) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": ""}
    result = subprocess.run(
        [str(python), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.splitlines()


def test_a_source_checkout_finds_the_assets_beside_the_package(tmp_path: Path) -> None:
    for part in ("kiosk", "assets"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    package, assets = run(sys.executable, "-c", WHERE, cwd=tmp_path)
    assert Path(package).parent == tmp_path / "kiosk"  # this copy, not the installed kiosk
    assert Path(assets) == tmp_path / "assets"


@pytest.mark.slow
def test_an_installed_wheel_carries_its_assets(tmp_path: Path) -> None:
    """``pip install .`` into a fresh environment: the kiosk draws its screens there. (Its
    dependencies come from the tests' environment, so that nothing is downloaded twice.)"""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheels)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    fresh = tmp_path / "fresh"
    venv.create(fresh, with_pip=True)
    python = fresh / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    wheel = next(wheels.glob("patient_kiosk-*.whl"))
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    fresh_site = Path(
        run(python, "-c", "import site; print(site.getsitepackages()[0])", cwd=tmp_path)[0]
    )
    (fresh_site / "test-dependencies.pth").write_text(site.getsitepackages()[0] + "\n")
    package, assets = run(python, "-c", WHERE, cwd=tmp_path)
    assert Path(package).parent == fresh_site / "kiosk"
    assert Path(assets) == fresh_site / "kiosk" / "_assets"
    out = tmp_path / "shots"
    content = ROOT / "content"
    [said] = run(
        python, "-m", "kiosk", "render", "--out", str(out), "--content", str(content), cwd=tmp_path
    )
    assert said.startswith("wrote ") and len(list(out.glob("*.png"))) > 10
