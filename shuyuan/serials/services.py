"""Writes of the periodicals app: subscribing, checking in, marking late, claiming, shelving,
binding and renewing. Each public function is one transaction; the building blocks below them
(``generate_issues``) open none."""

from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from shuyuan import fastsql
from shuyuan.audit import log
from shuyuan.audit.log import actor_fields
from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.catalog.items import create_items
from shuyuan.catalog.models import Collection, ItemType, Record
from shuyuan.serials import identifiers
from shuyuan.serials.errors import Reason, SerialsRefused
from shuyuan.serials.models import BoundVolume, Claim, Issue, IssueEvent, Subscription, Supplier, SupplierContact
from shuyuan.serials.patterns import InvalidPattern, Pattern, predict

BOUND_ITEM_TYPE = "BOUND"


def _numbers(issn: str, cn: str, postal_code: str) -> tuple[str, str, str]:
    try:
        issn = identifiers.normalise_issn(issn) if issn.strip() else ""
        cn = identifiers.normalise_cn(cn) if cn.strip() else ""
        postal_code = identifiers.normalise_postal_code(postal_code) if postal_code.strip() else ""
    except identifiers.InvalidNumber as exc:
        raise SerialsRefused(Reason.INVALID_NUMBER, exc.message) from None
    if not issn and not cn:
        raise SerialsRefused(Reason.NO_IDENTIFIER)
    return issn, cn, postal_code


def _pattern_fields(pattern: Pattern) -> dict[str, Any]:
    return {
        "frequency": pattern.frequency,
        "numbering": pattern.numbering,
        "first_issue_on": pattern.first_issue_on,
        "first_whole_number": pattern.first_whole_number,
        "volume": pattern.volume,
        "skipped_months": ",".join(map(str, pattern.skipped_months)),
        "skipped_weekdays": ",".join(map(str, pattern.skipped_weekdays)),
        "combined": ",".join(f"{a}-{b}" for a, b in pattern.combined),
        "irregular_dates": "\n".join(d.isoformat() for d in pattern.irregular_dates),
    }


def check_pattern(pattern: Pattern, year: int) -> None:
    """Refuses a pattern whose first issue is outside ``year`` or that gives no issue."""
    if pattern.first_issue_on.year != year:
        raise SerialsRefused(Reason.WRONG_YEAR)
    try:
        issues = predict(pattern)
    except InvalidPattern as exc:
        raise SerialsRefused(Reason.BAD_PATTERN, exc.message) from None
    if not issues:
        raise SerialsRefused(Reason.NO_ISSUES)


@transaction.atomic(durable=True)
def subscribe(
    *,
    title: str,
    issn: str,
    cn: str,
    postal_code: str,
    supplier: Supplier,
    price: Decimal,
    service_point: ServicePoint,
    year: int,
    copies: int,
    pattern: Pattern,
    late_after_days: int = 10,
    issues_on_display: int = 1,
    record: Record | None = None,
    at: datetime,
    by: Any,
) -> Subscription:
    issn, cn, postal_code = _numbers(issn, cn, postal_code)
    check_pattern(pattern, year)
    same = Subscription.objects.filter(year=year, service_point=service_point)
    if (issn and same.filter(issn=issn).exists()) or (cn and same.filter(cn=cn).exists()):
        raise SerialsRefused(Reason.ALREADY_SUBSCRIBED, title)
    subscription = Subscription.objects.create(
        title=title.strip(),
        issn=issn,
        cn=cn,
        postal_code=postal_code,
        supplier=supplier,
        price=price,
        branch_id=service_point.branch_id,
        service_point=service_point,
        year=year,
        copies=copies,
        late_after_days=late_after_days,
        issues_on_display=issues_on_display,
        record=record,
        created_at=at,
        **_pattern_fields(pattern),
    )
    generate_issues([subscription])
    log.record("serials.subscribed", at=at, by=by, obj=subscription, detail={"year": year, "copies": copies})
    return subscription


ISSUE_COLUMNS = (
    "subscription_id",
    "sequence",
    "label",
    "first_number",
    "last_number",
    "first_whole_number",
    "expected_on",
    "late_on",
    "status",
    "place",
    "claim_count",
)


def generate_issues(subscriptions: list[Subscription]) -> int:
    """Insert the predicted issues of each subscription's year. A building block: no transaction.

    On the path the serials benchmark names (a year for 1 000 subscriptions): the rows go in
    through ``fastsql.copy_rows`` (COPY on PostgreSQL), values prepared once here instead of field by field."""
    ops = fastsql.db().ops
    day = ops.adapt_datefield_value
    rows = []
    for subscription in subscriptions:
        grace = timedelta(days=subscription.late_after_days)
        for p in predict(subscription.pattern()):
            rows.append(
                (
                    subscription.pk,
                    p.sequence,
                    p.label,
                    p.first_number,
                    p.last_number,
                    p.first_whole_number,
                    day(p.expected_on),
                    day(p.expected_on + grace),
                    Issue.Status.EXPECTED.value,
                    Issue.Place.NONE.value,
                    0,
                )
            )
    fastsql.copy_rows(Issue, ISSUE_COLUMNS, rows)
    return len(rows)


def _events(issues: list[Issue], kind: str, at: datetime, by: Any) -> None:
    _event_rows([i.pk for i in issues], kind, at, by)


def _event_rows(issue_ids: list[int], kind: str, at: datetime, by: Any) -> None:
    label = actor_fields(by)["actor_label"] if by is not None else "system"
    stamp = fastsql.db().ops.adapt_datetimefield_value(at)
    fastsql.insert_rows(
        IssueEvent, ("issue_id", "kind", "at", "by_label"), [(i, kind, stamp, label) for i in issue_ids]
    )


@transaction.atomic(durable=True)
def check_in(issue: Issue, *, at: datetime, by: Any) -> Issue:
    """Receive ``issue`` (all its copies) and put it on display in its reading room."""
    issue = Issue.objects.select_for_update().select_related("subscription").get(pk=issue.pk)
    if issue.status == Issue.Status.RECEIVED:
        raise SerialsRefused(Reason.ALREADY_RECEIVED, f"{issue.subscription.title} {issue.label}")
    issue.status = Issue.Status.RECEIVED
    issue.place = Issue.Place.DISPLAY
    issue.received_at = at
    issue.received_by = by if getattr(by, "pk", None) else None
    issue.save(update_fields=["status", "place", "received_at", "received_by"])
    _events([issue], IssueEvent.Kind.RECEIVED, at, by)
    _events([issue], IssueEvent.Kind.DISPLAYED, at, by)
    return issue


@transaction.atomic(durable=True)
def mark_late_issues(*, at: datetime) -> int:
    """The daily job: expected issues past their subscription's grace days become late."""
    today = timezone.localdate(at)
    due = Issue.objects.filter(status=Issue.Status.EXPECTED, late_on__lte=today)
    ids = list(due.select_for_update().values_list("pk", flat=True))
    if not ids:
        return 0
    due.update(status=Issue.Status.LATE)
    _event_rows(ids, IssueEvent.Kind.LATE, at, None)
    log.record("serials.marked_late", at=at, by=None, detail={"issues": len(ids)})
    return len(ids)


@transaction.atomic(durable=True)
def claim(issues: list[Issue], *, at: datetime, by: Any) -> list[Claim]:
    """One claim per supplier for the chosen issues that did not arrive."""
    if not issues:
        raise SerialsRefused(Reason.NOTHING_TO_CLAIM)
    locked = list(
        Issue.objects.select_for_update()
        .select_related("subscription")
        .filter(pk__in=[i.pk for i in issues])
        .order_by("subscription__supplier_id", "subscription__title", "sequence")
    )
    received = [i for i in locked if i.status == Issue.Status.RECEIVED]
    if received:
        raise SerialsRefused(Reason.CLAIM_RECEIVED, f"{received[0].subscription.title} {received[0].label}")
    by_supplier: dict[int, list[Issue]] = defaultdict(list)
    for issue in locked:
        by_supplier[issue.subscription.supplier_id].append(issue)
    claims = []
    for supplier_id, group in by_supplier.items():
        letter = Claim.objects.create(
            supplier_id=supplier_id, created_at=at, created_by=by if getattr(by, "pk", None) else None
        )
        for issue in group:
            issue.status = Issue.Status.CLAIMED
            issue.claim_count += 1
        Issue.objects.bulk_update(group, ["status", "claim_count"])
        letter.issues.add(*group)
        _events(group, IssueEvent.Kind.CLAIMED, at, by)
        log.record("serials.claimed", at=at, by=by, obj=letter, detail={"issues": len(group)})
        claims.append(letter)
    return claims


@transaction.atomic(durable=True)
def shelve_old_issues(service_point: ServicePoint, *, at: datetime, by: Any) -> int:
    """Keep each title's newest issues on display (as many as its subscription says), move the
    older ones on display to storage."""
    shown = list(
        Issue.objects.select_for_update()
        .filter(subscription__service_point=service_point, place=Issue.Place.DISPLAY)
        .select_related("subscription")
        .order_by("subscription_id", "-subscription__year", "-sequence")
    )
    kept: dict[str, int] = defaultdict(int)
    moving = []
    for issue in shown:
        key = issue.subscription.issn or issue.subscription.cn
        kept[key] += 1
        if kept[key] > issue.subscription.issues_on_display:
            issue.place = Issue.Place.STORAGE
            moving.append(issue)
    Issue.objects.bulk_update(moving, ["place"])
    _events(moving, IssueEvent.Kind.STORED, at, by)
    return len(moving)


@transaction.atomic(durable=True)
def bind(subscription: Subscription, *, collection: Collection, at: datetime, by: Any) -> BoundVolume:
    """Bind the subscription's received issues not yet bound into one volume (合订本), catalogued
    as a copy of type 期刊合订本 of the title's record (a brief serial record is made if it has none)."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    issues = list(
        Issue.objects.select_for_update()
        .filter(subscription=subscription, status=Issue.Status.RECEIVED, bound_volume__isnull=True)
        .order_by("sequence")
    )
    if not issues:
        raise SerialsRefused(Reason.NOTHING_TO_BIND, subscription.title)
    record = subscription.record or _brief_record(subscription, at)
    if subscription.record_id is None:
        subscription.record = record
        subscription.save(update_fields=["record"])
    first, last = issues[0].first_number, issues[-1].last_number
    label = f"{subscription.year}年 第{first}-{last}期" if first != last else f"{subscription.year}年 第{first}期"
    missing = [
        i.label
        for i in subscription.issues.exclude(pk__in=[i.pk for i in issues]).filter(
            first_number__gte=first, last_number__lte=last, bound_volume__isnull=True
        )
    ]
    note = ("缺 " + "、".join(missing))[:200] if missing else ""
    item_type = ItemType.objects.get(code=BOUND_ITEM_TYPE)
    item = create_items(
        record,
        1,
        collection=collection,
        item_type=item_type,
        at=at,
        by=by,
        volume=label[:50],
        note=note,
        reason="binding",
    )[0]
    volume = BoundVolume.objects.create(
        subscription=subscription, label=label, item=item, bound_at=at, bound_by=by if getattr(by, "pk", None) else None
    )
    for issue in issues:
        issue.place = Issue.Place.BOUND
        issue.bound_volume = volume
    Issue.objects.bulk_update(issues, ["place", "bound_volume"])
    _events(issues, IssueEvent.Kind.BOUND, at, by)
    log.record("serials.bound", at=at, by=by, obj=volume, detail={"issues": len(issues), "item": item.barcode})
    return volume


def _brief_record(subscription: Subscription, at: datetime) -> Record:
    # The periodical's own record, for its bound volumes: cataloguing may enrich it later.
    return Record.objects.create(
        title=subscription.title,
        issn=subscription.issn,
        material_type=Record.MaterialType.SERIAL,
        created_at=at,
        updated_at=at,
    )


@transaction.atomic(durable=True)
def renew(
    year: int,
    *,
    at: datetime,
    by: Any,
    service_point: ServicePoint | None = None,
    branches: QuerySet[Branch] | None = None,
) -> list[Subscription]:
    """Subscribe again for ``year + 1`` to every subscription of ``year`` not renewed yet (of
    ``branches`` when given), with the same supplier, copies and price, its pattern carried on
    (cumulative numbers and volume continue)."""
    from shuyuan.serials.patterns import next_year

    pending = Subscription.objects.select_for_update(of=("self",)).filter(year=year, renewal__isnull=True)
    if service_point is not None:
        pending = pending.filter(service_point=service_point)
    if branches is not None:
        pending = pending.filter(branch__in=branches)
    old = list(pending.order_by("pk"))
    if not old:
        raise SerialsRefused(Reason.NOTHING_TO_RENEW, str(year))
    created = []
    for subscription in old:
        fields = {
            f.name: getattr(subscription, f.name)
            for f in Subscription._meta.concrete_fields
            if f.name not in ("id", "renewed_from", "created_at", "year")
        }
        fields.update(_pattern_fields(next_year(subscription.pattern())))
        created.append(Subscription(**fields, year=year + 1, renewed_from=subscription, created_at=at))
    created = Subscription.objects.bulk_create(created)
    generate_issues(created)
    log.record("serials.renewed", at=at, by=by, detail={"year": year + 1, "subscriptions": len(created)})
    return created


# Suppliers ---------------------------------------------------------------------------------------

SUPPLIER_FIELDS = ("name", "kind", "address", "contact", "phone")


@transaction.atomic(durable=True)
def add_supplier(
    *, name: str, kind: str, address: str = "", contact: str = "", phone: str = "", at: datetime, by: Any
) -> Supplier:
    """A post office or agency that subscriptions are placed with."""
    name = name.strip()
    if not name:
        raise SerialsRefused(Reason.NEEDS_NAME)
    if Supplier.objects.filter(name=name).exists():
        raise SerialsRefused(Reason.SUPPLIER_EXISTS, name)
    supplier = Supplier.objects.create(
        name=name, kind=kind, address=address.strip(), contact=contact.strip(), phone=phone.strip()
    )
    log.record("serials.supplier_added", at=at, by=by, obj=supplier, detail={"name": name})
    return supplier


@transaction.atomic(durable=True)
def change_supplier(supplier: Supplier, *, at: datetime, by: Any, **values: str) -> Supplier:
    """New values for a supplier's fields (name, kind, address, contact, phone); the audit keeps the old ones."""
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    values = {k: v.strip() for k, v in values.items() if k in SUPPLIER_FIELDS}
    if "name" in values:
        if not values["name"]:
            raise SerialsRefused(Reason.NEEDS_NAME)
        if Supplier.objects.filter(name=values["name"]).exclude(pk=supplier.pk).exists():
            raise SerialsRefused(Reason.SUPPLIER_EXISTS, values["name"])
    changed = {k: [getattr(supplier, k), v] for k, v in values.items() if getattr(supplier, k) != v}
    for field, (_old, new) in changed.items():
        setattr(supplier, field, new)
    if changed:
        supplier.save(update_fields=list(changed))
        log.record("serials.supplier_changed", at=at, by=by, obj=supplier, detail={"changed": changed})
    return supplier


@transaction.atomic(durable=True)
def add_supplier_contact(
    supplier: Supplier,
    *,
    name: str,
    role: str = "",
    phone: str = "",
    email: str = "",
    note: str = "",
    at: datetime,
    by: Any,
) -> SupplierContact:
    name = name.strip()
    if not name:
        raise SerialsRefused(Reason.NEEDS_NAME)
    contact = SupplierContact.objects.create(
        supplier=supplier, name=name, role=role.strip(), phone=phone.strip(), email=email.strip(), note=note.strip()
    )
    log.record("serials.supplier_contact_added", at=at, by=by, obj=supplier, detail={"person": name})
    return contact


@transaction.atomic(durable=True)
def remove_supplier_contact(contact: SupplierContact, *, at: datetime, by: Any) -> None:
    supplier = contact.supplier
    name = contact.name
    SupplierContact.objects.filter(pk=contact.pk).delete()
    log.record("serials.supplier_contact_removed", at=at, by=by, obj=supplier, detail={"person": name})
