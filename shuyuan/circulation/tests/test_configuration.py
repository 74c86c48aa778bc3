"""Each process keeps circulation's configuration until the database's token says it changed: any
write to the policy, the loan rules, the holiday schedule, closures or a branch's opening days."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from shuyuan.branches.models import Branch, Closure, PublicHoliday
from shuyuan.circulation import configuration
from shuyuan.circulation.models import CirculationPolicy, LoanRule, SettingsVersion
from shuyuan.testing.catalog import make_item
from shuyuan.testing.circulation import lend, make_rule, read_configuration
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


def due_day(branch, desk, reader, now) -> date:
    return timezone.localdate(lend(make_item(branch=branch), reader, at=now, service_point=desk).due_at)


def token() -> int | None:
    return SettingsVersion.objects.values_list("token", flat=True).first()


def test_a_rule_changed_behind_the_orms_back_applies_to_the_next_checkout(branch, desk, reader, now):
    rule = make_rule(loan_days=30)
    assert due_day(branch, desk, reader, now) == date(2016, 3, 31)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE circulation_loanrule SET loan_days = 14 WHERE id = %s", [rule.pk])
    assert due_day(branch, desk, reader, now) == date(2016, 3, 15)


def test_a_closure_decided_after_the_copy_was_read_moves_the_next_due_date(branch, desk, reader, now):
    make_rule(loan_days=30)
    assert due_day(branch, desk, reader, now) == date(2016, 3, 31)
    Closure.objects.create(
        branch=branch, first_day=date(2016, 3, 31), last_day=date(2016, 4, 1), reason="盘点", created_at=now
    )
    assert due_day(branch, desk, reader, now) == date(2016, 4, 2)


def test_a_holiday_and_a_new_weekly_rest_day_move_the_next_due_date(branch, desk, reader, now):
    make_rule(loan_days=30)
    Branch.objects.filter(pk=branch.pk).update(opens_on_public_holidays=False)
    assert due_day(branch, desk, reader, now) == date(2016, 3, 31)
    PublicHoliday.objects.create(date=date(2016, 3, 31), kind=PublicHoliday.Kind.HOLIDAY, name="测试假日")
    assert due_day(branch, desk, reader, now) == date(2016, 4, 1)
    Branch.objects.filter(pk=branch.pk).update(closed_weekdays="4")  # Fridays
    assert due_day(branch, desk, reader, now) == date(2016, 4, 2)


def test_a_new_policy_applies_to_the_next_checkout(branch, desk, reader, now):
    assert read_configuration().policy(branch.pk).grace_days == 0
    CirculationPolicy.objects.create(library=branch.library, grace_days=3)
    assert configuration.current().policy(branch.pk).grace_days == 3


@pytest.mark.parametrize(
    "change",
    [
        lambda branch: make_rule(loan_days=7),
        lambda branch: LoanRule.objects.all().delete(),
        lambda branch: CirculationPolicy.objects.create(library=branch.library),
        lambda branch: PublicHoliday.objects.create(date=date(2016, 5, 1), kind="holiday", name="劳动节"),
        lambda branch: Closure.objects.all().delete(),
        lambda branch: Branch.objects.filter(pk=branch.pk).update(name="改名"),
    ],
    ids=["rule added", "rules deleted", "policy", "holiday", "closures deleted", "branch"],
)
def test_every_write_to_the_configuration_changes_the_token(branch, now, change):
    make_rule(branch=branch, loan_days=14)
    Closure.objects.create(branch=branch, first_day=now.date(), last_day=now.date(), reason="停电", created_at=now)
    read_configuration()
    before = token()
    change(branch)
    assert token() != before


def test_the_copy_is_kept_while_the_token_stands(branch):
    first = read_configuration()
    assert configuration.current() is first
    make_rule(loan_days=7)
    assert configuration.current() is not first


def test_a_rolled_back_change_leaves_no_copy_that_a_later_change_could_take_for_its_own(branch):
    rule = make_rule(loan_days=30)
    with pytest.raises(RuntimeError), transaction.atomic():
        LoanRule.objects.filter(pk=rule.pk).update(loan_days=7)
        assert configuration.current().terms(None, None, branch.pk).loan_days == 7
        raise RuntimeError("rolled back")
    LoanRule.objects.filter(pk=rule.pk).update(loan_days=14)
    assert configuration.current().terms(None, None, branch.pk).loan_days == 14


def test_without_the_tokens_row_nothing_is_kept_until_a_change_puts_it_back(branch):
    SettingsVersion.objects.all().delete()
    assert configuration.current() is not configuration.current()
    make_rule(loan_days=7)
    assert token() is not None
    assert configuration.current() is configuration.current()


def test_a_due_date_past_a_long_closure_is_found_a_year_ahead(branch, desk, reader, now):
    make_rule(loan_days=30)
    Closure.objects.create(
        branch=branch, first_day=date(2016, 3, 20), last_day=date(2016, 9, 30), reason="改造", created_at=now
    )
    assert due_day(branch, desk, reader, now) == date(2016, 10, 1)


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_by_another_connection_reaches_this_process(branch, desk, now):
    reader = make_patron("赵六", branch=branch, service_point=desk)
    rule = make_rule(loan_days=30)
    assert due_day(branch, desk, reader, now) == date(2016, 3, 31)

    def staff_edits_the_rule() -> None:
        try:
            LoanRule.objects.filter(pk=rule.pk).update(loan_days=30 + 7)
        finally:
            connection.close()

    editor = threading.Thread(target=staff_edits_the_rule)
    editor.start()
    editor.join()
    assert due_day(branch, desk, reader, now) == date(2016, 3, 1) + timedelta(days=37)
