"""The registration kiosk's API (自助办证机), mounted at /api/patrons/.

The kiosk posts what its ID-card reader read, with the phone and PIN the reader typed. The call is
idempotent: the same person again (or two kiosks at once) gets the existing card, not a second one.
Every answer carries a Chinese ``message`` for the kiosk screen; refusals also a ``reason`` code.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from shuyuan.devices.authentication import DeviceKey
from shuyuan.devices.models import Device
from shuyuan.patrons import iddocs, queries, services
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.masking import mask_name
from shuyuan.patrons.models import Patron

router = Router(auth=DeviceKey(Device.Kind.REGISTRATION_KIOSK), tags=["readers"])

KIOSK_DOCUMENTS = iddocs.PERSONAL_MACHINE_TYPES
SEX_WORDS = {"M": "M", "F": "F", "男": "M", "女": "F", "1": "M", "2": "F"}


class KioskRegistration(Schema):
    name: str = Field(min_length=1, max_length=100, description="姓名, as read from the card")
    id_number: str = Field(min_length=1, max_length=40, description="证件号码")
    id_type: str | None = Field(None, description="resident_id (default), hk_macao_permit, taiwan_permit, …")
    sex: str | None = Field(None, description="M/F or 男/女 as read from the card; checked against the number")
    birth_date: date | None = Field(None, description="as read from the card; checked against the number")
    address: str = Field("", max_length=200)
    issuing_authority: str = Field("", max_length=100, description="签发机关")
    valid_from: date | None = None
    valid_until: date | None = Field(None, description="end of validity; omit for 长期")
    photo: str | None = Field(None, description="base64 photo from the card; not stored")
    phone: str = Field("", max_length=30)
    pin: str = Field("", max_length=12, description="required: the kiosk asks the reader to choose one")
    guardian_id_number: str = Field("", max_length=40, description="for readers under 14")
    guardian_name: str = Field("", max_length=100)
    guardian_phone: str = Field("", max_length=30)
    guardian_consent: bool = Field(False, description="the guardian agreed on the kiosk screen")


class RegistrationAnswer(Schema):
    created: bool
    card_number: str | None = Field(description="only for a card issued by this call; none for an earlier reader")
    name: str = Field(description="in full for a card issued by this call, masked (张*) for a reader registered before")
    status: str
    expires_on: date | None
    message: str


class Refusal(Schema):
    detail: str
    reason: str


@router.post(
    "/registrations",
    response={200: RegistrationAnswer, 201: RegistrationAnswer, 422: Refusal},
    summary="Register a reader at a kiosk (idempotent)",
)
def register(request: HttpRequest, payload: KioskRegistration) -> Status[dict[str, Any]]:
    device: Device = request.auth  # type: ignore[attr-defined]
    at = timezone.now()
    try:
        application = _application(payload, at)
        patron, created = services.register_or_existing(
            application,
            home_branch=device.branch,
            channel=Patron.Channel.KIOSK,
            service_point=device.service_point,
            device=device,
            at=at,
            by=device,
        )
        if created:
            return Status(201, _answer(patron, created=True))
        if patron.status == Patron.Status.PENDING:
            # The reader applied online and now stands at the kiosk with the ID card: the first visit.
            return Status(200, _answer(_confirm(patron, application, device, at), created=False, confirmed=True))
        refusal = services.look_up_at_kiosk(patron, name=application.name, device=device, at=at)
        if refusal is not None:
            raise PatronRefused(refusal)
    except iddocs.InvalidIdNumber as invalid:
        return Status(422, {"detail": invalid.message, "reason": f"id_{invalid.reason.value}"})
    except PatronRefused as refused:
        return Status(422, {"detail": refused.message, "reason": refused.reason.value})
    return Status(200, _answer(patron, created=False))


def _confirm(patron: Patron, application: services.Application, device: Device, at: Any) -> Patron:
    try:
        return services.confirm(
            patron, service_point=device.service_point, presented=application, device=device, at=at, by=device
        )
    except PatronRefused as refused:
        if refused.reason == Reason.APPLICATION_MISMATCH:
            services.record_application_conflict(patron, device=device, at=at, by=device)
        raise


def _application(payload: KioskRegistration, at: Any) -> services.Application:
    today = timezone.localdate(at)
    wanted = payload.id_type or iddocs.DocType.RESIDENT_ID
    if wanted not in {t.value for t in KIOSK_DOCUMENTS}:
        raise PatronRefused(Reason.DOCUMENT_NOT_ACCEPTED_HERE)
    doc = iddocs.parse(payload.id_number, doc_type=wanted, today=today)
    if doc.legacy_number:
        raise PatronRefused(Reason.OLD_ID_AT_KIOSK)
    if not payload.pin:
        raise PatronRefused(Reason.PIN_REQUIRED)
    sex = SEX_WORDS.get((payload.sex or "").strip().upper(), "")
    if (payload.sex and sex != (doc.sex.value if doc.sex else "")) or (
        payload.birth_date and payload.birth_date != doc.birth_date
    ):
        raise PatronRefused(Reason.DATA_MISMATCH)
    guardian, guardian_doc = None, None
    if payload.guardian_id_number:
        guardian_doc = iddocs.parse(payload.guardian_id_number, today=today)
        guardian = queries.by_document(guardian_doc.number)
    return services.Application(
        name=payload.name,
        document=doc,
        phone=payload.phone,
        address=payload.address,
        pin=payload.pin,
        id_issuing_authority=payload.issuing_authority,
        id_valid_until=payload.valid_until,
        guardian=guardian,
        guardian_document=None if guardian else guardian_doc,
        guardian_name=payload.guardian_name,
        guardian_phone=payload.guardian_phone,
        guardian_consent=payload.guardian_consent,
    )


def _answer(patron: Patron, *, created: bool, confirmed: bool = False) -> dict[str, Any]:
    """A new or just confirmed card is shown in full to its holder. About a reader registered
    before, the kiosk learns only that: a masked name and the status, no card number or expiry."""
    if created or confirmed:
        message = _("Your reader card is ready. Card number: %(card)s. Your ID card works as your card too.")
        return {
            "created": created,
            "card_number": patron.card_number,
            "name": patron.name,
            "status": patron.status,
            "expires_on": patron.expires_on,
            "message": message % {"card": patron.card_number},
        }
    if patron.status == Patron.Status.CLOSED:
        message = _("This reader record is closed. Please go to the service desk.")
    else:
        message = _("You already have a reader card; no new card was issued. Your ID card works as your card.")
    return {
        "created": False,
        "card_number": None,
        "name": mask_name(patron.name),
        "status": patron.status,
        "expires_on": None,
        "message": message,
    }
