"""The build compiles every translation catalogue (``django.po``) into the ``django.mo`` that
Django reads, so a wheel or ``pip install .`` speaks Chinese without ``make messages``.

Everything else about the package is in pyproject.toml.
"""

import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithMessages(build_py):
    """``build_py`` that writes ``locale/<lang>/LC_MESSAGES/django.mo`` next to each ``django.po``."""

    def run(self) -> None:
        super().run()
        msgfmt = shutil.which("msgfmt")
        catalogues = sorted(Path("shuyuan").rglob("locale/*/LC_MESSAGES/django.po"))
        if catalogues and msgfmt is None:
            raise SystemExit("building shuyuan needs msgfmt (Debian: apt-get install gettext) to compile translations")
        for po in catalogues:
            mo = Path(self.build_lib) / po.with_suffix(".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([msgfmt, "--check-format", "-o", str(mo), str(po)], check=True)


setup(cmdclass={"build_py": BuildWithMessages})
