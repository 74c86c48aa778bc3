"""The guided opening of a branch at a partner, step two: the books selected in the central library
move through circulation's own services (a permanent batch transfer into the branch's collection,
received at the branch's desk), then outreach notes the batch. Three transactions, one after
another, as staff would do them by hand; a refusal (``OutreachRefused`` or circulation's
``TransferRefused``, which lists every barcode not on the central shelves) stops it with nothing moved."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.catalog.models import Item
from shuyuan.circulation.models import TransferBatch
from shuyuan.circulation.services import transfers
from shuyuan.outreach import services
from shuyuan.outreach.errors import OutreachRefused, Reason
from shuyuan.outreach.models import BranchOpening


def stock(opening: BranchOpening, barcodes: list[str], *, by: object, at: datetime | None = None) -> TransferBatch:
    """Step two through circulation's own services: the batch transfer from the central library
    (a permanent move into the branch's collection), received at the branch's desk at once."""
    items = list(Item.objects.filter(barcode__in=barcodes))
    missing = sorted(set(barcodes) - {i.barcode for i in items})
    if missing:
        raise OutreachRefused(Reason.BARCODES_UNKNOWN, barcodes="、".join(missing[:20]))
    central = opening.branch.library.branches.filter(kind="central").first()
    sender = central.service_points.filter(kind="lending_desk").first() if central else None
    desk = opening.branch.service_points.filter(kind="lending_desk").first()
    if sender is None or desk is None:
        raise OutreachRefused(Reason.NO_LENDING_DESK)
    now = at or timezone.now()
    batch = transfers.transfer_batch(
        items,
        opening.branch,
        purpose=_("stock of the new branch"),
        at=now,
        by=by,
        service_point=sender,
        permanent=True,
        collection=services.branch_collection(opening),
    )
    transfers.receive_batch(batch, at=now, by=by, service_point=desk)
    services.note_stock_moved(opening, batch_number=batch.number, items=len(items), at=now, by=by)
    return batch
