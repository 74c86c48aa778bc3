"""The desk's scan endpoint lending: a reader, then books; each scan acts once."""

from shuyuan.audit.models import AuditEntry
from shuyuan.circulation.models import Loan
from shuyuan.desk.models import DeskScan


def test_a_card_then_a_book_lends_the_book_to_the_reader(send, reader, books):
    assert send(reader.card_number)["kind"] == "reader"
    answer = send(books[0].barcode)
    assert answer["ok"] and answer["kind"] == "lend"
    assert Loan.objects.get(item=books[0], status=Loan.Status.OPEN).patron == reader


def test_the_answer_to_a_loan_says_lent_and_the_due_date_in_chinese(send, reader, books):
    send(reader.card_number)
    answer = send(books[0].barcode)
    assert answer["message"] == f"已借出，应还日期 {answer['due']}"


def test_the_reader_answer_masks_the_name(send, reader):
    answer = send(reader.card_number)
    assert answer["name"] == "李**"
    assert reader.name not in str(answer)


def test_a_resubmitted_scan_lends_once_and_gets_the_first_answer_again(send, reader, books):
    send(reader.card_number)
    first = send(books[0].barcode, client_id="double-click-1")
    again = send(books[0].barcode, client_id="double-click-1")
    assert Loan.objects.filter(item=books[0]).count() == 1
    assert again["replayed"] and again["due"] == first["due"] and again["ok"]


def test_a_scan_whose_answer_was_lost_is_not_acted_on_again(send, reader, books, clerk, point):
    send(reader.card_number)
    DeskScan.objects.create(
        client_id="lost-answer-1",
        session="session-1",
        mode="lend",
        user=clerk,
        service_point=point,
        created_at=reader.registered_at,
    )
    answer = send(books[0].barcode, client_id="lost-answer-1")
    assert answer["_status"] == 409 and "核对" in answer["message"]
    assert not Loan.objects.filter(item=books[0]).exists()


def test_a_book_held_for_this_reader_is_handed_over_by_scanning_it(send, reader, books, point):
    from django.utils import timezone

    from shuyuan.circulation import services

    services.place_hold(books[0].record, reader, pickup_branch=point.branch, at=timezone.now(), by=None, channel="desk")
    services.checkin(books[0], at=timezone.now(), by=None, service_point=point, channel="desk")
    send(reader.card_number)
    answer = send(books[0].barcode)
    assert answer["ok"] and answer["message"].startswith("预约书已交给读者")


def test_staff_with_the_permission_lend_over_the_loan_limit_with_an_audited_reason(send, reader, books, clerk):
    from django.contrib.auth.models import Permission

    from shuyuan.testing.circulation import make_rule

    make_rule(reader.category, max_loans=1, max_loans_of_type=1)
    clerk.user_permissions.add(Permission.objects.get(codename="override_refusal"))
    send(reader.card_number)
    send(books[0].barcode)
    refused = send(books[1].barcode)
    assert not refused["ok"] and refused["overridable"]
    answer = send(books[1].barcode, override="老师带班借阅", **{"as": "item"})
    assert answer["ok"] and answer["overridden"]
    entry = AuditEntry.objects.get(action="circulation.refusal_overridden")
    assert entry.detail["reason"] == "老师带班借阅" and entry.detail["refused"] == ["loan_limit"]


def test_staff_without_the_permission_cannot_override(send, reader, books):
    from shuyuan.testing.circulation import make_rule

    make_rule(reader.category, max_loans=1, max_loans_of_type=1)
    send(reader.card_number)
    send(books[0].barcode)
    answer = send(books[1].barcode, override="试试")
    assert not answer["ok"] and not answer["overridable"]
    assert not Loan.objects.filter(item=books[1]).exists()


def test_renew_all_renews_the_readers_loans(send, reader, books):
    send(reader.card_number)
    for book in books[:3]:
        send(book.barcode)
    answer = send(action="renew_all")
    assert answer["kind"] == "renew_all" and len(answer["lines"]) == 3
    assert all(line["ok"] for line in answer["lines"])
    assert set(Loan.objects.values_list("renewals", flat=True)) == {1}


def test_renewing_one_loan_renews_only_it(send, reader, books):
    send(reader.card_number)
    send(books[0].barcode)
    send(books[1].barcode)
    loan = Loan.objects.get(item=books[0])
    answer = send(action="renew", loan=loan.pk)
    assert answer["ok"]
    assert dict(Loan.objects.values_list("item_id", "renewals")) == {books[0].pk: 1, books[1].pk: 0}


def test_a_renewal_naming_no_loan_is_refused_not_left_unknown(send, reader, books):
    send(reader.card_number)
    send(books[0].barcode)
    answer = send(action="renew", loan="x1")
    assert (answer["ok"], answer["kind"]) == (False, "renew")
