"""Reads of the periodicals app worth a name."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from shuyuan.serials import identifiers
from shuyuan.serials.errors import Reason, SerialsRefused
from shuyuan.serials.models import Issue, Subscription


def issue_for_scan(code: str, *, year: int, service_point_id: int | None = None) -> Issue:
    """The issue a scan stands for. A periodical's EAN-13 (977…) with its 2-digit add-on names
    the issue; an ISSN, CN number or EAN without add-on stands for the title's next issue not
    yet received (RERO's "receive next issue")."""
    code = code.strip()
    subscriptions = Subscription.objects.filter(year=year)
    if service_point_id is not None:
        subscriptions = subscriptions.filter(service_point_id=service_point_id)
    number: int | None = None
    scanned = identifiers.issn_from_scan(code)
    if scanned is not None:
        issn, number = scanned
        subscriptions = subscriptions.filter(issn=issn)
    else:
        subscriptions = subscriptions.filter(
            Q(issn=_or_raw(identifiers.normalise_issn, code)) | Q(cn=_or_raw(identifiers.normalise_cn, code))
        )
    subscription = subscriptions.order_by("pk").first()
    if subscription is None:
        raise SerialsRefused(Reason.NOT_FOUND, code)
    issues = subscription.issues.select_related("subscription")
    if number is not None:
        found = issues.filter(first_number__lte=number, last_number__gte=number).first()
        if found is None:
            raise SerialsRefused(Reason.NOT_FOUND, code)
        return found
    found = issues.exclude(status=Issue.Status.RECEIVED).order_by("sequence").first()
    if found is None:
        raise SerialsRefused(Reason.ALL_RECEIVED, subscription.title)
    return found


def _or_raw(normalise: Any, code: str) -> str:
    try:
        return str(normalise(code))
    except identifiers.InvalidNumber:
        return code


def month_issues(year: int, month: int, *, service_point_id: int | None = None) -> QuerySet[Issue]:
    """The issues expected in a month, for checking in from the list."""
    issues = Issue.objects.filter(expected_on__year=year, expected_on__month=month).select_related("subscription")
    if service_point_id is not None:
        issues = issues.filter(subscription__service_point_id=service_point_id)
    return issues.order_by("subscription__title", "sequence")


def late_issues(*, service_point_id: int | None = None) -> QuerySet[Issue]:
    """Late and claimed issues, by supplier and title: the list claims are made from."""
    issues = Issue.objects.filter(status__in=[Issue.Status.LATE, Issue.Status.CLAIMED]).select_related(
        "subscription", "subscription__supplier"
    )
    if service_point_id is not None:
        issues = issues.filter(subscription__service_point_id=service_point_id)
    return issues.order_by("subscription__supplier__name", "subscription__title", "sequence")


def subscriptions_of(year: int, *, service_point_id: int | None = None) -> QuerySet[Subscription]:
    subscriptions = Subscription.objects.filter(year=year).select_related("supplier", "service_point")
    if service_point_id is not None:
        subscriptions = subscriptions.filter(service_point_id=service_point_id)
    return subscriptions.annotate(
        issue_count=Count("issues"),
        received_count=Count("issues", filter=Q(issues__status=Issue.Status.RECEIVED)),
        late_count=Count("issues", filter=Q(issues__status__in=[Issue.Status.LATE, Issue.Status.CLAIMED])),
    ).order_by("postal_code", "title")


def subscription_list(year: int) -> list[dict[str, Any]]:
    """The subscription list for each supplier (the post office's 报刊订阅清单): its lines and total."""
    sheets: dict[int, dict[str, Any]] = {}
    for s in (
        Subscription.objects.filter(year=year)
        .select_related("supplier", "service_point")
        .order_by("supplier__name", "postal_code", "title")
    ):
        sheet = sheets.setdefault(
            s.supplier_id, {"supplier": s.supplier, "lines": [], "copies": 0, "total": Decimal(0)}
        )
        amount = s.price * s.copies
        sheet["lines"].append({"subscription": s, "amount": amount})
        sheet["copies"] += s.copies
        sheet["total"] += amount
    return list(sheets.values())


def is_late(issue: Issue, today: date) -> bool:
    return issue.status != Issue.Status.RECEIVED and issue.late_on <= today
