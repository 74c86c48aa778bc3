"""Free text keeps no ID or phone number: services refuse it with a message (issue 20.6)."""

import pytest
from django.test import Client

from shuyuan.patrons import services
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.models import PatronBlock
from shuyuan.testing.branches import NOW, make_staff
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db
ID_NUMBER = "430281199004053331"


def refusal(action) -> Reason:
    with pytest.raises(PatronRefused) as refused:
        action()
    return refused.value.reason


def test_a_block_reason_with_an_id_number_is_refused() -> None:
    patron = make_patron()
    reason = refusal(lambda: services.block(patron, reason=f"冒用 {ID_NUMBER} 的证", at=NOW, by=None))
    assert reason == Reason.PERSONAL_NUMBER_IN_TEXT


def test_a_block_reason_with_a_spaced_mobile_number_is_refused() -> None:
    patron = make_patron()
    reason = refusal(lambda: services.block(patron, reason="联系 138 1234 5678", at=NOW, by=None))
    assert reason == Reason.PERSONAL_NUMBER_IN_TEXT


def test_a_block_reason_with_a_barcode_is_accepted() -> None:
    patron = make_patron()
    assert services.block(patron, reason="丢失 0012345678 未赔", at=NOW, by=None).reason == "丢失 0012345678 未赔"


def test_a_contact_name_with_a_phone_number_is_refused() -> None:
    patron = make_patron()
    reason = refusal(lambda: services.update(patron, contact_name="王老师13812345678", at=NOW, by=None))
    assert reason == Reason.PERSONAL_NUMBER_IN_TEXT


def test_the_block_form_says_why_a_reason_with_an_id_number_is_refused() -> None:
    patron = make_patron()
    client = Client()
    client.force_login(make_staff("circulation", patron.home_branch))
    form = {"reason": f"冒用 {ID_NUMBER}", "kind": PatronBlock.Kind.MANUAL}
    page = client.post(f"/patrons/{patron.pk}/block/", form, follow=True).content.decode()
    assert ("请勿在此填写证件号码或电话号码" in page, PatronBlock.objects.count()) == (True, 0)
