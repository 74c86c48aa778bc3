"""Reads worth naming: resolving a card or ID, the desk search, a reader's effective category and
problems, registration figures and a record's history."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import Col
from django.db.models.functions import TruncMonth

from shuyuan.audit import actions
from shuyuan.audit.models import AuditEntry
from shuyuan.patrons import iddocs, rules
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


def by_card(value: str) -> Patron | None:
    """The reader of a card in use (every card number, the old system's too, is a PatronCard row);
    raises CARD_LOST or CARD_NOT_ACTIVE for a card that no longer counts."""
    found = _card_holder(value.strip())
    if found is None:
        return None
    patron, card_status = found
    if card_status == PatronCard.Status.LOST:
        raise PatronRefused(Reason.CARD_LOST, patron=patron)
    if card_status != PatronCard.Status.ACTIVE:
        raise PatronRefused(Reason.CARD_NOT_ACTIVE, patron=patron)
    return current(patron)


@dataclass(frozen=True)
class _CardPlan:
    sql: str
    attnames: list[str]
    converted: list[tuple[int, Col, list[Any]]]  # (column, expression, the backend's and the field's converters)


_card_plans: WeakKeyDictionary[BaseDatabaseWrapper, _CardPlan] = WeakKeyDictionary()


def _card_holder(value: str) -> tuple[Patron, str] | None:
    """The whole reader holding card ``value`` and the card's status, in one statement.

    Every kiosk message and desk scan starts here; the ORM spent ten times the database's time
    compiling the query (a join, the card's Meta ordering) and building two instances, so the
    statement and its converters are prepared once per connection and the row becomes a Patron
    as the ORM would make it (``Model.from_db``)."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    plan = _card_plans.get(wrapper) or _card_plans.setdefault(wrapper, _card_plan(wrapper))
    with wrapper.cursor() as cursor:
        cursor.execute(plan.sql, [value])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row[:-1])
    for at, expression, converters in plan.converted:
        for convert in converters:
            values[at] = convert(values[at], expression, wrapper)
    return Patron.from_db(wrapper.alias, plan.attnames, values), row[-1]


def _card_plan(wrapper: BaseDatabaseWrapper) -> _CardPlan:
    quote = wrapper.ops.quote_name
    patrons, cards = Patron._meta.db_table, PatronCard._meta.db_table
    fields = Patron._meta.concrete_fields
    columns = ", ".join(f"p.{quote(f.column)}" for f in fields)
    sql = (
        f"SELECT {columns}, c.{quote('status')} FROM {quote(cards)} c"
        f" INNER JOIN {quote(patrons)} p ON p.{quote('id')} = c.{quote('patron_id')}"
        f" WHERE c.{quote('value')} = %s"
    )
    converted = []
    for at, field in enumerate(fields):
        expression = Col(patrons, field)
        converters = wrapper.ops.get_db_converters(expression) + expression.get_db_converters(wrapper)
        if converters:
            converted.append((at, expression, converters))
    return _CardPlan(sql, [f.attname for f in fields], converted)


def resolve(identifier: str) -> Patron:
    """The one reader an identifier stands for, as kiosks and desks scan it: a library card, an old
    card, the QR e-card, or the ID card itself (a reissued ID card has the same number and works)."""
    if iddocs.is_valid(identifier):
        # An ID card read by a scanner: one look-up by its hash (card numbers are never valid ID numbers).
        patron = by_document(identifier) or by_card(identifier)
    else:
        patron = by_card(identifier) or by_document(identifier)
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


def problems(patron: Patron, *, at: datetime) -> list[str]:
    """Why this reader may not borrow now (empty when they may): closed, pending, expired, blocked."""
    found = []
    if patron.status == Patron.Status.CLOSED:
        found.append(str(Reason.NOT_ACTIVE.label))
    if patron.status == Patron.Status.PENDING:
        found.append(str(Reason.AWAITING_CONFIRMATION.label))
    if patron.status == Patron.Status.EXPIRED or (patron.expires_on and patron.expires_on < at.date()):
        found.append(str(Reason.CARD_EXPIRED.label))
    found.extend(b.reason for b in patron.blocks.filter(lifted_at__isnull=True))
    return found


def new_cards(first: date, last: date, *, channel: str | None = None, service_point_code: str | None = None) -> int:
    """New reader cards issued between two days inclusive (新办读者证), from the events."""
    events = RegistrationEvent.objects.filter(
        kind=RegistrationEvent.Kind.NEW_CARD, at__date__gte=first, at__date__lte=last
    )
    if channel:
        events = events.filter(channel=channel)
    if service_point_code:
        events = events.filter(service_point__code=service_point_code)
    return events.count()


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
