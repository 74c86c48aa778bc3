"""The README's opening says what a user can do today: each capability it names has its app."""

from pathlib import Path

import pytest
from django.conf import settings

README = Path(__file__).resolve().parents[2] / "README.md"

# What the opening may name only once the app that provides it is installed.
CAPABILITIES = {
    "circulation desk": "shuyuan.desk",
    "staff desk": "shuyuan.desk",
    "借还台": "shuyuan.desk",
    "public catalogue": "shuyuan.opac",
    "公共检索目录": "shuyuan.opac",
    "OPAC": "shuyuan.opac",
    "acquisitions": "shuyuan.acquisitions",
    "采访": "shuyuan.acquisitions",
    "serials": "shuyuan.serials",
    "期刊": "shuyuan.serials",
    "reading rooms": "shuyuan.visits",
    "阅览": "shuyuan.visits",
    "reading-promotion": "shuyuan.outreach",
    "活动": "shuyuan.outreach",
    "工作报告": "shuyuan.stats",
    "work report": "shuyuan.stats",
}


def opening() -> str:
    return README.read_text(encoding="utf-8").split("\n## ", 1)[0]


@pytest.mark.parametrize("phrase", sorted(CAPABILITIES))
def test_the_readme_opening_names_only_what_is_installed(phrase):
    promised = phrase.lower() in opening().lower()
    assert not promised or CAPABILITIES[phrase] in settings.INSTALLED_APPS
