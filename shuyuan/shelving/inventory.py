"""The inventory report (清点报告): what an inventory's scans say about the items of its scope.

Computed from two reads, the scope's items and the scans, and dictionaries in memory: an
inventory of 100 000 scans against a 500 000-item collection is reported in a few seconds
(``bench/shelving``). Nothing is written; ``services.confirm_inventory`` acts on the report.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from shuyuan.catalog import callnumbers
from shuyuan.catalog.models import Collection, Item
from shuyuan.shelving import rules
from shuyuan.shelving.models import Inventory, InventoryScan

Status = Item.Status
# Not read at the shelf, and rightly so: these are elsewhere by the catalogue's own account.
AWAY = frozenset({Status.ON_LOAN, Status.IN_TRANSIT, Status.ON_HOLD_SHELF, Status.IN_PROCESSING})
ALREADY_MISSING = frozenset({Status.MISSING, Status.LOST})
ITEM_COLUMNS = ("id", "barcode", "call_number", "call_number_sort", "status")
# Plain strings: the report compares half a million statuses, and a str beats an enum member there.
ON_SHELF, MISSING = str(Status.ON_SHELF.value), str(Status.MISSING.value)
AWAY_VALUES = frozenset(str(status.value) for status in AWAY)
ALREADY_MISSING_VALUES = frozenset(str(status.value) for status in ALREADY_MISSING)

SECTIONS = {
    "missing": _("Missing: should be on the shelf and was not read"),
    "misplaced": _("Out of shelving order"),
    "elsewhere": _("Belongs to another collection, branch or shelf range"),
    "away": _("Not read, and not missing: on loan, in transit, on the hold shelf or in processing"),
    "mismatch": _("Read at the shelf though recorded as on loan, in transit, lost or in processing"),
    "found_again": _("Marked missing before, read now: back on the shelf when confirmed"),
    "still_missing": _("Marked missing or lost before, and still not read"),
    "problems": _("Codes that match no item and lines that cannot be read"),
}


class Finding(NamedTuple):
    """One line of a report section (a tuple: a report makes hundreds of thousands of them)."""

    item_id: int | None
    code: str
    call_number: str = ""
    status: str = ""
    note: str = ""
    line: int | None = None

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label) if self.status else ""


@dataclass
class Report:
    expected: int = 0
    scanned: int = 0
    found: int = 0
    missing: list[Finding] = field(default_factory=list)
    misplaced: list[Finding] = field(default_factory=list)
    elsewhere: list[Finding] = field(default_factory=list)
    away: list[Finding] = field(default_factory=list)
    mismatch: list[Finding] = field(default_factory=list)
    found_again: list[Finding] = field(default_factory=list)
    still_missing: list[Finding] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)

    def sections(self) -> Iterator[tuple[str, str, list[Finding]]]:
        for key, title in SECTIONS.items():
            yield key, str(title), getattr(self, key)


def scope(inventory: Inventory) -> QuerySet[Item]:
    """The items an inventory counts, loosely: :func:`in_range` narrows a shelf range's upper end."""
    items = Item.objects.filter(home_branch_id=inventory.branch_id).exclude(status=Status.WITHDRAWN)
    if inventory.collection_id:
        items = items.filter(collection_id=inventory.collection_id)
    if inventory.call_number_from:
        items = items.filter(call_number_sort__gte=callnumbers.sort_key(inventory.call_number_from))
    if inventory.call_number_to:
        high = callnumbers.sort_key(inventory.call_number_to)
        items = items.filter(Q(call_number_sort__lte=high) | Q(call_number_sort__startswith=high))
    return items


def in_range(inventory: Inventory, key: str) -> bool:
    """Whether a sort key falls under the range's upper end: I247.5/50 takes in I247.5/50:2, and
    the class I247.5 takes in I247.5/1, but neither takes in I247.57."""
    if not inventory.call_number_to:
        return True
    high = callnumbers.sort_key(inventory.call_number_to)
    return key <= high or (key.startswith(high) and not key[len(high)].isalnum())


def report(inventory: Inventory) -> Report:
    """Every item of the scope, and every scan, sorted into the report's sections, each in shelf order
    (the scans' sections in the order read).

    The cyclic garbage collector is paused meanwhile: the report makes a million tuples, none of them
    in a cycle, and each of the collector's passes over them cost more than the rest of the work
    (bench/shelving: 10 s instead of 5 s at county scale)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _report(inventory)
    finally:
        if paused:
            gc.enable()


def _report(inventory: Inventory) -> Report:
    rows = list(scope(inventory).values_list(*ITEM_COLUMNS))
    if inventory.call_number_to:
        rows = [row for row in rows if in_range(inventory, row[3])]
    rows.sort(key=itemgetter(3))
    items = {row[0]: row for row in rows}
    result = Report(expected=len(items))
    read: list[tuple[int, str, int | None]] = []
    scans = InventoryScan.objects.filter(inventory=inventory).order_by("pk")
    for item_id, code, line, problem in scans.values_list("item_id", "code", "line", "problem"):
        if item_id is None:
            label = InventoryScan.Problem(problem).label if problem else ""
            result.problems.append(Finding(None, code, note=str(label), line=line))
        else:
            read.append((item_id, code, line))
    result.scanned = len(read)
    seen = {entry[0] for entry in read}
    _sort_read(items, read, result)
    missing, away, still_missing = result.missing, result.away, result.still_missing
    for item_id, barcode, call_number, _key, status in rows:
        if item_id in seen:
            continue
        if status == ON_SHELF:
            missing.append(Finding(item_id, barcode, call_number, status))
        elif status in AWAY_VALUES:
            away.append(Finding(item_id, barcode, call_number, status))
        elif status in ALREADY_MISSING_VALUES:
            still_missing.append(Finding(item_id, barcode, call_number, status))
    return result


def _sort_read(items: dict[int, tuple], read: list[tuple[int, str, int | None]], result: Report) -> None:  # type: ignore[type-arg]
    ordered: list[tuple[int, str, int | None, tuple]] = []  # type: ignore[type-arg]
    outside = [entry[0] for entry in read if entry[0] not in items]
    others = _outside_items(outside)
    for item_id, code, line in read:
        row = items.get(item_id)
        if row is None:
            other = others.get(item_id)
            call_number, status, note = (other[0], other[1], other[2]) if other else ("", "", "")
            result.elsewhere.append(Finding(item_id, code, call_number, status, note, line))
            continue
        result.found += 1
        status = row[4]
        if status == MISSING:
            result.found_again.append(Finding(item_id, code, row[2], status, line=line))
        elif status != ON_SHELF:
            result.mismatch.append(Finding(item_id, code, row[2], status, line=line))
        if row[3]:
            ordered.append((item_id, code, line, row))
    for n in rules.out_of_order([entry[3][3] for entry in ordered]):
        item_id, code, line, row = ordered[n]
        note = str(_("read after %(call_number)s") % {"call_number": ordered[n - 1][3][2]}) if n else ""
        result.misplaced.append(Finding(item_id, code, row[2], row[4], note, line))


def _outside_items(ids: list[int]) -> dict[int, tuple[str, str, str]]:
    """Call number, status and "branch collection" of items read that the inventory does not count."""
    found: dict[int, tuple[str, str, str]] = {}
    names = {c.pk: f"{c.branch.name} {c.name}" for c in Collection.objects.select_related("branch")}
    for first in range(0, len(ids), 900):
        rows = Item.objects.filter(pk__in=ids[first : first + 900]).values_list(
            "id", "call_number", "status", "collection_id"
        )
        for item_id, call_number, status, collection_id in rows:
            found[item_id] = (call_number, status, names.get(collection_id, ""))
    return found
