"""Converting the old system's catalogue from CSV or Excel: a column mapping, rows grouped into records.

Old systems export one row per copy with the record's fields repeated; consecutive rows with the
same control number (or the same ISBN, title, author, publisher and year) make one record with one
copy per row. A row with only an old barcode gets a new barcode from the sequence when a prefix is
given, and the old one is kept in OldBarcode so that scanning it still finds the item.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from itertools import groupby
from pathlib import PurePath
from typing import Any, BinaryIO

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from shuyuan.catalog.errors import CatalogRefused, Reason
from shuyuan.catalog.marc import Bib, Holding, MarcFormat, MaterialType
from shuyuan.catalog.marc.bib import parse_year
from shuyuan.catalog.marc.numbers import clean_isbn, clean_issn, isbn_is_valid, issn_is_valid
from shuyuan.catalog.marc.problems import Problem
from shuyuan.catalog.models import ImportProblem
from shuyuan.catalog.records import Incoming, marc_for

ENTERED = date(2016, 1, 1)


class Column(TextChoices):
    """What a column of the old system's table can hold."""

    CONTROL_NUMBER = "control_number", _("control number")
    TITLE = "title", _("title")
    OTHER_TITLES = "other_titles", _("other titles")
    RESPONSIBILITY = "responsibility", _("statement of responsibility")
    AUTHORS = "authors", _("authors")
    ISBN = "isbn", _("ISBN")
    ISSN = "issn", _("ISSN")
    EDITION = "edition", _("edition")
    PUBLISHER = "publisher", _("publisher")
    PLACE = "place", _("place of publication")
    YEAR = "year", _("year")
    PAGES = "pages", _("pages")
    PRICE = "price", _("price")
    SERIES = "series", _("series")
    CLC = "clc", _("CLC class")
    SUBJECTS = "subjects", _("subjects")
    LANGUAGE = "language", _("language")
    SUMMARY = "summary", _("summary")
    CALL_NUMBER = "call_number", _("call number")
    BARCODE = "barcode", _("barcode")
    OLD_BARCODE = "old_barcode", _("old barcode")
    BRANCH = "branch", _("branch code")
    COLLECTION = "collection", _("collection code")
    LOCATION = "location", _("shelving location")
    ITEM_TYPE = "item_type", _("item type code")
    VOLUME = "volume", _("volume")
    NOTE = "note", _("note")


# Headers Chinese library systems commonly use, for a first guess at the mapping.
HEADER_GUESSES: dict[str, Column] = {
    "控制号": Column.CONTROL_NUMBER,
    "记录号": Column.CONTROL_NUMBER,
    "书目号": Column.CONTROL_NUMBER,
    "题名": Column.TITLE,
    "书名": Column.TITLE,
    "正题名": Column.TITLE,
    "其他题名": Column.OTHER_TITLES,
    "副题名": Column.OTHER_TITLES,
    "并列题名": Column.OTHER_TITLES,
    "责任者": Column.RESPONSIBILITY,
    "责任说明": Column.RESPONSIBILITY,
    "著者": Column.AUTHORS,
    "作者": Column.AUTHORS,
    "isbn": Column.ISBN,
    "国际标准书号": Column.ISBN,
    "标准书号": Column.ISBN,
    "issn": Column.ISSN,
    "版次": Column.EDITION,
    "版本": Column.EDITION,
    "出版社": Column.PUBLISHER,
    "出版者": Column.PUBLISHER,
    "出版地": Column.PLACE,
    "出版年": Column.YEAR,
    "出版日期": Column.YEAR,
    "出版时间": Column.YEAR,
    "页数": Column.PAGES,
    "页码": Column.PAGES,
    "载体形态": Column.PAGES,
    "价格": Column.PRICE,
    "定价": Column.PRICE,
    "单价": Column.PRICE,
    "丛书": Column.SERIES,
    "丛编": Column.SERIES,
    "丛书名": Column.SERIES,
    "分类号": Column.CLC,
    "中图分类号": Column.CLC,
    "中图法分类号": Column.CLC,
    "主题词": Column.SUBJECTS,
    "主题": Column.SUBJECTS,
    "语种": Column.LANGUAGE,
    "摘要": Column.SUMMARY,
    "提要": Column.SUMMARY,
    "内容提要": Column.SUMMARY,
    "索书号": Column.CALL_NUMBER,
    "索取号": Column.CALL_NUMBER,
    "条码": Column.BARCODE,
    "条码号": Column.BARCODE,
    "新条码": Column.BARCODE,
    "登录号": Column.BARCODE,
    "原条码": Column.OLD_BARCODE,
    "旧条码": Column.OLD_BARCODE,
    "原条码号": Column.OLD_BARCODE,
    "分馆": Column.BRANCH,
    "馆代码": Column.BRANCH,
    "所属馆": Column.BRANCH,
    "馆藏地": Column.COLLECTION,
    "馆藏地点": Column.COLLECTION,
    "馆藏代码": Column.COLLECTION,
    "排架位置": Column.LOCATION,
    "架位": Column.LOCATION,
    "文献类型": Column.ITEM_TYPE,
    "流通类型": Column.ITEM_TYPE,
    "卷册": Column.VOLUME,
    "卷期": Column.VOLUME,
    "备注": Column.NOTE,
    "附注": Column.NOTE,
}


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Column -> header for the headers that name a known column (the first header wins)."""
    mapping: dict[str, str] = {}
    for header in headers:
        column = HEADER_GUESSES.get(header.strip().lower()) or HEADER_GUESSES.get(header.strip())
        if column is None and header.strip() in Column.values:
            column = Column(header.strip())
        if column is not None:
            mapping.setdefault(column.value, header)
    return mapping


# ----------------------------------------------------------------------------- reading tables


def read_table(stream: BinaryIO, file_name: str) -> tuple[list[str], Iterator[list[str]]]:
    """The header row and an iterator over the other rows, as text, from CSV/TSV or .xlsx."""
    suffix = PurePath(file_name).suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _read_excel(stream)
        return _read_csv(stream)
    except CatalogRefused:
        raise
    except Exception as error:  # a corrupt workbook or undecodable text: say so, in words
        raise CatalogRefused(Reason.UNREADABLE_FILE, f"{type(error).__name__}: {error}"[:200]) from error


def _read_csv(stream: BinaryIO) -> tuple[list[str], Iterator[list[str]]]:
    head = stream.read(65536)
    encoding = _text_encoding(head)
    text = io.TextIOWrapper(io.BufferedReader(_Rewound(head, stream)), encoding=encoding, newline="")
    sample = head.decode(encoding, "ignore")
    try:
        dialect: Any = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = csv.reader(text, dialect)
    headers = next(rows, None)
    if not headers:
        raise CatalogRefused(Reason.UNREADABLE_FILE, "empty file")
    return [header.strip() for header in headers], rows


def _text_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut by the sample's end
            return "gb18030"
    return "utf-8"


class _Rewound(io.RawIOBase):
    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head = head
        self.rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.head[: len(buffer)] if self.head else self.rest.read(len(buffer))
        self.head = self.head[len(data) :] if self.head else b""
        buffer[: len(data)] = data
        return len(data)


def _read_excel(stream: BinaryIO) -> tuple[list[str], Iterator[list[str]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(stream, read_only=True, data_only=True)
    rows = (list(map(_cell_text, row)) for row in workbook.worksheets[0].iter_rows(values_only=True))
    for headers in rows:
        if any(headers):
            return [header.strip() for header in headers], rows
    raise CatalogRefused(Reason.UNREADABLE_FILE, "empty workbook")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # ISBNs and barcodes typed as numbers
    if isinstance(value, datetime | date):
        return str(value.year)
    return str(value).strip()


# ----------------------------------------------------------------------------- rows to records


def check_mapping(headers: list[str], mapping: dict[str, str]) -> dict[str, int]:
    """Column -> index in the row; refuses a mapping that names a missing column or maps no title."""
    mapping = {column: header for column, header in mapping.items() if header}
    if Column.TITLE.value not in mapping:
        raise CatalogRefused(Reason.NO_TITLE_COLUMN)
    positions = {header: index for index, header in reversed(list(enumerate(headers)))}
    missing = [header for header in mapping.values() if header not in positions]
    if missing:
        raise CatalogRefused(Reason.MISSING_COLUMN, "、".join(missing))
    unknown = [column for column in mapping if column not in Column.values]
    if unknown:
        raise CatalogRefused(Reason.MISSING_COLUMN, ", ".join(unknown))
    return {column: positions[header] for column, header in mapping.items()}


def table_steps(
    stream: BinaryIO, file_name: str, options: Any
) -> Iterator[tuple[Incoming | None, list[ImportProblem]]]:
    """Each record of the table (a group of rows), mapped and checked, as the MARC pipeline has them."""
    headers, rows = read_table(stream, file_name)
    positions = check_mapping(headers, options.mapping)
    marc_format = MarcFormat.parse(options.table_marc_format or "cnmarc")
    numbered = ((number, _values(row, positions)) for number, row in enumerate(rows, start=2) if any(row))
    for _key, group in groupby(numbered, key=lambda pair: _record_key(pair[1])):
        yield _to_step(list(group), marc_format)


def _values(row: list[str], positions: dict[str, int]) -> dict[str, str]:
    return {
        column: (row[index].strip() if index < len(row) and row[index] else "") for column, index in positions.items()
    }


def _record_key(values: dict[str, str]) -> tuple[str, ...]:
    if values.get("control_number"):
        return ("n", values["control_number"])
    fields = ("isbn", "title", "responsibility", "authors", "publisher", "year", "volume")
    return ("f", *(values.get(name, "") for name in fields))


def _to_step(
    rows: list[tuple[int, dict[str, str]]], marc_format: MarcFormat
) -> tuple[Incoming | None, list[ImportProblem]]:
    number, first = rows[0]
    bib = _bib(first, marc_format)
    problems = []
    if not bib.title:
        return None, [ImportProblem(number=number, reason=Problem.NO_TITLE.value, detail="", skipped=True)]
    if not bib.isbn_is_valid:
        problems.append(ImportProblem(number=number, reason=Problem.INVALID_ISBN.value, detail=bib.isbn))
    if not bib.issn_is_valid:
        problems.append(ImportProblem(number=number, reason=Problem.INVALID_ISSN.value, detail=bib.issn))
    if first.get("year") and bib.year is None:
        problems.append(ImportProblem(number=number, reason=Reason.BAD_VALUE.value, detail=first["year"][:100]))
    bib.holdings = [holding for _, values in rows if (holding := _holding(values, bib)) is not None]
    incoming = Incoming(number, None, bib, marc_for(bib, marc_format, entered=ENTERED), marc_format)
    return incoming, problems


def _bib(values: dict[str, str], marc_format: MarcFormat) -> Bib:
    isbn = clean_isbn(values.get("isbn", ""))
    issn = clean_issn(values.get("issn", ""))
    return Bib(
        marc_format=marc_format,
        control_number=values.get("control_number", ""),
        title=values.get("title", ""),
        other_titles=_split(values.get("other_titles", "")),
        responsibility=values.get("responsibility", ""),
        authors=_split(values.get("authors", "")),
        isbns=[isbn] if isbn else [],
        invalid_isbns=[isbn] if isbn and not isbn_is_valid(isbn) else [],
        issn=issn,
        issn_is_valid=not issn or issn_is_valid(issn),
        edition=values.get("edition", ""),
        publisher=values.get("publisher", ""),
        place=values.get("place", ""),
        year=parse_year(values.get("year", "")),
        pages=values.get("pages", ""),
        price=values.get("price", ""),
        series=_split(values.get("series", "")),
        clc=values.get("clc", ""),
        call_number=values.get("call_number", ""),
        subjects=_split(values.get("subjects", "")),
        language=values.get("language", "") or "chi",
        material_type=MaterialType.BOOK,
        summary=values.get("summary", ""),
    )


def _holding(values: dict[str, str], bib: Bib) -> Holding | None:
    barcode, old = values.get("barcode", ""), values.get("old_barcode", "")
    if not barcode and not old:
        return None
    return Holding(
        barcode=barcode,
        old_barcode=old,
        call_number=values.get("call_number", "") or bib.call_number,
        branch_code=values.get("branch", ""),
        collection_code=values.get("collection", ""),
        location=values.get("location", ""),
        item_type_code=values.get("item_type", ""),
        price=values.get("price", ""),
        volume=values.get("volume", ""),
        note=values.get("note", ""),
        tag="table",
    )


def _split(text: str) -> list[str]:
    parts = [part.strip() for part in text.replace("；", ";").replace("|", ";").split(";")]
    return [part for part in parts if part]
