"""Erasing a reader's personal data (PIPL art. 47, 个人信息删除) across every app that holds it:
what refuses it, what the confirm page shows, and the erasure. Building blocks that open no
transaction; ``services.erase_patron`` holds the one transaction around them.

Each app's part, in order: circulation (``circulation.erasure``: what is open, the copies set aside
for holds, the holds it cancels; loans, closed holds, fees and compensations stay without a reader,
events never named the reader), the SIP2 server (``sip2.conflicts``: an unsettled off-line
transaction holds it up), outreach (``outreach.erasure``: sign-ups lose their reader, the volunteer
record goes), and the readers (``patrons.erasure``: the rows, the cards, the traces in
the deposit register, in wards' records and in the online form's counters). A new app with reader
data adds its line to ``lock``, ``problems`` and ``erase``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from shuyuan.audit import log
from shuyuan.circulation import erasure as circulation
from shuyuan.outreach import erasure as outreach
from shuyuan.patrons import erasure as patrons
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.masking import mask_card
from shuyuan.patrons.models import DepositRefund, Patron
from shuyuan.sip2 import conflicts as sip2


@dataclass(frozen=True)
class Erasure:
    """What an erasure did, without any personal data (the audit entry holds the same)."""

    reader_token: str
    card: str  # masked
    records: int
    holds_cancelled: int
    deposit_refunds: int
    wards: int


def lock(patron: Patron) -> list[Patron]:
    """Lock the person's records for the erasure, in circulation's lock order (items first)."""
    pks = [record.pk for record in patrons.records_of(patron)]
    circulation.lock_set_aside_items(pks)
    return patrons.lock(pks)


def problems(
    records: list[Patron], *, today: date, found: circulation.Outstanding | None = None
) -> list[PatronRefused]:
    """Every reason the person's data may not be deleted yet, in the order staff settle them
    (``found``: circulation's counts for these records, when the caller has read them already).
    Active holds are no reason: the erasure cancels them (nobody would collect them)."""
    pks = [record.pk for record in records]
    found = found or circulation.outstanding(pks)
    person = records[0]
    refusals = []
    for reason, count in (
        (Reason.HAS_OPEN_LOANS, found.open_loans),
        (Reason.HAS_DISPUTED_LOANS, found.disputed_loans),
        (Reason.OWES_COMPENSATION, found.open_compensations),
        (Reason.OWES_FEES, found.open_fees),
    ):
        if count:
            refusals.append(PatronRefused(reason, patron=person, count=count))
    deposit = patrons.deposit_held(records)
    if deposit > 0:
        refusals.append(PatronRefused(Reason.DEPOSIT_HELD, patron=person, amount=str(deposit)))
    children, guardian_age = patrons.children_in_care(records, today=today)
    if children:
        refusals.append(PatronRefused(Reason.GUARDIAN_OF_CHILD, patron=person, count=children, age=guardian_age))
    if sip2.open_conflicts(pks):
        refusals.append(PatronRefused(Reason.OFFLINE_CONFLICT, patron=person))
    return refusals


@dataclass(frozen=True)
class Preview:
    """What the confirm page shows before an erasure (read without locks; the service checks again)."""

    problems: list[str]
    records: int
    active_holds: int
    deposit_refunds: int


def preview(patron: Patron, *, today: date) -> Preview:
    records = patrons.records_of(patron)
    pks = [record.pk for record in records]
    found = circulation.outstanding(pks)
    return Preview(
        problems=[refusal.message for refusal in problems(records, today=today, found=found)],
        records=len(records),
        active_holds=found.active_holds,
        deposit_refunds=DepositRefund.objects.filter(patron_id__in=pks).count(),
    )


def erase(records: list[Patron], *, reason: str, at: datetime, by: Any) -> Erasure:
    """Delete the person's records (locked by ``lock``, checked by ``problems``) and what names
    them elsewhere; returns and audits what was done."""
    person = records[0]
    pks = [record.pk for record in records]
    cancelled = circulation.cancel_holds(pks, at=at, by=by)
    traces = patrons.clear_traces(records)
    outreach_done = outreach.erase(pks, at=at)
    done = Erasure(
        reader_token=person.reader_token,
        card=mask_card(person.card_number),
        records=len(records),
        holds_cancelled=cancelled,
        deposit_refunds=traces.deposit_refunds,
        wards=traces.wards,
    )
    detail = {**asdict(done), **outreach_done, "reason": patrons.scrub(reason, records)[:200]}
    log.record("patron.erase", at=at, by=by, obj=person, detail=detail)
    patrons.delete(records)
    return done
