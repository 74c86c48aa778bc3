"""Reads worth naming: resolving barcodes and cards for adapters, a reader's loans and history,
queue places, the overdue list, the rule matrix as it applies, a batch's manifest."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from shuyuan.branches.models import Branch
from shuyuan.catalog.models import Item, ItemType
from shuyuan.circulation import configuration, rules
from shuyuan.circulation.errors import CirculationRefused, Reason
from shuyuan.circulation.models import (
    NOTICE_TO_SEND,
    Hold,
    Loan,
    LoanRule,
    Notice,
    OverdueListing,
    Transfer,
    TransferBatch,
)
from shuyuan.patrons.models import Patron, PatronCategory


def item_by_barcode(barcode: str) -> Item:
    item = Item.objects.select_related("record", "item_type").filter(barcode=barcode.strip()).first()
    if item is None:
        raise CirculationRefused(Reason.UNKNOWN_ITEM, barcode=barcode)
    return item


def patron_by_card(card_number: str) -> Patron:
    """The reader of a card number (a merged record stands for the record it was merged into)."""
    from shuyuan.patrons import queries as patron_queries

    patron = patron_queries.by_card(card_number)
    if patron is None:
        raise CirculationRefused(Reason.UNKNOWN_PATRON, card_number=card_number)
    return patron


def open_loans(patron: Patron) -> QuerySet[Loan]:
    return (
        Loan.objects.filter(patron=patron, status=Loan.Status.OPEN)
        .select_related("item", "item__record")
        .order_by("due_at", "pk")
    )


def reading_history(patron: Patron) -> QuerySet[Loan]:
    """A reader's returned loans, only for a reader who turned their reading history on."""
    if not patron.keeps_reading_history:
        raise CirculationRefused(Reason.HISTORY_OFF)
    return (
        Loan.objects.filter(patron=patron, status=Loan.Status.RETURNED)
        .select_related("item__record")
        .order_by("-closed_at")
    )


def queue_place(hold: Hold) -> int:
    """1 for the next reader to be served; 0 once the hold no longer waits."""
    if hold.status != Hold.Status.WAITING:
        return 0
    waiting = Hold.objects.filter(record_id=hold.record_id, status=Hold.Status.WAITING).values_list(
        "position", flat=True
    )
    return rules.queue_rank(hold.position, list(waiting))


def holds_to_pull(branch: Branch) -> QuerySet[Hold]:
    """Waiting holds with a copy on this branch's shelves: staff fetch it and check it in."""
    on_shelf = Item.objects.filter(current_branch=branch, status=Item.Status.ON_SHELF, item_type__is_loanable=True)
    return (
        Hold.objects.filter(status=Hold.Status.WAITING, record__items__in=on_shelf)
        .select_related("record", "pickup_branch")
        .distinct()
        .order_by("placed_at")
    )


@dataclass(frozen=True)
class OverdueLine:
    loan: Loan
    days: int


def overdue_loans(*, at: datetime, branch: Branch | None = None, min_days: int = 1) -> QuerySet[Loan]:
    """Open loans overdue by at least ``min_days`` whole days (催还), by reader, for calling, printing
    or exporting; ``branch`` is the reader's home branch, who calls them. A query, so that a page of
    it is read and not the whole list."""
    first_day_too_recent = timezone.localdate(at) - timedelta(days=max(min_days, 1) - 1)
    cutoff = timezone.make_aware(datetime.combine(first_day_too_recent, time.min))
    loans = (
        Loan.objects.filter(status=Loan.Status.OPEN, due_at__lt=cutoff, patron__isnull=False)
        .select_related("patron", "patron__home_branch", "item", "item__record", "branch")
        .order_by("patron__card_number", "due_at", "pk")
    )
    if branch is not None:
        loans = loans.filter(patron__home_branch=branch)
    return loans


def overdue_lines(loans: Iterable[Loan], *, at: datetime) -> list[OverdueLine]:
    """Each loan with the whole days it is overdue by, counted in local days."""
    today = timezone.localdate(at)
    return [OverdueLine(loan, (today - timezone.localdate(loan.due_at)).days) for loan in loans]


def repeated_overdue_list() -> QuerySet[OverdueListing]:
    return OverdueListing.objects.filter(lifted_at__isnull=True).select_related("patron").order_by("-listed_at")


@dataclass(frozen=True)
class MatrixCell:
    category: PatronCategory
    item_type: ItemType
    rule: LoanRule | None
    terms: rules.Terms
    is_exact: bool


def rule_matrix(branch: Branch | None) -> list[tuple[PatronCategory, list[MatrixCell]]]:
    """For each reader category and item type, the rule that applies at ``branch`` (or library-wide
    when None) and whether it is that cell's own rule or one it falls back to."""
    all_rules = list(LoanRule.objects.select_related("patron_category", "item_type", "branch"))
    types = list(ItemType.objects.order_by("code"))
    rows = []
    branch_id = branch.pk if branch is not None else None
    for category in PatronCategory.objects.order_by("code"):
        cells = []
        for item_type in types:
            rule = rules.pick_rule(all_rules, category_id=category.pk, item_type_id=item_type.pk, branch_id=branch_id)
            terms = rules.DEFAULT_TERMS if rule is None else configuration.terms_of(rule)
            exact = rule is not None and (rule.patron_category_id, rule.item_type_id, rule.branch_id) == (
                category.pk,
                item_type.pk,
                branch_id,
            )
            cells.append(MatrixCell(category, item_type, rule, terms, exact))
        rows.append((category, cells))
    return rows


def manifest(batch: TransferBatch) -> list[dict[str, Any]]:
    """The lines of a batch's manifest, in call-number order as they are packed."""
    transfers = (
        Transfer.objects.filter(batch=batch)
        .select_related("item", "item__record")
        .order_by("item__call_number_sort", "item__barcode")
    )
    return [
        {
            "barcode": t.item.barcode,
            "call_number": t.item.call_number,
            "title": t.item.record.title,
            "received": t.received_at is not None,
        }
        for t in transfers
    ]


def waiting_notices() -> int:
    """Notices not yet delivered (with the channel "none", all of them wait for the reader's account)."""
    return Notice.objects.filter(status__in=NOTICE_TO_SEND).count()
