"""Two kiosks at the same moment: threads with their own database connections, on SQLite
(IMMEDIATE transactions queue the writers) and on PostgreSQL (row locks)."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from shuyuan.catalog.models import Item
from shuyuan.catalog.queries import Scan
from shuyuan.circulation import services
from shuyuan.circulation.errors import CirculationRefused, Reason
from shuyuan.circulation.models import Channel, Hold, Loan
from shuyuan.patrons.queries import Card
from shuyuan.testing.catalog import make_item
from shuyuan.testing.circulation import make_open_loans, make_rule
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls in threads released at once; each result is the return value or the refusal."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except CirculationRefused as refusal:
            results[i] = refusal.reason
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def checkout_call(item, patron, desk, now, *, by_codes=False):
    """A kiosk's checkout, of the instances or by the codes scanned (looked up with the locks)."""
    args = (Scan(item.barcode), Card(patron.card_number)) if by_codes else (item, patron)
    return lambda: services.checkout(*args, at=now, by=None, service_point=desk, channel=Channel.KIOSK)


@pytest.mark.parametrize("by_codes", [False, True])
def test_two_simultaneous_checkouts_of_one_item_let_exactly_one_win(by_codes, branch, desk, reader, second_reader, now):
    for _round in range(5):
        item = make_item(branch=branch)
        results = run_together([checkout_call(item, p, desk, now, by_codes=by_codes) for p in (reader, second_reader)])
        assert sorted(type(r).__name__ for r in results) == ["Loan", "Reason"]
        assert [r for r in results if not isinstance(r, Loan)] == [Reason.ITEM_ON_LOAN]


@pytest.mark.parametrize("by_codes", [False, True])
def test_two_kiosks_lending_a_readers_last_allowed_book_at_once_let_exactly_one_win(
    by_codes, branch, desk, reader, now
):
    """The reader's open loans are counted once their lock is held, so the second kiosk sees the
    first one's loan."""
    make_rule(max_loans=2, max_loans_of_type=2)
    make_open_loans(reader, 1, branch=branch, at=now)
    for _round in range(3):
        books = [make_item(branch=branch), make_item(branch=branch)]
        results = run_together([checkout_call(book, reader, desk, now, by_codes=by_codes) for book in books])
        assert sorted(type(r).__name__ for r in results) == ["Loan", "Reason"]
        assert [r for r in results if not isinstance(r, Loan)] == [Reason.LOAN_LIMIT]
        Loan.objects.filter(pk__in=[r.pk for r in results if isinstance(r, Loan)]).delete()


def test_four_kiosks_racing_for_one_item_leave_one_open_loan(branch, desk, now):
    item = make_item(branch=branch)
    readers = [make_patron(f"读者{i}", branch=branch, service_point=desk) for i in range(4)]
    run_together([checkout_call(item, p, desk, now) for p in readers])
    assert Loan.objects.filter(item=item, status=Loan.Status.OPEN).count() == 1


def test_simultaneous_holds_on_one_title_never_share_a_queue_position(branch, desk, now):
    item = make_item(branch=branch)
    readers = [make_patron(f"读者{i}", branch=branch, service_point=desk) for i in range(6)]
    results = run_together(
        [
            (
                lambda p=p: services.place_hold(
                    item.record, p, pickup_branch=branch, at=now, by=None, channel=Channel.OPAC
                )
            )
            for p in readers
        ]
    )
    assert all(isinstance(r, Hold) for r in results)
    assert sorted(Hold.objects.filter(record=item.record).values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_simultaneous_checkout_and_checkin_of_one_item_leave_it_consistent(branch, desk, reader, second_reader, now):
    item = make_item(branch=branch)
    services.checkout(item, reader, at=now, by=None, service_point=desk, channel=Channel.DESK)
    run_together(
        [
            lambda: services.checkin(
                Item.objects.get(pk=item.pk), at=now, by=None, service_point=desk, channel=Channel.KIOSK
            ),
            checkout_call(item, second_reader, desk, now),
        ]
    )
    item.refresh_from_db()
    open_loans = Loan.objects.filter(item=item, status=Loan.Status.OPEN).count()
    assert (item.status, open_loans) in {(Item.Status.ON_SHELF, 0), (Item.Status.ON_LOAN, 1)}


def test_the_database_itself_refuses_a_second_open_loan_of_an_item(branch, reader, second_reader, now):
    item = make_item(branch=branch)
    fields = {
        "item": item,
        "item_type": item.item_type,
        "branch": branch,
        "channel": Channel.DESK,
        "checked_out_at": now,
        "due_at": now,
    }
    Loan.objects.create(patron=reader, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Loan.objects.create(patron=second_reader, **fields)


def test_a_second_open_loan_the_database_refuses_at_the_commit_is_the_checkouts_refusal(
    branch, desk, reader, second_reader, now, monkeypatch
):
    item = make_item(branch=branch)
    make_rule()

    def lent_meanwhile(*args: Any) -> None:  # a writer that took no item lock, inside the checkout's transaction
        Loan.objects.create(
            patron=second_reader, item=item, item_type=item.item_type, branch=branch, channel=Channel.DESK,
            checked_out_at=now, due_at=now,
        )  # fmt: skip

    monkeypatch.setattr(services.loans, "item_refusal", lent_meanwhile)
    with pytest.raises(CirculationRefused) as refused:
        services.checkout(item, reader, at=now, by=None, service_point=desk, channel=Channel.KIOSK)
    assert refused.value.reason == Reason.ITEM_ON_LOAN
    item.refresh_from_db()
    assert (item.status, Loan.objects.filter(item=item).count()) == (Item.Status.ON_SHELF, 0)
