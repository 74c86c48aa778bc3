"""23 patron status, 63 patron information, 01 block patron and 25 patron enable.

The kiosk decides on BL (valid patron), CQ (valid PIN) and the first patron-status flag (charge
privileges denied), so those follow the very rules circulation applies at checkout.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from shuyuan import fastsql
from shuyuan.circulation import queries as circulation
from shuyuan.circulation.errors import Reason
from shuyuan.patrons import queries as patron_queries
from shuyuan.patrons import services as patron_services
from shuyuan.patrons.errors import Reason as PatronReason
from shuyuan.patrons.models import Patron, PatronBlock
from shuyuan.patrons.rules import PinResult
from shuyuan.sip2 import messages as m
from shuyuan.sip2.handlers.base import (
    CHINESE,
    PIN_REQUIRED,
    CardRows,
    Kiosk,
    Refusal,
    find_reader,
    greeting,
    handles,
    identify,
    local,
)
from shuyuan.sip2.handlers.denied import REFUSED_PATRON

LIST_LIMIT = 50  # items listed in one 64 when the kiosk gives no range
# The kind of block 01 sets, and the only kind 25 lifts.
KIOSK_BLOCK = PatronBlock.Kind.KIOSK


def status_flags(standing: circulation.Standing) -> m.PatronStatus:
    """The fourteen flags of 24 and 64, from circulation's answer."""
    return m.PatronStatus(
        charge_privileges_denied=not standing.may_borrow,
        renewal_privileges_denied=not standing.may_renew,
        hold_privileges_denied=not standing.may_hold,
        too_many_items_charged=Reason.LOAN_LIMIT in standing.reasons,
        too_many_items_overdue=Reason.PATRON_HAS_OVERDUE in standing.reasons,
        excessive_outstanding_fines=Reason.PATRON_OWES_FEES in standing.reasons,
        excessive_outstanding_fees=Reason.PATRON_OWES_FEES in standing.reasons,
    )


def screen_message(standing: circulation.Standing) -> str | None:
    """The reason checkout would give first."""
    return standing.messages[0] if standing.messages else None


def standing(kiosk: Kiosk, patron: Patron, at: datetime, *, read: CardRows | None = None) -> circulation.Standing:
    return circulation.standing(patron, at=at, branch=kiosk.device.branch, read=read)


def read_reader(identifier: str, at: datetime) -> tuple[CardRows | None, CardRows | None]:
    """The look-up of the reader's card and the standing of whoever holds it, in one round trip;
    (None, None) when the identifier is not read as a card (an e-card, an ID number)."""
    card_read = patron_queries.card_statement(identifier)
    if card_read is None:
        return None, None
    card_rows, standing_rows = fastsql.fetch_each([card_read, circulation.standing_statement(identifier, at=at)])
    return card_rows, standing_rows


@dataclass(frozen=True)
class Answer:
    """What 23 and 63 have in common: who the reader is, whether they may borrow, and why not."""

    patron_id: str
    status: m.PatronStatus
    name: str
    valid_patron: bool
    valid_pin: bool | None
    messages: tuple[str, ...]
    patron: Patron | None = None
    standing: circulation.Standing | None = None


def answer(kiosk: Kiosk, patron_id: str, pin: str, at: datetime) -> Answer:
    card_rows, standing_rows = read_reader(patron_id, at)
    try:
        reader = identify(kiosk, patron_id, pin, at, card_rows=card_rows)
    except Refusal as refusal:
        lost = refusal.reason == PatronReason.CARD_LOST
        status = replace(REFUSED_PATRON, card_reported_lost=lost)
        return Answer(patron_id, status, "", False, False if pin else None, (refusal.text,))
    pin_ok = None if reader.pin is None else reader.pin == PinResult.OK
    found = standing(kiosk, reader.patron, at, read=standing_rows)
    messages = [greeting(reader.patron, pin_verified=bool(pin_ok))]
    if reader.pin is not None and not pin_ok:
        messages.append(str(PinResult(reader.pin).refusal.label) if pin else str(_("Please enter your PIN.")))
    message = screen_message(found)
    if message:
        messages.append(message)
    name = reader.patron.name if pin_ok else ""
    return Answer(patron_id, status_flags(found), name, True, pin_ok, tuple(messages), reader.patron, found)


def fee_fields(standing: circulation.Standing | None) -> dict[str, Any]:
    """BV: the open fees, where the library charges fees and the reader has some."""
    if standing is None or not standing.charges_fees or not standing.open_fees:
        return {}
    return {"currency_type": "CNY", "fee_amount": standing.fees_owed}


@handles(m.PatronStatusRequest, reads_only=True)
def patron_status(kiosk: Kiosk, request: m.PatronStatusRequest, now: datetime) -> m.PatronStatusResponse:
    found = answer(kiosk, request.patron_id, request.patron_password, now)
    return m.PatronStatusResponse(
        patron_status=found.status,
        language=CHINESE,
        transaction_date=local(now),
        institution_id=kiosk.institution_id,
        patron_id=request.patron_id,
        personal_name=found.name,
        valid_patron=found.valid_patron,
        valid_patron_password=found.valid_pin,
        screen_messages=found.messages,
        **fee_fields(found.standing),
    )


@handles(m.PatronInformationRequest, reads_only=True)
def patron_information(kiosk: Kiosk, request: m.PatronInformationRequest, now: datetime) -> m.PatronInformationResponse:
    found = answer(kiosk, request.patron_id, request.patron_password, now)
    base: dict[str, Any] = {
        "patron_status": found.status,
        "language": CHINESE,
        "transaction_date": local(now),
        "institution_id": kiosk.institution_id,
        "patron_id": request.patron_id,
        "personal_name": found.name,
        "valid_patron": found.valid_patron,
        "valid_patron_password": found.valid_pin,
        "screen_messages": found.messages,
    }
    standing = found.standing
    if standing is None or found.patron is None:
        return m.PatronInformationResponse(**base)
    first = max(1, request.start_item or 1)
    last = request.end_item or first + LIST_LIMIT - 1
    listed = item_list(found.patron, standing, request.summary_list, now, first, min(last, first + LIST_LIMIT - 1))
    return m.PatronInformationResponse(
        **base,
        hold_items_count=min(9999, standing.holds_ready),
        overdue_items_count=min(9999, standing.overdue),
        charged_items_count=min(9999, standing.loans),
        fine_items_count=min(9999, standing.open_fees if standing.charges_fees else 0),
        recall_items_count=0,
        unavailable_holds_count=min(9999, standing.holds_waiting),
        hold_items_limit=min(9999, standing.max_holds),
        charged_items_limit=min(9999, standing.max_loans),
        **fee_fields(standing),
        **listed,
    )


# The item lists of 64: the field a 63's summary asks for, and the response's field.
LIST_NAMES = {
    "AU": "charged_items",
    "AT": "overdue_items",
    "AS": "hold_items",
    "CD": "unavailable_hold_items",
    "AV": "fine_items",
    "BU": "recall_items",
}


def item_list(
    patron: Patron, standing: circulation.Standing, field_id: str | None, at: datetime, first: int, last: int
) -> dict[str, Any]:
    """The list a 63 asks for, paged by start and end item (1-based), from the reader's account."""
    if field_id not in LIST_NAMES or last < first:
        return {}
    name = LIST_NAMES[field_id]
    if field_id == "BU" or (field_id == "AV" and not standing.charges_fees):
        return {name: ()}
    account = circulation.account(patron, at=at)
    lines = {
        "AU": [loan.barcode for loan in account.loans],
        "AT": [loan.barcode for loan in account.overdue_loans],
        "AS": [hold.barcode for hold in account.holds if hold.is_ready and hold.barcode],
        "CD": [hold.title for hold in account.holds if not hold.is_ready],
        "AV": [f"{fee.barcode} {fee.amount}".strip() for fee in account.fees],
    }[field_id]
    return {name: tuple(lines[first - 1 : last])}


@handles(m.BlockPatron)
def block_patron(kiosk: Kiosk, request: m.BlockPatron, now: datetime) -> m.PatronStatusResponse:
    """01: a kiosk saw tampering, or kept a forgotten card; staff lift the block at the desk, or a
    kiosk with 25."""
    try:
        patron = find_reader(request.patron_id)
    except Refusal as refusal:
        return m.PatronStatusResponse(
            patron_status=REFUSED_PATRON,
            language=CHINESE,
            transaction_date=local(now),
            institution_id=kiosk.institution_id,
            patron_id=request.patron_id,
            valid_patron=False,
            screen_messages=(refusal.text,),
        )
    reason = _("Blocked by kiosk %(kiosk)s: %(message)s") % {
        "kiosk": kiosk.device.name,
        "message": request.blocked_card_message or "—",
    }
    if request.card_retained:
        reason = _("%(reason)s (card kept by the kiosk)") % {"reason": reason}
    patron_services.block(patron, reason=reason, kind=KIOSK_BLOCK, at=now, by=kiosk.device)
    found = standing(kiosk, patron, now)
    return m.PatronStatusResponse(
        patron_status=status_flags(found),
        language=CHINESE,
        transaction_date=local(now),
        institution_id=kiosk.institution_id,
        patron_id=request.patron_id,
        valid_patron=True,
        screen_messages=(_("This card is blocked; please ask at the desk."),),
    )


@handles(m.PatronEnableRequest)
def patron_enable(kiosk: Kiosk, request: m.PatronEnableRequest, now: datetime) -> m.PatronEnableResponse:
    """25: lift the blocks kiosks set on this reader with 01, through the readers' service. Blocks
    set by staff, suspensions and overdue items stay: those are settled at the desk, and 26 says
    so in the patron status and on the screen, as 24 would."""
    base: dict[str, Any] = {
        "language": CHINESE,
        "transaction_date": local(now),
        "institution_id": kiosk.institution_id,
        "patron_id": request.patron_id,
    }
    pin = request.patron_password
    try:
        reader = identify(kiosk, request.patron_id, pin, now)
    except Refusal as refusal:
        return m.PatronEnableResponse(
            **base,
            patron_status=replace(REFUSED_PATRON, card_reported_lost=refusal.reason == PatronReason.CARD_LOST),
            valid_patron=False,
            valid_patron_password=False if pin else None,
            screen_messages=(refusal.text,),
        )
    pin_ok = None if reader.pin is None else reader.pin == PinResult.OK
    lifted = 0
    if pin_ok is not False:
        lifted = patron_services.lift_blocks(reader.patron, kind=KIOSK_BLOCK, at=now, by=kiosk.device)
    found = standing(kiosk, reader.patron, now)
    return m.PatronEnableResponse(
        **base,
        patron_status=status_flags(found),
        personal_name=reader.patron.name if pin_ok else "",
        valid_patron=True,
        valid_patron_password=pin_ok,
        screen_messages=enable_messages(found, reader.pin, pin, lifted),
    )


def enable_messages(
    found: circulation.Standing, pin_result: PinResult | None, pin: str, lifted: int
) -> tuple[str, ...]:
    if pin_result not in (None, PinResult.OK):
        first = str(PinResult(pin_result).refusal.label) if pin else str(PIN_REQUIRED)
    elif not lifted:
        first = _("This card was not blocked by a kiosk.")
    elif screen_message(found):
        first = _("The kiosk's block on this card has been lifted.")
    else:
        first = _("Your card can be used again.")
    message = screen_message(found)
    return (first, message) if message else (first,)
