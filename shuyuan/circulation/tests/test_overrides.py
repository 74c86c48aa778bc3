"""Lending over a refusal: which refusals staff may override, and the override's audit."""

from django.contrib.auth.models import User

from shuyuan.audit.models import AuditEntry
from shuyuan.circulation import rules, services
from shuyuan.circulation.errors import CheckoutRefused, Reason
from shuyuan.circulation.models import CirculationEvent
from shuyuan.testing.catalog import make_item
from shuyuan.testing.circulation import lend, make_rule


def test_limits_and_money_owed_may_be_overridden():
    assert rules.may_override([Reason.LOAN_LIMIT, Reason.PATRON_HAS_OVERDUE, Reason.PATRON_OWES_FEES])


def test_a_blocked_or_expired_reader_may_not_be_overridden():
    assert not rules.may_override([Reason.PATRON_BLOCKED])
    assert not rules.may_override([Reason.LOAN_LIMIT, Reason.PATRON_EXPIRED])


def test_an_item_on_loan_to_someone_else_may_not_be_overridden():
    assert not rules.may_override([Reason.ITEM_ON_LOAN])


def test_no_refusal_is_no_override():
    assert not rules.may_override([])


def test_without_an_override_the_first_refusal_stands():
    assert rules.standing_refusal([Reason.LOAN_LIMIT], overriding=False) == Reason.LOAN_LIMIT


def test_an_override_clears_refusals_that_may_be_overridden():
    assert rules.standing_refusal([Reason.PATRON_HAS_OVERDUE, Reason.LOAN_LIMIT], overriding=True) is None


def test_checkout_with_an_override_lends_over_the_loan_limit_and_audits_why(reader, branch, desk, now):
    make_rule(max_loans=1, max_loans_of_type=1)
    lend(make_item(branch=branch), reader, at=now, service_point=desk)
    staff = User.objects.create_user("supervisor")
    second = make_item(branch=branch)
    loan = services.checkout(second, reader, at=now, by=staff, service_point=desk, channel="desk", override="教师借书")
    entry = AuditEntry.objects.get(action="circulation.refusal_overridden")
    assert entry.object_id == str(loan.pk) and entry.detail["refused"] == ["loan_limit"]
    event = CirculationEvent.objects.get(kind="checkout", item=second)
    assert event.detail["overridden"] == ["loan_limit"]


def test_checkout_without_an_override_is_refused_at_the_loan_limit(reader, branch, desk, now):
    make_rule(max_loans=1, max_loans_of_type=1)
    lend(make_item(branch=branch), reader, at=now, service_point=desk)
    try:
        services.checkout(make_item(branch=branch), reader, at=now, by=None, service_point=desk, channel="desk")
    except CheckoutRefused as refusal:
        assert refusal.reason == Reason.LOAN_LIMIT
    else:
        raise AssertionError("the checkout was not refused")
    assert not AuditEntry.objects.filter(action="circulation.refusal_overridden").exists()


def test_an_override_does_not_lend_to_a_blocked_reader(reader, branch, desk, now):
    from shuyuan.patrons import services as patron_services

    patron_services.block(reader, reason="证件待核", at=now, by=None)
    try:
        services.checkout(
            make_item(branch=branch), reader, at=now, by=None, service_point=desk, channel="desk", override="急用"
        )
    except CheckoutRefused as refusal:
        assert refusal.reason == Reason.PATRON_BLOCKED
    else:
        raise AssertionError("the checkout was not refused")
