"""Every change to readers: one function per operation, each its own durable transaction that
writes its audit entry and, for registrations, its RegistrationEvent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuyuan.audit import log
from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.devices.models import Device
from shuyuan.freetext import has_personal_number
from shuyuan.keys import decrypt, same_hash
from shuyuan.patrons import cards, queries, rules, throttle
from shuyuan.patrons.conf import patron_settings
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.iddocs import IdDocument, age_on
from shuyuan.patrons.masking import mask_card, normalize_phone
from shuyuan.patrons.models import (
    DepositRefund,
    JoinAttemptCount,
    Patron,
    PatronBlock,
    PatronCard,
    PatronCategory,
    RegistrationEvent,
)
from shuyuan.patrons.personal import (
    address_fields,
    document_fields,
    email_fields,
    guardian_fields,
    id_hash,
    name_fields,
    new_reader_token,
    normalize_email,
    phone_fields,
    pin_hash,
)
from shuyuan.patrons.rules import PinResult

if TYPE_CHECKING:
    from shuyuan.patrons.importing import ImportRow


@dataclass
class Application:
    """What a registration needs, as the desk form, the kiosk API, the online form or an import row
    gives it. ``document`` is a parsed ID document; sex and birth date come from it."""

    name: str
    document: IdDocument | None
    category: PatronCategory | None = None
    phone: str = ""
    address: str = ""
    pin: str = ""
    contact_name: str = ""
    id_issuing_authority: str = ""
    id_valid_until: date | None = None
    sex: str = ""  # only for documents that do not encode it (passports)
    guardian: Patron | None = None
    guardian_document: IdDocument | None = None
    guardian_name: str = ""
    guardian_phone: str = ""
    guardian_relation: str = ""
    guardian_consent: bool = False
    document_checked: bool = False  # staff compared a passport or other document with its holder
    card_number: str = ""  # a pre-printed card handed out, or the card of the old system
    is_legacy_card: bool = False
    pin_from_old_system: bool = False  # an imported PIN: kept even if today's PIN rules refuse it
    keeps_reading_history: bool = False
    legacy_deposit: Decimal = field(default_factory=Decimal)
    registered_at: datetime | None = None  # an import keeps the old system's date


def actor_label(by: Any) -> str:
    return str(log.actor_fields(by)["actor_label"])[:150]


@transaction.atomic(durable=True)
def register(
    application: Application,
    *,
    home_branch: Branch,
    channel: str,
    service_point: ServicePoint | None = None,
    device: Device | None = None,
    at: datetime,
    by: Any,
) -> Patron:
    """Register a reader at the desk, a kiosk or online. The same document twice is refused with
    ALREADY_REGISTERED carrying the existing record (adapters answer with its card)."""
    return register_in_transaction(
        application,
        home_branch=home_branch,
        channel=channel,
        service_point=service_point,
        device=device,
        at=at,
        by=by,
    )


def register_in_transaction(
    application: Application,
    *,
    home_branch: Branch,
    channel: str,
    service_point: ServicePoint | None = None,
    device: Device | None = None,
    at: datetime,
    by: Any,
) -> Patron:
    """The registration itself, a building block for ``register`` and the import."""
    settings = patron_settings()
    today = timezone.localdate(at)
    doc = application.document
    age = age_on(doc.birth_date, today) if doc and doc.birth_date else None
    category = application.category or default_category(age)
    check_name(application.name)
    check_phone(application.phone, application.guardian_phone)
    check_free_text(application.contact_name, application.guardian_relation)
    _check_document(application, category, today)
    _check_guardian(application, age, today)
    pin_change_required = False
    if application.pin and application.pin_from_old_system:
        # The old system's PIN keeps working; one our rules refuse must be changed at the next login.
        pin_change_required = _pin_problem(application.pin, doc.number if doc else "") is not None
    elif application.pin:
        _check_pin_rules(application.pin, doc.number if doc else "")
    status = Patron.Status.ACTIVE
    if channel == Patron.Channel.WEB and settings.online_needs_visit:
        status = Patron.Status.PENDING
    card_number = application.card_number.strip()
    if card_number:
        if rules.card_number_problem(card_number) is not None:
            raise PatronRefused(Reason.CARD_FORMAT)
        cards.check_card_number(card_number, legacy=application.is_legacy_card)
    else:
        card_number = cards.next_card_number()
    if PatronCard.objects.filter(value=card_number).exists() or Patron.objects.filter(card_number=card_number).exists():
        raise PatronRefused(Reason.CARD_IN_USE)
    patron = _create_patron(application, category, status, card_number, home_branch, channel, service_point, at)
    if pin_change_required:
        Patron.objects.filter(pk=patron.pk).update(pin_change_required=True)
        patron.pin_change_required = True
    kind = PatronCard.Kind.LEGACY if application.is_legacy_card else PatronCard.Kind.BARCODE
    cards.issue(patron, kind, card_number, at=patron.registered_at)
    event_kind = RegistrationEvent.Kind.NEW_CARD
    if status == Patron.Status.PENDING:
        event_kind = RegistrationEvent.Kind.PENDING
    elif channel == Patron.Channel.MIGRATION:
        event_kind = RegistrationEvent.Kind.IMPORTED
    write_event(
        patron, event_kind, channel=channel, service_point=service_point, device=device, at=patron.registered_at, by=by
    )
    log.record("patron.register", at=at, by=by, obj=patron, detail={"channel": channel, "status": status})
    return patron


def check_name(name: str) -> None:
    problem = rules.name_problem(name)
    if problem is not None:
        raise PatronRefused(problem)


def check_phone(*phones: str) -> None:
    for phone in phones:
        problem = rules.phone_problem(normalize_phone(phone))
        if problem is not None:
            raise PatronRefused(problem)


def check_free_text(*texts: str) -> None:
    """Refuse free text that holds an ID or phone number (see ``shuyuan.freetext``)."""
    if any(has_personal_number(text) for text in texts):
        raise PatronRefused(Reason.PERSONAL_NUMBER_IN_TEXT)


def _check_document(application: Application, category: PatronCategory, today: date) -> None:
    doc = application.document
    if doc is None:
        if category.kind != PatronCategory.Kind.GROUP:
            raise PatronRefused(Reason.ID_DOCUMENT_REQUIRED)
    else:
        if doc.needs_manual_check and not application.document_checked:
            raise PatronRefused(Reason.MANUAL_CHECK_REQUIRED)
        if application.id_valid_until and application.id_valid_until < today:
            raise PatronRefused(Reason.DOCUMENT_EXPIRED)
        existing = Patron.objects.filter(id_number_hash=id_hash(doc.number)).first()
        if existing is not None:
            raise PatronRefused(Reason.ALREADY_REGISTERED, patron=queries.current(existing))
    if category.kind == PatronCategory.Kind.GROUP and not application.contact_name.strip():
        raise PatronRefused(Reason.CONTACT_REQUIRED)


def _check_guardian(application: Application, age: int | None, today: date) -> None:
    settings = patron_settings()
    if not rules.needs_guardian(age, guardian_age=settings.guardian_age):
        return
    guardian = application.guardian
    if guardian is None and not (application.guardian_document and application.guardian_name.strip()):
        raise PatronRefused(Reason.GUARDIAN_REQUIRED, age=settings.guardian_age)
    if not application.guardian_consent:
        raise PatronRefused(Reason.GUARDIAN_CONSENT_REQUIRED)
    if guardian is not None and guardian.status != Patron.Status.ACTIVE:
        raise PatronRefused(Reason.GUARDIAN_NOT_ACTIVE, patron=guardian)
    birth = guardian.birth_date if guardian is not None else application.guardian_document.birth_date  # type: ignore[union-attr]
    if birth is not None and age_on(birth, today) < settings.adult_age:
        raise PatronRefused(Reason.GUARDIAN_NOT_ADULT)


def _pin_problem(pin: str, id_number: str) -> Reason | None:
    """``rules.pin_problem`` with the library's PIN settings."""
    settings = patron_settings()
    return rules.pin_problem(
        pin,
        length=settings.pin_length,
        id_number=id_number,
        refuse_sequences=settings.pin_refuses_sequences,
        refuse_id_digits=settings.pin_refuses_id_digits,
    )


def _check_pin_rules(pin: str, id_number: str) -> None:
    problem = _pin_problem(pin, id_number)
    if problem == Reason.PIN_FORMAT:
        raise PatronRefused(problem, length=patron_settings().pin_length)
    if problem is not None:
        raise PatronRefused(problem)


def _create_patron(
    application: Application,
    category: PatronCategory,
    status: str,
    card_number: str,
    home_branch: Branch,
    channel: str,
    service_point: ServicePoint | None,
    at: datetime,
) -> Patron:
    doc = application.document
    registered_at = application.registered_at or at
    guardian_inline = application.guardian is None and application.guardian_document is not None
    token = new_reader_token()
    patron = Patron(
        card_number=card_number,
        **name_fields(application.name),
        **document_fields(doc),
        **phone_fields(application.phone),
        **address_fields(application.address),
        id_issuing_authority=application.id_issuing_authority[:100],
        id_valid_until=application.id_valid_until,
        birth_date=doc.birth_date if doc else None,
        sex=(doc.sex.value if doc and doc.sex else application.sex),
        category=category,
        contact_name=application.contact_name.strip(),
        guardian=application.guardian,
        guardian_name=application.guardian_name.strip() if guardian_inline else "",
        guardian_relation=application.guardian_relation.strip(),
        guardian_consent_at=at if application.guardian_consent else None,
        home_branch=home_branch,
        registered_at=registered_at,
        registration_channel=channel,
        registration_service_point=service_point,
        expires_on=rules.expiry_after(timezone.localdate(registered_at), patron_settings().card_valid_years),
        status=status,
        pin_hash=pin_hash(token, application.pin) if application.pin else "",
        reader_token=token,
        keeps_reading_history=application.keeps_reading_history,
        legacy_deposit=application.legacy_deposit,
    )
    if guardian_inline:
        for name, value in guardian_fields(application.guardian_document, application.guardian_phone).items():
            setattr(patron, name, value)
    patron.save()
    return patron


def write_event(
    patron: Patron,
    kind: str,
    *,
    channel: str,
    service_point: ServicePoint | None,
    device: Device | None = None,
    at: datetime,
    by: Any,
) -> RegistrationEvent:
    """The event row a registration act leaves: a snapshot, not a link to the reader."""
    age = patron.age_on(timezone.localdate(at))
    return RegistrationEvent.objects.create(
        at=at,
        kind=kind,
        channel=channel,
        branch=service_point.branch if service_point else patron.home_branch,
        service_point=service_point,
        device=device,
        category_kind=patron.category.kind,
        age_band=rules.age_band(age),
        sex=patron.sex,
        reader_token=patron.reader_token,
        recorded_by=actor_label(by),
    )


def default_category(age: int | None) -> PatronCategory:
    """The child category whose age limit the reader is under, else the first adult category."""
    if age is not None:
        child = (
            PatronCategory.objects.filter(kind=PatronCategory.Kind.CHILD, max_age__gt=age)
            .order_by("max_age", "code")
            .first()
        )
        if child is not None:
            return child
    adult = PatronCategory.objects.filter(kind=PatronCategory.Kind.ADULT).order_by("code").first()
    if adult is None:
        adult = PatronCategory.objects.create(code="ADULT", name="成人读者", kind=PatronCategory.Kind.ADULT)
    return adult


def _locked(patron: Patron) -> Patron:
    return Patron.objects.select_for_update().select_related("category", "home_branch").get(pk=patron.pk)


@transaction.atomic(durable=True)
def confirm(
    patron: Patron,
    *,
    service_point: ServicePoint | None,
    presented: Application | None = None,
    keeps_online_contact: bool = False,
    device: Device | None = None,
    at: datetime,
    by: Any,
) -> Patron:
    """Confirm an online application when the reader comes with the document: the card is issued now.

    Anyone can type anyone's ID number into the online form, so the document wins. At a kiosk
    (``presented``: what its card reader read and what the reader typed there) a name that differs
    from the application's is refused with APPLICATION_MISMATCH (the adapter then records the
    conflict for staff, ``record_application_conflict``), and the phone and PIN typed at the kiosk
    replace the online ones: nothing typed, nothing kept. At the desk staff compare the document
    with the application; the online phone and PIN stay only when the reader confirms them there
    (``keeps_online_contact``), else they are discarded and staff set a PIN with the reader."""
    patron = _locked(patron)
    if patron.status != Patron.Status.PENDING:
        raise PatronRefused(Reason.NOT_PENDING, patron=patron)
    values: dict[str, Any] = {}
    if presented is not None:
        if not rules.same_name(presented.name, patron.name):
            raise PatronRefused(Reason.APPLICATION_MISMATCH, patron=patron)
        check_phone(presented.phone)
        if presented.pin:
            _check_pin_rules(presented.pin, _id_number(patron))
        values.update(name_fields(presented.name))
        values.update(phone_fields(presented.phone))
        values["pin_hash"] = pin_hash(patron.reader_token, presented.pin) if presented.pin else ""
        values["id_issuing_authority"] = presented.id_issuing_authority[:100] or patron.id_issuing_authority
        values["id_valid_until"] = presented.id_valid_until or patron.id_valid_until
    elif not keeps_online_contact:
        values.update(phone_fields(""))
        values["pin_hash"] = ""
    if service_point is not None:
        # The reader came to this branch with the document: it becomes their home branch, whose
        # staff set their PIN and look after them (patrons.scoping).
        values["home_branch"] = service_point.branch
    values.update(
        status=Patron.Status.ACTIVE,
        registration_service_point=service_point,
        expires_on=rules.expiry_after(timezone.localdate(at), patron_settings().card_valid_years),
        pin_failures=0,
        pin_locked_until=None,
    )
    for key, value in values.items():
        setattr(patron, key, value)
    patron.save(update_fields=list(values))
    write_event(
        patron,
        RegistrationEvent.Kind.NEW_CARD,
        channel=Patron.Channel.WEB,
        service_point=service_point,
        device=device,
        at=at,
        by=by,
    )
    kept = "kiosk" if presented is not None else ("online" if keeps_online_contact else "discarded")
    log.record(
        "patron.confirm",
        at=at,
        by=by,
        obj=patron,
        detail={"service_point": service_point.code if service_point else "", "contact": kept},
    )
    return patron


@transaction.atomic(durable=True)
def record_application_conflict(patron: Patron, *, device: Device | None = None, at: datetime, by: Any) -> None:
    """Note that an ID card presented at a kiosk disagreed with the online application of its
    number: staff see it on the pending list and the reader page, and settle it at the desk."""
    log.record(
        "patron.application_conflict",
        at=at,
        by=by,
        obj=patron,
        detail={"device": device.username if device else ""},
    )


_UNCHANGED: Any = object()


@transaction.atomic(durable=True)
def update(
    patron: Patron,
    *,
    name: str = _UNCHANGED,
    phone: str = _UNCHANGED,
    address: str = _UNCHANGED,
    category: PatronCategory = _UNCHANGED,
    home_branch: Branch = _UNCHANGED,
    contact_name: str = _UNCHANGED,
    keeps_reading_history: bool = _UNCHANGED,
    at: datetime,
    by: Any,
) -> Patron:
    """Edit a reader. Sex and birth date follow the ID document and are not edited here."""
    if contact_name is not _UNCHANGED:
        check_free_text(contact_name)
    if name is not _UNCHANGED:
        check_name(name)
    if phone is not _UNCHANGED:
        check_phone(phone)
    patron = _locked(patron)
    values: dict[str, Any] = {}
    if name is not _UNCHANGED:
        values.update(name_fields(name))
    if phone is not _UNCHANGED:
        values.update(phone_fields(phone))
    if address is not _UNCHANGED:
        values.update(address_fields(address))
    for key, value in (
        ("category", category),
        ("home_branch", home_branch),
        ("contact_name", contact_name),
        ("keeps_reading_history", keeps_reading_history),
    ):
        if value is not _UNCHANGED:
            values[key] = value
    changed = [key for key, value in values.items() if getattr(patron, key) != value]
    for key in changed:
        setattr(patron, key, values[key])
    if changed:
        patron.save(update_fields=changed)
        shown = sorted(
            {key.removesuffix("_encrypted").removesuffix("_hash").removesuffix("_masked") for key in changed}
        )
        log.record("patron.update", at=at, by=by, obj=patron, detail={"fields": shown})
    return patron


def check_email(address: str) -> None:
    address = normalize_email(address)
    if not address:
        return
    try:
        validate_email(address)
    except ValidationError:
        raise PatronRefused(Reason.EMAIL_FORMAT) from None


@transaction.atomic(durable=True)
def set_notice_channel(patron: Patron, *, channel: str, email: str = _UNCHANGED, at: datetime, by: Any) -> Patron:
    """The reader's choice of how to be told (SMS, e-mail or no messages), with the e-mail address
    when one is given (``""`` removes it). E-mail needs an address. The address is stored
    encrypted with a masked form to show; the audit log says what changed, never the address."""
    if channel not in Patron.NoticeChannel.values:
        raise PatronRefused(Reason.CHANNEL_UNKNOWN)
    if email is not _UNCHANGED:
        check_email(email)
    patron = _locked(patron)
    values: dict[str, Any] = {"notice_channel": channel}
    if email is not _UNCHANGED and (normalize_email(email) or patron.email_encrypted):
        current = decrypt(patron.email_encrypted) if patron.email_encrypted else ""
        if normalize_email(email) != current:
            values.update(email_fields(email))
    has_email = values.get("email_encrypted", patron.email_encrypted)
    if channel == Patron.NoticeChannel.EMAIL and not has_email:
        raise PatronRefused(Reason.EMAIL_REQUIRED, patron=patron)
    changed = [key for key, value in values.items() if getattr(patron, key) != value]
    for key in changed:
        setattr(patron, key, values[key])
    if changed:
        patron.save(update_fields=changed)
        detail = {"channel": channel, "email_changed": "email_encrypted" in changed}
        log.record("patron.notice_channel", at=at, by=by, obj=patron, detail=detail)
    return patron


@transaction.atomic(durable=True)
def renew(patron: Patron, *, service_point: ServicePoint | None = None, at: datetime, by: Any) -> Patron:
    """Extend the card by the configured validity from today or from its expiry, whichever is later."""
    patron = _locked(patron)
    if patron.status in (Patron.Status.CLOSED, Patron.Status.PENDING):
        raise PatronRefused(Reason.NOT_ACTIVE, patron=patron)
    today = timezone.localdate(at)
    start = max(today, patron.expires_on or today)
    patron.expires_on = rules.expiry_after(start, patron_settings().card_valid_years)
    patron.status = Patron.Status.ACTIVE
    patron.save(update_fields=["expires_on", "status"])
    write_event(
        patron, RegistrationEvent.Kind.RENEWED, channel=Patron.Channel.DESK, service_point=service_point, at=at, by=by
    )
    log.record("patron.renew", at=at, by=by, obj=patron, detail={"expires_on": str(patron.expires_on)})
    return patron


@transaction.atomic(durable=True)
def block(patron: Patron, *, reason: str, kind: str = PatronBlock.Kind.MANUAL, at: datetime, by: Any) -> PatronBlock:
    check_free_text(reason)
    patron = _locked(patron)
    entry = PatronBlock.objects.create(
        patron=patron, reason=reason.strip()[:200], kind=kind, created_at=at, created_by=actor_label(by)
    )
    log.record("patron.block", at=at, by=by, obj=patron, detail={"kind": kind, "reason": entry.reason})
    return entry


@transaction.atomic(durable=True)
def lift_block(entry: PatronBlock, *, at: datetime, by: Any) -> PatronBlock:
    entry = PatronBlock.objects.select_for_update().select_related("patron").get(pk=entry.pk)
    if entry.lifted_at is not None:
        raise PatronRefused(Reason.ALREADY_LIFTED, patron=entry.patron)
    return _lift(entry, at=at, by=by)


@transaction.atomic(durable=True)
def lift_blocks(patron: Patron, *, kind: str, at: datetime, by: Any) -> int:
    """Lift the reader's open blocks of one kind (a kiosk's 25 lifts those kiosks set with 01, by
    any kiosk: the reader may come back to another one); returns how many there were."""
    entries = list(patron.blocks.select_for_update().filter(kind=kind, lifted_at__isnull=True).order_by("pk"))
    for entry in entries:
        _lift(entry, at=at, by=by)
    return len(entries)


def _lift(entry: PatronBlock, *, at: datetime, by: Any) -> PatronBlock:
    entry.lifted_at = at
    entry.lifted_by = actor_label(by)
    entry.save(update_fields=["lifted_at", "lifted_by"])
    log.record("patron.unblock", at=at, by=by, obj=entry.patron, detail={"reason": entry.reason})
    return entry


@transaction.atomic(durable=True)
def report_lost(card: PatronCard, *, replace: bool = True, at: datetime, by: Any) -> PatronCard | None:
    """Report a card lost (挂失): that identifier stops working, nothing else does; with ``replace``
    a new library card is issued at once."""
    card = PatronCard.objects.select_for_update().select_related("patron").get(pk=card.pk)
    if card.status != PatronCard.Status.ACTIVE:
        raise PatronRefused(Reason.CARD_NOT_ACTIVE, patron=card.patron)
    card.status = PatronCard.Status.LOST
    card.status_changed_at = at
    card.save(update_fields=["status", "status_changed_at"])
    log.record("patron.card_lost", at=at, by=by, obj=card.patron, detail={"card": mask_card(card.value)})
    return _issue_replacement(card.patron, at=at, by=by) if replace else None


@transaction.atomic(durable=True)
def replace_card(patron: Patron, *, at: datetime, by: Any) -> PatronCard:
    """A new library card for a worn or broken one; the old one stops working."""
    patron = _locked(patron)
    PatronCard.objects.filter(
        patron=patron, kind__in=[PatronCard.Kind.BARCODE, PatronCard.Kind.LEGACY], status=PatronCard.Status.ACTIVE
    ).update(status=PatronCard.Status.REPLACED, status_changed_at=at)
    return _issue_replacement(patron, at=at, by=by)


def _issue_replacement(patron: Patron, *, at: datetime, by: Any) -> PatronCard:
    patron = _locked(patron)
    value = cards.next_card_number()
    card = cards.issue(patron, PatronCard.Kind.BARCODE, value, at=at)
    patron.card_number = value
    patron.save(update_fields=["card_number"])
    write_event(
        patron, RegistrationEvent.Kind.CARD_REPLACED, channel=Patron.Channel.DESK, service_point=None, at=at, by=by
    )
    log.record("patron.card_replaced", at=at, by=by, obj=patron, detail={"card": mask_card(value)})
    return card


@transaction.atomic(durable=True)
def issue_qr_card(patron: Patron, *, at: datetime, by: Any) -> PatronCard:
    """A new QR e-card token (the OPAC shows it); earlier QR cards stop working."""
    patron = _locked(patron)
    PatronCard.objects.filter(patron=patron, kind=PatronCard.Kind.QR, status=PatronCard.Status.ACTIVE).update(
        status=PatronCard.Status.WITHDRAWN, status_changed_at=at
    )
    card = cards.issue(patron, PatronCard.Kind.QR, cards.new_qr_value(), at=at)
    log.record("patron.qr_card", at=at, by=by, obj=patron)
    return card


def check_pin(patron: Patron, pin: str, *, at: datetime, as_read: bool = False) -> PinResult:
    """The one PIN check of the OPAC, the SIP2 server and the API. A keyed hash and one primary-key
    read; a write only after a wrong PIN or the first right one after wrong ones. Call it outside
    any transaction of your own (the failure count must be written even when you roll back).
    ``as_read``: the whole reader was read moments ago for this request (the look-up of the card a
    kiosk, the OPAC's login or an online sign-up was given), so its PIN fields are taken as read
    instead of read again, a round trip; the read again would be no fresher, since neither is locked."""
    fields = ("pin_hash", "pin_failures", "pin_locked_until")
    if as_read:
        row = {name: getattr(patron, name) for name in fields}
    else:
        row = Patron.objects.filter(pk=patron.pk).values(*fields).first()
    if row is None or not row["pin_hash"]:
        return PinResult.NOT_SET
    if row["pin_locked_until"] is not None and row["pin_locked_until"] > at:
        return PinResult.LOCKED
    if same_hash(pin_hash(patron.reader_token, pin), row["pin_hash"]):
        if row["pin_failures"]:
            _clear_pin_failures(patron)
        return PinResult.OK
    return _record_pin_failure(patron, at=at)


@transaction.atomic(durable=True)
def _clear_pin_failures(patron: Patron) -> None:
    Patron.objects.filter(pk=patron.pk).update(pin_failures=0, pin_locked_until=None)


@transaction.atomic(durable=True)
def _record_pin_failure(patron: Patron, *, at: datetime) -> PinResult:
    settings = patron_settings()
    locked = _locked(patron)
    expired_lock = locked.pin_locked_until is not None and locked.pin_locked_until <= at
    failures = 1 if expired_lock else locked.pin_failures + 1
    until = rules.lock_until(failures, at, max_failures=settings.pin_max_failures, minutes=settings.pin_lock_minutes)
    Patron.objects.filter(pk=patron.pk).update(pin_failures=failures, pin_locked_until=until)
    if until is not None:
        log.record("patron.pin_locked", at=at, by=None, obj=locked, detail={"until": until.isoformat()})
        return PinResult.LOCKED
    return PinResult.WRONG


@transaction.atomic(durable=True)
def reset_pin(patron: Patron, *, pin: str, at: datetime, by: Any) -> Patron:
    """Staff set a new PIN when the reader shows the ID document; the lockout ends."""
    patron = _locked(patron)
    _check_pin_rules(pin, _id_number(patron))
    patron.pin_hash = pin_hash(patron.reader_token, pin)
    patron.pin_failures = 0
    patron.pin_locked_until = None
    patron.pin_change_required = False
    patron.save(update_fields=["pin_hash", "pin_failures", "pin_locked_until", "pin_change_required"])
    log.record("patron.pin_reset", at=at, by=by, obj=patron)
    return patron


def change_pin(patron: Patron, *, current: str, new: str, at: datetime, by: Any) -> Patron:
    """A reader changes their own PIN; a wrong current PIN counts towards the lockout."""
    result = check_pin(patron, current, at=at)
    if result != PinResult.OK:
        raise PatronRefused(result.refusal, patron=patron)
    return _set_pin(patron, pin=new, at=at, by=by)


@transaction.atomic(durable=True)
def _set_pin(patron: Patron, *, pin: str, at: datetime, by: Any) -> Patron:
    patron = _locked(patron)
    _check_pin_rules(pin, _id_number(patron))
    patron.pin_hash = pin_hash(patron.reader_token, pin)
    patron.pin_change_required = False
    patron.save(update_fields=["pin_hash", "pin_change_required"])
    log.record("patron.pin_changed", at=at, by=by, obj=patron)
    return patron


def _id_number(patron: Patron) -> str:
    return decrypt(patron.id_number_encrypted) if patron.id_number_encrypted else ""


REVEALABLE = {
    "id_number": "id_number_encrypted",
    "phone": "phone_encrypted",
    "email": "email_encrypted",
    "address": "address_encrypted",
    "guardian_id": "guardian_id_encrypted",
    "guardian_phone": "guardian_phone_encrypted",
}


@transaction.atomic(durable=True)
def reveal(patron: Patron, *, what: str, reason: str, at: datetime, by: Any) -> str:
    """The full value of an encrypted field, for staff with the reveal permission; audited."""
    if what not in REVEALABLE or not getattr(by, "has_perm", lambda _p: False)("patrons.reveal_personal_data"):
        raise PatronRefused(Reason.NOT_ALLOWED, patron=patron)
    check_free_text(reason)
    token = getattr(patron, REVEALABLE[what])
    log.record("patron.reveal", at=at, by=by, obj=patron, detail={"field": what, "reason": reason.strip()[:200]})
    return decrypt(token) if token else ""


EXPORT_COLUMNS = (
    "card_number",
    "name",
    "id_type",
    "id_number",
    "age",
    "sex",
    "category",
    "status",
    "home_branch",
    "registered_at",
    "expires_on",
    "phone",
)


@transaction.atomic(durable=True)
def export(patrons: list[Patron], *, include_personal: bool, at: datetime, by: Any) -> list[dict[str, Any]]:
    """Rows for an export: masked ID and phone, an age and no birth date, unless an administrator
    with the reveal permission explicitly asks for full numbers; audited either way."""
    if include_personal and not getattr(by, "has_perm", lambda _p: False)("patrons.reveal_personal_data"):
        raise PatronRefused(Reason.NOT_ALLOWED)
    today = timezone.localdate(at)
    rows = [_export_row(p, include_personal, today) for p in patrons]
    log.record("patron.export", at=at, by=by, detail={"rows": len(rows), "full_numbers": include_personal})
    return rows


def _export_row(patron: Patron, include_personal: bool, today: date) -> dict[str, Any]:
    full_id = decrypt(patron.id_number_encrypted) if include_personal and patron.id_number_encrypted else ""
    full_phone = decrypt(patron.phone_encrypted) if include_personal and patron.phone_encrypted else ""
    return {
        "card_number": patron.card_number,
        "name": patron.name,
        "id_type": str(patron.get_id_type_display()) if patron.id_type else "",
        "id_number": full_id or patron.id_number_masked,
        "age": patron.age_on(today) if patron.birth_date else "",
        "sex": str(patron.get_sex_display()) if patron.sex else "",
        "category": patron.category.name,
        "status": str(patron.get_status_display()),
        "home_branch": patron.home_branch.name,
        "registered_at": timezone.localtime(patron.registered_at).date().isoformat(),
        "expires_on": patron.expires_on.isoformat() if patron.expires_on else "",
        "phone": full_phone or patron.phone_masked,
    }


@transaction.atomic(durable=True)
def refund_deposit(
    patron: Patron, *, amount: Decimal, branch: Branch, receipt_number: str = "", note: str = "", at: datetime, by: Any
) -> DepositRefund:
    """Pay back (part of) a deposit of the old deposit-based system and register it (退押金)."""
    check_free_text(note)
    patron = _locked(patron)
    if patron.legacy_deposit <= 0:
        raise PatronRefused(Reason.NO_DEPOSIT, patron=patron)
    if amount <= 0 or amount > patron.legacy_deposit:
        raise PatronRefused(Reason.DEPOSIT_AMOUNT, patron=patron)
    refund = DepositRefund.objects.create(
        patron=patron,
        card_number=patron.card_number,
        name=patron.name,
        amount=amount,
        branch=branch,
        receipt_number=receipt_number.strip(),
        note=note.strip()[:200],
        refunded_at=at,
        refunded_by=actor_label(by),
    )
    Patron.objects.filter(pk=patron.pk).update(legacy_deposit=F("legacy_deposit") - amount)
    log.record("patron.deposit_refund", at=at, by=by, obj=patron, detail={"amount": str(amount)})
    return refund


@transaction.atomic(durable=True)
def promote_children(*, at: datetime, by: Any) -> int:
    """Store the category change of children who reached their category's age limit (queries and
    circulation already apply it from the birthday on; this keeps the stored value in step)."""
    today = timezone.localdate(at)
    moved = 0
    for category in PatronCategory.objects.filter(max_age__isnull=False, next_category__isnull=False):
        born_before = rules.born_on_or_before(today, category.max_age or 0)
        moved += Patron.objects.filter(category=category, birth_date__lte=born_before).update(
            category=category.next_category
        )
    if moved:
        log.record("patron.promote_children", at=at, by=by, detail={"readers": moved})
    return moved


@transaction.atomic(durable=True)
def purge_lapsed_applications(*, at: datetime, by: Any) -> int:
    """Delete online applications nobody confirmed within the configured days: they never became
    readers, so their personal data goes (their PENDING events stay, anonymous)."""
    cutoff = at - timedelta(days=patron_settings().pending_days)
    lapsed = Patron.objects.filter(status=Patron.Status.PENDING, registered_at__lt=cutoff)
    count = lapsed.count()
    if count:
        lapsed.delete()
        log.record("patron.purge_applications", at=at, by=by, detail={"applications": count})
    return count


@transaction.atomic(durable=True)
def count_join_attempt(*, address: str, id_number: str = "", at: datetime, by: Any = None) -> None:
    """Count one submission of the public online form against its limits (per client address and
    hour, per ID number and day); past a limit, refuse. A refused submission is not counted."""
    for limit in throttle.limits(address=address, id_number=id_number):
        if throttle.count(limit, at=at) > limit.allowed:
            raise PatronRefused(limit.reason, minutes=throttle.minutes_left(limit, at=at))


@transaction.atomic(durable=True)
def forget_join_attempts(*, at: datetime, by: Any = None) -> int:
    """Delete the online form's counts of windows that ended more than a day ago."""
    deleted, _kinds = JoinAttemptCount.objects.filter(window_start__lt=at - timedelta(days=2)).delete()
    return deleted


@transaction.atomic(durable=True)
def look_up_at_kiosk(patron: Patron, *, name: str, device: Device, at: datetime) -> Reason | None:
    """A registration kiosk asks about a person already registered: counted against the kiosk's
    hourly limit and audited, answered or not. Returns the refusal, if any, instead of raising it,
    so that the count and the audit row stay: TOO_MANY_LOOKUPS past the limit, NAME_MISMATCH when
    the name read from the card is not the record's (a kiosk key is no look-up service for names)."""
    refusal: Reason | None = None
    limit = throttle.kiosk_lookup_limit(device.pk)
    if limit is not None and throttle.count(limit, at=at) > limit.allowed:
        refusal = Reason.TOO_MANY_LOOKUPS
    elif not rules.same_name(name, patron.name):
        refusal = Reason.NAME_MISMATCH
    log.record(
        "patron.kiosk_lookup",
        at=at,
        by=device,
        obj=patron,
        detail={"device": device.username, "refused": refusal.value if refusal else ""},
    )
    return refusal


def register_or_existing(application: Application, **context: Any) -> tuple[Patron, bool]:
    """For adapters that must be idempotent (the kiosk API, the online form): the new record, or
    the one this document already has, also when two kiosks post the same person at once."""
    try:
        return register(application, **context), True
    except PatronRefused as refused:
        if refused.reason != Reason.ALREADY_REGISTERED:
            raise
        return refused.patron, False
    except IntegrityError:
        # Another transaction registered the same document between our check and our insert.
        if application.document is None:
            raise
        existing = queries.by_document(application.document.number)
        if existing is None:
            raise
        return existing, False


PIN_KEPT_WARNING = _(
    "The old PIN does not meet today's PIN rules: it still works, and the reader must change it at the next login."
)


@dataclass
class ImportReport:
    dry_run: bool
    imported: list[str] = field(default_factory=list)
    refused: list[tuple[int, str, str]] = field(default_factory=list)  # row, label, reason
    warnings: list[tuple[int, str, str]] = field(default_factory=list)


@transaction.atomic(durable=True)
def import_patrons(rows: list[ImportRow], *, dry_run: bool, at: datetime, by: Any) -> ImportReport:
    """Register the valid rows of an old system's file (one transaction, one savepoint a row);
    a dry run does all of it and rolls back, so its report is exactly what an import would do."""
    report = ImportReport(dry_run=dry_run)
    for row in rows:
        if row.application is None or row.branch is None:
            report.refused.append((row.number, row.label, row.error))
            continue
        application = row.application
        number = application.document.number if application.document else ""
        if application.pin and _pin_problem(application.pin, number) is not None:
            report.warnings.append((row.number, row.label, str(PIN_KEPT_WARNING)))
        try:
            with transaction.atomic():
                register_in_transaction(
                    application, home_branch=row.branch, channel=Patron.Channel.MIGRATION, at=at, by=by
                )
        except PatronRefused as refused:
            report.refused.append((row.number, row.label, refused.message))
        except IntegrityError:
            report.refused.append((row.number, row.label, str(Reason.ALREADY_REGISTERED.label)))
        else:
            report.imported.append(row.label)
    log.record(
        "patron.import",
        at=at,
        by=by,
        detail={"imported": len(report.imported), "refused": len(report.refused), "dry_run": dry_run},
    )
    if dry_run:
        transaction.set_rollback(True)
    return report
