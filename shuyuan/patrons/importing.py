"""Reading readers from the old system: CSV or Excel rows into applications, each row validated.

Columns (header row; English or Chinese names, any order; only the first three are required):

==================  ==========================  ==================================================
column              Chinese header              value
==================  ==========================  ==================================================
card_number         卡号 / 读者证号              the old card number; it keeps working
name                姓名                         the reader's name
id_number           证件号码 / 身份证号           required except for group borrowers
id_type             证件类型                     resident_id, passport, … or 身份证, 护照, …
                                                 (default: recognised from the number)
phone               电话 / 手机                   mobile or landline
category            读者类型                     category code or name (default: by age)
home_branch         所属馆                       branch code or name (default: chosen on import)
pin                 密码                         optional; kept even if our PIN rules refuse it, and
                                                 then the reader must change it at the next login
registered_on       办证日期                     YYYY-MM-DD (or an Excel date)
legacy_deposit      押金                         deposit held under the old system, in yuan
contact_name        联系人                       contact person of a group borrower
==================  ==========================  ==================================================
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.branches.models import Branch
from shuyuan.patrons import iddocs
from shuyuan.patrons.masking import mask_id
from shuyuan.patrons.models import PatronCategory
from shuyuan.patrons.services import Application

COLUMNS = {
    "card_number": ("card_number", "卡号", "读者证号", "证号"),
    "name": ("name", "姓名"),
    "id_number": ("id_number", "证件号码", "身份证号", "身份证号码"),
    "id_type": ("id_type", "证件类型"),
    "phone": ("phone", "电话", "手机", "联系电话"),
    "category": ("category", "读者类型", "类型"),
    "home_branch": ("home_branch", "所属馆", "分馆"),
    "pin": ("pin", "密码"),
    "registered_on": ("registered_on", "办证日期"),
    "legacy_deposit": ("legacy_deposit", "押金"),
    "contact_name": ("contact_name", "联系人"),
}
REQUIRED = ("card_number", "name")
ID_TYPE_WORDS = {
    "身份证": iddocs.DocType.RESIDENT_ID,
    "居民身份证": iddocs.DocType.RESIDENT_ID,
    "港澳居民居住证": iddocs.DocType.HK_MACAO_PERMIT,
    "台湾居民居住证": iddocs.DocType.TAIWAN_PERMIT,
    "外国人永久居留身份证": iddocs.DocType.FOREIGN_PERMANENT,
    "永居证": iddocs.DocType.FOREIGN_PERMANENT,
    "护照": iddocs.DocType.PASSPORT,
    "其他": iddocs.DocType.OTHER,
    "统一社会信用代码": iddocs.DocType.ORGANIZATION,
}


class ImportFileError(ValueError):
    pass


@dataclass
class ImportRow:
    number: int  # the row number in the file, the header being row 1
    label: str  # what the report shows: the card number and the masked ID number
    application: Application | None = None
    branch: Branch | None = None
    error: str = ""
    warnings: list[str] = field(default_factory=list)


def read_table(content: bytes, filename: str) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8 or GB18030) or Excel file as dicts keyed by our column names."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raw = _excel_rows(content)
    else:
        raw = list(csv.reader(io.StringIO(_decode(content))))
    if not raw:
        raise ImportFileError(_("The file is empty."))
    header = [_column_for(str(cell or "").strip()) for cell in raw[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFileError(_("The file lacks the columns: %(columns)s") % {"columns": ", ".join(missing)})
    rows = []
    for cells in raw[1:]:
        values = {name: _text(cell) for name, cell in zip(header, cells, strict=False) if name}
        rows.append(values)
    return rows


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is neither UTF-8 nor GB18030 text."))


def _excel_rows(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(_("The Excel file cannot be read.")) from exc
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _column_for(header: str) -> str:
    for name, aliases in COLUMNS.items():
        if header.lower() in aliases:
            return name
    return ""


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def applications(rows: list[dict[str, str]], *, default_branch: Branch, today: date) -> list[ImportRow]:
    """Validate every row: an application for each good row, a reason for each bad one."""
    categories = {c.code: c for c in PatronCategory.objects.all()} | {c.name: c for c in PatronCategory.objects.all()}
    branches = {b.code: b for b in Branch.objects.all()} | {b.name: b for b in Branch.objects.all()}
    result = []
    for index, values in enumerate(rows, start=2):
        if not any(values.values()):
            continue
        row = ImportRow(index, values.get("card_number", ""))
        try:
            row.application, row.branch = _application(values, row, categories, branches, default_branch, today)
        except ValueError as error:
            row.error = error.message if isinstance(error, iddocs.InvalidIdNumber) else str(error)
        result.append(row)
    return result


def _application(
    values: dict[str, str],
    row: ImportRow,
    categories: dict[str, PatronCategory],
    branches: dict[str, Branch],
    default_branch: Branch,
    today: date,
) -> tuple[Application, Branch]:
    if not values.get("card_number") or not values.get("name"):
        raise ValueError(_("The card number and the name are required."))
    category = None
    if values.get("category"):
        category = categories.get(values["category"])
        if category is None:
            raise ValueError(_("Unknown category: %(value)s") % {"value": values["category"]})
    branch = default_branch
    if values.get("home_branch"):
        found = branches.get(values["home_branch"])
        if found is None:
            raise ValueError(_("Unknown branch: %(value)s") % {"value": values["home_branch"]})
        branch = found
    document = _document(values, today)
    if document is not None:
        row.label = f"{values['card_number']} {mask_id(document.number)}"
    pin = values.get("pin", "")
    application = Application(
        name=values["name"],
        document=document,
        category=category,
        phone=values.get("phone", ""),
        pin=pin,
        contact_name=values.get("contact_name", ""),
        card_number=values["card_number"],
        is_legacy_card=True,
        pin_from_old_system=bool(pin),
        document_checked=True,
        legacy_deposit=_deposit(values.get("legacy_deposit", "")),
        registered_at=_registered_at(values.get("registered_on", "")),
    )
    return application, branch


def _document(values: dict[str, str], today: date) -> iddocs.IdDocument | None:
    number = values.get("id_number", "")
    if not number:
        return None
    wanted = values.get("id_type", "")
    doc_type = ID_TYPE_WORDS.get(wanted) or (wanted if wanted in iddocs.DocType.values else None)
    if wanted and doc_type is None:
        raise ValueError(_("Unknown ID document type: %(value)s") % {"value": wanted})
    return iddocs.parse(number, doc_type=doc_type, today=today)


def _deposit(text: str) -> Decimal:
    if not text:
        return Decimal("0")
    try:
        amount = Decimal(text.replace("元", "").replace(",", "").strip())
    except InvalidOperation:
        raise ValueError(_("The deposit is not an amount: %(value)s") % {"value": text}) from None
    if amount < 0:
        raise ValueError(_("The deposit is not an amount: %(value)s") % {"value": text})
    return amount.quantize(Decimal("0.01"))


def _registered_at(text: str) -> datetime | None:
    if not text:
        return None
    try:
        year, month, day_of_month = (int(part) for part in text.split()[0].replace("/", "-").split("-"))
        day = date(year, month, day_of_month)
    except ValueError:
        raise ValueError(_("The registration date is not a date: %(value)s") % {"value": text}) from None
    return datetime.combine(day, time(9), tzinfo=timezone.get_current_timezone())
