"""Merging two records of one person: the readers' part, through the lifecycle's merge."""

from datetime import date
from decimal import Decimal

import pytest

from shuyuan.keys import decrypt
from shuyuan.lifecycle import services as lifecycle
from shuyuan.patrons import queries, services
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.models import Patron, PatronCategory
from shuyuan.testing.branches import NOW
from shuyuan.testing.patrons import make_category, make_patron, resident_id

pytestmark = pytest.mark.django_db


def old_card_record() -> Patron:
    group = make_category(PatronCategory.Kind.GROUP)
    return make_patron(
        "张三",
        id_number=None,
        category=group,
        contact_name="张三",
        card_number="A0001",
        is_legacy_card=True,
        legacy_deposit=Decimal("50"),
    )


def test_the_merged_records_cards_resolve_to_the_kept_record() -> None:
    keep, remove = make_patron(), old_card_record()
    lifecycle.merge(keep, remove, at=NOW, by=None)
    assert queries.resolve("A0001") == keep


def test_the_merged_record_is_closed_and_points_to_the_kept_one() -> None:
    keep, remove = make_patron(), old_card_record()
    lifecycle.merge(keep, remove, at=NOW, by=None)
    remove.refresh_from_db()
    assert (remove.status, remove.merged_into) == (Patron.Status.CLOSED, keep)


def test_the_old_deposit_moves_to_the_kept_record() -> None:
    keep, remove = make_patron(), old_card_record()
    lifecycle.merge(keep, remove, at=NOW, by=None)
    keep.refresh_from_db()
    assert keep.legacy_deposit == Decimal("50")


def test_a_kept_record_without_a_document_takes_the_other_ones() -> None:
    keep, remove = old_card_record(), make_patron()
    number = decrypt(remove.id_number_encrypted)
    lifecycle.merge(keep, remove, at=NOW, by=None)
    assert queries.resolve(number) == keep


def test_blocks_move_to_the_kept_record() -> None:
    keep, remove = make_patron(), old_card_record()
    services.block(remove, reason="逾期", at=NOW, by=None)
    lifecycle.merge(keep, remove, at=NOW, by=None)
    assert keep.blocks.count() == 1


def test_two_different_resident_ids_are_not_one_person() -> None:
    keep, remove = make_patron(), make_patron("张三", id_number=resident_id(date(1970, 1, 1)))
    with pytest.raises(PatronRefused) as refused:
        lifecycle.merge(keep, remove, at=NOW, by=None)
    assert refused.value.reason == Reason.DIFFERENT_PEOPLE


def test_a_record_cannot_be_merged_with_itself() -> None:
    patron = make_patron()
    with pytest.raises(PatronRefused) as refused:
        lifecycle.merge(patron, patron, at=NOW, by=None)
    assert refused.value.reason == Reason.SAME_RECORD


def test_loans_of_the_merged_record_move_to_the_kept_one() -> None:
    from shuyuan.circulation.models import Loan
    from shuyuan.testing.catalog import make_item
    from shuyuan.testing.circulation import lend

    keep, remove = make_patron(), old_card_record()
    item = make_item()
    loan = lend(item, remove)
    lifecycle.merge(keep, remove, at=NOW, by=None)
    loan.refresh_from_db()
    assert loan.patron == keep
    assert Loan.objects.filter(patron=remove).count() == 0
