"""Returns, the book drop and in-house use at the desk."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from shuyuan.branches.models import Closure, OpeningHours
from shuyuan.circulation import services
from shuyuan.circulation.models import CirculationEvent, Loan, Suspension
from shuyuan.testing.branches import make_branch
from shuyuan.testing.catalog import make_item, make_record
from shuyuan.testing.circulation import make_desk
from shuyuan.testing.patrons import make_patron


def lent(book, reader, point, *, at=None):
    return services.checkout(book, reader, at=at or timezone.now(), by=None, service_point=point, channel="desk")


def test_a_return_to_the_shelf_says_so(send, reader, books, point):
    lent(books[0], reader, point)
    answer = send(books[0].barcode, mode="return")
    assert answer["ok"] and answer["route"] == {"kind": "shelf"} and answer["message"] == "已归还：上架"
    assert Loan.objects.get(item=books[0]).status == Loan.Status.RETURNED


def test_a_return_for_another_readers_hold_goes_to_the_hold_shelf_with_a_masked_name(
    send, reader, books, branch, point
):
    waiting = make_patron("王小五", branch=branch, service_point=point, at=timezone.now())
    lent(books[0], reader, point)
    services.place_hold(books[0].record, waiting, pickup_branch=branch, at=timezone.now(), by=None, channel="desk")
    answer = send(books[0].barcode, mode="return")
    assert answer["route"] == {"kind": "hold_shelf", "name": "王**", "pickup": "总馆"}
    assert answer["message"] == "放预约架：王**，取书馆 总馆"


def test_a_return_of_another_branchs_book_goes_in_transit(send, reader, point, branch):
    elsewhere = make_branch(name="画室分馆", library=branch.library)
    book = make_item(make_record("远方的书"), "BK000099", branch=elsewhere)
    lent(book, reader, make_desk(elsewhere))
    answer = send(book.barcode, mode="return")
    assert answer["route"]["kind"] == "transit" and answer["message"] == "转运至 画室分馆"


def test_transit_slips_list_the_returns_per_destination(send, client_in, reader, point, branch):
    elsewhere = make_branch(name="画室分馆", library=branch.library)
    book = make_item(make_record("远方的书"), "BK000099", branch=elsewhere)
    lent(book, reader, make_desk(elsewhere))
    send(book.barcode, mode="return", session="returns-1")
    text = client_in.get("/desk/slips/returns-1/").content.decode()
    assert "转运至 画室分馆" in text and "BK000099" in text


def test_a_lost_item_that_turns_up_goes_to_a_staff_check(send, books):
    books[0].status = "lost"
    books[0].save(update_fields=["status"])
    answer = send(books[0].barcode, mode="return")
    assert answer["route"] == {"kind": "check"} and "核查" in answer["message"]


def test_a_late_return_says_the_suspension_it_starts(send, reader, books, point):
    lent(books[0], reader, point, at=timezone.now() - timedelta(days=40))
    answer = send(books[0].barcode, mode="return")
    assert Suspension.objects.filter(patron=reader).exists()
    assert any("暂停借阅至" in note for note in answer["notes"])


def test_the_book_drop_dates_returns_to_the_last_open_moment_and_never_suspends_for_closure(send, reader, books, point):
    today = timezone.localdate()
    friday = today - timedelta(days=(today.weekday() - 4) % 7 + 7)
    for weekday in range(7):
        OpeningHours.objects.create(service_point=point, weekday=weekday, opens_at=time(9), closes_at=time(17))
    Closure.objects.create(
        branch=point.branch,
        first_day=friday + timedelta(days=1),
        last_day=friday + timedelta(days=2),
        reason="闭馆",
        created_at=timezone.now(),
    )
    out = timezone.make_aware(datetime.combine(friday - timedelta(days=20), time(10)))
    loan = lent(books[0], reader, point, at=out)
    assert timezone.localdate(loan.due_at) == friday
    monday_morning = timezone.make_aware(datetime.combine(friday + timedelta(days=3), time(8)))
    answer = send(books[0].barcode, mode="book_drop", emptied_at=monday_morning.isoformat())
    loan.refresh_from_db()
    assert timezone.localtime(loan.closed_at) == timezone.make_aware(datetime.combine(friday, time(17)))
    assert loan.overdue_days == 0 and not Suspension.objects.exists()
    assert answer["ok"]


def test_in_house_use_is_counted_as_an_event_of_its_own_at_the_service_point(send, books, point):
    send(books[0].barcode, mode="in_house")
    send(books[1].barcode, mode="in_house")
    events = CirculationEvent.objects.filter(kind=CirculationEvent.Kind.IN_HOUSE_USE, service_point=point)
    assert events.count() == 2 and not Loan.objects.exists()
