"""Acquisitions' public queries: what readers' pages (OPAC), reports and statistics read."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, F, Max, Q, QuerySet, Sum

from shuyuan.acquisitions.models import (
    ZERO,
    Discrepancy,
    Donation,
    ExchangeFair,
    LocalDocument,
    OrderLine,
    PoolMovement,
    PurchaseSuggestion,
    Receipt,
    Vendor,
)
from shuyuan.catalog.models import Item
from shuyuan.patrons.models import Patron


def suggestions_of(patron: Patron) -> list[PurchaseSuggestion]:
    """A reader's suggestions, newest first, with the library's answer (``status``, ``answer``)."""
    return list(PurchaseSuggestion.objects.filter(patron=patron).order_by("-created_at", "-pk"))


@dataclass
class SuggestedTitle:
    key: str
    title: str
    isbn: str
    readers: int
    suggestions: list[PurchaseSuggestion]


def pending_suggestions() -> list[SuggestedTitle]:
    """Suggestions waiting for an answer, one row per title with how many readers asked, most asked first."""
    return _by_title(PurchaseSuggestion.objects.filter(status=PurchaseSuggestion.Status.PENDING))


def suggestions_to_order() -> list[SuggestedTitle]:
    """Accepted suggestions not yet on an order, one row per title: what an order from suggestions takes."""
    return _by_title(PurchaseSuggestion.objects.filter(status=PurchaseSuggestion.Status.ACCEPTED, line__isnull=True))


def _by_title(suggestions: QuerySet[PurchaseSuggestion]) -> list[SuggestedTitle]:
    grouped: dict[str, list[PurchaseSuggestion]] = defaultdict(list)
    for suggestion in suggestions.order_by("pk"):
        grouped[suggestion.isbn_key or suggestion.title.strip().lower()].append(suggestion)
    rows = [
        SuggestedTitle(key, group[0].title, group[0].isbn, len({s.patron_id for s in group}), group)
        for key, group in grouped.items()
    ]
    return sorted(rows, key=lambda row: (-row.readers, row.title))


@dataclass
class Tally:
    label: str
    kinds: int = 0
    volumes: int = 0
    amount: Decimal = ZERO


def received_report(start: datetime, end: datetime, *, by: str = "fund") -> list[Tally]:
    """Copies received in [start, end), grouped ``by`` fund, vendor, CLC top class or month: kinds (种,
    distinct titles), volumes (册) and amount (cost per copy × copies)."""
    receipts = Receipt.objects.filter(received_at__gte=start, received_at__lt=end).select_related(
        "line__order__vendor", "line__fund"
    )
    titles: dict[str, set[str]] = defaultdict(set)
    tallies: dict[str, Tally] = {}
    for receipt in receipts:
        line = receipt.line
        if by == "vendor":
            label = line.order.vendor.name
        elif by == "clc":
            label = (line.clc or "?")[:1].upper()
        elif by == "month":
            label = f"{receipt.received_at:%Y-%m}"
        else:
            label = str(line.fund)
        tally = tallies.setdefault(label, Tally(label))
        tally.volumes += receipt.quantity
        tally.amount += line.unit_cost * receipt.quantity
        titles[label].add(line.isbn_key or f"line{line.pk}" if line.record_id is None else f"r{line.record_id}")
    for label, tally in tallies.items():
        tally.kinds = len(titles[label])
    return sorted(tallies.values(), key=lambda tally: tally.label)


def received_totals(start: datetime, end: datetime) -> Tally:
    total = Tally("total")
    titles: set[str] = set()
    for receipt in Receipt.objects.filter(received_at__gte=start, received_at__lt=end).select_related("line"):
        total.volumes += receipt.quantity
        total.amount += receipt.line.unit_cost * receipt.quantity
        titles.add(f"r{receipt.line.record_id}" if receipt.line.record_id else f"line{receipt.line_id}")
    total.kinds = len(titles)
    return total


def local_document_counts(until: date | None = None, since: date | None = None) -> tuple[int, int]:
    """The local-documents collection's (kinds, volumes), counted up to and including ``until``."""
    documents = LocalDocument.objects.all()
    if until is not None:
        documents = documents.filter(received_on__lte=until)
    if since is not None:
        documents = documents.filter(received_on__gte=since)
    kinds = documents.values("title").distinct().count()
    return kinds, documents.aggregate(v=Sum("volumes"))["v"] or 0


def donation_totals(start: date, end: date) -> dict[str, int]:
    donations = Donation.objects.filter(received_on__gte=start, received_on__lte=end)
    values = donations.aggregate(n=Count("pk"), kinds=Sum("kinds"), volumes=Sum("volumes"))
    return {name: value or 0 for name, value in values.items()}


@dataclass
class FairFigures:
    prepared: int
    brought: int
    exchanged: int
    visits: int


def fair_figures(fair: ExchangeFair) -> FairFigures:
    """Books prepared for a fair (counted into the pool for it), brought and exchanged at it."""
    totals = dict(fair.movements.values_list("kind").annotate(n=Sum("count")))
    prepared = totals.get(PoolMovement.Kind.DONATED, 0) + totals.get(PoolMovement.Kind.WEEDED, 0)
    return FairFigures(
        prepared, totals.get(PoolMovement.Kind.BROUGHT, 0), totals.get(PoolMovement.Kind.EXCHANGED, 0), fair.visits
    )


def processing_queue(limit: int = 200) -> list[Item]:
    """Copies received and still in processing: the cataloguing work queue, oldest first."""
    received = Receipt.objects.values_list("barcodes", flat=True)
    codes = [code for batch in received for code in batch]
    items = Item.objects.filter(status=Item.Status.IN_PROCESSING, barcode__in=codes[-20000:])
    return list(items.select_related("record", "collection").order_by("created_at", "pk")[:limit])


def pending_discrepancies() -> list[Discrepancy]:
    return list(Discrepancy.objects.filter(decision="").select_related("batch__order").order_by("pk"))


def claimable(before: datetime) -> list[OrderLine]:
    """Lines of orders placed before ``before`` still expecting copies: what to claim."""
    lines = OrderLine.objects.filter(order__status="open", order__placed_at__lt=before)
    lines = lines.filter(Q(received__lt=F("quantity") - F("cancelled")))
    return list(lines.select_related("order__vendor").order_by("order__placed_at", "pk"))


@dataclass
class ClaimedLine:
    line: OrderLine
    outstanding: int
    claims: int
    last_claimed_at: datetime


def open_claims(vendor: Vendor) -> list[ClaimedLine]:
    """The vendor's lines that were claimed and still wait for copies: what its claim letter lists."""
    lines = (
        OrderLine.objects.filter(order__vendor=vendor, order__status="open", claims__isnull=False)
        .filter(received__lt=F("quantity") - F("cancelled"))
        .annotate(claim_count=Count("claims"), last_claimed_at=Max("claims__claimed_at"))
        .select_related("order")
        .order_by("order__placed_at", "pk")
    )
    return [
        ClaimedLine(line, line.outstanding, line.claim_count, line.last_claimed_at)  # type: ignore[attr-defined]
        for line in lines
    ]


def vendors_with_open_claims() -> list[tuple[Vendor, int]]:
    """Vendors owing claimed copies, with how many of their lines wait."""
    counts: dict[int, int] = defaultdict(int)
    for vendor_id, _line in (
        OrderLine.objects.filter(order__status="open", claims__isnull=False)
        .filter(received__lt=F("quantity") - F("cancelled"))
        .values_list("order__vendor_id", "pk")
        .distinct()
        .order_by()
    ):
        counts[vendor_id] += 1
    vendors = Vendor.objects.in_bulk(list(counts))
    return [(vendors[pk], n) for pk, n in sorted(counts.items(), key=lambda kv: vendors[kv[0]].name)]
