"""Services of the cataloguing desk: save a record from the editor, add copies, give a call number,
note printed labels. Each is one transaction, audited; the record is re-indexed for search in it.

The editor's form and its MARC view are two ways into one record: a save from the form rewrites the
MARC fields of the form's fields that changed (other fields, such as 801 or local 9xx, stay as they
were), a save from the tag editor derives every column from the MARC; either way the columns are
read back from the saved MARC, so the two never drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from pymarc import Record as MarcRecord
from pymarc import Subfield
from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn

from shuyuan.audit import log
from shuyuan.audit.log import actor_fields
from shuyuan.branches.models import Branch
from shuyuan.catalog import book_numbers, callnumbers, clc
from shuyuan.catalog.conf import catalog_settings
from shuyuan.catalog.errors import CatalogRefused, MarcRefused, Reason
from shuyuan.catalog.items import create_items
from shuyuan.catalog.marc import MarcFormat, record_to_iso2709, to_bib
from shuyuan.catalog.marc.cnmarc import from_bib as cnmarc_from_bib
from shuyuan.catalog.marc.editing import composed, parse_text
from shuyuan.catalog.marc.marc21 import from_bib as marc21_from_bib
from shuyuan.catalog.marc.numbers import isbn_key
from shuyuan.catalog.models import Collection, Item, ItemType, LabelPrint, OldBarcode, Record
from shuyuan.catalog.records import bib_of, record_fields, stored_marc
from shuyuan.catalog.services import reindex_for_search
from shuyuan.catalog.unicode_forms import stored_text, stored_values

# The MARC tags each group of the form's fields is written to, per format.
FORM_TAGS: dict[MarcFormat, dict[tuple[str, ...], tuple[str, ...]]] = {
    MarcFormat.CNMARC: {
        ("title", "responsibility"): ("200",),
        ("other_titles",): ("510", "512", "513", "514", "515", "516", "517", "518", "540", "541"),
        ("isbn", "price"): ("010",),
        ("issn",): ("011",),
        ("language",): ("101",),
        ("edition",): ("205",),
        ("place", "publisher", "year"): ("210", "214"),
        ("pages",): ("215",),
        ("series",): ("225",),
        ("summary",): ("330",),
        ("subjects",): ("600", "601", "602", "604", "605", "606", "607", "610"),
        ("clc",): ("690",),
        ("authors",): ("700", "701", "702", "710", "711", "712"),
    },
    MarcFormat.MARC21: {
        ("title", "responsibility"): ("245",),
        ("other_titles",): ("246",),
        ("isbn", "price"): ("020",),
        ("issn",): ("022",),
        ("language",): ("041",),
        ("edition",): ("250",),
        ("place", "publisher", "year"): ("260", "264"),
        ("pages",): ("300",),
        ("series",): ("440", "490", "830"),
        ("summary",): ("520",),
        ("subjects",): ("600", "610", "650", "651"),
        ("clc",): ("084",),
        ("authors",): ("100", "110", "111", "700", "710", "711"),
    },
}
FORM_FIELDS = (*(name for names in FORM_TAGS[MarcFormat.CNMARC] for name in names), "material_type")


def isbn_13(raw: str) -> str:
    """The ISBN as the catalogue keeps a cataloguer's entry: ISBN-13 digits; a wrong check digit is refused."""
    raw = raw.strip()
    if not raw:
        return ""
    if not stdnum_isbn.is_valid(raw):
        raise CatalogRefused(Reason.INVALID_ISBN, raw)
    return stdnum_isbn.to_isbn13(stdnum_isbn.compact(raw))


def checked_issn(raw: str) -> str:
    raw = raw.strip()
    if not raw:
        return ""
    if not stdnum_issn.is_valid(raw):
        raise CatalogRefused(Reason.INVALID_ISSN, raw)
    return stdnum_issn.format(raw)


def checked_clc(raw: str) -> str:
    code = clc.tidy(raw)
    if code and not clc.is_known(code):
        raise CatalogRefused(Reason.UNKNOWN_CLC_CLASS, raw.strip())
    return code


@transaction.atomic(durable=True)
def save_record(
    record: Record | None, values: dict[str, Any], *, marc_format: MarcFormat, at: datetime, by: Any
) -> Record:
    """Create (``record`` None) or change a record from the editor's form fields."""
    values = stored_values(values)
    if not str(values.get("title", "")).strip():
        raise CatalogRefused(Reason.NO_TITLE)
    values["isbn"] = isbn_13(values.get("isbn", "")) if _changed(record, values, "isbn") else values.get("isbn", "")
    values["issn"] = (
        checked_issn(values.get("issn", "")) if _changed(record, values, "issn") else values.get("issn", "")
    )
    values["clc"] = checked_clc(values.get("clc", ""))
    if record is not None:
        marc_format = MarcFormat(record.marc_format or marc_format)
    wanted = bib_of(Record(**{name: values.get(name, getattr(Record(), name)) for name in FORM_FIELDS}))
    wanted.marc_format = marc_format
    built = (cnmarc_from_bib if marc_format is MarcFormat.CNMARC else marc21_from_bib)(wanted, entered=at.date())
    if record is None:
        marc = built
    else:
        marc = stored_marc(record) or built
        _rewrite_changed(marc, built, record, values, marc_format)
    return _store(record, marc, marc_format, at=at, by=by, how="form")


@transaction.atomic(durable=True)
def save_marc(record: Record | None, text: str, *, marc_format: MarcFormat, at: datetime, by: Any) -> Record:
    """Create or change a record from the tag editor's text; lines that cannot be read refuse the save."""
    if record is not None:
        marc_format = MarcFormat(record.marc_format or marc_format)
    parsed = parse_text(text, marc_format)
    if not parsed.is_saveable:
        raise MarcRefused([finding for finding in parsed.findings if finding.blocks])
    bib = to_bib(parsed.record, marc_format)
    if bib.isbn and (record is None or isbn_key(bib.isbn) != record.isbn_key):
        _isbn_field_to_13(parsed.record, marc_format, bib.isbn, isbn_13(bib.isbn))
    if bib.clc:
        checked_clc(bib.clc)
    return _store(record, parsed.record, marc_format, at=at, by=by, how="tag_editor")


def _isbn_field_to_13(marc: MarcRecord, marc_format: MarcFormat, typed: str, isbn: str) -> None:
    """The new ISBN in the record's ISBN field written as ISBN-13, its qualifier kept."""
    tag = "010" if marc_format is MarcFormat.CNMARC else "020"
    for found in marc.get_fields(tag):
        for index, subfield in enumerate(found.subfields):
            if subfield.code == "a" and typed in subfield.value.replace("-", "").replace(" ", ""):
                rest = subfield.value.split(" ", 1)[1] if " " in subfield.value.strip() else ""
                found.subfields[index] = Subfield("a", f"{isbn} {rest}".strip())
                return


def _changed(record: Record | None, values: dict[str, Any], name: str) -> bool:
    return record is None or str(values.get(name, "") or "") != str(getattr(record, name) or "")


def _rewrite_changed(
    marc: MarcRecord, built: MarcRecord, record: Record, values: dict[str, Any], marc_format: MarcFormat
) -> None:
    for names, tags in FORM_TAGS[marc_format].items():
        if not any(_changed(record, values, name) for name in names):
            continue
        kept = [f for f in marc.fields if f.tag not in tags]
        new = [f for f in built.fields if f.tag in tags]
        marc.fields = sorted([*kept, *new], key=lambda f: f.tag)


def _store(
    record: Record | None, marc: MarcRecord, marc_format: MarcFormat, *, at: datetime, by: Any, how: str
) -> Record:
    marc = composed(marc)
    bib = to_bib(marc, marc_format)
    columns = stored_values(record_fields(bib))
    if record is not None and not columns["call_number"]:
        columns["call_number"] = record.call_number  # given by assign_call_number, not kept in the MARC
    if not columns["title"]:
        raise CatalogRefused(Reason.NO_TITLE)
    columns["marc"] = record_to_iso2709(marc, marc_format=marc_format)
    if record is None:
        if not columns["control_number"]:
            columns["control_number"] = ""
        record = Record.objects.create(**columns, created_at=at, updated_at=at)
        action = "catalog.create_record"
    else:
        Record.objects.filter(pk=record.pk).update(**columns, updated_at=at)
        record.refresh_from_db()
        action = "catalog.change_record"
    reindex_for_search([record.pk])
    log.record(action, at=at, by=by, obj=record, detail={"title": record.title[:100], "from": how})
    return record


@transaction.atomic(durable=True)
def add_copies(
    record: Record,
    count: int,
    *,
    collection: Collection,
    item_type: ItemType,
    at: datetime,
    by: Any,
    barcodes: Sequence[str] = (),
    volume: str = "",
    price: Decimal | None = None,
    reason: str = "",
) -> list[Item]:
    """``count`` copies of ``record``, in processing, with the barcodes scanned from labels already on
    them or else from the configured sequence; a barcode another copy carries refuses the lot."""
    scanned = [stored_text(code.strip()) for code in barcodes if code.strip()]
    if scanned:
        count = len(scanned)
        taken = set(Item.objects.filter(barcode__in=scanned).values_list("barcode", flat=True))
        taken |= set(OldBarcode.objects.filter(barcode__in=scanned).values_list("barcode", flat=True))
        repeated = {code for code in scanned if scanned.count(code) > 1}
        if taken or repeated:
            raise CatalogRefused(Reason.DUPLICATE_BARCODE, ", ".join(sorted(taken | repeated)))
    configured = catalog_settings()
    call_number = callnumbers.with_parts(
        record.call_number, volume=volume,
        volume_pattern=configured.volume_pattern, copy_pattern=configured.copy_pattern,
    )  # fmt: skip
    items = create_items(
        record, count, collection=collection, item_type=item_type, at=at, by=by, call_number=call_number,
        volume=stored_text(volume.strip()), price=price, reason=reason or "cataloguing", barcodes=scanned or None,
    )  # fmt: skip
    log.record(
        "catalog.add_copies", at=at, by=by, obj=record,
        detail={"count": len(items), "barcodes": [item.barcode for item in items][:50]},
    )  # fmt: skip
    return items


def assign_call_number(record: Record, *, branch: Branch | None = None, at: datetime, by: Any) -> str:
    """Give the record the call number of its class and the library's book-number scheme (the next
    种次号, counted in the branch when the library counts per branch), and pass it to its copies in
    processing that have none yet, with their volume part.

    The book number is drawn first, on its own, as a database sequence hands out values: the class's
    counter row stays locked only for that one statement while other cataloguers wait on it; the
    record and its copies then change in one transaction. A number drawn is never given again, even
    if that transaction fails (a gap, never a duplicate).
    """
    configured = catalog_settings()
    class_number = checked_clc(record.clc)
    if not class_number:
        raise CatalogRefused(Reason.NO_CLC_CLASS)
    scope = branch.code if branch is not None and configured.book_number_scope == "branch" else ""
    book_number = book_numbers.scheme(configured).book_number(record, class_number, scope=scope)
    return _give_call_number(record, callnumbers.join(class_number, book_number), at=at, by=by)


@transaction.atomic(durable=True)
def _give_call_number(record: Record, call_number: str, *, at: datetime, by: Any) -> str:
    configured = catalog_settings()
    Record.objects.filter(pk=record.pk).update(call_number=call_number, updated_at=at)
    record.call_number = call_number
    waiting = Item.objects.filter(record=record, status=Item.Status.IN_PROCESSING, call_number="")
    for item in waiting.only("pk", "volume"):
        numbered = callnumbers.with_parts(
            call_number,
            volume=item.volume,
            volume_pattern=configured.volume_pattern,
            copy_pattern=configured.copy_pattern,
        )
        Item.objects.filter(pk=item.pk).update(call_number=numbered, call_number_sort=callnumbers.sort_key(numbered))
    reindex_for_search([record.pk])
    log.record("catalog.assign_call_number", at=at, by=by, obj=record, detail={"call_number": call_number})
    return call_number


@transaction.atomic(durable=True)
def note_labels_printed(items: Sequence[Item], kinds: Sequence[str], *, at: datetime, by: Any) -> int:
    """Remember that these labels were printed (the work queue's "labelled" step)."""
    if not items:
        raise CatalogRefused(Reason.EMPTY_LABEL_SELECTION)
    label = actor_fields(by)["actor_label"]
    rows = [LabelPrint(item=item, kind=kind, printed_at=at, by_label=label) for item in items for kind in kinds]
    LabelPrint.objects.bulk_create(rows, batch_size=2000)
    log.record("catalog.print_labels", at=at, by=by, obj=None, detail={"items": len(items), "kinds": list(kinds)})
    return len(rows)
