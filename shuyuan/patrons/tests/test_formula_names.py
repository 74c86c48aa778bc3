"""A reader's name that a spreadsheet would run as a formula is refused at registration and
neutralised in the readers' CSV (issue 20.8)."""

import pytest
from django.test import Client

from shuyuan.patrons import services
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.models import Patron
from shuyuan.testing.branches import NOW, make_branch, make_staff
from shuyuan.testing.patrons import make_category, make_patron, resident_id

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://example.com","点我")'


def test_registration_refuses_a_name_that_starts_like_a_formula() -> None:
    with pytest.raises(PatronRefused) as refused:
        make_patron(FORMULA)
    assert refused.value.reason == Reason.NAME_FORMULA


def test_renaming_a_reader_to_a_formula_is_refused() -> None:
    with pytest.raises(PatronRefused) as refused:
        services.update(make_patron(), name="@SUM(1)", at=NOW, by=None)
    assert refused.value.reason == Reason.NAME_FORMULA


def test_the_online_form_refuses_a_formula_name() -> None:
    make_category()
    make_branch()
    form = {
        "id_type": "resident_id",
        "name": "+1+1",
        "id_number": resident_id(),
        "phone": "13800001111",
        "pin": "246810",
        "pin_again": "246810",
        "agrees": "on",
    }
    page = Client().post("/patrons/join/", form).content.decode()
    assert ("姓名不能以 =、+、- 或 @ 开头" in page, Patron.objects.count()) == (True, 0)


def test_the_readers_csv_neutralises_a_formula_name_stored_before() -> None:
    patron = make_patron()
    Patron.objects.filter(pk=patron.pk).update(name=FORMULA)
    client = Client()
    client.force_login(make_staff("director", patron.home_branch, all_branches=True))
    assert "'=HYPERLINK" in client.post("/patrons/export/").content.decode("utf-8-sig")
