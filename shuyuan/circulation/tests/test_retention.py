from datetime import timedelta

import pytest
from django.core.management import call_command

from shuyuan.circulation import queries, services
from shuyuan.circulation.errors import CirculationRefused, Reason
from shuyuan.circulation.models import CirculationEvent, CirculationPolicy, Loan
from shuyuan.patrons.models import Patron
from shuyuan.testing.circulation import give_back, lend


def returned_loan(book, reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    give_back(book, at=now + timedelta(days=10), service_point=desk)
    return Loan.objects.get(item=book)


def test_returned_loans_past_the_retention_period_forget_their_reader(book, reader, desk, now):
    loan = returned_loan(book, reader, desk, now)
    services.anonymise_loans(at=now + timedelta(days=101), by=None)
    loan.refresh_from_db()
    assert loan.patron is None


def test_returned_loans_within_the_retention_period_keep_their_reader(book, reader, desk, now):
    loan = returned_loan(book, reader, desk, now)
    services.anonymise_loans(at=now + timedelta(days=99), by=None)
    loan.refresh_from_db()
    assert loan.patron == reader


def test_the_retention_period_is_configurable(book, reader, desk, now):
    CirculationPolicy.objects.create(library=desk.branch.library, retention_days=5)
    returned_loan(book, reader, desk, now)
    assert services.anonymise_loans(at=now + timedelta(days=16), by=None) == 1


def test_a_reader_keeping_a_reading_history_keeps_their_returned_loans(book, reader, desk, now):
    Patron.objects.filter(pk=reader.pk).update(keeps_reading_history=True)
    loan = returned_loan(book, reader, desk, now)
    services.anonymise_loans(at=now + timedelta(days=400), by=None)
    loan.refresh_from_db()
    assert loan.patron == reader


def test_open_loans_are_never_anonymised(book, reader, desk, now):
    lend(book, reader, at=now, service_point=desk)
    assert services.anonymise_loans(at=now + timedelta(days=400), by=None) == 0


def test_anonymising_leaves_the_events_for_statistics(book, reader, desk, now):
    returned_loan(book, reader, desk, now)
    services.anonymise_loans(at=now + timedelta(days=400), by=None)
    assert CirculationEvent.objects.filter(reader_token=reader.reader_token).count() == 2


def test_the_anonymise_command_runs_the_job(book, reader, desk, now):
    returned_loan(book, reader, desk, now)
    call_command("anonymise_loans")
    assert Loan.objects.get().patron is None


def test_a_reader_sees_their_history_when_they_turned_it_on(book, reader, desk, now):
    Patron.objects.filter(pk=reader.pk).update(keeps_reading_history=True)
    reader.refresh_from_db()
    loan = returned_loan(book, reader, desk, now)
    assert list(queries.reading_history(reader)) == [loan]


def test_a_reader_without_a_reading_history_gets_none(book, reader, desk, now):
    returned_loan(book, reader, desk, now)
    with pytest.raises(CirculationRefused) as refused:
        queries.reading_history(reader)
    assert refused.value.reason == Reason.HISTORY_OFF
