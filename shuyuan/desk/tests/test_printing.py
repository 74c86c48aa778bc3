"""The receipt, the reader's panel and the daily tally."""

from datetime import date

from django.utils import timezone

from shuyuan.circulation import services
from shuyuan.testing.circulation import make_open_loans
from shuyuan.testing.patrons import make_patron, resident_id


def test_the_receipt_lists_the_books_lent_with_due_dates_and_never_the_id_number(send, client_in, branch, point, books):
    id_number = resident_id(date(1990, 5, 17))
    reader = make_patron("李小四", id_number=id_number, branch=branch, service_point=point, at=timezone.now())
    send(reader.card_number, session="receipt-1")
    due = send(books[0].barcode, session="receipt-1")["due"]
    send(books[1].barcode, session="receipt-1")
    text = client_in.get("/desk/receipt/receipt-1/").content.decode()
    assert books[0].record.title in text and books[1].barcode in text and due in text
    assert "李**" in text and id_number not in text


def test_the_panel_shows_the_readers_loans_with_the_overdue_ones_marked(client_in, reader, branch, point):
    make_open_loans(reader, 3, branch=branch, at=timezone.now() - timezone.timedelta(days=40), due_in_days=-2)
    html = client_in.get(f"/desk/reader/{reader.pk}/").content.decode()
    assert html.count('class="overdue"') >= 3 and "李**" in html and reader.name not in html


def test_the_daily_tally_counts_loans_returns_and_renewals_of_the_desk(send, client_in, reader, books, point):
    send(reader.card_number)
    send(books[0].barcode)
    send(books[1].barcode)
    send(books[0].barcode, mode="return", session="returns-2")
    services.renew_all(reader, at=timezone.now(), by=None, channel="desk", service_point=point)
    response = client_in.get("/desk/tally/")
    tally = response.context["desk"]
    assert (tally.loans, tally.returns, tally.renewals) == (2, 1, 1)
    assert response.context["mine"].loans == 2 and response.context["mine"].renewals == 0
