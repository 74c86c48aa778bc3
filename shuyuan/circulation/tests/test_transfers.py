from datetime import timedelta

import pytest

from shuyuan.catalog.models import Item
from shuyuan.circulation import queries, services
from shuyuan.circulation.errors import Reason, TransferRefused
from shuyuan.circulation.models import Transfer, TransferBatch
from shuyuan.testing.catalog import make_collection, make_item
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


def move_for_good(items, to_branch, desk, now, **options):
    return services.transfer_batch(
        items, to_branch, purpose="新分馆开馆", at=now, by=None, service_point=desk, permanent=True, **options
    )


def test_a_permanent_batch_makes_the_destination_the_items_home(branch, desk, other_branch, now):
    items = [make_item(branch=branch) for _ in range(2)]
    sent = move_for_good(items, other_branch, desk, now)
    homes = set(Item.objects.filter(pk__in=[i.pk for i in items]).values_list("home_branch", flat=True))
    assert (sent.is_permanent, homes) == (True, {other_branch.pk})


def test_a_permanent_batch_can_file_the_items_in_a_collection_of_the_new_branch(branch, desk, other_branch, now):
    shelves = make_collection(other_branch)
    item = make_item(branch=branch)
    move_for_good([item], other_branch, desk, now, collection=shelves)
    item.refresh_from_db()
    assert item.collection == shelves


def test_a_permanent_batch_into_a_collection_of_another_branch_is_refused(branch, desk, other_branch, now):
    with pytest.raises(TransferRefused) as refused:
        move_for_good([make_item(branch=branch)], other_branch, desk, now, collection=make_collection(branch))
    assert (refused.value.reason, TransferBatch.objects.count()) == (Reason.COLLECTION_ELSEWHERE, 0)


def test_an_item_moved_for_good_stays_at_its_new_branch_after_its_next_return(branch, reader, desk, other_desk, now):
    item = make_item(branch=branch)
    sent = move_for_good([item], other_desk.branch, desk, now)
    services.receive_batch(sent, at=now, by=None, service_point=other_desk)
    lend(item, reader, at=now + timedelta(days=1), service_point=other_desk)
    result = give_back(item, at=now + timedelta(days=2), service_point=other_desk)
    assert (result.route.kind, Transfer.objects.filter(item=item).count()) == ("shelf", 1)


def test_an_item_moved_for_good_returned_at_its_old_branch_goes_to_its_new_home(branch, reader, desk, other_desk, now):
    item = make_item(branch=branch)
    sent = move_for_good([item], other_desk.branch, desk, now)
    services.receive_batch(sent, at=now, by=None, service_point=other_desk)
    lend(item, reader, at=now + timedelta(days=1), service_point=other_desk)
    result = give_back(item, at=now + timedelta(days=2), service_point=desk)
    assert (result.route.kind, result.route.destination) == ("transit", other_desk.branch)


def test_an_item_of_a_rotation_batch_goes_back_home_after_its_next_return(branch, reader, desk, other_desk, now):
    item = make_item(branch=branch)
    sent = batch([item], other_desk.branch, desk, now)
    services.receive_batch(sent, at=now, by=None, service_point=other_desk)
    lend(item, reader, at=now + timedelta(days=1), service_point=other_desk)
    result = give_back(item, at=now + timedelta(days=2), service_point=other_desk)
    assert (result.route.kind, result.route.destination) == ("transit", branch)
