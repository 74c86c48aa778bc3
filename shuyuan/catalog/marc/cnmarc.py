"""CNMARC (UNIMARC) record -> Bib, and Bib -> CNMARC record."""

from __future__ import annotations

from datetime import date

from pymarc import Field, Indicators, Leader, Record, Subfield

from .bib import Bib, MaterialType, parse_year, tidy
from .fieldaccess import all_values, control, fields_of, first_value, heading, subfield_values, unique
from .formats import MarcFormat
from .numbers import clean_isbn, clean_issn, isbn_is_valid, issn_is_valid

_MATERIAL_BY_TYPE = {
    "a": MaterialType.BOOK,
    "b": MaterialType.MANUSCRIPT,
    "c": MaterialType.SCORE,
    "d": MaterialType.SCORE,
    "e": MaterialType.MAP,
    "f": MaterialType.MAP,
    "g": MaterialType.VIDEO,
    "i": MaterialType.AUDIO,
    "j": MaterialType.AUDIO,
    "k": MaterialType.GRAPHIC,
    "l": MaterialType.ELECTRONIC,
    "m": MaterialType.MIXED,
    "r": MaterialType.OBJECT,
}
_SUBJECT_TAGS = ("600", "601", "602", "604", "605", "606", "607")
_OTHER_TITLE_TAGS = ("500", "510", "512", "513", "514", "515", "516", "517", "518", "540", "541")


def material_type(leader: str) -> MaterialType:
    if leader[6:7] == "a" and leader[7:8] == "s":
        return MaterialType.SERIAL
    return _MATERIAL_BY_TYPE.get(leader[6:7], MaterialType.BOOK)


def to_bib(record: Record) -> Bib:
    bib = Bib(marc_format=MarcFormat.CNMARC, control_number=control(record, "001").strip())
    _read_title(record, bib)
    _read_numbers(record, bib)
    bib.edition = first_value(record, "205", "a")
    imprint = "210" if any(fields_of(record, "210")) else "214"
    bib.place = first_value(record, imprint, "a")
    bib.publisher = first_value(record, imprint, "c")
    fixed = control_or_subfield(record, "100")
    bib.year = parse_year(first_value(record, imprint, "d")) or parse_year(fixed[9:13])
    bib.pages = first_value(record, "215", "a")
    bib.series = _series(record)
    bib.clc = first_value(record, "690", "a")
    bib.call_number = _call_number(record)
    bib.subjects = _subjects(record)
    bib.language = first_value(record, "101", "a")[:3]
    bib.material_type = material_type(str(record.leader))
    bib.summary = first_value(record, "330", "a")
    bib.authors = _authors(record)
    return bib


def control_or_subfield(record: Record, tag: str) -> str:
    for field in fields_of(record, tag):
        return (field.data or "") if field.control_field else (subfield_values(field, "a") or [""])[0]
    return ""


def _read_title(record: Record, bib: Bib) -> None:
    titles: list[str] = []
    responsibility: list[str] = []
    for field in fields_of(record, "200"):
        titles = [tidy(value) for value in subfield_values(field, "a")]
        parts = [tidy(value) for value in subfield_values(field, "hi")]
        if titles and parts:
            titles[0] = ". ".join([titles[0], *parts])
        bib.other_titles.extend(tidy(value) for value in subfield_values(field, "de"))
        responsibility = [tidy(value) for value in subfield_values(field, "fg")]
        break
    bib.title = titles[0] if titles else ""
    bib.other_titles = unique([*titles[1:], *bib.other_titles, *all_values(record, _OTHER_TITLE_TAGS, "a")])
    bib.other_titles = [title for title in bib.other_titles if title and title != bib.title]
    bib.responsibility = "; ".join(part for part in responsibility if part)


def _read_numbers(record: Record, bib: Bib) -> None:
    for field in fields_of(record, "010"):
        for value in subfield_values(field, "a"):
            isbn = clean_isbn(value)
            if isbn and isbn not in bib.isbns:
                bib.isbns.append(isbn)
                if not isbn_is_valid(isbn):
                    bib.invalid_isbns.append(isbn)
        if not bib.price:
            bib.price = (subfield_values(field, "d") or [""])[0].strip()
    bib.issn = clean_issn(first_value(record, "011", "a"))
    bib.issn_is_valid = not bib.issn or issn_is_valid(bib.issn)


def _series(record: Record) -> list[str]:
    series = []
    for field in fields_of(record, "225"):
        title = (subfield_values(field, "a") or [""])[0]
        number = (subfield_values(field, "v") or [""])[0]
        if title.strip():
            series.append(tidy(f"{tidy(title)} ; {number}" if number.strip() else title))
    return unique(series)


def _call_number(record: Record) -> str:
    for field in fields_of(record, "905"):
        whole = subfield_values(field, "s")
        if whole:
            return whole[0].strip()
        parts = subfield_values(field, "d") + subfield_values(field, "e")
        if parts:
            return "/".join(part.strip() for part in parts[:2])
    parts = [first_value(record, "090", "a"), first_value(record, "090", "b")]
    return "/".join(part for part in parts if part)


def _subjects(record: Record) -> list[str]:
    found = [heading(field, "a", "jxyz") for field in fields_of(record, *_SUBJECT_TAGS)]
    found.extend(all_values(record, ["610"], "a"))
    return unique([subject for subject in found if subject])


def _authors(record: Record) -> list[str]:
    names = []
    for field in fields_of(record, "700", "701", "702", "710", "711", "712"):
        parts = [tidy(value) for value in subfield_values(field, "ab")]
        # Personal names: $b is the part after the entry element (Western names); corporate: subdivisions.
        names.append((", " if field.tag < "710" else ". ").join(part for part in parts if part))
    return unique([name for name in names if name])


# ----------------------------------------------------------------------------- Bib -> CNMARC


def from_bib(bib: Bib, *, entered: date) -> Record:
    """A CNMARC record carrying what the Bib knows (for records that came without MARC)."""
    record = Record()
    level = "s" if bib.material_type is MaterialType.SERIAL else "m"
    record.leader = Leader(f"00000n{_type_code(bib)}{level}0 2200000   450 ")
    fields: list[Field] = []
    if bib.control_number:
        fields.append(Field(tag="001", data=bib.control_number))
    for index, isbn in enumerate(bib.isbns or ([""] if bib.price else [])):
        fields.append(_data("010", " ", " ", a=isbn, d=bib.price if index == 0 else ""))
    if bib.issn:
        fields.append(_data("011", " ", " ", a=bib.issn))
    year = f"{bib.year:04d}" if bib.year else "    "
    fixed = f"{entered:%Y%m%d}d{year}    em y0{bib.language or 'chi'}y50      ea"
    fields.append(_data("100", " ", " ", a=fixed))
    fields.append(_data("101", "0", " ", a=bib.language or "chi"))
    fields.append(_title_field(bib))
    fields.extend(_data("517", "1", " ", a=title) for title in bib.other_titles)
    if bib.edition:
        fields.append(_data("205", " ", " ", a=bib.edition))
    fields.append(_data("210", " ", " ", a=bib.place, c=bib.publisher, d=str(bib.year or "")))
    if bib.pages:
        fields.append(_data("215", " ", " ", a=bib.pages))
    fields.extend(_series_field(series) for series in bib.series)
    if bib.summary:
        fields.append(_data("330", " ", " ", a=bib.summary))
    fields.extend(_subject_field(subject) for subject in bib.subjects)
    if bib.clc:
        fields.append(_data("690", " ", " ", a=bib.clc, v="5"))
    fields.extend(_data("701" if index == 0 else "702", " ", "0", a=name) for index, name in enumerate(bib.authors))
    record.fields = fields
    return record


def _type_code(bib: Bib) -> str:
    for code, kind in _MATERIAL_BY_TYPE.items():
        if kind is bib.material_type:
            return code
    return "a"


def _data(tag: str, ind1: str, ind2: str, **subfields: str) -> Field:
    return Field(
        tag=tag,
        indicators=Indicators(ind1, ind2),
        subfields=[Subfield(code, value) for code, value in subfields.items() if value],
    )


def _title_field(bib: Bib) -> Field:
    subfields = [Subfield("a", bib.title)]
    if bib.responsibility:
        subfields.append(Subfield("f", bib.responsibility))
    return Field(tag="200", indicators=Indicators("1", " "), subfields=subfields)


def _series_field(series: str) -> Field:
    title, _, number = series.partition(" ; ")
    return _data("225", "2", " ", a=title, v=number)


def _subject_field(subject: str) -> Field:
    head, *rest = subject.split("--")
    subfields = [Subfield("a", head)] + [Subfield("x", part) for part in rest]
    return Field(tag="606", indicators=Indicators("0", " "), subfields=subfields)
