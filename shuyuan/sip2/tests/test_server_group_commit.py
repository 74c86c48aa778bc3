"""Many kiosks at once over a live server: their requests are committed in groups, and each kiosk
still gets its own answer; a copy two kiosks try to lend at the same moment goes to one reader."""

import threading

import pytest
from django.utils import timezone

from shuyuan.circulation.models import CirculationEvent, Loan
from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.kiosk import kiosk, live_server
from shuyuan.sip2.tests.library import a_library
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db(transaction=True)
KIOSKS = 8


def test_kiosks_lending_at_once_each_get_their_own_answers_and_the_database_agrees():
    lib = a_library(books=2 * KIOSKS + 1)
    readers = [make_patron(f"读者{n}", branch=lib.branch, at=timezone.now()) for n in range(KIOSKS)]
    contested = lib.books[-1].barcode
    answers: dict[int, list[bool]] = {}
    start = threading.Barrier(KIOSKS)

    def one_kiosk(n: int, server) -> None:
        card, mine = readers[n].card_number, [b.barcode for b in lib.books[2 * n : 2 * n + 2]]
        with kiosk(server) as client:
            client.login()
            start.wait()
            answers[n] = [
                client.exchange(m.CheckoutRequest(patron_id=card, item_id=mine[0])).ok,
                client.exchange(m.CheckoutRequest(patron_id=card, item_id=contested)).ok,
                client.exchange(m.CheckoutRequest(patron_id=card, item_id=mine[1])).ok,
                client.exchange(m.CheckinRequest(item_id=mine[0])).ok,
            ]

    with live_server() as server:
        threads = [threading.Thread(target=one_kiosk, args=(n, server)) for n in range(KIOSKS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert sorted(answers) == list(range(KIOSKS))
    assert all(a[0] and a[2] and a[3] for a in answers.values())
    winners = [n for n, a in answers.items() if a[1]]
    assert len(winners) == 1
    open_loans = set(Loan.objects.filter(status=Loan.Status.OPEN).values_list("item__barcode", "patron_id"))
    expected = {(lib.books[2 * n + 1].barcode, readers[n].pk) for n in range(KIOSKS)}
    assert open_loans == expected | {(contested, readers[winners[0]].pk)}
    assert CirculationEvent.objects.filter(kind="checkout").count() == 2 * KIOSKS + 1
