import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from shuyuan.branches.models import Branch, PublicHoliday, ServicePoint
from shuyuan.devices.models import Device

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "branches": Branch.objects.count(),
        "points": ServicePoint.objects.count(),
        "holidays": PublicHoliday.objects.count(),
        "devices": Device.objects.count(),
        "staff": User.objects.count(),
    }


def test_the_demo_loads_the_seed_library_and_is_idempotent(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo", "--small", stdout=io.StringIO())
    first = counts()
    call_command("demo", "--small", stdout=io.StringIO())
    assert counts() == first
    davinci = Branch.objects.get(code="LL02")
    assert (davinci.partner_name, davinci.area_m2, davinci.shelves) == ("达芬奇画室", 100, 6)
    kinds = set(ServicePoint.objects.values_list("kind", flat=True))
    assert set(ServicePoint.Kind.values) <= kinds
    assert set(Device.objects.values_list("kind", flat=True)) == set(Device.Kind.values)
    assert PublicHoliday.objects.filter(date__year=2016, kind="workday").count() == 6


def test_every_demo_staff_login_is_written_for_make_run(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo", "--small", stdout=io.StringIO())
    lines = (tmp_path / "demo-logins.txt").read_text().splitlines()
    staff = User.objects.filter(is_staff=True)
    assert {u.username for u in staff} <= {line.split(" / ")[0] for line in lines}
    username, password = lines[0].split(" / ")[:2]
    assert User.objects.get(username=username).check_password(password)


def test_demo_if_empty_leaves_a_loaded_database_alone(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo", "--small", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "nothing loaded" in out.getvalue()
