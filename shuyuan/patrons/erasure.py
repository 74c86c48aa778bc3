"""Erasing a reader's personal data (PIPL art. 47, 个人信息删除), the readers' part: building blocks
that open no transaction, for the reader's lifecycle (``shuyuan.lifecycle``) to call inside its
own, beside every other app's part.

What goes here: the reader's row and every record merged into it (name, encrypted ID, phone and
address, their hashes, PIN, blocks and cards go with them), the inline guardian data naming this
person in the records of grown-up wards, the name and card number in the register of refunded
deposits (the amount, receipt number and date stay: they are the library's accounts), and the
online form's counters for the ID number. What stays, anonymous: registration events (a snapshot
and the random ``reader_token``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Q, QuerySet

from shuyuan.keys import decrypt
from shuyuan.patrons import queries, rules, throttle
from shuyuan.patrons.conf import patron_settings
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


def records_of(patron: Patron) -> list[Patron]:
    """The records of the person ``patron`` stands for: the current one first, then every record
    merged into it (a merged record keeps its ID number hash so the number still finds the reader)."""
    person = queries.current(patron) or patron
    return [person, *Patron.objects.filter(merged_into=person).order_by("pk")]


def lock(patron_ids: Collection[int]) -> list[Patron]:
    """Lock the records, in the order given (the current record first); call it after every app
    that locks rows circulation locks before readers (items) has done so."""
    rows = {p.pk: p for p in Patron.objects.select_for_update().filter(pk__in=sorted(patron_ids))}
    return [rows[pk] for pk in patron_ids if pk in rows]


def deposit_held(records: list[Patron]) -> Decimal:
    """The old system's deposit the library still holds for the person (to refund first)."""
    return sum((record.legacy_deposit for record in records), Decimal(0))


def children_in_care(records: list[Patron], *, today: date) -> tuple[int, int]:
    """How many of the person's wards are still under the guardian age, and that age."""
    guardian_age = patron_settings().guardian_age
    return wards(records).filter(birth_date__gt=rules.born_on_or_before(today, guardian_age)).count(), guardian_age


def wards(records: list[Patron]) -> QuerySet[Patron]:
    """Readers whose guardian is this person, linked or named with the same ID number."""
    pks = [record.pk for record in records]
    hashes = _id_hashes(records)
    named = Q(guardian_id_hash__in=hashes) if hashes else Q(pk__in=[])
    return Patron.objects.filter(Q(guardian_id__in=pks) | named, merged_into__isnull=True).exclude(pk__in=pks)


def _id_hashes(records: list[Patron]) -> list[str]:
    return [record.id_number_hash for record in records if record.id_number_hash]


@dataclass(frozen=True)
class Traces:
    """What clearing the person's traces did, in counts."""

    deposit_refunds: int
    wards: int


def clear_traces(records: list[Patron]) -> Traces:
    """Remove the person from the deposit register, from grown-up wards' records and from the
    online form's counters: everything of theirs that deleting the rows does not take along."""
    pks = [record.pk for record in records]
    refunds = _anonymise_refunds(pks)
    grown_up = wards(records)
    wards_count = grown_up.count()
    hashes = _id_hashes(records)
    if hashes:
        grown_up.filter(guardian_id_hash__in=hashes).update(**GUARDIAN_FIELDS)
    _forget_join_attempts(records)
    return Traces(deposit_refunds=refunds, wards=wards_count)


def delete(records: list[Patron]) -> None:
    """Delete the records, the merged ones first; their cards, blocks and PIN go with them."""
    pks = [record.pk for record in records]
    with _secure_delete():
        Patron.objects.filter(pk__in=pks[1:]).delete()
        Patron.objects.filter(pk=pks[0]).delete()


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
