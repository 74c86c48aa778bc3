"""Moving items between branches: one item, or a batch with a manifest, and receiving them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from shuyuan.audit import log
from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.catalog.items import relocate_all, set_status
from shuyuan.catalog.models import Collection, Item
from shuyuan.circulation import rules, steps
from shuyuan.circulation.errors import Reason, TransferRefused
from shuyuan.circulation.models import CirculationEvent, Transfer, TransferBatch
from shuyuan.circulation.steps import Act, Route

Kind = CirculationEvent.Kind


def transfer_refusal(item: Item, to_branch: Branch, from_branch: Branch | None = None) -> Reason | None:
    return rules.transfer_refusal(
        item.status,
        current_branch_id=item.current_branch_id,
        to_branch_id=to_branch.pk,
        from_branch_id=from_branch.pk if from_branch is not None else None,
    )


@transaction.atomic(durable=True)
def transfer(
    item: Item, to_branch: Branch, *, at: datetime, by: Any, service_point: ServicePoint, channel: str = "desk"
) -> Transfer:
    """Send one item on the shelf to another branch; it stays there when received."""
    item = steps.lock_item(item)
    steps.refuse(TransferRefused, transfer_refusal(item, to_branch))
    act = Act(at, by, channel, item.current_branch, service_point)
    return steps.send(item, act, to_branch=to_branch, reason=Transfer.Reason.MANUAL)


def next_batch_number(at: datetime) -> str:
    prefix = f"TB{steps.local_day(at):%Y%m%d}-"
    taken = TransferBatch.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1:03d}"


@transaction.atomic(durable=True)
def transfer_batch(
    items: list[Item],
    to_branch: Branch,
    *,
    purpose: str,
    at: datetime,
    by: Any,
    service_point: ServicePoint,
    channel: str = "desk",
    permanent: bool = False,
    collection: Collection | None = None,
) -> TransferBatch:
    """Send many items from the service point's branch to ``to_branch`` under one manifest number
    (stock for a new branch, a rotation). All or nothing: any item not on this branch's shelves
    refuses the batch, and the refusal lists every such barcode.

    A ``permanent`` batch (moving 2 000 books to a new branch for good) makes ``to_branch`` the
    items' home from the moment they are sent (and ``collection``, one of its collections, their
    collection), so that they are not sent back after their next return; each move is in the audit
    log under the batch's number. A rotation (not permanent) leaves their home as it was."""
    if not items:
        raise TransferRefused(Reason.EMPTY_BATCH)
    if collection is not None and not permanent:
        raise ValueError("a collection at the destination is given only for a permanent move")
    act = Act.at_point(service_point, at=at, by=by, channel=channel)
    from_branch = act.branch
    if from_branch.pk == to_branch.pk:
        raise TransferRefused(Reason.SAME_BRANCH)
    if collection is not None and collection.branch_id != to_branch.pk:
        raise TransferRefused(Reason.COLLECTION_ELSEWHERE, collection=collection.code)
    locked = list(Item.objects.select_for_update(of=("self",)).filter(pk__in=[i.pk for i in items]).order_by("pk"))
    refused = {i.barcode: transfer_refusal(i, to_branch, from_branch) for i in locked}
    refused = {barcode: reason for barcode, reason in refused.items() if reason is not None}
    if refused:
        first = next(iter(refused.values()))
        assert first is not None
        raise TransferRefused(first, barcodes=sorted(refused))
    batch = TransferBatch.objects.create(
        number=next_batch_number(at),
        from_branch=from_branch,
        to_branch=to_branch,
        purpose=purpose,
        is_permanent=permanent,
        collection=collection,
        sent_at=at,
        sent_by=steps.by_label(by),
    )
    transfers = Transfer.objects.bulk_create(
        Transfer(
            item=i, from_branch=from_branch, to_branch=to_branch, reason=Transfer.Reason.BATCH, batch=batch, sent_at=at
        )
        for i in locked
    )
    for item in locked:
        set_status(item, Item.Status.IN_TRANSIT, at=at, by=by, reason=f"batch {batch.number}")
    if permanent:
        relocate_all(locked, home_branch=to_branch, collection=collection, at=at, by=by, reason=f"batch {batch.number}")
    CirculationEvent.objects.bulk_create(
        steps.event(
            Kind.TRANSFER_SENT, act, item=i, detail={"to": to_branch.code, "batch": batch.number, "transfer": t.pk}
        )
        for i, t in zip(locked, transfers, strict=True)
    )
    log.record(
        "circulation.transfer_batch",
        at=at,
        by=by,
        obj=batch,
        detail={"items": len(locked), "from": from_branch.code, "to": to_branch.code, "permanent": permanent},
    )
    return batch


@transaction.atomic(durable=True)
def receive(item: Item, *, at: datetime, by: Any, service_point: ServicePoint, channel: str = "desk") -> Route:
    """An item in transit arrives at its destination: onto the hold shelf if it came for a hold,
    else onto the shelf (or on to the next hold)."""
    item = steps.lock_item(item)
    transfer = steps.open_transfer(item)
    if transfer is None:
        raise TransferRefused(Reason.NOT_IN_TRANSIT)
    if transfer.to_branch_id != service_point.branch_id:
        raise TransferRefused(Reason.WRONG_BRANCH, destination=transfer.to_branch.name)
    route = steps.arrive(item, transfer, Act.at_point(service_point, at=at, by=by, channel=channel))
    close_batch_if_complete(transfer.batch_id, at=at)
    return route


@transaction.atomic(durable=True)
def receive_batch(
    batch: TransferBatch, *, at: datetime, by: Any, service_point: ServicePoint, channel: str = "desk"
) -> int:
    """Receive every item of a batch still in transit at once (the boxes arrived unopened)."""
    batch = TransferBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != TransferBatch.Status.IN_TRANSIT:
        raise TransferRefused(Reason.BATCH_NOT_OPEN)
    if batch.to_branch_id != service_point.branch_id:
        raise TransferRefused(Reason.WRONG_BRANCH)
    act = Act.at_point(service_point, at=at, by=by, channel=channel)
    pending = batch.transfers.filter(received_at__isnull=True, cancelled_at__isnull=True).order_by("item_id")
    items = {i.pk: i for i in steps.lock_items([t.item_id for t in pending])}
    received = 0
    for transfer in pending.select_related("to_branch"):
        steps.arrive(items[transfer.item_id], transfer, act)
        received += 1
    close_batch_if_complete(batch.pk, at=at)
    log.record("circulation.receive_batch", at=at, by=by, obj=batch, detail={"items": received})
    return received


def close_batch_if_complete(batch_id: int | None, *, at: datetime) -> None:
    if batch_id is None:
        return
    still = Transfer.objects.filter(batch_id=batch_id, received_at__isnull=True, cancelled_at__isnull=True).exists()
    if not still:
        TransferBatch.objects.filter(pk=batch_id, status=TransferBatch.Status.IN_TRANSIT).update(
            status=TransferBatch.Status.RECEIVED, received_at=at
        )
