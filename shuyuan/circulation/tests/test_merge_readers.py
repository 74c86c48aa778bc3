import pytest
from django.db import transaction

from shuyuan.circulation import services
from shuyuan.circulation.errors import CirculationRefused, Reason
from shuyuan.circulation.merging import move_circulation
from shuyuan.circulation.models import Channel, Hold, Loan, ReaderTokenMerge
from shuyuan.testing.catalog import make_item
from shuyuan.testing.circulation import give_back, lend


def merge(keep, remove, now):
    with transaction.atomic():
        return move_circulation(keep, remove, at=now, by=None)


def hold(record, patron, branch, now):
    return services.place_hold(record, patron, pickup_branch=branch, at=now, by=None, channel=Channel.OPAC)


def test_merging_moves_open_and_returned_loans_to_the_kept_reader(branch, reader, second_reader, desk, now):
    returned, still_out = make_item(branch=branch), make_item(branch=branch)
    lend(returned, second_reader, at=now, service_point=desk)
    give_back(returned, at=now, service_point=desk)
    lend(still_out, second_reader, at=now, service_point=desk)
    merge(reader, second_reader, now)
    assert Loan.objects.filter(patron=reader).count() == 2


def test_merging_moves_holds_keeping_their_place_in_the_queue(book, reader, second_reader, branch, now):
    placed = hold(book.record, second_reader, branch, now)
    merge(reader, second_reader, now)
    placed.refresh_from_db()
    assert (placed.patron, placed.position) == (reader, 1)


def test_merging_two_holds_on_one_title_keeps_the_one_further_ahead(book, reader, second_reader, branch, now):
    ahead = hold(book.record, second_reader, branch, now)
    behind = hold(book.record, reader, branch, now)
    moved = merge(reader, second_reader, now)
    ahead.refresh_from_db()
    behind.refresh_from_db()
    assert (moved["holds_cancelled"], ahead.status, behind.status) == (1, Hold.Status.WAITING, Hold.Status.CANCELLED)


def test_merging_records_that_the_two_tokens_are_one_reader(reader, second_reader, now):
    merge(reader, second_reader, now)
    assert ReaderTokenMerge.objects.get(old_token=second_reader.reader_token).new_token == reader.reader_token


def test_merging_a_reader_into_itself_is_refused(reader, now):
    with pytest.raises(CirculationRefused) as refused:
        merge(reader, reader, now)
    assert refused.value.reason == Reason.SAME_PATRON


@pytest.mark.django_db(transaction=True)
def test_merging_outside_a_transaction_is_refused(reader, second_reader, now):
    with pytest.raises(RuntimeError):
        move_circulation(reader, second_reader, at=now, by=None)
