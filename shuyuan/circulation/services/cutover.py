"""Cut-over from the old system: its open loans and holds, with their original dates, so that
nothing on loan is forgotten. All or nothing: one bad row refuses the file, listing every problem."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.audit import log
from shuyuan.branches.models import Branch
from shuyuan.catalog.items import set_status
from shuyuan.catalog.models import Item, Record
from shuyuan.circulation import rules, steps
from shuyuan.circulation.cutover import HoldRow, LoanRow, line_problem
from shuyuan.circulation.errors import CirculationRefused, Reason
from shuyuan.circulation.models import ACTIVE_HOLD, Channel, CirculationEvent, Hold, Loan
from shuyuan.patrons.models import Patron

Kind = CirculationEvent.Kind
IMPORTABLE = (Item.Status.ON_SHELF, Item.Status.IN_PROCESSING)


def by_card(cards: set[str]) -> dict[str, Patron]:
    found = Patron.objects.select_related("category", "category__next_category").filter(card_number__in=cards)
    return {p.card_number: p for p in found}


def loan_problems(
    rows: list[LoanRow], items: dict[str, Item], patrons: dict[str, Patron], branches: dict[str, Branch]
) -> list[str]:
    problems, seen = [], set()
    for row in rows:
        item = items.get(row.barcode)
        if item is None:
            problems.append(line_problem(row.line, str(Reason.UNKNOWN_ITEM.label)))
        elif item.status not in IMPORTABLE or row.barcode in seen:
            problems.append(line_problem(row.line, str(Reason.ITEM_ON_LOAN.label)))
        if row.card_number not in patrons:
            problems.append(line_problem(row.line, str(Reason.UNKNOWN_PATRON.label)))
        if row.branch_code and row.branch_code not in branches:
            problems.append(line_problem(row.line, _("unknown branch %(code)s") % {"code": row.branch_code}))
        if row.due_on < timezone.localtime(row.checked_out_at).date():
            problems.append(line_problem(row.line, _("due before it was checked out")))
        seen.add(row.barcode)
    return problems


@transaction.atomic(durable=True)
def import_loans(rows: list[LoanRow], *, at: datetime, by: Any) -> int:
    """Open the old system's loans as they were (checkout time, due date, renewals), at the
    branch the file names or the item's home branch; events say "migrated", not "checkout"."""
    barcodes = [r.barcode for r in rows]
    items = {
        i.barcode: i
        for i in steps.lock_items(list(Item.objects.filter(barcode__in=barcodes).values_list("pk", flat=True)))
    }
    patrons = by_card({r.card_number for r in rows})
    branches = {b.code: b for b in Branch.objects.all()}
    problems = loan_problems(rows, items, patrons, branches)
    if problems:
        raise CirculationRefused(Reason.BAD_IMPORT, problems=problems)
    tz = timezone.get_current_timezone()
    loans, events = [], []
    for row in rows:
        item, patron = items[row.barcode], patrons[row.card_number]
        branch = branches[row.branch_code] if row.branch_code else item.home_branch
        loans.append(
            Loan(
                item=item,
                patron=patron,
                item_type_id=item.item_type_id,
                branch=branch,
                channel=Channel.SYSTEM,
                checked_out_at=row.checked_out_at,
                due_at=rules.end_of_day(row.due_on, tz),
                renewals=row.renewals,
                is_migrated=True,
                is_group_loan=patron.category.kind == "group",
            )
        )
        set_status(item, Item.Status.ON_LOAN, at=at, by=by, reason="migrated loan", current_branch=branch)
        events.append(
            steps.event(
                Kind.LOAN_MIGRATED,
                steps.Act(at, by, Channel.SYSTEM, branch),
                item=item,
                patron=patron,
                detail={"checked_out": row.checked_out_at.isoformat(), "due": row.due_on.isoformat()},
            )
        )
    Loan.objects.bulk_create(loans)
    CirculationEvent.objects.bulk_create(events)
    log.record("circulation.import_loans", at=at, by=by, detail={"loans": len(loans)})
    return len(loans)


def records_by_key(keys: set[str]) -> dict[str, list[Record]]:
    found: dict[str, list[Record]] = defaultdict(list)
    for record in Record.objects.filter(Q(control_number__in=keys) | Q(isbn__in=keys)):
        for key in {record.control_number, record.isbn} & keys:
            found[key].append(record)
    return found


def hold_target(
    row: HoldRow, items: dict[str, Item], records: dict[str, list[Record]]
) -> tuple[Record | None, Item | None, str]:
    if row.barcode:
        item = items.get(row.barcode)
        return (item.record, item, "") if item is not None else (None, None, str(Reason.UNKNOWN_ITEM.label))
    matches = records.get(row.record_key, [])
    if len(matches) != 1:
        return None, None, _("no single title has the number %(key)s") % {"key": row.record_key}
    return matches[0], None, ""


@transaction.atomic(durable=True)
def import_holds(rows: list[HoldRow], *, at: datetime, by: Any) -> int:
    """Queue the old system's waiting holds in the order they were placed, after any hold already
    queued here for the same title."""
    items = {i.barcode: i for i in Item.objects.select_related("record").filter(barcode__in=[r.barcode for r in rows])}
    records = records_by_key({r.record_key for r in rows if r.record_key})
    patrons = by_card({r.card_number for r in rows})
    branches = {b.code: b for b in Branch.objects.all()}
    problems, wanted, seen = [], [], set()
    for row in sorted(rows, key=lambda r: (r.placed_at, r.line)):
        record, item, problem = hold_target(row, items, records)
        patron = patrons.get(row.card_number)
        for bad, message in (
            (bool(problem), problem),
            (patron is None, str(Reason.UNKNOWN_PATRON.label)),
            (row.pickup_branch_code not in branches, _("unknown branch %(code)s") % {"code": row.pickup_branch_code}),
            (record is not None and (row.card_number, record.pk) in seen, str(Reason.ALREADY_HOLDS.label)),
        ):
            if bad:
                problems.append(line_problem(row.line, message))
        if record is not None:
            seen.add((row.card_number, record.pk))
            wanted.append((row, record, item))
    already = set(
        Hold.objects.filter(status__in=ACTIVE_HOLD, patron__in=patrons.values()).values_list(
            "patron__card_number", "record_id"
        )
    )
    problems += [
        line_problem(r.line, str(Reason.ALREADY_HOLDS.label))
        for r, rec, _i in wanted
        if (r.card_number, rec.pk) in already
    ]
    if problems:
        raise CirculationRefused(Reason.BAD_IMPORT, problems=sorted(set(problems)))
    return queue_imported(wanted, patrons, branches, at=at, by=by)


def queue_imported(
    wanted: list[tuple[HoldRow, Record, Item | None]],
    patrons: dict[str, Patron],
    branches: dict[str, Branch],
    *,
    at: datetime,
    by: Any,
) -> int:
    record_ids = sorted({record.pk for _row, record, _item in wanted})
    list(Record.objects.select_for_update().filter(pk__in=record_ids).values_list("pk", flat=True))
    last = dict(
        Hold.objects.filter(record_id__in=record_ids)
        .values("record_id")
        .annotate(m=Max("position"))
        .values_list("record_id", "m")
    )
    holds, events = [], []
    for row, record, item in wanted:
        last[record.pk] = last.get(record.pk, 0) + 1
        patron, branch = patrons[row.card_number], branches[row.pickup_branch_code]
        holds.append(
            Hold(
                patron=patron,
                record=record,
                item=item,
                pickup_branch=branch,
                position=last[record.pk],
                channel=Channel.SYSTEM,
                placed_at=row.placed_at,
                not_needed_after=row.not_needed_after,
            )
        )
        events.append(
            steps.event(
                Kind.HOLD_MIGRATED,
                steps.Act(at, by, Channel.SYSTEM, branch),
                item=item,
                patron=patron,
                detail={"placed": row.placed_at.isoformat()},
            )
        )
    Hold.objects.bulk_create(holds)
    CirculationEvent.objects.bulk_create(events)
    log.record("circulation.import_holds", at=at, by=by, detail={"holds": len(holds)})
    return len(holds)
