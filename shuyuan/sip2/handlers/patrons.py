"""23 patron status, 63 patron information, 01 block patron and 25 patron enable.

The kiosk decides on BL (valid patron), CQ (valid PIN) and the first patron-status flag (charge
privileges denied), so those follow the very rules circulation applies at checkout.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from shuyuan.circulation import configuration, rows, rules, steps
from shuyuan.circulation.errors import Reason
from shuyuan.circulation.models import ACTIVE_HOLD, Fee, Hold, Loan
from shuyuan.patrons import services as patron_services
from shuyuan.patrons.errors import Reason as PatronReason
from shuyuan.patrons.models import Patron, PatronBlock
from shuyuan.patrons.rules import PinResult
from shuyuan.sip2 import messages as m
from shuyuan.sip2.handlers.base import (
    CHINESE,
    PIN_REQUIRED,
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


@dataclass(frozen=True)
class Standing:
    """Where a reader stands for borrowing, computed without locking anything."""

    patron: Patron
    refusal: Reason | None
    patron_refusal: Reason | None
    counts: steps.LoanCounts
    terms: rules.Terms
    fees: Decimal | None  # open fees, when the library charges fees
    holds_ready: int
    holds_waiting: int  # waiting or in transit

    @property
    def status(self) -> m.PatronStatus:
        too_many = self.counts.total >= self.terms.max_loans
        return m.PatronStatus(
            charge_privileges_denied=self.refusal is not None or too_many,
            renewal_privileges_denied=self.patron_refusal is not None,
            hold_privileges_denied=self.patron_refusal is not None or self.terms.max_holds == 0,
            too_many_items_charged=too_many,
            too_many_items_overdue=self.refusal == Reason.PATRON_HAS_OVERDUE,
            excessive_outstanding_fines=self.refusal == Reason.PATRON_OWES_FEES,
            excessive_outstanding_fees=self.refusal == Reason.PATRON_OWES_FEES,
        )

    @property
    def screen_message(self) -> str | None:
        if self.refusal is not None:
            return str(self.refusal.label)
        if self.counts.total >= self.terms.max_loans:
            return str(Reason.LOAN_LIMIT.label)
        return None


def hold_count_probes(patron_id: int) -> list[steps.Probe]:
    table = Hold._meta.db_table
    return [
        (f"SELECT COUNT(*) FROM {table} WHERE patron_id = %s AND status = %s", [patron_id, Hold.Status.READY]),
        (
            f"SELECT COUNT(*) FROM {table} WHERE patron_id = %s AND status IN (%s, %s)",
            [patron_id, Hold.Status.WAITING, Hold.Status.IN_TRANSIT],
        ),
    ]


def standing(kiosk: Kiosk, patron: Patron, at: datetime) -> Standing:
    """The reader with the flags circulation's ``patron_refusal`` reads (as ``steps.lock_patron``
    sets them), their loans and holds counted, in one plain read: a kiosk asking about a reader
    must not queue behind writers."""
    today = steps.local_day(at)
    probes = [
        *steps.standing_probes(patron.pk, today),
        *steps.count_probes(patron.pk, None, at),
        *hold_count_probes(patron.pk),
        (configuration.TOKEN_SQL, []),
    ]
    patron, values = rows.patron_row(patron.pk, lock=False, extras=probes)
    steps.set_flags(patron, values[:4])
    counts = steps.counts_from(values[4:7])
    settings = configuration.as_of(values[9])
    policy = settings.policy(kiosk.device.branch_id)
    category = steps.effective_category(patron, today)
    fees = None
    if policy.charges_fees:
        fees = Fee.objects.filter(patron=patron, status=Fee.Status.OPEN).aggregate(s=Sum("amount"))["s"]
    return Standing(
        patron=patron,
        refusal=steps.borrowing_refusal(patron, counts, policy, today=today),
        patron_refusal=steps.patron_refusal(patron, today=today),
        counts=counts,
        terms=settings.terms(category.pk, None, kiosk.device.branch_id),
        fees=fees,
        holds_ready=int(values[7]),
        holds_waiting=int(values[8]),
    )


@dataclass(frozen=True)
class Answer:
    """What 23 and 63 have in common: who the reader is, whether they may borrow, and why not."""

    patron_id: str
    status: m.PatronStatus
    name: str
    valid_patron: bool
    valid_pin: bool | None
    messages: tuple[str, ...]
    standing: Standing | None = None


def answer(kiosk: Kiosk, patron_id: str, pin: str, at: datetime) -> Answer:
    try:
        reader = identify(kiosk, patron_id, pin, at)
    except Refusal as refusal:
        lost = refusal.reason == PatronReason.CARD_LOST
        status = replace(REFUSED_PATRON, card_reported_lost=lost)
        return Answer(patron_id, status, "", False, False if pin else None, (refusal.text,))
    pin_ok = None if reader.pin is None else reader.pin == PinResult.OK
    found = standing(kiosk, reader.patron, at)
    messages = [greeting(reader.patron, pin_verified=bool(pin_ok))]
    if reader.pin is not None and not pin_ok:
        messages.append(str(PinResult(reader.pin).refusal.label) if pin else str(_("Please enter your PIN.")))
    if found.screen_message:
        messages.append(found.screen_message)
    name = reader.patron.name if pin_ok else ""
    return Answer(patron_id, found.status, name, True, pin_ok, tuple(messages), found)


def fee_fields(standing: Standing | None) -> dict[str, Any]:
    if standing is None or standing.fees is None:
        return {}
    return {"currency_type": "CNY", "fee_amount": standing.fees}


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
    if found.standing is None:
        return m.PatronInformationResponse(**base)
    lists = ItemLists(found.standing, now)
    first = max(1, request.start_item or 1)
    last = request.end_item or first + LIST_LIMIT - 1
    listed = lists.items(request.summary_list, first, min(last, first + LIST_LIMIT - 1))
    return m.PatronInformationResponse(
        **base,
        hold_items_count=min(9999, found.standing.holds_ready),
        overdue_items_count=min(9999, found.standing.counts.overdue),
        charged_items_count=min(9999, found.standing.counts.total),
        fine_items_count=min(9999, lists.fine_count()),
        recall_items_count=0,
        unavailable_holds_count=min(9999, found.standing.holds_waiting),
        hold_items_limit=min(9999, found.standing.terms.max_holds),
        charged_items_limit=min(9999, found.standing.terms.max_loans),
        **fee_fields(found.standing),
        **listed,
    )


class ItemLists:
    """The item lists of 64, one of which a 63 asks for, paged by start and end item (1-based)."""

    def __init__(self, standing: Standing, at: datetime) -> None:
        self.patron = standing.patron
        self.charges_fees = standing.fees is not None
        self.at = at

    def fine_count(self) -> int:
        return Fee.objects.filter(patron=self.patron, status=Fee.Status.OPEN).count() if self.charges_fees else 0

    def items(self, field_id: str | None, first: int, last: int) -> dict[str, Any]:
        if field_id is None or last < first:
            return {}
        window = slice(first - 1, last)
        loans = Loan.objects.filter(patron=self.patron, status=Loan.Status.OPEN).order_by("due_at", "pk")
        holds = Hold.objects.filter(patron=self.patron, status__in=ACTIVE_HOLD).order_by("placed_at", "pk")
        lists: dict[str, Callable[[], tuple[str, ...]]] = {
            "AU": lambda: tuple(loans.values_list("item__barcode", flat=True)[window]),
            "AT": lambda: tuple(loans.filter(due_at__lt=self.at).values_list("item__barcode", flat=True)[window]),
            "AS": lambda: tuple(
                holds.filter(status=Hold.Status.READY, assigned_item__isnull=False).values_list(
                    "assigned_item__barcode", flat=True
                )[window]
            ),
            "CD": lambda: tuple(
                holds.exclude(status=Hold.Status.READY).values_list("record__title", flat=True)[window]
            ),
            "AV": lambda: self.fine_items(window),
            "BU": lambda: (),
        }
        names = {
            "AU": "charged_items",
            "AT": "overdue_items",
            "AS": "hold_items",
            "CD": "unavailable_hold_items",
            "AV": "fine_items",
            "BU": "recall_items",
        }
        return {names[field_id]: lists[field_id]()}

    def fine_items(self, window: slice) -> tuple[str, ...]:
        if not self.charges_fees:
            return ()
        fees = Fee.objects.filter(patron=self.patron, status=Fee.Status.OPEN).order_by("created_at", "pk")
        return tuple(
            f"{barcode or ''} {amount}".strip()
            for barcode, amount in fees.values_list("loan__item__barcode", "amount")[window]
        )


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
        patron_status=found.status,
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
        patron_status=found.status,
        personal_name=reader.patron.name if pin_ok else "",
        valid_patron=True,
        valid_patron_password=pin_ok,
        screen_messages=enable_messages(found, reader.pin, pin, lifted),
    )


def enable_messages(found: Standing, pin_result: PinResult | None, pin: str, lifted: int) -> tuple[str, ...]:
    if pin_result not in (None, PinResult.OK):
        first = str(PinResult(pin_result).refusal.label) if pin else str(PIN_REQUIRED)
    elif not lifted:
        first = _("This card was not blocked by a kiosk.")
    elif found.screen_message:
        first = _("The kiosk's block on this card has been lifted.")
    else:
        first = _("Your card can be used again.")
    return (first, found.screen_message) if found.screen_message else (first,)
