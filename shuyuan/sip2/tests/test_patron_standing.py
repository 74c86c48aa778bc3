"""The kiosk's 24 and 64 say what circulation's standing says, for a reader with each obstacle."""

import pytest

from shuyuan.circulation import queries
from shuyuan.sip2 import messages as m
from shuyuan.sip2.tests.library import a_library
from shuyuan.testing.branches import NOW
from shuyuan.testing.circulation import OBSTACLES, make_obstacle

pytestmark = pytest.mark.django_db

KINDS = sorted(OBSTACLES)


def library_with(kind):
    lib = a_library()
    lib.reader = make_obstacle(kind, lib.reader, lib.point) if kind else lib.reader
    return lib, queries.standing(lib.reader, at=NOW, branch=lib.branch)


def flags(status):
    return (
        status.charge_privileges_denied,
        status.renewal_privileges_denied,
        status.hold_privileges_denied,
        status.too_many_items_charged,
        status.too_many_items_overdue,
        status.excessive_outstanding_fees,
    )


def expected_flags(standing):
    return (
        not standing.may_borrow,
        not standing.may_renew,
        not standing.may_hold,
        "loan_limit" in standing.reasons,
        "patron_has_overdue" in standing.reasons,
        "patron_owes_fees" in standing.reasons,
    )


@pytest.mark.parametrize("kind", [None, *KINDS])
def test_patron_status_flags_follow_the_standing(kind):
    lib, standing = library_with(kind)
    answer = lib.answer(m.PatronStatusRequest(patron_id=lib.card))
    assert (answer.valid_patron, flags(answer.patron_status)) == (True, expected_flags(standing))


@pytest.mark.parametrize("kind", KINDS)
def test_patron_status_shows_the_reason_checkout_would_give(kind):
    lib, standing = library_with(kind)
    answer = lib.answer(m.PatronStatusRequest(patron_id=lib.card))
    assert (standing.messages[0] in answer.screen_messages, standing.reasons[0]) == (True, OBSTACLES[kind][1])


@pytest.mark.parametrize("kind", [None, *KINDS])
def test_patron_information_flags_follow_the_standing(kind):
    lib, standing = library_with(kind)
    answer = lib.answer(m.PatronInformationRequest(patron_id=lib.card, summary=" " * 10))
    assert flags(answer.patron_status) == expected_flags(standing)


@pytest.mark.parametrize("kind", KINDS)
def test_patron_information_counts_follow_the_standing(kind):
    lib, standing = library_with(kind)
    answer = lib.answer(m.PatronInformationRequest(patron_id=lib.card, summary=" " * 10))
    assert (
        answer.charged_items_count,
        answer.overdue_items_count,
        answer.charged_items_limit,
        answer.hold_items_limit,
        standing.messages[0] in answer.screen_messages,
    ) == (standing.loans, standing.overdue, standing.max_loans, standing.max_holds, True)


def test_patron_information_gives_the_fees_standing_counts():
    lib, standing = library_with("owes_fees")
    answer = lib.answer(m.PatronInformationRequest(patron_id=lib.card, summary=" " * 10))
    assert (answer.fee_amount, answer.fine_items_count) == (standing.fees_owed, standing.open_fees)


def test_the_overdue_items_list_is_the_accounts():
    lib, _standing = library_with("overdue")
    answer = lib.answer(m.PatronInformationRequest(patron_id=lib.card, summary=" Y        "))
    account = queries.account(lib.reader, at=NOW)
    assert answer.overdue_items == tuple(loan.barcode for loan in account.overdue_loans)
