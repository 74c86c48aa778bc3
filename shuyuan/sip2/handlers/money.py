"""37 fee paid. Most public libraries here charge nothing; where one does, a kiosk may pay a
reader's open fees in full (all of them, or the one its fee identifier names)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from shuyuan.circulation import queries
from shuyuan.circulation import services as circulation
from shuyuan.circulation.errors import ChargeRefused
from shuyuan.circulation.models import Channel, Fee
from shuyuan.sip2 import messages as m
from shuyuan.sip2.handlers.base import Kiosk, Refusal, handles, local, reader_for_circulation


@handles(m.FeePaidRequest)
def fee_paid(kiosk: Kiosk, request: m.FeePaidRequest, now: datetime) -> m.FeePaidResponse:
    try:
        patron = reader_for_circulation(kiosk, request.patron_id, request.patron_password, now)
        if not queries.standing(patron, at=now, branch=kiosk.device.branch).charges_fees:
            raise Refusal(_("This library does not charge fees."), "fees_disabled")
        account = queries.account(patron, at=now)
        fees = [fee for fee in account.fees if request.fee_identifier in ("", str(fee.fee_id))]
        total = sum((fee.amount for fee in fees), Decimal(0))
        if not fees or request.fee_amount != total:
            raise Refusal(
                _("The amount must pay the open fees in full: %(total)s yuan.") % {"total": account.fees_owed},
                "amount_mismatch",
            )
        for fee in fees:
            circulation.pay_fee(
                Fee(pk=fee.fee_id),
                at=now,
                by=kiosk.device,
                channel=Channel.KIOSK,
                service_point=kiosk.service_point,
                note=request.transaction_id[:100],
            )
    except (Refusal, ChargeRefused) as error:
        text = error.text if isinstance(error, Refusal) else error.message
        return answer(kiosk, request, now, accepted=False, text=text)
    return answer(kiosk, request, now, accepted=True, text=_("Payment received. Thank you."))


def answer(kiosk: Kiosk, request: m.FeePaidRequest, now: datetime, *, accepted: bool, text: str) -> m.FeePaidResponse:
    return m.FeePaidResponse(
        payment_accepted=accepted,
        transaction_date=local(now),
        institution_id=kiosk.institution_id,
        patron_id=request.patron_id,
        transaction_id=request.transaction_id,
        screen_messages=(text,),
    )
