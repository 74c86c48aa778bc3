"""MARC21 record -> Bib, and Bib -> MARC21 record."""

from __future__ import annotations

import re
from datetime import date

from pymarc import Field, Indicators, Leader, Record, Subfield

from .bib import Bib, MaterialType, parse_year, tidy
from .fieldaccess import all_values, control, fields_of, first_value, heading, subfield_values, unique
from .formats import MarcFormat
from .numbers import clean_isbn, clean_issn, isbn_is_valid, issn_is_valid

_MATERIAL_BY_TYPE = {
    "a": MaterialType.BOOK,
    "t": MaterialType.MANUSCRIPT,
    "c": MaterialType.SCORE,
    "d": MaterialType.SCORE,
    "e": MaterialType.MAP,
    "f": MaterialType.MAP,
    "g": MaterialType.VIDEO,
    "i": MaterialType.AUDIO,
    "j": MaterialType.AUDIO,
    "k": MaterialType.GRAPHIC,
    "m": MaterialType.ELECTRONIC,
    "o": MaterialType.MIXED,
    "p": MaterialType.MIXED,
    "r": MaterialType.OBJECT,
}
_CLC_SHAPE = re.compile(r"^[A-Z][A-Z0-9.\-/=+:()\"<>]*$")
_SUBJECT_TAGS = ("600", "610", "611", "630", "650", "651")


def material_type(leader: str) -> MaterialType:
    if leader[6:7] == "a" and leader[7:8] in ("s", "i", "b"):
        return MaterialType.SERIAL
    return _MATERIAL_BY_TYPE.get(leader[6:7], MaterialType.BOOK)


def to_bib(record: Record) -> Bib:
    bib = _read(record)
    vernacular = linked_vernacular(record)
    if vernacular.fields:
        _add_vernacular(bib, _read(vernacular))
    return bib


def _read(record: Record) -> Bib:
    bib = Bib(marc_format=MarcFormat.MARC21, control_number=control(record, "001").strip())
    fixed = control(record, "008")
    _read_title(record, bib)
    _read_numbers(record, bib)
    bib.edition = first_value(record, "250", "a")
    imprint = _imprint(record)
    if imprint is not None:
        bib.place = tidy((subfield_values(imprint, "a") or [""])[0])
        bib.publisher = tidy((subfield_values(imprint, "b") or [""])[0])
        bib.year = parse_year((subfield_values(imprint, "c") or [""])[0])
    bib.year = bib.year or parse_year(fixed[7:11])
    bib.pages = first_value(record, "300", "a")
    bib.series = unique(all_values(record, ["490", "830", "440"], "a"))
    bib.clc = _clc(record)
    bib.call_number = _call_number(record)
    bib.subjects = _subjects(record)
    bib.language = (fixed[35:38].strip() if len(fixed) >= 38 else "") or first_value(record, "041", "a")[:3]
    bib.material_type = material_type(str(record.leader))
    bib.summary = first_value(record, "520", "a")
    bib.authors = all_values(record, ["100", "110", "111", "700", "710", "711"], "a")
    return bib


def linked_vernacular(record: Record) -> Record:
    """The 880 fields (alternate graphic representation: the title, names and imprint in their own
    script, Chinese, Japanese or Korean) as the fields they stand for: 880 $6 "245-01/$1" becomes a
    245. Unlinked 880s ("245-00") count too: they have no romanised partner."""
    vernacular = Record()
    vernacular.leader = record.leader
    for field in fields_of(record, "880"):
        link = (subfield_values(field, "6") or [""])[0]
        tag = link[:3]
        if not (tag.isdigit() and len(tag) == 3) or is_control(tag):
            continue
        subfields = [Subfield(code, value) for code, value in field.subfields if code != "6"]
        vernacular.add_field(Field(tag=tag, indicators=field.indicators, subfields=subfields))
    return vernacular


def is_control(tag: str) -> bool:
    return tag < "010"


def _add_vernacular(bib: Bib, vernacular: Bib) -> None:
    """The record in its own script is what readers see; the romanised forms stay, and are searched:
    the romanised title becomes the first other title, the romanised responsibility and publisher
    have fields of their own, names, series and subjects keep both forms."""
    if vernacular.title:
        romanised = [bib.title, *bib.other_titles, *vernacular.other_titles]
        bib.other_titles = [title for title in unique(romanised) if title and title != vernacular.title]
        bib.title = vernacular.title
    if vernacular.responsibility and vernacular.responsibility != bib.responsibility:
        bib.romanised_responsibility, bib.responsibility = bib.responsibility, vernacular.responsibility
    if vernacular.publisher and vernacular.publisher != bib.publisher:
        bib.romanised_publisher, bib.publisher = bib.publisher, vernacular.publisher
    bib.edition = vernacular.edition or bib.edition
    bib.place = vernacular.place or bib.place
    bib.summary = vernacular.summary or bib.summary
    bib.authors = unique([*vernacular.authors, *bib.authors])
    bib.series = unique([*vernacular.series, *bib.series])
    bib.subjects = unique([*vernacular.subjects, *bib.subjects])


def _read_title(record: Record, bib: Bib) -> None:
    for field in fields_of(record, "245"):
        main = [tidy(value) for value in subfield_values(field, "anp")]
        bib.title = ". ".join(part for part in main if part)
        bib.other_titles = [tidy(value) for value in subfield_values(field, "b")]
        bib.responsibility = tidy("; ".join(subfield_values(field, "c")))
        break
    others = [*bib.other_titles, *all_values(record, ["246", "240", "130", "730", "740"], "a")]
    bib.other_titles = [title for title in unique(others) if title and title != bib.title]


def _read_numbers(record: Record, bib: Bib) -> None:
    for field in fields_of(record, "020"):
        for value in subfield_values(field, "a"):
            isbn = clean_isbn(value)
            if isbn and isbn not in bib.isbns:
                bib.isbns.append(isbn)
                if not isbn_is_valid(isbn):
                    bib.invalid_isbns.append(isbn)
        if not bib.price:
            bib.price = tidy((subfield_values(field, "c") or [""])[0])
    bib.issn = clean_issn(first_value(record, "022", "a"))
    bib.issn_is_valid = not bib.issn or issn_is_valid(bib.issn)


def _imprint(record: Record) -> Field | None:
    for field in fields_of(record, "264"):
        if (field.indicators or "  ")[1] == "1":
            return field
    for field in fields_of(record, "260"):
        return field
    return None


def _clc(record: Record) -> str:
    for field in fields_of(record, "084"):
        source = " ".join(subfield_values(field, "2")).lower()
        values = subfield_values(field, "a")
        if values and (source.startswith("clc") or (not source and _CLC_SHAPE.match(values[0].strip()))):
            return values[0].strip()
    return ""


def _call_number(record: Record) -> str:
    for tag, codes in (("852", "hi"), ("099", "a"), ("090", "ab")):
        for field in fields_of(record, tag):
            parts = [value.strip() for value in subfield_values(field, codes)]
            if parts:
                return "/".join(parts[:2])
    return ""


def _subjects(record: Record) -> list[str]:
    found = [heading(field, "abt", "vxyz") for field in fields_of(record, *_SUBJECT_TAGS)]
    found.extend(all_values(record, ["653"], "a"))
    return unique([subject for subject in found if subject])


# ----------------------------------------------------------------------------- Bib -> MARC21


def from_bib(bib: Bib, *, entered: date) -> Record:
    """A MARC21 record carrying what the Bib knows (for records that came without MARC)."""
    record = Record()
    kind = _type_code(bib.material_type)
    level = "s" if bib.material_type is MaterialType.SERIAL else "m"
    record.leader = Leader(f"00000n{kind}{level} a22000007i 4500")
    fields: list[Field] = []
    if bib.control_number:
        fields.append(Field(tag="001", data=bib.control_number))
    year = f"{bib.year:04d}" if bib.year else "    "
    language = (bib.language or "chi")[:3].ljust(3)
    book_codes = " " * 11 + "000 0 "  # 18-34: no illustrations etc., not a conference, no index, not fiction
    fields.append(Field(tag="008", data=f"{entered:%y%m%d}s{year}    ch {book_codes}{language} d"))
    for index, isbn in enumerate(bib.isbns or ([""] if bib.price else [])):
        fields.append(_data("020", " ", " ", a=isbn, c=bib.price if index == 0 else ""))
    if bib.issn:
        fields.append(_data("022", " ", " ", a=bib.issn))
    if bib.clc:
        fields.append(_data("084", " ", " ", a=bib.clc, **{"2": "clc"}))
    if bib.authors:
        fields.append(_data("100", "0", " ", a=bib.authors[0]))
    fields.append(_data("245", "1" if bib.authors else "0", "0", a=bib.title, c=bib.responsibility))
    fields.extend(_data("246", "3", " ", a=title) for title in bib.other_titles)
    if bib.edition:
        fields.append(_data("250", " ", " ", a=bib.edition))
    fields.append(_data("264", " ", "1", a=bib.place, b=bib.publisher, c=str(bib.year or "")))
    if bib.pages:
        fields.append(_data("300", " ", " ", a=bib.pages))
    fields.extend(_data("490", "0", " ", a=series) for series in bib.series)
    if bib.summary:
        fields.append(_data("520", " ", " ", a=bib.summary))
    fields.extend(_subject_field(subject) for subject in bib.subjects)
    fields.extend(_data("700", "0", " ", a=name) for name in bib.authors[1:])
    record.fields = fields
    return record


def _type_code(kind: MaterialType) -> str:
    for code, material in _MATERIAL_BY_TYPE.items():
        if material is kind:
            return code
    return "a"


def _data(tag: str, ind1: str, ind2: str, **subfields: str) -> Field:
    return Field(
        tag=tag,
        indicators=Indicators(ind1, ind2),
        subfields=[Subfield(code, value) for code, value in subfields.items() if value],
    )


def _subject_field(subject: str) -> Field:
    head, *rest = subject.split("--")
    subfields = [Subfield("a", head)] + [Subfield("x", part) for part in rest]
    return Field(tag="650", indicators=Indicators(" ", "4"), subfields=subfields)
