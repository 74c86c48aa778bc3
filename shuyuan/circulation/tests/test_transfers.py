from datetime import timedelta

import pytest

from shuyuan.catalog.models import Item
from shuyuan.circulation import queries, services
from shuyuan.circulation.errors import Reason, TransferRefused
from shuyuan.circulation.models import Transfer, TransferBatch
from shuyuan.testing.catalog import make_item
from shuyuan.testing.circulation import give_back, lend


def send(item, to_branch, desk, now):
    return services.transfer(item, to_branch, at=now, by=None, service_point=desk)


def test_a_transfer_puts_the_item_in_transit(book, desk, other_branch, now):
    send(book, other_branch, desk, now)
    book.refresh_from_db()
    assert book.status == Item.Status.IN_TRANSIT


def test_a_transfer_to_the_branch_the_item_is_at_is_refused(book, desk, now):
    with pytest.raises(TransferRefused) as refused:
        send(book, desk.branch, desk, now)
    assert refused.value.reason == Reason.SAME_BRANCH


def test_a_transfer_of_an_item_on_loan_is_refused(book, reader, desk, other_branch, now):
    lend(book, reader, at=now, service_point=desk)
    with pytest.raises(TransferRefused) as refused:
        send(book, other_branch, desk, now)
    assert refused.value.reason == Reason.ITEM_ON_LOAN


def test_a_received_item_stays_at_its_new_branch(book, desk, other_desk, now):
    send(book, other_desk.branch, desk, now)
    services.receive(book, at=now + timedelta(days=1), by=None, service_point=other_desk)
    book.refresh_from_db()
    assert (book.status, book.current_branch) == (Item.Status.ON_SHELF, other_desk.branch)


def test_receiving_at_another_branch_than_the_destination_is_refused(book, desk, other_branch, now):
    from shuyuan.testing.branches import make_branch
    from shuyuan.testing.circulation import make_desk

    send(book, other_branch, desk, now)
    elsewhere = make_desk(make_branch(library=other_branch.library))
    with pytest.raises(TransferRefused) as refused:
        services.receive(book, at=now, by=None, service_point=elsewhere)
    assert refused.value.reason == Reason.WRONG_BRANCH


def test_receiving_an_item_not_in_transit_is_refused(book, desk, now):
    with pytest.raises(TransferRefused) as refused:
        services.receive(book, at=now, by=None, service_point=desk)
    assert refused.value.reason == Reason.NOT_IN_TRANSIT


def test_checking_in_an_item_at_the_end_of_its_transfer_receives_it(book, reader, desk, other_desk, now):
    lend(book, reader, at=now, service_point=desk)
    give_back(book, at=now, service_point=other_desk)
    give_back(book, at=now + timedelta(days=1), service_point=desk)
    transfer = Transfer.objects.get(item=book)
    book.refresh_from_db()
    assert (transfer.received_at, book.status) == (now + timedelta(days=1), Item.Status.ON_SHELF)


def test_checking_in_an_item_in_transit_on_the_way_keeps_it_in_transit(book, reader, desk, other_desk, now):
    from shuyuan.testing.branches import make_branch
    from shuyuan.testing.circulation import make_desk

    lend(book, reader, at=now, service_point=desk)
    give_back(book, at=now, service_point=other_desk)
    on_the_way = make_desk(make_branch(library=desk.branch.library))
    result = give_back(book, at=now, service_point=on_the_way)
    assert (result.route.kind, result.route.destination) == ("transit", desk.branch)


def batch(items, to_branch, desk, now):
    return services.transfer_batch(items, to_branch, purpose="新分馆开馆", at=now, by=None, service_point=desk)


def test_a_batch_transfer_sends_every_item_under_one_manifest(branch, desk, other_branch, now):
    items = [make_item(branch=branch) for _ in range(3)]
    sent = batch(items, other_branch, desk, now)
    assert (sent.number, len(queries.manifest(sent))) == ("TB20160301-001", 3)


def test_a_batch_with_an_item_on_loan_is_refused_whole_and_names_it(branch, reader, desk, other_branch, now):
    items = [make_item(branch=branch) for _ in range(3)]
    lend(items[1], reader, at=now, service_point=desk)
    with pytest.raises(TransferRefused) as refused:
        batch(items, other_branch, desk, now)
    assert (refused.value.detail["barcodes"], Transfer.objects.count()) == ([items[1].barcode], 0)


def test_receiving_a_batch_closes_it(branch, desk, other_desk, now):
    sent = batch([make_item(branch=branch) for _ in range(2)], other_desk.branch, desk, now)
    assert services.receive_batch(sent, at=now, by=None, service_point=other_desk) == 2
    sent.refresh_from_db()
    assert sent.status == TransferBatch.Status.RECEIVED


def test_receiving_the_last_item_of_a_batch_one_by_one_closes_it(branch, desk, other_desk, now):
    items = [make_item(branch=branch) for _ in range(2)]
    sent = batch(items, other_desk.branch, desk, now)
    for item in items:
        services.receive(item, at=now, by=None, service_point=other_desk)
    sent.refresh_from_db()
    assert sent.status == TransferBatch.Status.RECEIVED
