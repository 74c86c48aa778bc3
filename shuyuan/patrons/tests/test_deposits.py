"""The register of deposits refunded from the old deposit-based system (退押金)."""

from decimal import Decimal

import pytest

from shuyuan.patrons import services
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.models import DepositRefund
from shuyuan.testing.branches import NOW, make_branch
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


def test_a_refund_is_registered_and_lowers_the_deposit_held() -> None:
    patron = make_patron(legacy_deposit=Decimal("100"))
    services.refund_deposit(
        patron, amount=Decimal("100"), receipt_number="T-001", branch=make_branch(), at=NOW, by=None
    )
    patron.refresh_from_db()
    assert (patron.legacy_deposit, DepositRefund.objects.get().amount) == (Decimal("0"), Decimal("100"))


def test_a_refund_larger_than_the_deposit_is_refused() -> None:
    patron = make_patron(legacy_deposit=Decimal("50"))
    with pytest.raises(PatronRefused) as refused:
        services.refund_deposit(patron, amount=Decimal("60"), branch=make_branch(), at=NOW, by=None)
    assert refused.value.reason == Reason.DEPOSIT_AMOUNT


def test_a_reader_without_a_deposit_gets_no_refund() -> None:
    with pytest.raises(PatronRefused) as refused:
        services.refund_deposit(make_patron(), amount=Decimal("10"), branch=make_branch(), at=NOW, by=None)
    assert refused.value.reason == Reason.NO_DEPOSIT


def test_the_register_keeps_the_card_and_name_of_the_reader() -> None:
    patron = make_patron("赵六", legacy_deposit=Decimal("30"))
    refund = services.refund_deposit(patron, amount=Decimal("30"), branch=make_branch(), at=NOW, by=None)
    assert (refund.card_number, refund.name) == (patron.card_number, "赵六")
