"""A well-formed "no" to any request: for services a kiosk may not use, and for our own failures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from shuyuan.sip2 import messages as m
from shuyuan.sip2.handlers.base import CHINESE, Kiosk, local

REFUSED_PATRON = m.PatronStatus(
    charge_privileges_denied=True,
    renewal_privileges_denied=True,
    recall_privileges_denied=True,
    hold_privileges_denied=True,
)


def denied(kiosk: Kiosk | None, request: m.Message, at: datetime, text: str) -> m.Message:
    """The response type of ``request``, saying no, with ``text`` on the kiosk's screen."""
    fields: dict[str, Any] = {"transaction_date": local(at), "screen_messages": (text,)}
    institution = kiosk.institution_id if kiosk else getattr(request, "institution_id", "")
    patron: dict[str, Any] = {"institution_id": institution, "patron_id": getattr(request, "patron_id", "")}
    item_id = getattr(request, "item_id", "")
    title_id = getattr(request, "title_id", "")
    patron_status: dict[str, Any] = {"patron_status": REFUSED_PATRON, "language": CHINESE}
    builders: dict[type[m.Message], Callable[[], m.Message]] = {
        m.PatronStatusRequest: lambda: m.PatronStatusResponse(**patron_status, **patron, **fields),
        m.BlockPatron: lambda: m.PatronStatusResponse(**patron_status, **patron, **fields),
        m.PatronInformationRequest: lambda: m.PatronInformationResponse(**patron_status, **patron, **fields),
        m.PatronEnableRequest: lambda: m.PatronEnableResponse(**patron_status, **patron, **fields),
        m.CheckoutRequest: lambda: m.CheckoutResponse(
            magnetic_media=None, desensitize=False, item_id=item_id, **patron, **fields
        ),
        m.RenewRequest: lambda: m.RenewResponse(
            magnetic_media=None, desensitize=False, item_id=item_id, title_id=title_id, **patron, **fields
        ),
        # alert: a returns sorter puts an item it could not check in aside for staff.
        m.CheckinRequest: lambda: m.CheckinResponse(
            alert=True,
            magnetic_media=None,
            institution_id=institution,
            item_id=item_id,
            sort_bin=STAFF_BIN,
            **fields,
        ),
        m.ItemInformationRequest: lambda: m.ItemInformationResponse(item_id=item_id, **fields),
        m.ItemStatusUpdateRequest: lambda: m.ItemStatusUpdateResponse(item_id=item_id, **fields),
        m.RenewAllRequest: lambda: m.RenewAllResponse(institution_id=institution, **fields),
        m.HoldRequest: lambda: m.HoldResponse(item_id=item_id, title_id=title_id, **patron, **fields),
        m.FeePaidRequest: lambda: m.FeePaidResponse(
            transaction_id=getattr(request, "transaction_id", ""), **patron, **fields
        ),
        m.EndPatronSessionRequest: lambda: m.EndSessionResponse(**patron, **fields),
    }
    return builders[type(request)]()


# Sort bins (CL) of checkin responses: what a returns sorter does with the item.
SHELF_BIN = "1"
HOLD_BIN = "2"
TRANSIT_BIN = "3"
STAFF_BIN = "9"
