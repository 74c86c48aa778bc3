"""Reads of the cataloguing desk: records already held, and the work queue of copies in processing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Library
from shuyuan.catalog.conf import catalog_settings
from shuyuan.catalog.marc.numbers import isbn_key
from shuyuan.catalog.models import Item, ItemStatusChange, LabelPrint, Record


def already_held(
    *, isbn: str = "", title: str = "", responsibility: str = "", exclude: int | None = None
) -> list[Record]:
    """Records with the same ISBN, or the same title and responsibility. Chinese multi-volume sets
    share one ISBN, so a match is a warning for the cataloguer, not a refusal."""
    wanted = Q()
    key = isbn_key(isbn)
    if key:
        wanted |= Q(isbn_key=key)
    if title.strip() and responsibility.strip():
        wanted |= Q(title=title.strip(), responsibility=responsibility.strip())
    if not wanted:
        return []
    found = Record.objects.filter(wanted)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return list(found.order_by("pk")[:10])


NEXT_STEPS = {
    "call_number": _("assign a call number"),
    "labels": _("print labels"),
    "shelve": _("put on the shelf"),
}


@dataclass(frozen=True)
class QueueEntry:
    item: Item
    next_step: str
    source: str

    @property
    def next_step_label(self) -> str:
        return str(NEXT_STEPS[self.next_step])


def work_queue(*, branch_id: int | None = None, step: str = "", limit: int = 200) -> list[QueueEntry]:
    """Copies in processing (from receiving, re-cataloguing, donations and imports), in shelf order,
    each with its next step: a call number, then labels, then the shelf."""
    items = in_processing(branch_id=branch_id).annotate(labelled=Exists(LabelPrint.objects.filter(item=OuterRef("pk"))))
    if step == "call_number":
        items = items.filter(call_number="")
    elif step == "labels":
        items = items.exclude(call_number="").filter(labelled=False)
    elif step == "shelve":
        items = items.exclude(call_number="").filter(labelled=True)
    entries = []
    chosen = list(items.select_related("record", "collection").order_by("call_number_sort", "pk")[:limit])
    reasons = _first_reasons([item.pk for item in chosen])
    for item in chosen:
        next_step = "call_number" if not item.call_number else "shelve" if item.labelled else "labels"
        entries.append(QueueEntry(item, next_step, reasons.get(item.pk, "")))
    return entries


def in_processing(*, branch_id: int | None = None) -> QuerySet[Item]:
    items = Item.objects.filter(status=Item.Status.IN_PROCESSING)
    return items.filter(home_branch_id=branch_id) if branch_id else items


# Reasons that shelf work (shuyuan.shelving) writes on a copy's way into processing, as people read them.
REASON_LABELS = {"shelf:recataloguing": _("re-cataloguing"), "shelf:binding": _("sent to binding")}


def _first_reasons(item_ids: list[int]) -> dict[int, str]:
    """Why each copy went into processing: the reason of its latest change to "in processing"."""
    rows = ItemStatusChange.objects.filter(item_id__in=item_ids, new_status=Item.Status.IN_PROCESSING)
    found: dict[int, str] = {}
    for item_id, old, reason in rows.order_by("at", "id").values_list("item_id", "old_status", "reason"):
        if reason in REASON_LABELS:
            reason = str(REASON_LABELS[reason])
        found[item_id] = reason or (str(_("re-cataloguing")) if old else str(_("new copy")))
    return found


def items_for_labels(
    *,
    barcodes: Sequence[str] = (),
    import_batch_id: int | None = None,
    reason: str = "",
    queue: bool = False,
    branch_id: int | None = None,
) -> list[Item]:
    """The items to label, in shelf order: scanned barcodes, a whole import, the copies made with one
    reason (a receiving batch's or a donation's), or the work queue's copies waiting for labels."""
    items = Item.objects.none()
    if barcodes:
        items |= Item.objects.filter(barcode__in=[code.strip() for code in barcodes if code.strip()])
    if import_batch_id:
        items |= Item.objects.filter(import_batch_id=import_batch_id)
    if reason.strip():
        made = ItemStatusChange.objects.filter(old_status="", reason=reason.strip()).values("item_id")
        items |= Item.objects.filter(pk__in=made)
    if queue:
        waiting = in_processing(branch_id=branch_id).exclude(call_number="")
        items |= waiting.exclude(Exists(LabelPrint.objects.filter(item=OuterRef("pk"))))
    return list(items.select_related("record").order_by("call_number_sort", "barcode"))


def library_name() -> str:
    """The name printed on barcode labels."""
    configured = catalog_settings().label_library_name
    if configured:
        return configured
    library = Library.objects.order_by("pk").first()
    return library.name if library is not None else ""
