"""Erasing a reader's personal data (PIPL art. 47, 个人信息删除), the readers' part: what refuses
it, and the erasure itself. Building blocks that open no transaction; ``services.erase_patron``
holds the one transaction around them.

What goes: the reader's row and every record merged into it (name, encrypted ID, phone and
address, their hashes, PIN, blocks and cards go with them), the inline guardian data naming this
person in the records of grown-up wards, the name and card number in the register of refunded
deposits (the amount, receipt number and date stay: they are the library's accounts), and the
online form's counters for the ID number. What stays, anonymous: registration and circulation
events (a snapshot and the random ``reader_token``), loans, closed holds, fees and compensations
without a reader, and an audit entry that names only the token, a masked card number, the staff
member and the reason.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Q, QuerySet

from shuyuan.audit import log
from shuyuan.circulation import erasure as circulation_erasure
from shuyuan.keys import decrypt
from shuyuan.patrons import queries, rules, throttle
from shuyuan.patrons.conf import patron_settings
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.masking import mask_card, mask_id, mask_name, mask_phone
from shuyuan.patrons.models import DepositRefund, JoinAttemptCount, Patron

GUARDIAN_FIELDS = {
    "guardian_name": "",
    "guardian_id_type": "",
    "guardian_id_encrypted": "",
    "guardian_id_hash": "",
    "guardian_id_masked": "",
    "guardian_phone_encrypted": "",
    "guardian_phone_masked": "",
}


@dataclass(frozen=True)
class Erasure:
    """What an erasure did, without any personal data (the audit entry holds the same)."""

    reader_token: str
    card: str  # masked
    records: int
    holds_cancelled: int
    deposit_refunds: int
    wards: int


def records_of(patron: Patron) -> list[Patron]:
    """The records of the person ``patron`` stands for: the current one first, then every record
    merged into it (a merged record keeps its ID number hash so the number still finds the reader)."""
    person = queries.current(patron) or patron
    return [person, *Patron.objects.filter(merged_into=person).order_by("pk")]


def lock(patron: Patron) -> list[Patron]:
    """Lock the person's records for the erasure, in circulation's lock order (items first)."""
    pks = [record.pk for record in records_of(patron)]
    circulation_erasure.lock_set_aside_items(pks)
    rows = {p.pk: p for p in Patron.objects.select_for_update().filter(pk__in=sorted(pks))}
    return [rows[pk] for pk in pks if pk in rows]


def problems(
    records: list[Patron], *, today: date, found: circulation_erasure.Outstanding | None = None
) -> list[PatronRefused]:
    """Every reason the person's data may not be deleted yet, in the order staff settle them
    (``found``: circulation's counts for these records, when the caller has read them already).
    Active holds are no reason: the erasure cancels them (nobody would collect them)."""
    pks = [record.pk for record in records]
    found = found or circulation_erasure.outstanding(pks)
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
    deposit = sum((record.legacy_deposit for record in records), Decimal(0))
    if deposit > 0:
        refusals.append(PatronRefused(Reason.DEPOSIT_HELD, patron=person, amount=str(deposit)))
    guardian_age = patron_settings().guardian_age
    children = wards(records).filter(birth_date__gt=rules.born_on_or_before(today, guardian_age)).count()
    if children:
        refusals.append(PatronRefused(Reason.GUARDIAN_OF_CHILD, patron=person, count=children, age=guardian_age))
    if _open_offline_conflicts(pks):
        refusals.append(PatronRefused(Reason.OFFLINE_CONFLICT, patron=person))
    return refusals


def wards(records: list[Patron]) -> QuerySet[Patron]:
    """Readers whose guardian is this person, linked or named with the same ID number."""
    pks = [record.pk for record in records]
    hashes = _id_hashes(records)
    named = Q(guardian_id_hash__in=hashes) if hashes else Q(pk__in=[])
    return Patron.objects.filter(Q(guardian_id__in=pks) | named, merged_into__isnull=True).exclude(pk__in=pks)


def _id_hashes(records: list[Patron]) -> list[str]:
    return [record.id_number_hash for record in records if record.id_number_hash]


def _open_offline_conflicts(pks: list[int]) -> bool:
    # A kiosk that was off-line may have lent a book with no loan row behind it: the conflict is
    # the only record of who has it (sip2 keeps the row without a reader, SET_NULL).
    if not apps.is_installed("shuyuan.sip2"):
        return False
    conflicts = apps.get_model("sip2", "OfflineConflict")
    return bool(conflicts.objects.filter(patron_id__in=pks, resolved_at__isnull=True).exists())


@dataclass(frozen=True)
class Preview:
    """What the confirm page shows before an erasure (read without locks; the service checks again)."""

    problems: list[str]
    records: int
    active_holds: int
    deposit_refunds: int


def preview(patron: Patron, *, today: date) -> Preview:
    records = records_of(patron)
    pks = [record.pk for record in records]
    found = circulation_erasure.outstanding(pks)
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
    cancelled = circulation_erasure.cancel_holds(pks, at=at, by=by)
    refunds = _anonymise_refunds(pks)
    grown_up = wards(records)
    wards_count = grown_up.count()
    hashes = _id_hashes(records)
    if hashes:
        grown_up.filter(guardian_id_hash__in=hashes).update(**GUARDIAN_FIELDS)
    _forget_join_attempts(records)
    done = Erasure(
        reader_token=person.reader_token,
        card=mask_card(person.card_number),
        records=len(records),
        holds_cancelled=cancelled,
        deposit_refunds=refunds,
        wards=wards_count,
    )
    detail = {**asdict(done), "reason": scrub(reason, records)[:200]}
    log.record("patron.erase", at=at, by=by, obj=person, detail=detail)
    with _secure_delete():
        Patron.objects.filter(pk__in=pks[1:]).delete()
        Patron.objects.filter(pk=person.pk).delete()
    return done


def _anonymise_refunds(pks: list[int]) -> int:
    refunds = list(DepositRefund.objects.filter(patron_id__in=pks))
    for refund in refunds:
        refund.name = ""
        refund.card_number = mask_card(refund.card_number)
        refund.patron = None
    DepositRefund.objects.bulk_update(refunds, ["name", "card_number", "patron"])
    return len(refunds)


def _forget_join_attempts(records: list[Patron]) -> None:
    keys = [throttle.document_key(decrypt(r.id_number_encrypted)) for r in records if r.id_number_encrypted]
    if keys:
        JoinAttemptCount.objects.filter(key__in=keys).delete()


def scrub(text: str, records: list[Patron]) -> str:
    """The staff member's reason without the reader's name, card numbers, ID number or phone,
    should they have typed them into it: the audit log keeps it for good."""
    text = " ".join(text.split())
    for record in records:
        secrets = [(value, mask_card(value)) for value in record.cards.values_list("value", flat=True)]
        secrets.append((record.card_number, mask_card(record.card_number)))
        if record.id_number_encrypted:
            number = decrypt(record.id_number_encrypted)
            secrets.append((number, mask_id(number)))
        if record.phone_encrypted:
            phone = decrypt(record.phone_encrypted)
            secrets.append((phone, mask_phone(phone)))
        if len(record.name) > 1:
            secrets.append((record.name, mask_name(record.name)))
        for value, masked in sorted(secrets, key=lambda pair: -len(pair[0])):
            if value:
                text = text.replace(value, masked)
    return text


class _secure_delete:
    """On SQLite, overwrite what is deleted with zeros (``PRAGMA secure_delete``) instead of leaving
    it in free space of the database file, for the erasure's deletes; the setting is restored after."""

    def __enter__(self) -> None:
        self.before = self._set("1")

    def __exit__(self, *exc: object) -> None:
        self._set(self.before)

    @staticmethod
    def _set(value: str) -> str:
        if connection.vendor != "sqlite":
            return value
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            before = str(cursor.fetchone()[0])
            cursor.execute(f"PRAGMA secure_delete = {int(value)}")
        return before
