"""The package a library installs (a wheel, or ``pip install .``) carries its compiled translations."""

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEAKS_CHINESE = """
import django
from django.utils import translation

import shuyuan

assert shuyuan.__file__.startswith("{venv}"), shuyuan.__file__
django.setup()
translation.activate("zh-hans")
print(translation.gettext("The kiosk is not logged in."))
print(translation.gettext("The reader's card has expired."))
"""


def _source_without_compiled_messages(target: Path) -> Path:
    """The project as a fresh checkout has it: sources and catalogues (.po), no .mo files."""
    target.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, target / name)
    shutil.copytree(ROOT / "shuyuan", target / "shuyuan", ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    return target


@pytest.mark.slow
def test_an_installed_wheel_speaks_chinese(tmp_path):
    source = _source_without_compiled_messages(tmp_path / "src")
    # Nothing of the test run's own tree (PYTHONPATH) may stand in for the installed package.
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE")}
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(source)], check=True, cwd=tmp_path, env=env)
    (wheel,) = wheels.glob("shuyuan-*.whl")
    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    subprocess.run(
        [*pip, "--python", str(python), "install", "--no-deps", str(wheel)], check=True, cwd=tmp_path, env=env
    )
    # Django and the other dependencies come from the test run's environment, after the fresh venv's own.
    purelib = "import sysconfig; print(sysconfig.get_path('purelib'))"
    site = Path(subprocess.check_output([python, "-c", purelib], text=True, env=env).strip())
    (site / "zz_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    env.update(DJANGO_SETTINGS_MODULE="shuyuan.settings", SHUYUAN_VAR=str(tmp_path / "var"), DATABASE_URL="")
    answer = subprocess.run(
        [python, "-c", SPEAKS_CHINESE.format(venv=fresh)],
        check=True,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert answer.stdout.splitlines() == ["自助设备尚未登录。", "读者证已过期。"]
