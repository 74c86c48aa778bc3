"""Reads worth naming: resolving a card or ID, the desk search, a reader's effective category,
registration figures and a record's history. Whether a reader may borrow is circulation's answer
(``circulation.queries.standing``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from shuyuan import fastsql
from shuyuan.audit import actions
from shuyuan.audit.models import AuditEntry
from shuyuan.patrons import ecard, iddocs, rules
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.masking import is_mobile, normalize_phone
from shuyuan.patrons.models import Patron, PatronCard, PatronCategory, RegistrationEvent
from shuyuan.patrons.personal import id_hash, last6_hash, phone_hash

_LAST6 = re.compile(r"^[0-9]{5}[0-9X]$")
_LATIN = re.compile(r"^[a-z]+$")


def current(patron: Patron | None) -> Patron | None:
    """A merged record stands for the record it was merged into."""
    for _hop in range(5):
        if patron is None or patron.merged_into_id is None:
            break
        patron = patron.merged_into
    return patron


def by_document(number: str) -> Patron | None:
    """The reader holding this ID document number (any document type; a legacy 15-digit resident
    ID finds its 18-digit form)."""
    try:
        number = iddocs.parse(number).number
    except iddocs.InvalidIdNumber:
        number = iddocs.normalize(number)
    if not number:
        return None
    found = Patron.objects.select_related("category", "home_branch").filter(id_number_hash=id_hash(number))[:1]
    return current(next(iter(found), None))


@dataclass
class Card:
    """A reader's identifier as scanned, for a service to look up with its own first reads, in the
    same round trip (``circulation.checkout``): ``statement`` is ``card_statement``, ``found`` is
    ``resolve`` with what it read (refusing as ``resolve`` does), and ``patron`` the reader found."""

    identifier: str
    patron: Patron | None = None

    @property
    def value(self) -> str:
        return self.identifier.strip()

    def statement(self) -> tuple[str, list[str]] | None:
        return card_statement(self.identifier)

    def found(self, rows: Sequence[Sequence[Any]] | None) -> Patron:
        self.patron = resolve(self.identifier, card_rows=rows)
        return self.patron


def card_statement(identifier: str) -> tuple[str, list[str]] | None:
    """The look-up ``resolve`` starts with when the identifier reads as a card number (the usual
    scan), for a caller that sends it with other reads (``fastsql.fetch_each``); else None."""
    if ecard.is_ecard(identifier) or iddocs.is_valid(identifier):
        return None
    return _card_read(identifier)


def _card_read(value: str) -> tuple[str, list[str]]:
    return fastsql.prepared(_card_sql), [value.strip()]


def by_card(value: str, *, rows: Sequence[Sequence[Any]] | None = None) -> Patron | None:
    """The reader of a card in use (every card number, the old system's too, is a PatronCard row);
    raises CARD_LOST or CARD_NOT_ACTIVE for a card that no longer counts. ``rows``: what
    ``card_statement`` read, if the caller read it already."""
    if rows is None:
        rows = fastsql.fetch_all(*_card_read(value))
    found = _card_holder(rows)
    if found is None:
        return None
    patron, card_status = found
    if card_status == PatronCard.Status.LOST:
        raise PatronRefused(Reason.CARD_LOST, patron=patron)
    if card_status != PatronCard.Status.ACTIVE:
        raise PatronRefused(Reason.CARD_NOT_ACTIVE, patron=patron)
    return current(patron)


def _card_holder(rows: Sequence[Sequence[Any]]) -> tuple[Patron, str] | None:
    """The whole reader holding the card and the card's status, read in one statement.

    Every kiosk message and desk scan starts here; the ORM spent ten times the database's time
    compiling the query (a join, the card's Meta ordering) and building two instances, so it is on
    the fast path (``shuyuan.fastsql``)."""
    if not rows:
        return None
    row = rows[0]
    return fastsql.build(Patron, fastsql.all_columns(Patron), row[:-1]), row[-1]


def _card_sql(wrapper: BaseDatabaseWrapper) -> str:
    columns = ", ".join(fastsql.select_list("p", Patron, fastsql.all_columns(Patron)))
    return (
        f"SELECT {columns}, c.status FROM {fastsql.table(PatronCard)} c"
        f" INNER JOIN {fastsql.table(Patron)} p ON p.id = c.patron_id WHERE c.value = %s"
    )


def resolve(identifier: str, *, card_rows: Sequence[Sequence[Any]] | None = None) -> Patron:
    """The one reader an identifier stands for, as kiosks and desks scan it: a library card, an old
    card, the QR e-card, or the ID card itself (a reissued ID card has the same number and works).
    ``card_rows``: what ``card_statement`` read, sent by the caller with other reads."""
    # Rows read by card_statement say the identifier is neither an e-card nor an ID number.
    if card_rows is None and ecard.is_ecard(identifier):
        return ecard.verify(identifier, at=timezone.now())
    if card_rows is None and iddocs.is_valid(identifier):
        # An ID card read by a scanner: one look-up by its hash (card numbers are never valid ID numbers).
        patron = by_document(identifier) or by_card(identifier)
    else:
        patron = by_card(identifier, rows=card_rows) or by_document(identifier)
    if patron is None:
        raise PatronRefused(Reason.CARD_NOT_FOUND)
    return patron


def search(query: str, *, limit: int = 50) -> list[Patron]:
    """The desk search: card number, ID number (full or the last six), phone, name or its pinyin."""
    query = " ".join(query.split())
    if not query:
        return []
    found: list[Patron] = []
    try:
        found.extend(p for p in [by_card(query)] if p)
    except PatronRefused as refused:
        found.append(refused.patron)
    compact = iddocs.normalize(query)
    if _LAST6.match(compact):
        found.extend(_base().filter(id_last6_hash=last6_hash(compact))[:limit])
    elif len(compact) >= 5 and compact.isascii() and compact.isalnum():
        found.extend(p for p in [by_document(query)] if p)
    phone = normalize_phone(query)
    if is_mobile(phone) or (phone.isdigit() and 7 <= len(phone) <= 12 and not found):
        found.extend(_base().filter(phone_hash=phone_hash(phone))[:limit])
    found.extend(_by_name(query, limit))
    unique = list({p.pk: p for p in found}.values())
    return unique[:limit]


def _base() -> QuerySet[Patron]:
    return Patron.objects.select_related("category", "home_branch").filter(merged_into__isnull=True)


def _by_name(query: str, limit: int) -> list[Patron]:
    latin = query.lower().replace(" ", "")
    if _LATIN.match(latin):
        return list(
            _base()
            .filter(Q(name_pinyin__startswith=latin) | Q(name_initials__startswith=latin))
            .order_by("name")[:limit]
        )
    if any("\u4e00" <= ch <= "\u9fff" for ch in query):
        exact = list(_base().filter(name=query)[:limit])
        return exact + list(_base().filter(name__startswith=query).exclude(name=query).order_by("name")[:limit])
    return []


def effective_category(patron: Patron, day: date) -> PatronCategory:
    """The category that applies on ``day``: a child becomes an adult reader on the birthday,
    whether or not the stored category has been updated yet."""
    return rules.category_on(patron.category, patron.birth_date, day)  # type: ignore[return-value]


def application_conflicts(patrons: list[Patron]) -> set[int]:
    """Which of these online applications an ID card presented at a kiosk contradicted."""
    entries = AuditEntry.objects.filter(
        action="patron.application_conflict",
        object_type=Patron._meta.label_lower,
        object_id__in=[str(p.pk) for p in patrons],
    )
    return {int(pk) for pk in entries.values_list("object_id", flat=True)}


def new_card_events(
    first: date, last: date, *, channel: str | None = None, service_point_code: str | None = None
) -> QuerySet[RegistrationEvent]:
    events = RegistrationEvent.objects.filter(
        kind=RegistrationEvent.Kind.NEW_CARD, at__date__gte=first, at__date__lte=last
    )
    if channel:
        events = events.filter(channel=channel)
    if service_point_code:
        events = events.filter(service_point__code=service_point_code)
    return events


def new_cards(
    first: date,
    last: date,
    *,
    channel: str | None = None,
    service_point_code: str | None = None,
    recorded_by: str | None = None,
) -> int:
    """New reader cards issued between two days inclusive (新办读者证), from the events; with
    ``recorded_by``, only those the staff member of that actor label issued."""
    events = new_card_events(first, last, channel=channel, service_point_code=service_point_code)
    if recorded_by is not None:
        events = events.filter(recorded_by=recorded_by)
    return events.count()


def new_cards_by_staff(first: date, last: date, *, service_point_code: str) -> dict[str, int]:
    """New cards issued at a service point per staff member (the actor label each event records)."""
    rows = (
        new_card_events(first, last, service_point_code=service_point_code)
        .order_by()
        .values_list("recorded_by")
        .annotate(n=Count("pk"))
    )
    return {label: n for label, n in rows}


def new_cards_by_month(first: date, last: date) -> list[dict[str, Any]]:
    """New cards per month, channel and service point."""
    rows = (
        RegistrationEvent.objects.filter(kind=RegistrationEvent.Kind.NEW_CARD, at__date__gte=first, at__date__lte=last)
        .annotate(month=TruncMonth("at"))
        .values("month", "channel", "service_point__name", "branch__name")
        .annotate(cards=Count("id"))
        .order_by("month", "branch__name", "channel", "service_point__name")
    )
    return list(rows)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    what: str
    by: str
    detail: str


def history(patron: Patron) -> list[HistoryEntry]:
    """Registration events and audit entries of a record, newest first."""
    entries = [
        HistoryEntry(e.at, str(e.get_kind_display()), e.recorded_by, str(e.get_channel_display()))
        for e in RegistrationEvent.objects.filter(reader_token=patron.reader_token)
    ]
    audit = AuditEntry.objects.filter(object_type="patrons.patron", object_id=str(patron.pk))
    entries.extend(
        HistoryEntry(
            a.at, actions.action_label(a.action), actions.actor_label(a.actor_label), actions.detail_text(a.detail)
        )
        for a in audit
    )
    return sorted(entries, key=lambda e: e.at, reverse=True)
