"""15 hold: place a hold on the title of a scanned copy (or on that copy), or cancel it."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from shuyuan.branches.models import Branch
from shuyuan.catalog.models import Item
from shuyuan.circulation import services as circulation
from shuyuan.circulation.errors import HoldRefused, Reason
from shuyuan.circulation.models import ACTIVE_HOLD, Channel, Hold
from shuyuan.circulation.queries import queue_place
from shuyuan.patrons.models import Patron
from shuyuan.sip2 import messages as m
from shuyuan.sip2.handlers.base import Kiosk, Refusal, find_item, handles, local, reader_for_circulation, title_of

SPECIFIC_COPY = "3"


@handles(m.HoldRequest)
def hold(kiosk: Kiosk, request: m.HoldRequest, now: datetime) -> m.HoldResponse:
    item: Item | None = None
    try:
        patron = reader_for_circulation(kiosk, request.patron_id, request.patron_password, now)
        if not request.item_id:
            raise Refusal(_("Please scan a copy of the book you want to reserve."), "no_item")
        item = find_item(request.item_id)
        if request.hold_mode == "+":
            placed = circulation.place_hold(
                item.record,
                patron,
                pickup_branch=pickup_branch(kiosk, request.pickup_location),
                at=now,
                by=kiosk.device,
                channel=Channel.KIOSK,
                item=item if request.hold_type == SPECIFIC_COPY else None,
                service_point=kiosk.service_point,
                not_needed_after=request.expiration_date.date() if request.expiration_date else None,
            )
            return response(
                kiosk,
                request,
                now,
                ok=True,
                item=item,
                placed=placed,
                text=_("Reserved. You are number %(place)d in the queue.") % {"place": queue_place(placed)},
            )
        if request.hold_mode == "-":
            cancelled = own_hold(patron, item)
            circulation.cancel_hold(
                cancelled, at=now, by=kiosk.device, channel=Channel.KIOSK, service_point=kiosk.service_point
            )
            return response(kiosk, request, now, ok=True, item=item, text=_("The reservation is cancelled."))
        raise Refusal(_("Reservations can only be placed or cancelled at the kiosk."), "hold_change")
    except HoldRefused as refused:
        return response(kiosk, request, now, ok=False, item=item, text=refused.message)
    except Refusal as refusal:
        return response(kiosk, request, now, ok=False, item=item, text=refusal.text)


def pickup_branch(kiosk: Kiosk, location: str) -> Branch:
    """BS names a branch by code or name; the kiosk's own branch when it names none."""
    if location:
        found = Branch.objects.filter(Q(code=location) | Q(name=location)).first()
        if found is None:
            raise Refusal(_("Unknown pickup location."), "unknown_pickup")
        return found
    return kiosk.device.branch


def own_hold(patron: Patron, item: Item) -> Hold:
    found = Hold.objects.filter(patron=patron, record_id=item.record_id, status__in=ACTIVE_HOLD).first()
    if found is None:
        raise Refusal(str(Reason.HOLD_NOT_ACTIVE.label), Reason.HOLD_NOT_ACTIVE.value)
    return found


def response(
    kiosk: Kiosk,
    request: m.HoldRequest,
    now: datetime,
    *,
    ok: bool,
    item: Item | None,
    text: str,
    placed: Hold | None = None,
) -> m.HoldResponse:
    return m.HoldResponse(
        ok=ok,
        available=placed is not None and placed.status == Hold.Status.READY,
        transaction_date=local(now),
        queue_position=queue_place(placed) if placed is not None else None,
        pickup_location=placed.pickup_branch.name if placed is not None else "",
        institution_id=kiosk.institution_id,
        patron_id=request.patron_id,
        item_id=request.item_id,
        title_id=title_of(item) if item else request.title_id,
        screen_messages=(text,),
    )
