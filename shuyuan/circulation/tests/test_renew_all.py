"""Renewing all of a reader's loans at once (the kiosk's 65, the OPAC's "renew all")."""

from datetime import timedelta

from shuyuan.circulation import services
from shuyuan.circulation.errors import Reason
from shuyuan.circulation.models import Channel, CirculationEvent, Loan
from shuyuan.patrons import services as patron_services
from shuyuan.testing.catalog import make_item
from shuyuan.testing.circulation import NOW, lend

LATER = NOW + timedelta(days=20)


def renew_all(patron, at=LATER):
    return services.renew_all(patron, at=at, by=None, channel=Channel.OPAC)


def two_loans(reader, desk):
    return [lend(make_item(branch=desk.branch), reader, at=NOW, service_point=desk) for _ in range(2)]


def test_renew_all_renews_every_loan_that_may_be_renewed(reader, desk):
    loans = two_loans(reader, desk)
    done = renew_all(reader)
    assert (sorted(loan.pk for loan in done.renewed), done.refused) == (sorted(loan.pk for loan in loans), ())


def test_renew_all_moves_the_due_dates_in_the_database(reader, desk):
    two_loans(reader, desk)
    renew_all(reader)
    assert set(Loan.objects.filter(patron=reader).values_list("renewals", flat=True)) == {1}


def test_renew_all_leaves_a_loan_another_reader_waits_for_with_the_reason(reader, second_reader, desk):
    waited_for, free = two_loans(reader, desk)
    services.place_hold(
        waited_for.item.record, second_reader, pickup_branch=desk.branch, at=NOW, by=None, channel=Channel.OPAC
    )
    done = renew_all(reader)
    assert ([loan.pk for loan in done.renewed], [(loan.pk, reason) for loan, reason in done.refused]) == (
        [free.pk],
        [(waited_for.pk, Reason.RENEWAL_ON_HOLD)],
    )


def test_renew_all_writes_one_renewal_event_per_renewed_loan(reader, desk):
    two_loans(reader, desk)
    renew_all(reader)
    assert CirculationEvent.objects.filter(kind=CirculationEvent.Kind.RENEWAL).count() == 2


def test_renew_all_renews_nothing_for_a_blocked_reader(reader, desk):
    two_loans(reader, desk)
    patron_services.block(reader, reason="损坏图书未赔偿", at=NOW, by=None)
    done = renew_all(reader)
    assert (done.renewed, {reason for _loan, reason in done.refused}) == ((), {Reason.PATRON_BLOCKED})


def test_renew_all_gives_each_loan_its_item_barcode(reader, desk):
    loans = two_loans(reader, desk)
    done = renew_all(reader)
    assert sorted(loan.item.barcode for loan in done.renewed) == sorted(loan.item.barcode for loan in loans)


def test_renew_all_for_a_reader_without_loans_renews_nothing(reader):
    assert renew_all(reader) == services.Renewals((), ())
