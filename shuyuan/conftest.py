import os

import pytest
from hypothesis import HealthCheck, settings

# make test runs a fixed, derandomised profile; before a release, HYPOTHESIS_PROFILE=release runs
# the same property and fuzz tests with fresh random inputs and many more of them.
settings.register_profile(
    "shuyuan", max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("release", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "shuyuan"))


@pytest.fixture(autouse=True)
def _chinese_by_default(settings):
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path_factory):
    """Uploads and reports go to a temporary folder; the keys stay those of the test session."""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


from shuyuan.testing.browser import (  # noqa: E402, F401  (page-test fixtures)
    chromium,
    desk_page,
    phone_page,
)
