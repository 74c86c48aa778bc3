from datetime import date, timedelta

import pytest
from django.utils import timezone

from shuyuan.catalog.models import Item, ItemStatusChange
from shuyuan.circulation.errors import CheckoutRefused, Reason
from shuyuan.circulation.models import Channel, CirculationEvent, Loan, Suspension
from shuyuan.patrons.models import Patron, PatronBlock
from shuyuan.testing.catalog import make_item, make_item_type
from shuyuan.testing.circulation import lend, make_open_loans, make_rule


def refusal(item, patron, **kwargs):
    with pytest.raises(CheckoutRefused) as refused:
        lend(item, patron, **kwargs)
    return refused.value.reason


def test_checkout_lends_an_item_on_the_shelf(book, reader, desk, now):
    loan = lend(book, reader, at=now, service_point=desk)
    book.refresh_from_db()
    assert (loan.status, loan.patron, book.status) == (Loan.Status.OPEN, reader, Item.Status.ON_LOAN)


def test_checkout_changes_the_item_status_through_the_catalogue(book, reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    change = ItemStatusChange.objects.get(item=book)
    assert (change.old_status, change.new_status) == (Item.Status.ON_SHELF, Item.Status.ON_LOAN)


def test_checkout_is_due_after_the_rules_loan_period(book, reader, desk, now):
    make_rule(loan_days=21)
    loan = lend(book, reader, at=now, service_point=desk)
    assert timezone.localdate(loan.due_at) == date(2016, 3, 22)


def test_checkout_without_any_rule_uses_the_built_in_default_of_30_days(book, reader, desk, now):
    loan = lend(book, reader, at=now, service_point=desk)
    assert timezone.localdate(loan.due_at) == date(2016, 3, 31)


def test_checkout_due_date_moves_to_the_next_open_day_of_the_lending_branch(book, reader, desk, now):
    desk.branch.closed_weekdays = "0"
    desk.branch.save()
    make_rule(loan_days=13)  # 2016-03-14 is a Monday
    loan = lend(book, reader, at=now, service_point=desk)
    assert timezone.localdate(loan.due_at) == date(2016, 3, 15)


def test_checkout_due_date_skips_a_closure_of_the_branch(book, reader, desk, now):
    from shuyuan.branches.models import Closure

    Closure.objects.create(
        branch=desk.branch, first_day=date(2016, 3, 31), last_day=date(2016, 4, 2), reason="盘点", created_at=now
    )
    loan = lend(book, reader, at=now, service_point=desk)
    assert timezone.localdate(loan.due_at) == date(2016, 4, 3)


def test_checkout_uses_the_rule_of_the_branch_where_the_loan_is_made(reader, other_branch, now):
    from shuyuan.testing.branches import make_branch
    from shuyuan.testing.circulation import make_desk

    item_of_b = make_item(branch=other_branch)
    desk_of_c = make_desk(make_branch(library=other_branch.library))
    make_rule(branch=reader.home_branch, loan_days=10)
    make_rule(branch=other_branch, loan_days=20)
    make_rule(branch=desk_of_c.branch, loan_days=40)
    loan = lend(item_of_b, reader, at=now, service_point=desk_of_c)
    assert (timezone.localdate(loan.due_at) - timezone.localdate(now)).days == 40


def test_checkout_prefers_the_item_type_rule_over_the_reader_category_rule(book, reader, desk, now):
    make_rule(item_type=book.item_type, loan_days=14)
    make_rule(patron_category=reader.category, loan_days=45)
    loan = lend(book, reader, at=now, service_point=desk)
    assert (timezone.localdate(loan.due_at) - timezone.localdate(now)).days == 14


def test_checkout_is_refused_for_an_item_type_not_for_loan(branch, reader, desk, now):
    reference = make_item(branch=branch, item_type=make_item_type("REF", is_loanable=False))
    assert refusal(reference, reader, at=now, service_point=desk) == Reason.ITEM_NOT_LOANABLE


def test_checkout_is_refused_where_the_rule_lends_for_zero_days(book, reader, desk, now):
    make_rule(item_type=book.item_type, loan_days=0)
    assert refusal(book, reader, at=now, service_point=desk) == Reason.ITEM_NOT_LOANABLE


def test_checkout_is_refused_when_the_item_is_already_on_loan(book, reader, second_reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    assert refusal(book, second_reader, at=now, service_point=desk) == Reason.ITEM_ON_LOAN


def test_checkout_of_an_item_the_reader_already_has_says_so(book, reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    assert refusal(book, reader, at=now, service_point=desk) == Reason.ITEM_ON_LOAN_TO_PATRON


def test_checkout_is_refused_for_a_withdrawn_item(book, reader, desk, now):
    Item.objects.filter(pk=book.pk).update(status=Item.Status.WITHDRAWN)
    assert refusal(book, reader, at=now, service_point=desk) == Reason.ITEM_WITHDRAWN


def test_checkout_is_refused_for_an_item_still_in_processing(book, reader, desk, now):
    Item.objects.filter(pk=book.pk).update(status=Item.Status.IN_PROCESSING)
    assert refusal(book, reader, at=now, service_point=desk) == Reason.ITEM_NOT_AVAILABLE


def test_checkout_is_refused_for_a_blocked_reader(book, reader, desk, now):
    PatronBlock.objects.create(patron=reader, reason="损坏图书", created_at=now)
    assert refusal(book, reader, at=now, service_point=desk) == Reason.PATRON_BLOCKED


def test_checkout_is_allowed_once_the_block_is_lifted(book, reader, desk, now):
    PatronBlock.objects.create(patron=reader, reason="损坏图书", created_at=now, lifted_at=now)
    assert lend(book, reader, at=now, service_point=desk).is_open


def test_checkout_is_refused_for_an_expired_card(book, reader, desk, now):
    Patron.objects.filter(pk=reader.pk).update(expires_on=date(2016, 2, 29))
    assert refusal(book, reader, at=now, service_point=desk) == Reason.PATRON_EXPIRED


def test_checkout_is_refused_for_a_closed_card(book, reader, desk, now):
    Patron.objects.filter(pk=reader.pk).update(status=Patron.Status.CLOSED)
    assert refusal(book, reader, at=now, service_point=desk) == Reason.PATRON_CLOSED


def test_checkout_is_refused_for_a_suspended_reader(book, reader, desk, now):
    Suspension.objects.create(
        patron=reader, first_day=date(2016, 2, 20), last_day=date(2016, 3, 5), overdue_days=15, created_at=now
    )
    assert refusal(book, reader, at=now, service_point=desk) == Reason.PATRON_SUSPENDED


def test_checkout_is_refused_for_a_reader_with_overdue_items(book, reader, desk, now):
    make_open_loans(reader, 1, branch=desk.branch, at=now - timedelta(days=40), due_in_days=30)
    assert refusal(book, reader, at=now, service_point=desk) == Reason.PATRON_HAS_OVERDUE


def test_checkout_is_refused_at_the_maximum_number_of_loans(book, reader, desk, now):
    make_rule(max_loans=3, max_loans_of_type=3)
    make_open_loans(reader, 3, branch=desk.branch, at=now)
    assert refusal(book, reader, at=now, service_point=desk) == Reason.LOAN_LIMIT


def test_checkout_is_refused_at_the_maximum_number_of_loans_of_the_type(book, reader, desk, now):
    make_rule(max_loans=10, max_loans_of_type=2)
    make_open_loans(reader, 2, branch=desk.branch, at=now)
    assert refusal(book, reader, at=now, service_point=desk) == Reason.TYPE_LIMIT


def test_the_type_limit_counts_the_type_the_item_has_when_it_is_lent(book, reader, desk, now):
    make_rule(max_loans=10, max_loans_of_type=2)
    make_open_loans(reader, 2, branch=desk.branch, at=now)  # two books
    book.item_type = make_item_type("MAP")  # as a kiosk read it before a cataloguer made it a book again
    assert refusal(book, reader, at=now, service_point=desk) == Reason.TYPE_LIMIT


def test_a_refused_checkout_changes_nothing(book, reader, desk, now):
    PatronBlock.objects.create(patron=reader, reason="x", created_at=now)
    refusal(book, reader, at=now, service_point=desk)
    book.refresh_from_db()
    assert (book.status, Loan.objects.count(), CirculationEvent.objects.count()) == (Item.Status.ON_SHELF, 0, 0)


def test_checkout_writes_an_event_with_the_statistics_snapshot(book, reader, desk, now):
    lend(book, reader, at=now, service_point=desk, channel=Channel.KIOSK)
    event = CirculationEvent.objects.get(kind=CirculationEvent.Kind.CHECKOUT)
    assert (event.at, event.channel, event.branch, event.service_point, event.item_type, event.item_home_branch) == (
        now,
        Channel.KIOSK,
        desk.branch,
        desk,
        book.item_type,
        book.home_branch,
    )
    assert (event.patron_category, event.age_band, event.reader_token) == (
        reader.category,
        "35-59",
        reader.reader_token,
    )


def test_checkout_event_does_not_link_to_the_reader(book, reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    assert "patron" not in {f.name for f in CirculationEvent._meta.get_fields()}


def test_checkout_counts_a_child_who_came_of_age_as_an_adult(branch, desk, book, now):
    from shuyuan.patrons import iddocs
    from shuyuan.testing.patrons import make_child_category, make_patron, resident_id

    guardian = iddocs.parse(resident_id(date(1975, 1, 1)))
    child = make_patron(
        "小明",
        birth=date(2002, 2, 1),
        branch=branch,
        service_point=desk,
        category=make_child_category(),
        guardian_document=guardian,
        guardian_name="王大",
        guardian_phone="13800000000",
        guardian_relation="父亲",
        guardian_consent=True,
        at=now - timedelta(days=400),
    )
    lend(book, child, at=now, service_point=desk)
    event = CirculationEvent.objects.get(kind=CirculationEvent.Kind.CHECKOUT)
    assert (event.patron_category.kind, event.age_band) == ("adult", "14-17")


def test_a_due_date_inside_a_long_closure_moves_past_it(book, reader, desk, now):
    from shuyuan.branches.models import Closure

    Closure.objects.create(
        branch=desk.branch, first_day=date(2016, 3, 20), last_day=date(2016, 6, 1), reason="装修", created_at=now
    )
    loan = lend(book, reader, at=now, service_point=desk)
    assert timezone.localdate(loan.due_at) == date(2016, 6, 2)


def test_checkout_due_date_during_a_fourteen_month_closure_is_the_day_the_branch_reopens(book, reader, desk, now):
    from shuyuan.branches.models import Closure

    Closure.objects.create(
        branch=desk.branch, first_day=date(2016, 3, 20), last_day=date(2017, 5, 19), reason="装修", created_at=now
    )
    loan = lend(book, reader, at=now, service_point=desk)
    assert timezone.localdate(loan.due_at) == date(2017, 5, 20)
