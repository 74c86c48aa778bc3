"""11 checkout, 09 checkin, 29 renew and 65 renew all: the desk's own services, at the kiosk.

Off-line transactions (``no block`` = Y) are the kiosk telling us what already happened while it
could not reach us: they are dated as they happened, and a refusal is recorded as a conflict for
staff (``OfflineConflict``) while the kiosk is told "ok", since the reader left long ago.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from shuyuan.catalog.models import Item
from shuyuan.catalog.queries import Scan
from shuyuan.circulation import services as circulation
from shuyuan.circulation.errors import CheckinRefused, CheckoutRefused, Reason, RenewalRefused
from shuyuan.circulation.models import Channel, Loan
from shuyuan.circulation.services import CheckinResult, Route
from shuyuan.patrons.errors import PatronRefused
from shuyuan.patrons.models import Patron
from shuyuan.patrons.queries import Card
from shuyuan.sip2 import messages as m
from shuyuan.sip2 import services as sip2_services
from shuyuan.sip2.handlers.base import (
    KIOSK_ITEM,
    Kiosk,
    Refusal,
    Scans,
    Steps,
    find_item,
    find_reader,
    handles,
    is_magnetic,
    item_properties,
    known,
    local,
    looks_up_first,
    media_type,
    reader_for_circulation,
    service_point_of,
    shelf_location,
    title_of,
    when,
)
from shuyuan.sip2.handlers.denied import HOLD_BIN, SHELF_BIN, STAFF_BIN, TRANSIT_BIN

KIOSK = Channel.KIOSK


def loan_response(
    cls: type[m.CheckoutResponse] | type[m.RenewResponse],
    kiosk: Kiosk,
    request: Any,
    now: datetime,
    *,
    ok: bool,
    item: Item | None = None,
    loan: Loan | None = None,
    renewed: bool = False,
    text: str = "",
) -> Any:
    """12 or 30: always complete, with AB echoed and AJ and AH present, also when it says no."""
    return cls(
        ok=ok,
        renewal_ok=renewed,
        magnetic_media=is_magnetic(item.item_type) if item else None,
        desensitize=ok,
        transaction_date=local(now),
        institution_id=kiosk.institution_id,
        patron_id=request.patron_id,
        item_id=request.item_id,
        title_id=title_of(item) if item else getattr(request, "title_id", ""),
        due_date=kiosk.due_date(loan.due_at) if loan else "",
        media_type=media_type(item.item_type) if item else "",
        item_properties=item_properties(item),
        screen_messages=(text,) if text else (),
        print_lines=receipt(item, loan, renewed) if ok and item and loan else (),
    )


def receipt(item: Item, loan: Loan, renewed: bool) -> tuple[str, ...]:
    """AG: lines for the kiosk's slip printer."""
    line = _("Renewed: %(title)s") if renewed else _("Borrowed: %(title)s")
    return (
        line % {"title": title_of(item)[:40]},
        _("Barcode %(barcode)s, due %(due)s") % {"barcode": item.barcode, "due": due_text(loan)},
    )


def due_text(loan: Loan) -> str:
    return f"{local(loan.due_at):%Y-%m-%d}"


@handles(m.CheckoutRequest)
def checkout(kiosk: Kiosk, request: m.CheckoutRequest, now: datetime) -> Steps[m.CheckoutResponse]:
    at = when(request.transaction_date, offline=request.no_block, now=now)
    scan, card = Scan(request.item_id, KIOSK_ITEM), Card(request.patron_id)
    try:
        if checks_the_reader_first(kiosk, request):
            scans = Scans.read(request.item_id, request.patron_id)
            scan.item = known(scans.item)
            # Off-line, the kiosk checked the reader (and the PIN, if any) when it lent the item.
            card.patron = (
                find_reader(request.patron_id, card_rows=scans.card_rows)
                if request.no_block
                else reader_for_circulation(
                    kiosk, request.patron_id, request.patron_password, now, card_rows=scans.card_rows
                )
            )
        yield  # read: what follows writes
        # The codes scanned are looked up with the checkout's locks, in their round trip, unless read above.
        point = service_point_of(kiosk)
        loan = circulation.checkout(
            scan.item or scan, card.patron or card, at=at, by=kiosk.device, service_point=point, channel=KIOSK
        )
    except CheckoutRefused as refused:
        if refused.reason == Reason.ITEM_ON_LOAN_TO_PATRON:
            assert scan.item is not None and card.patron is not None
            return already_on_loan(kiosk, request, now, scan.item, card.patron)
        return refuse_checkout(kiosk, request, now, at, Refusal.of(refused), scan.item, card.patron)
    except (PatronRefused, Refusal) as error:
        refusal = error if isinstance(error, Refusal) else Refusal.of(error)
        return refuse_checkout(kiosk, request, now, at, refusal, scan.item, card.patron or refusal.patron)
    yield  # written: what follows only answers
    assert scan.item is not None
    text = _("Borrowed. Please return it by %(due)s.") % {"due": due_text(loan)}
    return loan_response(m.CheckoutResponse, kiosk, request, now, ok=True, item=scan.item, loan=loan, text=text)


def checks_the_reader_first(kiosk: Kiosk, request: m.CheckoutRequest) -> bool:
    """Whether the item and the reader are found before the checkout: to check the reader's PIN (a
    wrong try is counted in a transaction of its own; off-line, the kiosk checked it), or as
    ``finds_the_codes_first`` says. Otherwise the checkout looks both codes up itself, with its locks."""
    checks_pin = not request.no_block and bool(request.patron_password or kiosk.device.requires_pin)
    return checks_pin or finds_the_codes_first(kiosk)


def finds_the_codes_first(kiosk: Kiosk) -> bool:
    """A kiosk without a service point (its refusal names what was scanned), and where reads are best
    done first (``looks_up_first``), looks the codes up before the service call."""
    return kiosk.service_point is None or looks_up_first()


def refuse_checkout(
    kiosk: Kiosk,
    request: m.CheckoutRequest,
    now: datetime,
    at: datetime,
    refusal: Refusal,
    item: Item | None,
    patron: Patron | None,
) -> m.CheckoutResponse:
    if request.no_block:
        record_conflict(kiosk, m.CheckoutRequest, request.item_id, patron, refusal, happened_at=at, now=now)
        return loan_response(m.CheckoutResponse, kiosk, request, now, ok=True, item=item)
    return loan_response(m.CheckoutResponse, kiosk, request, now, ok=False, item=item, text=refusal.text)


def already_on_loan(
    kiosk: Kiosk, request: m.CheckoutRequest, now: datetime, item: Item, patron: Patron
) -> m.CheckoutResponse:
    """A reader checking out what they already have: a renewal when the kiosk may renew, else a
    repeated "yes" (a kiosk retrying after a lost answer must not be told "no")."""
    loan = Loan.objects.get(item=item, status=Loan.Status.OPEN)
    if request.sc_renewal_policy:
        try:
            loan = circulation.renew(loan, at=now, by=kiosk.device, channel=KIOSK, service_point=kiosk.service_point)
        except RenewalRefused as refused:
            if refused.reason != Reason.RENEWAL_TOO_EARLY:
                return loan_response(m.CheckoutResponse, kiosk, request, now, ok=False, item=item, text=refused.message)
        else:
            text = _("Renewed. Please return it by %(due)s.") % {"due": due_text(loan)}
            return loan_response(
                m.CheckoutResponse, kiosk, request, now, ok=True, item=item, loan=loan, renewed=True, text=text
            )
    text = _("You already have this item. Please return it by %(due)s.") % {"due": due_text(loan)}
    return loan_response(m.CheckoutResponse, kiosk, request, now, ok=True, item=item, loan=loan, text=text)


def record_conflict(
    kiosk: Kiosk,
    request_type: type[m.Message],
    barcode: str,
    patron: Patron | None,
    refusal: Refusal,
    *,
    happened_at: datetime,
    now: datetime,
) -> None:
    sip2_services.record_conflict(
        kiosk.device,
        command=request_type.code,
        happened_at=happened_at,
        item_barcode=barcode,
        patron=patron,
        reason=refusal.reason,
        message=refusal.text,
        at=now,
    )


@handles(m.CheckinRequest)
def checkin(kiosk: Kiosk, request: m.CheckinRequest, now: datetime) -> Steps[m.CheckinResponse]:
    at = when(request.return_date or request.transaction_date, offline=request.no_block, now=now)
    scan = Scan(request.item_id, KIOSK_ITEM)
    try:
        if finds_the_codes_first(kiosk):
            scan.item = find_item(request.item_id)
        yield  # read: what follows writes
        # The code scanned is looked up with the item's locks, in their round trip, unless read above.
        point = service_point_of(kiosk)
        result = circulation.checkin(scan.item or scan, at=at, by=kiosk.device, service_point=point, channel=KIOSK)
    except (CheckinRefused, Refusal) as error:
        refusal = error if isinstance(error, Refusal) else Refusal.of(error)
        if request.no_block:
            record_conflict(kiosk, m.CheckinRequest, request.item_id, None, refusal, happened_at=at, now=now)
            return checkin_response(kiosk, request, now, ok=True, item=scan.item)
        return checkin_response(kiosk, request, now, ok=False, item=scan.item, text=refusal.text)
    yield  # written: what follows only answers
    assert scan.item is not None
    return returned(kiosk, request, now, result, scan.item)


def checkin_response(
    kiosk: Kiosk,
    request: m.CheckinRequest,
    now: datetime,
    *,
    ok: bool,
    item: Item | None,
    text: str = "",
    **routing: Any,
) -> m.CheckinResponse:
    return m.CheckinResponse(
        ok=ok,
        resensitize=ok,
        magnetic_media=is_magnetic(item.item_type) if item else None,
        alert=routing.pop("alert", not ok),
        transaction_date=local(now),
        institution_id=kiosk.institution_id,
        item_id=request.item_id,
        permanent_location=shelf_location(item) if item else "",
        title_id=title_of(item) if item else "",
        sort_bin=routing.pop("sort_bin", SHELF_BIN if ok else STAFF_BIN),
        media_type=media_type(item.item_type) if item else "",
        collection_code=item.collection.code if item else "",
        call_number=item.call_number if item else "",
        item_properties=item_properties(item),
        screen_messages=(text,) if text else (),
        **routing,
    )


def returned(
    kiosk: Kiosk, request: m.CheckinRequest, now: datetime, result: CheckinResult, item: Item
) -> m.CheckinResponse:
    """Where the returned item goes: back on the shelf, onto the hold shelf here, or in transit.
    What the item is and where it belongs come from ``item`` as the handler read it (the service's
    copy carries only what circulation needed)."""
    route = result.route
    lines = [str(_("Returned. Thank you."))]
    if result.loan is None:
        lines = [str(_("This item was not on loan; it has been taken back."))]
    if result.suspension is not None:
        lines.append(
            _("Returned late: borrowing is suspended until %(day)s.")
            % {"day": f"{result.suspension.last_day:%Y-%m-%d}"}
        )
    routing: dict[str, Any] = {"alert": False, "sort_bin": SHELF_BIN}
    if route.kind == Route.Kind.HOLD_SHELF:
        routing = {"alert": True, "sort_bin": HOLD_BIN, "alert_type": "01"}
        lines.append(_("Another reader has reserved this item: please put it on the hold shelf."))
    elif route.kind == Route.Kind.TRANSIT:
        routing = {
            "alert": True,
            "sort_bin": TRANSIT_BIN,
            "alert_type": "02" if route.hold else "04",
            "destination_location": route.destination.name,
        }
        lines.append(_("This item goes to %(branch)s.") % {"branch": route.destination.name})
    receipt_line = _("Returned: %(title)s") % {"title": title_of(item)[:40]}
    return checkin_response(
        kiosk, request, now, ok=True, item=item, text=" ".join(lines), print_lines=(receipt_line,), **routing
    )


@handles(m.RenewRequest)
def renew(kiosk: Kiosk, request: m.RenewRequest, now: datetime) -> m.RenewResponse:
    item: Item | None = None
    try:
        patron = reader_for_circulation(kiosk, request.patron_id, request.patron_password, now)
        if not request.item_id:
            raise Refusal(_("Please scan the item's barcode."), "no_item")
        item = find_item(request.item_id)
        loan = Loan.objects.filter(patron=patron, item=item, status=Loan.Status.OPEN).first()
        if loan is None:
            raise Refusal(str(Reason.ITEM_NOT_ON_LOAN.label), Reason.ITEM_NOT_ON_LOAN.value)
        loan = circulation.renew(loan, at=now, by=kiosk.device, channel=KIOSK, service_point=kiosk.service_point)
    except RenewalRefused as refused:
        return loan_response(m.RenewResponse, kiosk, request, now, ok=False, item=item, text=refused.message)
    except Refusal as refusal:
        return loan_response(m.RenewResponse, kiosk, request, now, ok=False, item=item, text=refusal.text)
    text = _("Renewed. Please return it by %(due)s.") % {"due": due_text(loan)}
    return loan_response(m.RenewResponse, kiosk, request, now, ok=True, item=item, loan=loan, renewed=True, text=text)


@handles(m.RenewAllRequest)
def renew_all(kiosk: Kiosk, request: m.RenewAllRequest, now: datetime) -> m.RenewAllResponse:
    try:
        patron = reader_for_circulation(kiosk, request.patron_id, request.patron_password, now)
    except Refusal as refusal:
        return m.RenewAllResponse(
            ok=False, transaction_date=local(now), institution_id=kiosk.institution_id, screen_messages=(refusal.text,)
        )
    done = circulation.renew_all(patron, at=now, by=kiosk.device, channel=KIOSK, service_point=kiosk.service_point)
    renewed = [loan.item.barcode for loan in done.renewed]
    unrenewed = [loan.item.barcode for loan, _reason in done.refused]
    text = _("Renewed %(renewed)d, not renewed %(unrenewed)d.") % {"renewed": len(renewed), "unrenewed": len(unrenewed)}
    return m.RenewAllResponse(
        ok=True,
        renewed_count=min(9999, len(renewed)),
        unrenewed_count=min(9999, len(unrenewed)),
        transaction_date=local(now),
        institution_id=kiosk.institution_id,
        renewed_items=tuple(renewed),
        unrenewed_items=tuple(unrenewed),
        screen_messages=(text,),
    )
