"""Acquisitions services: every change to vendors, funds, orders, receipts, invoices, suggestions,
donations and the exchange pool goes through one of these, each in one transaction.

Money: a line commits ``unit_cost × (quantity − cancelled − invoiced)`` of its fund; an invoice moves
the invoiced copies' commitment out and its real amount into ``spent``; a rollover carries a closed
year's remaining budget and open commitments into the next year's fund. No amount is rounded twice:
``unit_cost`` is rounded once, to the fen, when the line is made.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.acquisitions.conf import acquisitions_settings
from shuyuan.acquisitions.errors import AcquisitionsRefused, Reason
from shuyuan.acquisitions.models import (
    ZERO,
    Campaign,
    Claim,
    Discrepancy,
    Donation,
    ExchangeFair,
    Fund,
    Invoice,
    InvoiceLine,
    LocalDocument,
    NumberSeries,
    Order,
    OrderLine,
    PoolMovement,
    PurchaseSuggestion,
    Receipt,
    ReceiptBatch,
    Vendor,
)
from shuyuan.audit import log
from shuyuan.audit.log import actor_fields
from shuyuan.catalog import items as catalog_items
from shuyuan.catalog import services as catalog_services
from shuyuan.catalog.importing import ImportOptions, marc_steps
from shuyuan.catalog.marc import Bib, MarcFormat
from shuyuan.catalog.marc.numbers import clean_isbn, isbn_is_valid, isbn_key
from shuyuan.catalog.models import Collection, Item, ItemType, OldBarcode, Record
from shuyuan.catalog.records import Incoming, marc_for
from shuyuan.catalog.search import index_records
from shuyuan.circulation import services as circulation
from shuyuan.patrons.models import Patron

FEN = Decimal("0.01")


def money(value: Any) -> Decimal:
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def _label(by: Any) -> str:
    return str(actor_fields(by)["actor_label"])[:150]


# ----------------------------------------------------------------------------- vendors and funds


@transaction.atomic(durable=True)
def add_vendor(
    name: str,
    *,
    city: str = "",
    contact: str = "",
    phone: str = "",
    discount: Decimal = Decimal("1"),
    at: datetime,
    by: Any,
) -> Vendor:
    vendor = Vendor.objects.create(name=name, city=city, contact=contact, phone=phone, discount=discount)
    log.record("acquisitions.add_vendor", at=at, by=by, obj=vendor, detail={"city": city})
    return vendor


@transaction.atomic(durable=True)
def add_fund(code: str, name: str, year: int, allocated: Decimal, *, at: datetime, by: Any) -> Fund:
    fund = Fund.objects.create(code=code, name=name, year=year, allocated=money(allocated))
    log.record("acquisitions.add_fund", at=at, by=by, obj=fund, detail={"allocated": str(fund.allocated)})
    return fund


@transaction.atomic(durable=True)
def allocate(fund: Fund, amount: Decimal, *, at: datetime, by: Any) -> Fund:
    """Add ``amount`` (negative to take some back) to a fund's budget."""
    fund = Fund.objects.select_for_update().get(pk=fund.pk)
    if fund.is_closed:
        raise AcquisitionsRefused(Reason.FUND_CLOSED, str(fund))
    fund.allocated += money(amount)
    fund.save(update_fields=["allocated"])
    log.record("acquisitions.allocate", at=at, by=by, obj=fund, detail={"amount": str(money(amount))})
    return fund


@transaction.atomic(durable=True)
def rollover(fund: Fund, *, at: datetime, by: Any) -> Fund:
    """Close ``fund``'s year: its remaining budget and its open commitments go to the same code's fund
    of the next year (made if missing), and the open order lines are charged to that fund from now on."""
    fund = Fund.objects.select_for_update().get(pk=fund.pk)
    if fund.is_closed:
        raise AcquisitionsRefused(Reason.FUND_CLOSED, str(fund))
    following, _created = Fund.objects.select_for_update().get_or_create(
        code=fund.code, year=fund.year + 1, defaults={"name": fund.name}
    )
    open_commitment = fund.committed
    carried = fund.remaining + open_commitment
    OrderLine.objects.filter(fund=fund).update(fund=following)
    fund.rolled_out += carried
    fund.committed = ZERO
    fund.is_closed = True
    fund.save(update_fields=["rolled_out", "committed", "is_closed"])
    Fund.objects.filter(pk=following.pk).update(
        rolled_in=F("rolled_in") + carried, committed=F("committed") + open_commitment
    )
    log.record(
        "acquisitions.rollover",
        at=at,
        by=by,
        obj=fund,
        detail={"to": following.pk, "carried": str(carried), "commitments": str(open_commitment)},
    )
    return Fund.objects.get(pk=following.pk)


# ----------------------------------------------------------------------------- orders


@dataclass
class LineSpec:
    """One title to order for one collection."""

    title: str
    quantity: int
    price: Decimal
    collection: Collection
    item_type: ItemType
    isbn: str = ""
    author: str = ""
    publisher: str = ""
    clc: str = ""
    record: Record | None = None
    discount: Decimal | None = None
    suggestions: list[PurchaseSuggestion] = field(default_factory=list)


def duplicate_warnings(specs: list[LineSpec]) -> list[str]:
    """A sentence for each title already held or already on an open order."""
    warnings: list[str] = []
    for spec in specs:
        key = isbn_key(clean_isbn(spec.isbn)) if spec.isbn else ""
        held = Record.objects.filter(isbn_key=key) if key else Record.objects.filter(title=spec.title)
        if spec.record is not None:
            held = Record.objects.filter(pk=spec.record.pk)
        copies = Item.objects.filter(record__in=held).count()
        if copies:
            warnings.append(
                _("《%(title)s》 is already held (%(count)d copies)") % {"title": spec.title, "count": copies}
            )
        lines = OrderLine.objects.filter(order__status=Order.Status.OPEN)
        lines = lines.filter(isbn_key=key) if key else lines.filter(title=spec.title)
        on_order = sum(line.outstanding for line in lines)
        if on_order:
            warnings.append(
                _("《%(title)s》 is already on order (%(count)d copies not yet received)")
                % {"title": spec.title, "count": on_order}
            )
    return warnings


def _next_number(prefix: str, digits: int, taken: QuerySet[Any]) -> str:
    """The next serial under ``prefix``, taken under the series' row lock (inside the caller's
    transaction); a series starts after the highest number already given by hand or before it existed."""
    series, created = NumberSeries.objects.get_or_create(prefix=prefix)
    series = NumberSeries.objects.select_for_update().get(pk=series.pk)
    if created:
        numbers = taken.filter(number__startswith=prefix).values_list("number", flat=True)
        series.last = max((int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()), default=0)
    while True:
        series.last += 1
        number = f"{prefix}{series.last:0{digits}d}"
        if not taken.filter(number=number).exists():
            series.save(update_fields=["last"])
            return number


def next_order_number(at: datetime) -> str:
    return _next_number(f"DD{timezone.localtime(at):%Y%m}", 4, Order.objects.all())


@transaction.atomic(durable=True)
def place_order(
    vendor: Vendor,
    fund: Fund,
    specs: list[LineSpec],
    *,
    source: str,
    at: datetime,
    by: Any,
    note: str = "",
    number: str = "",
) -> Order:
    """Order ``specs`` from ``vendor`` on ``fund``. The order keeps the duplicate warnings it was placed
    with; a fund that it would overspend refuses it or only warns, as configured (``overspend``)."""
    if not specs:
        raise AcquisitionsRefused(Reason.NOTHING_TO_DO)
    fund = Fund.objects.select_for_update().get(pk=fund.pk)
    if fund.is_closed:
        raise AcquisitionsRefused(Reason.FUND_CLOSED, str(fund))
    warnings = duplicate_warnings(specs)
    lines = []
    for spec in specs:
        if spec.quantity < 1:
            raise AcquisitionsRefused(Reason.NOTHING_TO_DO, spec.title)
        discount = vendor.discount if spec.discount is None else spec.discount
        isbn = clean_isbn(spec.isbn) if spec.isbn else ""
        lines.append(
            OrderLine(
                fund=fund,
                record=spec.record,
                isbn=isbn,
                isbn_key=isbn_key(isbn) if isbn else "",
                title=spec.title[:500],
                author=spec.author[:300],
                publisher=spec.publisher[:200],
                clc=spec.clc[:60],
                collection=spec.collection,
                item_type=spec.item_type,
                quantity=spec.quantity,
                price=money(spec.price),
                discount=discount,
                unit_cost=money(money(spec.price) * discount),
            )
        )
    total = sum((line.unit_cost * line.quantity for line in lines), ZERO)
    if total > fund.remaining:
        if acquisitions_settings().overspend == "refuse":
            raise AcquisitionsRefused(
                Reason.FUND_OVERSPENT,
                _("the order costs %(total)s, the fund has %(remaining)s left")
                % {"total": total, "remaining": fund.remaining},
            )
        warnings.append(
            _("the fund %(fund)s is overspent: the order costs %(total)s, %(remaining)s was left")
            % {"fund": fund, "total": total, "remaining": fund.remaining}
        )
    order = Order.objects.create(
        number=number or next_order_number(at),
        vendor=vendor,
        fund=fund,
        source=source,
        placed_at=at,
        placed_by=_label(by),
        note=note[:200],
        warnings=warnings,
    )
    chosen = [s.pk for spec in specs for s in spec.suggestions]
    if chosen:
        # Locked, so that two orders made at once from the same suggestions do not both take them.
        ready = PurchaseSuggestion.objects.select_for_update().filter(
            pk__in=chosen, status=PurchaseSuggestion.Status.ACCEPTED, line__isnull=True
        )
        if len(ready.values_list("pk", flat=True)) != len(set(chosen)):
            raise AcquisitionsRefused(Reason.NOT_ACCEPTED)
    for line in lines:
        line.order = order
    OrderLine.objects.bulk_create(lines)
    created = list(order.lines.order_by("pk"))
    for spec, line in zip(specs, created, strict=True):
        if spec.suggestions:
            PurchaseSuggestion.objects.filter(pk__in=[s.pk for s in spec.suggestions]).update(
                line=line, status=PurchaseSuggestion.Status.ORDERED
            )
    fund.committed += total
    fund.save(update_fields=["committed"])
    log.record(
        "acquisitions.place_order",
        at=at,
        by=by,
        obj=order,
        detail={"lines": len(lines), "total": str(total), "warnings": len(warnings)},
    )
    return order


@transaction.atomic(durable=True)
def cancel(line: OrderLine, quantity: int, *, at: datetime, by: Any, reason: str = "") -> OrderLine:
    """Cancel ``quantity`` copies not yet received; their commitment goes back to the fund."""
    line = OrderLine.objects.select_for_update().get(pk=line.pk)
    if quantity < 1:
        raise AcquisitionsRefused(Reason.NOTHING_TO_DO)
    if quantity > line.outstanding:
        raise AcquisitionsRefused(Reason.MORE_THAN_OPEN, f"{line.title}: {quantity} > {line.outstanding}")
    Fund.objects.select_for_update().filter(pk=line.fund_id).update(
        committed=F("committed") - line.unit_cost * quantity
    )
    line.cancelled += quantity
    line.save(update_fields=["cancelled"])
    _close_if_done(line.order_id)
    log.record(
        "acquisitions.cancel",
        at=at,
        by=by,
        obj=line.order,
        detail={"line": line.pk, "copies": quantity, "reason": reason[:200]},
    )
    return line


def _close_if_done(order_id: int) -> None:
    lines = OrderLine.objects.filter(order_id=order_id)
    if all(line.outstanding == 0 and line.invoiced == line.received for line in lines):
        Order.objects.filter(pk=order_id).update(status=Order.Status.CLOSED)


@transaction.atomic(durable=True)
def claim(line: OrderLine, *, at: datetime, by: Any, note: str = "") -> Claim:
    """Claim from the vendor the copies of ``line`` that have not arrived."""
    line = OrderLine.objects.select_for_update().get(pk=line.pk)
    if line.outstanding < 1:
        raise AcquisitionsRefused(Reason.NOTHING_TO_DO, line.title)
    made = Claim.objects.create(line=line, quantity=line.outstanding, claimed_at=at, note=note[:200])
    line.claimed += 1
    line.save(update_fields=["claimed"])
    log.record("acquisitions.claim", at=at, by=by, obj=line.order, detail={"line": line.pk, "copies": made.quantity})
    return made


@dataclass
class InvoiceItem:
    line: OrderLine
    quantity: int
    amount: Decimal


@transaction.atomic(durable=True)
def record_invoice(
    vendor: Vendor, number: str, issued_on: date, entries: list[InvoiceItem], *, at: datetime, by: Any
) -> Invoice:
    """An invoice for copies received and not yet invoiced: each entry's commitment leaves the fund's
    ``committed`` and its real amount is added to ``spent``."""
    if not entries or not number.strip():
        raise AcquisitionsRefused(Reason.NOTHING_TO_DO)
    for entry in entries:
        amount = Decimal(entry.amount)
        # Exact: an amount is taken as written, never rounded to make it fit.
        if not amount.is_finite() or amount < 0 or amount != money(amount):
            raise AcquisitionsRefused(Reason.BAD_AMOUNT, f"{entry.line.title}: {entry.amount}")
    number = number.strip()
    if Invoice.objects.filter(vendor=vendor, number=number).exists():
        raise AcquisitionsRefused(Reason.INVOICE_EXISTS, number)
    total = sum((money(entry.amount) for entry in entries), ZERO)
    orders: set[int] = set()
    try:
        with transaction.atomic():
            invoice = Invoice.objects.create(
                vendor=vendor, number=number, issued_on=issued_on, total=total, recorded_at=at
            )
    except IntegrityError:
        # The same number recorded at the same moment by someone else.
        raise AcquisitionsRefused(Reason.INVOICE_EXISTS, number) from None
    for entry in entries:
        line = OrderLine.objects.select_for_update().select_related("order").get(pk=entry.line.pk)
        if line.order.vendor_id != vendor.pk:
            raise AcquisitionsRefused(Reason.OTHER_VENDOR, f"L{line.pk} {line.title}")
        if entry.quantity < 1 or entry.quantity > line.received - line.invoiced:
            raise AcquisitionsRefused(Reason.MORE_THAN_RECEIVED, f"{line.title}: {entry.quantity}")
        Fund.objects.select_for_update().filter(pk=line.fund_id).update(
            committed=F("committed") - line.unit_cost * entry.quantity, spent=F("spent") + money(entry.amount)
        )
        InvoiceLine.objects.create(
            invoice=invoice, line=line, fund_id=line.fund_id, quantity=entry.quantity, amount=money(entry.amount)
        )
        line.invoiced += entry.quantity
        line.save(update_fields=["invoiced"])
        orders.add(line.order_id)
    for order_id in sorted(orders):
        _close_if_done(order_id)
    log.record("acquisitions.invoice", at=at, by=by, obj=invoice, detail={"total": str(total)})
    return invoice


# ----------------------------------------------------------------------------- receiving


def _ensure_record(line: OrderLine, *, at: datetime, by: Any) -> Record:
    """The line's record, or a brief one made from the order line through the catalogue's importer."""
    if line.record_id is not None:
        return line.record  # type: ignore[return-value]
    bib = Bib(
        marc_format=MarcFormat.CNMARC,
        title=line.title,
        responsibility=line.author,
        authors=[line.author] if line.author else [],
        isbns=[line.isbn] if line.isbn else [],
        publisher=line.publisher,
        clc=line.clc,
        call_number=line.clc,
        price=str(line.price),
    )
    incoming = Incoming(1, None, bib, marc_for(bib, MarcFormat.CNMARC, entered=at.date()), MarcFormat.CNMARC)
    outcome = catalog_services.add_records([incoming], file_name=line.order.number, at=at, by=by)
    line.record_id = outcome.record_ids[0]
    line.save(update_fields=["record"])
    return Record.objects.get(pk=line.record_id)


def _receive_copies(
    line: OrderLine,
    count: int,
    *,
    at: datetime,
    by: Any,
    barcodes: list[str] | None = None,
    batch: ReceiptBatch | None = None,
    request_key: str | None = None,
    deferred: bool = False,
) -> Receipt:
    """Make ``count`` copies of a locked line in processing (the cataloguing work queue). ``deferred``
    (a shipment): the caller saves the line and receipt, tells the readers and indexes, once for all lines."""
    if count > line.outstanding:
        raise AcquisitionsRefused(
            Reason.MORE_THAN_ORDERED,
            _("《%(title)s》: %(count)d received, %(left)d still expected")
            % {"title": line.title, "count": count, "left": line.outstanding},
        )
    record = _ensure_record(line, at=at, by=by)
    made = catalog_items.create_items(
        record,
        count,
        collection=line.collection,
        item_type=line.item_type,
        at=at,
        by=by,
        price=line.price,
        reason=f"{line.order.number}/{line.pk}",
        barcodes=barcodes,
        index=not deferred,
    )
    line.received += count
    receipt = Receipt(
        line=line,
        batch=batch,
        quantity=count,
        received_at=at,
        by_label=_label(by),
        request_key=request_key,
        barcodes=[item.barcode for item in made],
    )
    if not deferred:
        line.save(update_fields=["received"])
        receipt.save()
        _suggestions_arrived(line, record, at=at, by=by)
    return receipt


def _suggestions_arrived(line: OrderLine, record: Record, *, at: datetime, by: Any) -> None:
    """The line's ordered suggestions are marked arrived, and each reader who asked is told once by
    circulation's notices (their chosen channel). A later receipt of the line finds none ordered."""
    waiting = list(PurchaseSuggestion.objects.filter(line=line, status=PurchaseSuggestion.Status.ORDERED))
    for suggestion in waiting:
        suggestion.status = PurchaseSuggestion.Status.ARRIVED
        suggestion.arrived_at = at
        suggestion.record = record
        suggestion.answer = _("Your suggestion has arrived and is being processed; you may place the first hold.")
        suggestion.save(update_fields=["status", "arrived_at", "record", "answer"])
        # The reader's note: audited here, shown by suggestions_of in the reader's account.
        log.record(
            "acquisitions.suggestion_arrived",
            at=at,
            by=by,
            obj=suggestion,
            detail={"record": record.pk, "patron": suggestion.patron_id},
        )
    if waiting:
        circulation.notify_suggestion_arrived(
            [suggestion.patron_id for suggestion in waiting], title=record.title, record_id=record.pk, at=at
        )


def find_line(code: str) -> OrderLine:
    """The open line a scanned ISBN or order-line code (``L`` + number) names, oldest order first."""
    code = code.strip()
    lines = OrderLine.objects.filter(order__status=Order.Status.OPEN).order_by("order__placed_at", "pk")
    if re.fullmatch(r"[Ll]\d+", code):
        line = lines.filter(pk=int(code[1:])).first()
        if line is None:
            raise AcquisitionsRefused(Reason.NOT_ON_ORDER, code)
        return line
    isbn = clean_isbn(code)
    if not isbn_is_valid(isbn):
        raise AcquisitionsRefused(Reason.INVALID_ISBN, code)
    candidates = list(lines.filter(isbn_key=isbn_key(isbn)))
    if not candidates:
        raise AcquisitionsRefused(Reason.NOT_ON_ORDER, code)
    open_lines = [line for line in candidates if line.outstanding > 0]
    if not open_lines:
        raise AcquisitionsRefused(
            Reason.MORE_THAN_ORDERED,
            _("all copies of 《%(title)s》 have been received") % {"title": candidates[0].title},
        )
    return open_lines[0]


@transaction.atomic(durable=True)
def receive(line: OrderLine, quantity: int = 1, *, at: datetime, by: Any, request_key: str | None = None) -> Receipt:
    """Receive ``quantity`` copies of ``line`` (a scan, or a partial receipt). ``request_key`` (the
    form's one-time key) makes a resubmitted request return the first receipt instead of a second."""
    if request_key:
        earlier = Receipt.objects.filter(request_key=request_key).first()
        if earlier is not None:
            return earlier
    if quantity < 1:
        raise AcquisitionsRefused(Reason.NOTHING_TO_DO)
    line = OrderLine.objects.select_for_update(of=("self",)).select_related("order").get(pk=line.pk)
    if line.order.status != Order.Status.OPEN:
        raise AcquisitionsRefused(Reason.ORDER_CLOSED, line.order.number)
    try:
        with transaction.atomic():
            receipt = _receive_copies(line, quantity, at=at, by=by, request_key=request_key or None)
    except IntegrityError:
        # The same key committed by a concurrent request between our look-up and our insert.
        earlier = Receipt.objects.filter(request_key=request_key).first() if request_key else None
        if earlier is None:
            raise
        return earlier
    log.record("acquisitions.receive", at=at, by=by, obj=line.order, detail={"line": line.pk, "copies": quantity})
    return receipt


def receive_scan(code: str, *, at: datetime, by: Any, request_key: str | None = None) -> Receipt:
    """One copy for a scanned ISBN or order-line code."""
    return receive(find_line(code), 1, at=at, by=by, request_key=request_key)


_BARCODE = re.compile(r"^[0-9A-Za-z-]{4,40}$")


def read_barcode_list(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(ISBN, barcode) per copy from a vendor's list, one copy a line (``ISBN,barcode``, tab or
    comma), and a sentence for each garbled line."""
    rows: list[tuple[str, str]] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        parts = [part.strip() for part in re.split(r"[,\t;]", line)]
        if len(parts) < 2:
            problems.append(
                _("line %(n)d: expected an ISBN and a barcode: %(text)s") % {"n": number, "text": line[:60]}
            )
            continue
        isbn, barcode = clean_isbn(parts[0]), parts[1]
        if not isbn_is_valid(isbn):
            problems.append(_("line %(n)d: the ISBN is not valid: %(text)s") % {"n": number, "text": parts[0][:30]})
        elif not _BARCODE.match(barcode):
            problems.append(_("line %(n)d: the barcode cannot be read: %(text)s") % {"n": number, "text": barcode[:40]})
        else:
            rows.append((isbn_key(isbn), barcode))
    return rows, problems


def _barcode_problems(rows: list[tuple[str, str]]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for _key, barcode in rows:
        if barcode in seen:
            problems.append(_("the barcode %(code)s appears twice in the list") % {"code": barcode})
        seen.add(barcode)
    codes = [barcode for _key, barcode in rows]
    taken: set[str] = set()
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        taken |= set(Item.objects.filter(barcode__in=chunk).values_list("barcode", flat=True))
        taken |= set(OldBarcode.objects.filter(barcode__in=chunk).values_list("barcode", flat=True))
    problems.extend(_("the barcode %(code)s is already used by a copy") % {"code": code} for code in sorted(taken))
    return problems


@transaction.atomic(durable=True)
def receive_batch(
    order: Order, marc: bytes, barcode_list: str, *, at: datetime, by: Any, file_name: str = ""
) -> ReceiptBatch:
    """Receive a vendor's shipment: its MARC records go in through the catalogue's importer, and each
    barcode of its list becomes a copy of the order line with that ISBN. Copies beyond what a line
    still expects, and ISBNs not on the order, are kept as discrepancies for a person to decide.
    A garbled line, a barcode already in use or any failure refuses the whole shipment: all or nothing."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status != Order.Status.OPEN:
        raise AcquisitionsRefused(Reason.ORDER_CLOSED, order.number)
    rows, problems = read_barcode_list(barcode_list)
    problems += _barcode_problems(rows)
    entries: dict[str, Incoming] = {}
    for entry, entry_problems in marc_steps(io.BytesIO(marc), ImportOptions()):
        if entry is None:
            problems.extend(
                _("record %(n)d of the MARC file cannot be read") % {"n": p.number} for p in entry_problems[:1]
            )
            continue
        key = entry.record_values()["isbn_key"]
        if key:
            entry.copies = []  # the copies come from the barcode list
            entries.setdefault(key, entry)
    if problems:
        raise AcquisitionsRefused(Reason.BAD_LINE, _("%(count)d problems") % {"count": len(problems)}, problems)
    if not rows:
        raise AcquisitionsRefused(Reason.NOTHING_TO_DO)
    lines = list(
        OrderLine.objects.select_for_update(of=("self",))
        .filter(order=order)
        .select_related("collection", "item_type", "record")
        .order_by("pk")
    )
    by_key: dict[str, list[OrderLine]] = defaultdict(list)
    for line in lines:
        by_key[line.isbn_key].append(line)
    barcodes_of: dict[str, list[str]] = defaultdict(list)
    for key, barcode in rows:
        barcodes_of[key].append(barcode)
    batch = ReceiptBatch.objects.create(order=order, file_name=file_name[:255], received_at=at, by_label=_label(by))
    # The records of the titles on order, through the catalogue's importer, in one store.
    wanted = [entries[key] for key in barcodes_of if key in by_key and key in entries]
    for number, entry in enumerate(wanted, start=1):
        entry.number = number
    if wanted:
        outcome = catalog_services.add_records(wanted, file_name=file_name or order.number, at=at, by=by)
        record_of_key = {entry.record_values()["isbn_key"]: pk for pk, entry in outcome.stored.items()}
        records = Record.objects.in_bulk(list(record_of_key.values()))
        linked = [line for line in lines if line.record_id is None and line.isbn_key in record_of_key]
        for line in linked:
            line.record = records[record_of_key[line.isbn_key]]
        OrderLine.objects.bulk_update(linked, ["record"])
    order_ref = order  # lines share it: one object for the reason text
    kinds = volumes = 0
    discrepancies: list[Discrepancy] = []
    receipts: list[Receipt] = []
    for key, codes in barcodes_of.items():
        candidates = by_key.get(key, [])
        title = candidates[0].title if candidates else (entries[key].record_values()["title"] if key in entries else "")
        if not candidates:
            discrepancies += [
                Discrepancy(batch=batch, kind=Discrepancy.Kind.NOT_ON_ORDER, isbn=key, title=title[:500], barcode=code)
                for code in codes
            ]
            continue
        took_any = False
        for line in candidates:
            line.order = order_ref
            take = min(line.outstanding, len(codes))
            if take:
                receipts.append(
                    _receive_copies(line, take, at=at, by=by, barcodes=codes[:take], batch=batch, deferred=True)
                )
                codes = codes[take:]
                volumes += take
                took_any = True
        kinds += took_any
        discrepancies += [
            Discrepancy(batch=batch, kind=Discrepancy.Kind.OVER_RECEIPT, isbn=key, title=title[:500], barcode=code)
            for code in codes
        ]
    Discrepancy.objects.bulk_create(discrepancies)
    Receipt.objects.bulk_create(receipts)
    touched = [receipt.line for receipt in receipts]
    OrderLine.objects.bulk_update(touched, ["received"])
    for line in OrderLine.objects.filter(pk__in=[line.pk for line in touched], suggestions__isnull=False).distinct():
        _suggestions_arrived(line, line.record, at=at, by=by)  # type: ignore[arg-type]
    index_records(sorted({line.record_id for line in touched if line.record_id is not None}))
    batch.kinds, batch.volumes = kinds, volumes
    batch.save(update_fields=["kinds", "volumes"])
    log.record(
        "acquisitions.receive_batch",
        at=at,
        by=by,
        obj=order,
        detail={"batch": batch.pk, "kinds": kinds, "volumes": volumes, "discrepancies": len(discrepancies)},
    )
    return batch


@transaction.atomic(durable=True)
def decide_discrepancy(discrepancy: Discrepancy, decision: str, *, at: datetime, by: Any) -> Discrepancy:
    """Record what a person decided about a copy the order did not ask for (returned to the vendor)."""
    discrepancy = Discrepancy.objects.select_for_update().get(pk=discrepancy.pk)
    if discrepancy.decision:
        raise AcquisitionsRefused(Reason.ALREADY_DECIDED)
    discrepancy.decision = decision
    discrepancy.decided_at = at
    discrepancy.save(update_fields=["decision", "decided_at"])
    log.record("acquisitions.discrepancy", at=at, by=by, obj=discrepancy.batch.order, detail={"decision": decision})
    return discrepancy


# ----------------------------------------------------------------------------- order lists


def _decimal(text: Any, default: Decimal = ZERO) -> Decimal:
    if text in (None, ""):
        return default
    try:
        value = Decimal(str(text).replace("¥", "").replace("元", "").strip())
    except InvalidOperation:
        raise AcquisitionsRefused(Reason.BAD_LINE, str(text)[:40]) from None
    if not value.is_finite():
        raise AcquisitionsRefused(Reason.BAD_LINE, str(text)[:40])
    return value


def _whole_number(text: str) -> int:
    """A count of copies from a spreadsheet cell: "3" or Excel's "3.0"; "2.5", "inf" and "nan" are not."""
    value = _decimal(text)
    if value != value.to_integral_value():
        raise AcquisitionsRefused(Reason.BAD_LINE, text[:40])
    return int(value)


def lines_from_isbn_list(
    text: str, *, collection: Collection, item_type: ItemType, quantity: int = 1
) -> list[LineSpec]:
    """One line per ISBN (``ISBN[,copies[,price[,title]]]``); an ISBN the catalogue does not know
    needs its title on the line. Every bad line is named in one refusal."""
    specs: list[LineSpec] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        parts = [part.strip() for part in re.split(r"[,\t]", raw.strip())]
        if not parts[0]:
            continue
        isbn = clean_isbn(parts[0])
        if not isbn_is_valid(isbn):
            problems.append(_("line %(n)d: the ISBN is not valid: %(text)s") % {"n": number, "text": parts[0][:30]})
            continue
        record = Record.objects.filter(isbn_key=isbn_key(isbn)).order_by("pk").first()
        title = parts[3] if len(parts) > 3 and parts[3] else (record.title if record else "")
        if not title:
            problems.append(
                _("line %(n)d: the ISBN %(isbn)s is not in the catalogue; give its title") % {"n": number, "isbn": isbn}
            )
            continue
        try:
            copies = int(parts[1]) if len(parts) > 1 and parts[1] else quantity
            price = _decimal(parts[2]) if len(parts) > 2 else (_decimal(price_of(record)) if record else ZERO)
        except (ValueError, AcquisitionsRefused):
            problems.append(_("line %(n)d: cannot be read: %(text)s") % {"n": number, "text": raw[:60]})
            continue
        specs.append(
            LineSpec(
                title=title,
                quantity=copies,
                price=price,
                collection=collection,
                item_type=item_type,
                isbn=isbn,
                record=record,
                author=record.responsibility if record else "",
                publisher=record.publisher if record else "",
                clc=record.clc if record else "",
            )
        )
    if problems:
        raise AcquisitionsRefused(
            Reason.UNKNOWN_ISBN if any("catalogue" in p or "书目" in p for p in problems) else Reason.BAD_LINE,
            problems[0],
            problems,
        )
    return specs


def price_of(record: Record) -> str:
    match = re.search(r"\d+(?:\.\d{1,2})?", record.price or "")
    return match.group(0) if match else "0"


VENDOR_LIST_COLUMNS = {
    "isbn": ("ISBN", "书号", "isbn"),
    "title": ("题名", "书名", "title"),
    "author": ("责任者", "作者", "author"),
    "publisher": ("出版社", "publisher"),
    "price": ("定价", "价格", "price"),
    "quantity": ("数量", "复本", "quantity"),
    "clc": ("分类号", "中图分类号", "clc"),
}


def lines_from_vendor_list(data: bytes, *, collection: Collection, item_type: ItemType) -> list[LineSpec]:
    """The rows of a vendor's Excel list (征订目录) with copies wanted (数量 > 0)."""
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
    except Exception:
        raise AcquisitionsRefused(Reason.UNREADABLE_FILE) from None
    if not rows:
        raise AcquisitionsRefused(Reason.NOTHING_TO_DO)
    header = [str(cell or "").strip() for cell in rows[0]]
    column = {
        name: next((i for i, h in enumerate(header) if h in labels), None)
        for name, labels in VENDOR_LIST_COLUMNS.items()
    }
    if column["title"] is None:
        raise AcquisitionsRefused(Reason.UNREADABLE_FILE, _("no title column (题名)"))
    specs: list[LineSpec] = []
    problems: list[str] = []

    def cell(row: tuple[Any, ...], name: str) -> str:
        index = column[name]
        return str(row[index]).strip() if index is not None and index < len(row) and row[index] is not None else ""

    for number, row in enumerate(rows[1:], start=2):
        title = cell(row, "title")
        if not title:
            continue
        try:
            copies = _whole_number(cell(row, "quantity"))
            price = _decimal(cell(row, "price"))
        except (ValueError, AcquisitionsRefused):
            problems.append(_("row %(n)d: cannot be read") % {"n": number})
            continue
        isbn = clean_isbn(cell(row, "isbn"))
        if isbn and not isbn_is_valid(isbn):
            problems.append(_("row %(n)d: the ISBN is not valid: %(text)s") % {"n": number, "text": isbn})
            continue
        if copies > 0:
            record = Record.objects.filter(isbn_key=isbn_key(isbn)).first() if isbn else None
            specs.append(
                LineSpec(
                    title=title,
                    quantity=copies,
                    price=price,
                    collection=collection,
                    item_type=item_type,
                    isbn=isbn,
                    author=cell(row, "author"),
                    publisher=cell(row, "publisher"),
                    clc=cell(row, "clc"),
                    record=record,
                )
            )
    if problems:
        raise AcquisitionsRefused(Reason.BAD_LINE, problems[0], problems)
    return specs


def lines_from_marc(data: bytes, *, collection: Collection, item_type: ItemType, quantity: int = 1) -> list[LineSpec]:
    """A line per record of a vendor's MARC file, with its price (010$d / 020$c)."""
    specs = []
    for entry, _problems in marc_steps(io.BytesIO(data), ImportOptions()):
        if entry is None:
            continue
        values = entry.record_values()
        specs.append(
            LineSpec(
                title=values["title"],
                quantity=quantity,
                price=_decimal(re.sub(r"[^\d.]", "", values["price"]) or "0"),
                collection=collection,
                item_type=item_type,
                isbn=values["isbn"],
                author=values["responsibility"],
                publisher=values["publisher"],
                clc=values["clc"],
            )
        )
    if not specs:
        raise AcquisitionsRefused(Reason.UNREADABLE_FILE)
    return specs


def lines_from_records(
    records: list[Record], *, collection: Collection, item_type: ItemType, quantity: int = 1
) -> list[LineSpec]:
    """More copies of titles found by a catalogue search."""
    return [
        LineSpec(
            title=r.title,
            quantity=quantity,
            price=_decimal(price_of(r)),
            collection=collection,
            item_type=item_type,
            isbn=r.isbn,
            author=r.responsibility,
            publisher=r.publisher,
            clc=r.clc,
            record=r,
        )
        for r in records
    ]


def lines_from_suggestions(
    suggestions: list[PurchaseSuggestion], *, collection: Collection, item_type: ItemType, price: Decimal = ZERO
) -> list[LineSpec]:
    """One line per title of the accepted suggestions, readers asking for the same ISBN sharing one."""
    grouped: dict[str, list[PurchaseSuggestion]] = defaultdict(list)
    for suggestion in suggestions:
        grouped[suggestion.isbn_key or suggestion.title].append(suggestion)
    specs = []
    for group in grouped.values():
        first = group[0]
        record = Record.objects.filter(isbn_key=first.isbn_key).first() if first.isbn_key else None
        specs.append(
            LineSpec(
                title=first.title or (record.title if record else first.isbn),
                quantity=1,
                price=_decimal(price_of(record)) if record else price,
                collection=collection,
                item_type=item_type,
                isbn=first.isbn,
                author=first.author,
                publisher=first.publisher,
                record=record,
                suggestions=group,
            )
        )
    return specs


# ----------------------------------------------------------------------------- purchase suggestions


@transaction.atomic(durable=True)
def suggest(
    patron: Patron,
    *,
    isbn: str = "",
    title: str = "",
    author: str = "",
    publisher: str = "",
    note: str = "",
    at: datetime,
    by: Any,
) -> PurchaseSuggestion:
    """A reader's purchase suggestion (荐购), by ISBN or by description."""
    isbn = clean_isbn(isbn) if isbn.strip() else ""
    if isbn and not isbn_is_valid(isbn):
        raise AcquisitionsRefused(Reason.INVALID_ISBN, isbn)
    title = title.strip()
    if not isbn and not title:
        raise AcquisitionsRefused(Reason.NEEDS_TITLE)
    if isbn and not title:
        record = Record.objects.filter(isbn_key=isbn_key(isbn)).first()
        title = record.title if record else ""
    suggestion = PurchaseSuggestion.objects.create(
        patron=patron,
        isbn=isbn,
        isbn_key=isbn_key(isbn) if isbn else "",
        title=title[:500],
        author=author[:300],
        publisher=publisher[:200],
        note=note[:500],
        created_at=at,
    )
    log.record("acquisitions.suggest", at=at, by=by, obj=suggestion, detail={"isbn": isbn})
    return suggestion


def _answer(suggestion: PurchaseSuggestion, status: str, answer: str, *, at: datetime, by: Any) -> PurchaseSuggestion:
    """Answer the suggestion and every other reader's pending suggestion of the same title at once."""
    suggestion = PurchaseSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != PurchaseSuggestion.Status.PENDING:
        raise AcquisitionsRefused(Reason.ALREADY_DECIDED)
    pending = PurchaseSuggestion.objects.select_for_update().filter(status=PurchaseSuggestion.Status.PENDING)
    if suggestion.isbn_key:
        same_title = pending.filter(isbn_key=suggestion.isbn_key)
    else:
        same_title = pending.filter(isbn_key="", title__iexact=suggestion.title.strip())
    answered = [*same_title.exclude(pk=suggestion.pk), suggestion]
    for each in answered:
        each.status, each.answer, each.decided_at, each.decided_by = status, answer[:300], at, _label(by)
    PurchaseSuggestion.objects.bulk_update(answered, ["status", "answer", "decided_at", "decided_by"])
    for each in answered:
        log.record("acquisitions.answer_suggestion", at=at, by=by, obj=each, detail={"status": status})
    return suggestion


@transaction.atomic(durable=True)
def accept_suggestion(suggestion: PurchaseSuggestion, *, answer: str = "", at: datetime, by: Any) -> PurchaseSuggestion:
    return _answer(suggestion, PurchaseSuggestion.Status.ACCEPTED, answer or _("We will buy it."), at=at, by=by)


@transaction.atomic(durable=True)
def decline_suggestion(suggestion: PurchaseSuggestion, *, reason: str, at: datetime, by: Any) -> PurchaseSuggestion:
    if not reason.strip():
        raise AcquisitionsRefused(Reason.NEEDS_REASON)
    return _answer(suggestion, PurchaseSuggestion.Status.DECLINED, reason.strip(), at=at, by=by)


def offer_first_holds(suggestion: PurchaseSuggestion, *, pickup_branch: Any, at: datetime, by: Any) -> Any:
    """The first hold on an arrived suggestion's title for the reader who asked, through circulation's
    own service (its own transaction, after the receipt's)."""
    from shuyuan.circulation.services.holds import place_hold

    if suggestion.status != PurchaseSuggestion.Status.ARRIVED or suggestion.record is None:
        raise AcquisitionsRefused(Reason.NOTHING_TO_DO)
    return place_hold(suggestion.record, suggestion.patron, pickup_branch=pickup_branch, at=at, by=by, channel="staff")


# ----------------------------------------------------------------------------- donations, local documents, pool


def next_donation_number(day: date) -> str:
    return _next_number(f"JZ{day:%Y}", 5, Donation.objects.all())


@dataclass
class LocalTitle:
    title: str
    volumes: int


@transaction.atomic(durable=True)
def record_donation(
    donor: str,
    *,
    donor_kind: str,
    received_on: date,
    kinds: int,
    volumes: int,
    destination: str,
    publish_name: bool = False,
    description: str = "",
    campaign: Campaign | None = None,
    local_titles: list[LocalTitle] | None = None,
    at: datetime,
    by: Any,
) -> Donation:
    """A donation, with where it went. Local documents are listed title by title (their own counts);
    books for the exchange pool are counted into it."""
    local_titles = local_titles or []
    if local_titles:
        kinds = len({item.title for item in local_titles})
        volumes = sum(item.volumes for item in local_titles)
    if kinds < 1 or volumes < kinds:
        raise AcquisitionsRefused(Reason.NOTHING_TO_DO)
    donation = Donation.objects.create(
        number=next_donation_number(received_on),
        donor=donor[:200],
        donor_kind=donor_kind,
        publish_name=publish_name,
        received_on=received_on,
        kinds=kinds,
        volumes=volumes,
        destination=destination,
        is_local=bool(local_titles),
        campaign=campaign,
        description=description[:500],
        recorded_at=at,
    )
    LocalDocument.objects.bulk_create(
        LocalDocument(
            title=item.title[:500], volumes=item.volumes, donation=donation, campaign=campaign, received_on=received_on
        )
        for item in local_titles
    )
    if destination == Donation.Destination.POOL:
        PoolMovement.objects.create(
            kind=PoolMovement.Kind.DONATED, count=volumes, donation=donation, at=at, note=donation.number
        )
    log.record("acquisitions.donation", at=at, by=by, obj=donation, detail={"kinds": kinds, "volumes": volumes})
    return donation


@transaction.atomic(durable=True)
def add_campaign(name: str, *, notice: str, started_on: date, at: datetime, by: Any) -> Campaign:
    campaign = Campaign.objects.create(name=name, notice=notice, started_on=started_on)
    log.record("acquisitions.campaign", at=at, by=by, obj=campaign)
    return campaign


@transaction.atomic(durable=True)
def add_fair(name: str, *, held_on: date, at: datetime, by: Any) -> ExchangeFair:
    fair = ExchangeFair.objects.create(name=name, held_on=held_on)
    log.record("acquisitions.fair", at=at, by=by, obj=fair)
    return fair


def pool_stock() -> int:
    from django.db.models import Sum

    totals = dict(PoolMovement.objects.values_list("kind").annotate(n=Sum("count")))
    return sum(totals.get(kind, 0) for kind in PoolMovement.IN) - sum(
        totals.get(kind, 0) for kind in (PoolMovement.Kind.EXCHANGED, PoolMovement.Kind.DISCARDED)
    )


@transaction.atomic(durable=True)
def count_pool(
    kind: str,
    count: int,
    *,
    fair: ExchangeFair | None = None,
    at: datetime,
    by: Any,
    note: str = "",
    visits: int | None = None,
) -> PoolMovement:
    """Count books into the pool (donated, weeded, brought by readers) or out of it (exchanged,
    discarded); never more out than are in it."""
    if count < 1:
        raise AcquisitionsRefused(Reason.NOTHING_TO_DO)
    # One writer at a time on the pool: the first fair's row is its lock (SQLite's write gate queues
    # writers anyway; on PostgreSQL two counts out could otherwise both see the same stock).
    list(ExchangeFair.objects.select_for_update().order_by("pk").values_list("pk", flat=True)[:1])
    if kind not in PoolMovement.IN and count > pool_stock():
        raise AcquisitionsRefused(
            Reason.NOT_IN_POOL, _("%(count)d asked, %(left)d in the pool") % {"count": count, "left": pool_stock()}
        )
    movement = PoolMovement.objects.create(kind=kind, count=count, fair=fair, at=at, note=note[:200])
    if fair is not None and visits is not None:
        ExchangeFair.objects.filter(pk=fair.pk).update(visits=visits)
    log.record("acquisitions.pool", at=at, by=by, obj=movement, detail={"kind": kind, "count": count})
    return movement


def parse_csv(text: str) -> list[list[str]]:
    return [row for row in csv.reader(io.StringIO(text)) if row]
