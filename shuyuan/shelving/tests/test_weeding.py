"""Weeding (剔旧/注销): batches with a reason, approved by a second person, then withdrawn."""

import pytest

from shuyuan.catalog.models import Item, ItemStatusChange
from shuyuan.roles import Role
from shuyuan.shelving.errors import Reason, ShelvingRefused
from shuyuan.shelving.models import WeedingBatch
from shuyuan.shelving.queries import batch_totals, withdrawn
from shuyuan.shelving.services import (
    add_to_weeding,
    approve_weeding,
    send_back_weeding,
    start_weeding,
    submit_weeding,
)
from shuyuan.testing.branches import NOW, make_branch, make_staff
from shuyuan.testing.catalog import make_item, make_record

pytestmark = pytest.mark.django_db
Status = Item.Status


@pytest.fixture
def people():
    branch = make_branch()
    return make_staff(Role.CATALOGUING, branch), make_staff(Role.DIRECTOR, branch)


def submitted(maker, *items, reason=WeedingBatch.Reason.WORN):
    batch = start_weeding("2016年第一批", reason, at=NOW, by=maker)
    add_to_weeding(batch, [item.barcode for item in items], at=NOW, by=maker)
    return submit_weeding(batch, at=NOW, by=maker)


def test_an_approved_batch_withdraws_its_items(people):
    maker, approver = people
    item = make_item()
    approve_weeding(submitted(maker, item), at=NOW, by=approver)
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN


def test_each_withdrawal_is_in_the_items_history_with_the_batch_reason_and_time(people):
    maker, approver = people
    item = make_item()
    batch = approve_weeding(submitted(maker, item, reason=WeedingBatch.Reason.OUTDATED), at=NOW, by=approver)
    change = ItemStatusChange.objects.get(item=item)
    assert (change.new_status, change.reason, change.at) == (Status.WITHDRAWN, f"weeding:{batch.pk}:outdated", NOW)


def test_the_person_who_drew_up_a_batch_cannot_approve_it(people):
    maker, _approver = people
    batch = submitted(maker, make_item())
    with pytest.raises(ShelvingRefused) as refused:
        approve_weeding(batch, at=NOW, by=maker)
    assert refused.value.reason == Reason.SAME_PERSON


def test_items_are_not_withdrawn_before_approval(people):
    maker, _approver = people
    item = make_item()
    submitted(maker, item)
    item.refresh_from_db()
    assert item.status == Status.ON_SHELF


def test_an_item_on_loan_cannot_go_into_a_batch_with_a_chinese_reason(people):
    maker, _approver = people
    batch = start_weeding("第一批", WeedingBatch.Reason.WORN, at=NOW, by=maker)
    outcomes = add_to_weeding(batch, [make_item(status=Status.ON_LOAN).barcode], at=NOW, by=maker)
    assert outcomes[0].message == "该单册已借出：请先在外借处归还。"


def test_the_other_items_of_the_scan_go_into_the_batch(people):
    maker, _approver = people
    batch = start_weeding("第一批", WeedingBatch.Reason.WORN, at=NOW, by=maker)
    add_to_weeding(batch, [make_item(status=Status.ON_LOAN).barcode, make_item().barcode], at=NOW, by=maker)
    assert batch.entries.count() == 1


def test_an_item_lent_after_it_was_added_refuses_the_approval_and_withdraws_nothing(people):
    maker, approver = people
    lent, other = make_item(), make_item()
    batch = submitted(maker, lent, other)
    Item.objects.filter(pk=lent.pk).update(status=Status.ON_LOAN)
    with pytest.raises(ShelvingRefused):
        approve_weeding(batch, at=NOW, by=approver)
    other.refresh_from_db()
    assert other.status == Status.ON_SHELF


def test_an_item_in_a_batch_not_yet_approved_cannot_go_into_another(people):
    maker, _approver = people
    item = make_item()
    submitted(maker, item)
    second = start_weeding("第二批", WeedingBatch.Reason.WORN, at=NOW, by=maker)
    assert add_to_weeding(second, [item.barcode], at=NOW, by=maker)[0].refusal == Reason.IN_OTHER_BATCH


def test_a_batch_sent_back_can_be_changed_again(people):
    maker, approver = people
    batch = send_back_weeding(submitted(maker, make_item()), note="缺价格", at=NOW, by=approver)
    assert add_to_weeding(batch, [make_item().barcode], at=NOW, by=maker)[0].done


def test_an_empty_batch_cannot_be_submitted(people):
    maker, _approver = people
    batch = start_weeding("空批", WeedingBatch.Reason.WORN, at=NOW, by=maker)
    with pytest.raises(ShelvingRefused) as refused:
        submit_weeding(batch, at=NOW, by=maker)
    assert refused.value.reason == Reason.EMPTY_BATCH


def test_a_withdrawal_list_counts_kinds_and_volumes(people):
    maker, _approver = people
    record = make_record()
    batch = submitted(maker, make_item(record, price=12), make_item(record, price=8), make_item())
    assert batch_totals(batch) == (2, 3, "20.00")


def test_withdrawals_are_counted_in_kinds_and_volumes_per_reason(people):
    maker, approver = people
    record = make_record()
    approve_weeding(submitted(maker, make_item(record), make_item(record)), at=NOW, by=approver)
    assert [(w.reason, w.kinds, w.volumes) for w in withdrawn(NOW.date(), NOW.date())] == [("破损", 1, 2)]
