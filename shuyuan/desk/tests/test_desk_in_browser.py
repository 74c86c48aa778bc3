"""The desk page in headless Chromium: scanned fast, over a flaky network, across an expired login,
in returns and book-drop modes, printing a receipt, and asking when a scan could be either."""

import subprocess
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from shuyuan.branches.models import Closure, OpeningHours
from shuyuan.circulation import services
from shuyuan.circulation.models import Loan, Suspension
from shuyuan.patrons.services import _id_number
from shuyuan.roles import Role
from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.browser import artifacts_dir, log_in, shot
from shuyuan.testing.catalog import make_item, make_record
from shuyuan.testing.circulation import make_desk, make_rule
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db(transaction=True)
QUIET = "() => window.shuyuanDesk && window.shuyuanDesk.state.queue.length === 0"


@pytest.fixture
def counter(db):
    """A branch with a lending desk, a clerk, a reader and twelve books."""
    branch = make_branch(name="总馆")
    make_rule(loan_days=20, max_loans=30, max_loans_of_type=30, max_renewals=2, renewal_days=30)
    point = make_desk(branch, name="外借处")
    make_staff(Role.CIRCULATION, branch, username="clerk")
    reader = make_patron("李小四", branch=branch, service_point=point, at=timezone.now())
    books = [make_item(make_record(f"测试图书第{n}册"), f"BK{n:06d}", branch=branch) for n in range(1, 13)]
    return {"branch": branch, "point": point, "reader": reader, "books": books}


def open_desk(page, live_server):
    log_in(page, live_server.url, "clerk", "pw")
    page.goto(f"{live_server.url}/desk/")
    page.wait_for_function("() => !!window.shuyuanDesk")


def scan(page, value):
    page.keyboard.type(value)
    page.keyboard.press("Enter")


def test_twelve_books_scanned_as_fast_as_the_browser_types_are_lent_once_each_in_order(live_server, desk_page, counter):
    open_desk(desk_page, live_server)
    layout = (
        "() => ['#scan', '#result', '#lines', '#panel']"
        ".map(s => JSON.stringify(document.querySelector(s).getBoundingClientRect()))"
    )
    before = desk_page.evaluate(layout)
    scan(desk_page, counter["reader"].card_number)
    for book in counter["books"]:
        scan(desk_page, book.barcode)
    shot(desk_page, "desk-01-twelve-scans-queued")
    desk_page.wait_for_function(QUIET)
    desk_page.wait_for_function("() => document.querySelectorAll('#lines li.ok').length === 13")
    desk_page.wait_for_function("() => document.querySelector('#panel').textContent.includes('12 / 30')")
    shot(desk_page, "desk-02-twelve-loans")
    assert desk_page.evaluate(layout) == before  # nothing moved while scanning
    desk_page.set_viewport_size({"width": 1920, "height": 1080})
    shot(desk_page, "desk-02b-twelve-loans-1920")
    lent = list(Loan.objects.order_by("checked_out_at", "pk").values_list("item__barcode", flat=True))
    assert lent == [book.barcode for book in counter["books"]]
    assert "已借出" in desk_page.inner_text("#result")


def test_a_scan_whose_answer_the_network_lost_is_retried_without_a_second_loan(live_server, desk_page, counter):
    lost = []

    def lose_one_answer(route):
        if not lost and counter["books"][1].barcode in (route.request.post_data or ""):
            lost.append(route.fetch())  # the desk acted; the browser never hears of it
            route.abort("connectionreset")
        else:
            route.continue_()

    open_desk(desk_page, live_server)
    desk_page.route("**/desk/scan/", lose_one_answer)
    scan(desk_page, counter["reader"].card_number)
    for book in counter["books"][:3]:
        scan(desk_page, book.barcode)
    desk_page.wait_for_function(QUIET)
    shot(desk_page, "desk-03-retried-after-network-loss")
    assert lost and Loan.objects.filter(item=counter["books"][1]).count() == 1
    assert Loan.objects.count() == 3


def test_renew_all_renews_every_loan_with_one_key(live_server, desk_page, counter):
    for book in counter["books"][:4]:
        services.checkout(
            book, counter["reader"], at=timezone.now(), by=None, service_point=counter["point"], channel="desk"
        )
    open_desk(desk_page, live_server)
    scan(desk_page, counter["reader"].card_number)
    desk_page.wait_for_selector(".loans tr[data-barcode]")
    desk_page.keyboard.press("F8")
    desk_page.wait_for_function(QUIET)
    desk_page.wait_for_function("() => document.querySelector('#result').textContent.includes('续借 4 册')")
    assert set(Loan.objects.values_list("renewals", flat=True)) == {1}
    due = timezone.localdate(Loan.objects.first().due_at).isoformat()
    desk_page.wait_for_function(f"() => document.querySelector('#panel').textContent.includes('{due}')")
    shot(desk_page, "desk-04-renew-all")


def test_returns_say_where_each_book_goes_and_a_held_one_goes_to_the_hold_shelf(live_server, desk_page, counter):
    reader, point, books = counter["reader"], counter["point"], counter["books"]
    waiting = make_patron("王小五", branch=counter["branch"], service_point=point, at=timezone.now())
    for book in books[:3]:
        services.checkout(book, reader, at=timezone.now(), by=None, service_point=point, channel="desk")
    services.place_hold(
        books[2].record, waiting, pickup_branch=counter["branch"], at=timezone.now(), by=None, channel="desk"
    )
    open_desk(desk_page, live_server)
    desk_page.keyboard.press("F3")
    for book in books[:3]:
        scan(desk_page, book.barcode)
    desk_page.wait_for_function(QUIET)
    desk_page.wait_for_function("() => document.querySelectorAll('#lines li.ok').length === 3")
    shot(desk_page, "desk-05-returns-hold-shelf")
    assert "放预约架：王**，取书馆 总馆" in desk_page.inner_text("#result")
    assert desk_page.inner_text("#lines").count("已归还：上架") == 2
    assert not Loan.objects.filter(status=Loan.Status.OPEN).exists()


def test_the_book_drop_dates_a_return_over_a_closed_weekend_to_fridays_closing(live_server, desk_page, counter):
    reader, point, book = counter["reader"], counter["point"], counter["books"][0]
    today = timezone.localdate()
    friday = today - timedelta(days=(today.weekday() - 4) % 7 + 7)
    for weekday in range(7):
        OpeningHours.objects.create(service_point=point, weekday=weekday, opens_at=time(9), closes_at=time(17))
    Closure.objects.create(
        branch=point.branch,
        first_day=friday + timedelta(days=1),
        last_day=friday + timedelta(days=2),
        reason="周末闭馆",
        created_at=timezone.now(),
    )
    out = timezone.make_aware(datetime.combine(friday - timedelta(days=20), time(10)))
    services.checkout(book, reader, at=out, by=None, service_point=point, channel="desk")
    open_desk(desk_page, live_server)
    desk_page.keyboard.press("F4")
    desk_page.fill("#emptied", f"{friday + timedelta(days=3):%Y-%m-%d}T08:00")
    desk_page.focus("#scan")
    scan(desk_page, book.barcode)
    desk_page.wait_for_function(QUIET)
    desk_page.wait_for_function("() => document.querySelectorAll('#lines li').length === 1")
    shot(desk_page, "desk-06-book-drop")
    loan = Loan.objects.get(item=book)
    assert timezone.localtime(loan.closed_at) == timezone.make_aware(datetime.combine(friday, time(17)))
    assert loan.overdue_days == 0 and not Suspension.objects.exists()


def test_the_receipt_prints_on_80_mm_and_reads_back_without_the_id_number(live_server, desk_page, counter):
    open_desk(desk_page, live_server)
    scan(desk_page, counter["reader"].card_number)
    for book in counter["books"][:2]:
        scan(desk_page, book.barcode)
    desk_page.wait_for_function(QUIET)
    session = desk_page.evaluate("() => window.shuyuanDesk.state.session")
    desk_page.goto(f"{live_server.url}/desk/receipt/{session}/")
    shot(desk_page, "desk-07-receipt")
    pdf = artifacts_dir().parent / "desk-receipt.pdf"
    desk_page.pdf(path=str(pdf), width="80mm", height="200mm", print_background=False)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    due = timezone.localdate(Loan.objects.first().due_at).isoformat()
    assert "测试图书第1册" in text and "BK000002" in text and due in text and "李**" in text
    assert _id_number(counter["reader"]) not in text


def test_a_scan_that_could_be_a_card_or_a_book_asks_and_never_guesses(live_server, desk_page, counter):
    other = make_patron("赵六", branch=counter["branch"], service_point=counter["point"], at=timezone.now())
    make_item(make_record("同号的书"), other.card_number, branch=counter["branch"])
    open_desk(desk_page, live_server)
    scan(desk_page, counter["reader"].card_number)
    scan(desk_page, other.card_number)
    desk_page.wait_for_selector("#ask:not([hidden])")
    shot(desk_page, "desk-08-ambiguous-asks")
    assert "是读者证还是图书" in desk_page.inner_text("#result") and other.card_number in desk_page.inner_text("#ask")
    assert not Loan.objects.exists()
    desk_page.keyboard.press("2")
    desk_page.wait_for_function(QUIET)
    desk_page.wait_for_function("() => document.querySelector('#result').textContent.includes('已借出')")
    assert Loan.objects.get().patron == counter["reader"]


def test_scans_queued_when_the_login_expired_are_kept_and_sent_after_logging_in(live_server, desk_page, counter):
    open_desk(desk_page, live_server)
    scan(desk_page, counter["reader"].card_number)
    desk_page.wait_for_function(QUIET)
    desk_page.context.clear_cookies()
    for book in counter["books"][:3]:
        scan(desk_page, book.barcode)
    desk_page.wait_for_selector("#login:not([hidden])")
    shot(desk_page, "desk-09-login-expired-queue-kept")
    assert desk_page.locator("#queue .q").count() == 3 and not Loan.objects.exists()
    assert "等待中的 3 项扫描" in desk_page.inner_text("#login")
    open_desk(desk_page, live_server)
    desk_page.wait_for_function(QUIET)
    shot(desk_page, "desk-10-queue-sent-after-login")
    lent = list(Loan.objects.order_by("pk").values_list("item__barcode", "patron_id"))
    assert lent == [(book.barcode, counter["reader"].pk) for book in counter["books"][:3]]
