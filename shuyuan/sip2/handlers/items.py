"""17 item information: where a copy is and what it is doing, as a kiosk or a sorter asks; 19 item
status update: the properties (CH) a kiosk keeps for a copy, stored and handed back."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from shuyuan.catalog.models import Item
from shuyuan.circulation.models import Hold, Loan
from shuyuan.sip2 import messages as m
from shuyuan.sip2 import services as sip2_services
from shuyuan.sip2.handlers.base import (
    Kiosk,
    Refusal,
    find_item,
    handles,
    item_properties,
    local,
    media_type,
    shelf_location,
    title_of,
)

# Circulation status (18) for each item status.
CIRCULATION_STATUS: dict[str, str] = {
    Item.Status.IN_PROCESSING: "06",
    Item.Status.ON_SHELF: "03",
    Item.Status.ON_LOAN: "04",
    Item.Status.IN_TRANSIT: "10",
    Item.Status.ON_HOLD_SHELF: "08",
    Item.Status.LOST: "12",
    Item.Status.MISSING: "13",
    Item.Status.WITHDRAWN: "01",
}


@handles(m.ItemInformationRequest, reads_only=True)
def item_information(kiosk: Kiosk, request: m.ItemInformationRequest, now: datetime) -> m.ItemInformationResponse:
    try:
        item = find_item(request.item_id)
    except Refusal as refusal:
        return m.ItemInformationResponse(
            transaction_date=local(now), item_id=request.item_id, screen_messages=(refusal.text,)
        )
    loan = Loan.objects.filter(item=item, status=Loan.Status.OPEN).only("due_at").first()
    ready = (
        Hold.objects.filter(assigned_item=item, status=Hold.Status.READY).only("expires_at").first()
        if item.status == Item.Status.ON_HOLD_SHELF
        else None
    )
    return m.ItemInformationResponse(
        circulation_status=CIRCULATION_STATUS.get(item.status, "01"),
        security_marker=item.item_type.security_marker,
        fee_type="01",
        transaction_date=local(now),
        hold_queue_length=Hold.objects.filter(record_id=item.record_id, status=Hold.Status.WAITING).count(),
        due_date=kiosk.due_date(loan.due_at) if loan else "",
        hold_pickup_date=local(ready.expires_at) if ready and ready.expires_at else None,
        item_id=item.barcode,
        title_id=title_of(item),
        media_type=media_type(item.item_type),
        permanent_location=shelf_location(item),
        current_location=item.current_branch.name if item.current_branch else "",
        collection_code=item.collection.code,
        call_number=item.call_number,
        item_properties=item_properties(item),
    )


@handles(m.ItemStatusUpdateRequest)
def item_status_update(kiosk: Kiosk, request: m.ItemStatusUpdateRequest, now: datetime) -> m.ItemStatusUpdateResponse:
    """19: store the kiosk's item properties for the copy; 20 says whether they were taken and echoes them."""
    try:
        item = find_item(request.item_id)
    except Refusal as refusal:
        return m.ItemStatusUpdateResponse(
            transaction_date=local(now), item_id=request.item_id, screen_messages=(refusal.text,)
        )
    if not request.item_properties:
        return m.ItemStatusUpdateResponse(
            transaction_date=local(now),
            item_id=request.item_id,
            title_id=title_of(item),
            item_properties=item_properties(item),
            screen_messages=(_("No item properties were sent; nothing was changed."),),
        )
    stored = sip2_services.set_item_properties(item, request.item_properties, at=now, by=kiosk.device)
    return m.ItemStatusUpdateResponse(
        item_properties_ok=True,
        transaction_date=local(now),
        item_id=request.item_id,
        title_id=title_of(item),
        item_properties=stored.properties,
        screen_messages=(_("The item properties have been saved."),),
    )
