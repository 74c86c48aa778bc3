"""What every handler shares: the kiosk a connection is bound to, dates, readers, items and refusals."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuyuan import fastsql
from shuyuan.branches.models import ServicePoint
from shuyuan.catalog import queries as catalog_queries
from shuyuan.catalog.models import Item, ItemType
from shuyuan.circulation.errors import CirculationRefused
from shuyuan.circulation.errors import Reason as CirculationReason
from shuyuan.devices.models import Device
from shuyuan.patrons import queries as patron_queries
from shuyuan.patrons.errors import PatronRefused
from shuyuan.patrons.errors import Reason as PatronReason
from shuyuan.patrons.models import Patron
from shuyuan.patrons.rules import PinResult
from shuyuan.patrons.services import check_pin
from shuyuan.sip2 import messages as m
from shuyuan.sip2.models import KioskItemProperties, KioskOptions

CHINESE = "019"
NOT_AVAILABLE = gettext_lazy("This service is not available at the kiosk; please ask at the desk.")
SYSTEM_ERROR = gettext_lazy("Something went wrong; please ask at the desk.")
NO_SERVICE_POINT = gettext_lazy("This kiosk has no service point; please ask at the desk.")
PIN_REQUIRED = gettext_lazy("Please enter your PIN.")


@dataclass(frozen=True)
class Kiosk:
    """The device a connection logged in as, with what every response needs from it."""

    device: Device
    service_point: ServicePoint | None
    due_date_form: str = KioskOptions.DueDateForm.SIP2

    @classmethod
    def of(cls, device: Device) -> Kiosk:
        options = KioskOptions.objects.filter(device=device).first()
        point = device.service_point or (
            ServicePoint.objects.filter(branch=device.branch, kind=ServicePoint.Kind.KIOSK).order_by("code").first()
        )
        return cls(device, point, options.due_date_form if options else KioskOptions.DueDateForm.SIP2)

    @property
    def encoding(self) -> str:
        return self.device.character_set or m.DEFAULT_ENCODING

    @property
    def institution_id(self) -> str:
        return self.device.institution_id or self.device.branch.code

    @property
    def location_name(self) -> str:
        return self.service_point.name if self.service_point is not None else self.device.branch.name

    def due_date(self, due_at: datetime | None) -> str:
        """AH in the form this kiosk expects."""
        if due_at is None:
            return ""
        day = local(due_at).date()
        if self.due_date_form == KioskOptions.DueDateForm.ISO:
            return day.isoformat()
        if self.due_date_form == KioskOptions.DueDateForm.CHINESE:
            return f"{day.year}年{day.month}月{day.day}日"
        return m.format_date(local(due_at))


# A handler that writes may be a generator that pauses twice: where its reads end and where its
# writes end. The server's database thread then runs its reads before a group commit and its answer
# after it (``shuyuan.sip2.database``); ``finished`` runs one in one go.
R = TypeVar("R", bound=m.Message)
Steps = Generator[None, None, R]
Handler = Callable[[Kiosk, Any, datetime], m.Message | Steps[Any]]


def finished(answer: m.Message | Steps[Any]) -> m.Message:
    """A handler's answer, running a paused handler to its end."""
    if not inspect.isgenerator(answer):
        return answer  # type: ignore[return-value]
    try:
        while True:
            next(answer)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]


HANDLERS: dict[type[m.Message], Handler] = {}
# Requests whose handlers only read: the database thread answers them without waiting for a group
# commit. Only a hint: a service such a handler calls (a PIN check counting a wrong try) still
# commits its own transaction.
READS_ONLY: set[type[m.Message]] = set()


def handles(request_type: type[m.Message], *, reads_only: bool = False) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[request_type] = handler
        if reads_only:
            READS_ONLY.add(request_type)
        return handler

    return register


class Refusal(Exception):
    """Why a request cannot be served, in words for the reader, with the service's reason code."""

    def __init__(self, text: str, reason: str, *, patron: Patron | None = None) -> None:
        super().__init__(reason)
        self.text = text
        self.reason = reason
        self.patron = patron

    @classmethod
    def of(cls, refused: PatronRefused | CirculationRefused) -> Refusal:
        patron = getattr(refused, "patron", None)
        return cls(refused.message, refused.reason.value, patron=patron if isinstance(patron, Patron) else None)


# --- dates -----------------------------------------------------------------------------------------


def local(at: datetime) -> datetime:
    """A SIP2 date is local time without a zone; the library's time zone is the settings' (no request
    activates another)."""
    return timezone.localtime(at, timezone.get_default_timezone()).replace(tzinfo=None)


def aware(value: datetime) -> datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def when(kiosk_date: datetime | None, *, offline: bool, now: datetime) -> datetime:
    """The time of an act: the kiosk's own date for an off-line transaction, else the server's clock.

    A kiosk clock ahead of ours is not allowed to date an act in the future.
    """
    if not offline or kiosk_date is None:
        return now
    return min(aware(kiosk_date), now)


# --- readers ---------------------------------------------------------------------------------------

CardRows = list[tuple[Any, ...]]  # what patron_queries.card_statement read


@dataclass(frozen=True)
class Reader:
    patron: Patron
    pin: PinResult | None  # None: no PIN was checked


def find_reader(identifier: str, *, card_rows: CardRows | None = None) -> Patron:
    """The reader of a library card, an old card, a QR e-card or an ID number (``card_rows``: the
    card's look-up, read already with the item: ``Scans``)."""
    try:
        return patron_queries.resolve(identifier, card_rows=card_rows)
    except PatronRefused as refused:
        raise Refusal.of(refused) from None


def identify(kiosk: Kiosk, identifier: str, pin: str, at: datetime, *, card_rows: CardRows | None = None) -> Reader:
    """The reader, and the PIN checked whenever the kiosk sent one (AD), through the PIN service and
    its lockout: a kiosk that asks readers for their PIN must not let a wrong one act on a card.
    The device's ``requires_pin`` only decides whether a missing PIN counts as a wrong one. The
    reader's look-up reads the whole record, its PIN fields with it: the check reads nothing more."""
    patron = find_reader(identifier, card_rows=card_rows)
    if not (pin or kiosk.device.requires_pin):
        return Reader(patron, None)
    if not pin:
        return Reader(patron, PinResult.WRONG)
    return Reader(patron, check_pin(patron, pin, at=at, as_read=True))


def reader_for_circulation(
    kiosk: Kiosk, identifier: str, pin: str, at: datetime, *, card_rows: CardRows | None = None
) -> Patron:
    """The reader, refused unless the PIN is right when one was sent or the kiosk requires one."""
    reader = identify(kiosk, identifier, pin, at, card_rows=card_rows)
    if reader.pin is None or reader.pin == PinResult.OK:
        return reader.patron
    if not pin:
        raise Refusal(str(PIN_REQUIRED), PatronReason.PIN_WRONG.value, patron=reader.patron)
    raise Refusal(str(reader.pin.refusal.label), reader.pin.refusal.value, patron=reader.patron)


# --- items -----------------------------------------------------------------------------------------

KIOSK_ITEM = (KioskItemProperties,)  # what a kiosk keeps beside an item, read with it


def find_item(barcode: str) -> Item:
    """The item of a scanned barcode, old barcode or RFID tag id, with what every kiosk response
    shows of it and the properties a kiosk stored for it, in one statement."""
    return known(catalog_queries.item_by_barcode(barcode, also=KIOSK_ITEM))


def looks_up_first() -> bool:
    """Whether a checkout or a check-in looks the codes scanned up before it writes, rather than with
    its locks: where the server commits the kiosks' writes in groups (SQLite, ``shuyuan.sip2.database``),
    a read in the group would hold the one write lock the longer (saturated, 5–13 % fewer checkouts a
    second: bench/results/pg-city/LOG.md, session 16), and a read in the process saves no round trip."""
    return hasattr(connection, "group_commit")


def known(item: Item | None) -> Item:
    if item is None:
        raise Refusal.of(CirculationRefused(CirculationReason.UNKNOWN_ITEM))
    return item


@dataclass(frozen=True)
class Scans:
    """A checkout's two scans read in one round trip, where the reader is found before the checkout
    (``loans.checks_the_reader_first``): the item (``find_item``'s read) and the look-up of the
    reader's card (for ``find_reader``; None when the identifier is not read as a card)."""

    item: Item | None
    card_rows: CardRows | None

    @classmethod
    def read(cls, barcode: str, identifier: str) -> Scans:
        item_read = catalog_queries.item_statement(barcode, also=KIOSK_ITEM)
        card_read = patron_queries.card_statement(identifier)
        reads = [read for read in (item_read, card_read) if read is not None]
        found = iter(fastsql.fetch_each(reads) if reads else [])
        item = catalog_queries.item_from(next(found), also=KIOSK_ITEM) if item_read is not None else None
        return cls(item, next(found) if card_read is not None else None)


def item_properties(item: Item | None) -> str:
    """CH: what a kiosk stored for the item with 19, or nothing."""
    stored = getattr(item, "sip2_properties", None) if item is not None else None
    return stored.properties if stored is not None else ""


def service_point_of(kiosk: Kiosk) -> ServicePoint:
    if kiosk.service_point is None:
        raise Refusal(str(NO_SERVICE_POINT), "no_service_point")
    return kiosk.service_point


def media_type(item_type: ItemType) -> str:
    """CK: what the kiosk's security gate needs to know, set on the item type."""
    return item_type.media_type


MAGNETIC = {
    ItemType.MediaType.AUDIO_TAPE,
    ItemType.MediaType.VIDEO_TAPE,
    ItemType.MediaType.CD,
    ItemType.MediaType.DISKETTE,
    ItemType.MediaType.BOOK_WITH_DISKETTE,
    ItemType.MediaType.BOOK_WITH_CD,
    ItemType.MediaType.BOOK_WITH_AUDIO_TAPE,
}


def is_magnetic(item_type: ItemType) -> bool:
    """Magnetic media: the kiosk must not desensitize them with a strong field (tapes, discs)."""
    return item_type.media_type in MAGNETIC


def title_of(item: Item) -> str:
    return item.record.title


def shelf_location(item: Item) -> str:
    """AQ: the permanent location a returns sorter and the reader understand."""
    location = item.collection.shelving_location or item.collection.name
    return f"{item.home_branch.name} {location}".strip()


def greeting(patron: Patron, *, pin_verified: bool) -> str:
    from shuyuan.patrons.masking import mask_name

    return _("Hello, %(name)s.") % {"name": patron.name if pin_verified else mask_name(patron.name)}
