"""Identity documents a reader registers with: validation and parsing.

Pure functions, no database. ``parse(raw)`` recognises the document from the shape of its number
(or checks it against the type staff chose), validates it and returns an :class:`IdDocument`;
an invalid number raises :class:`InvalidIdNumber` whose ``reason`` says exactly what is wrong.

Documents and the rules applied
-------------------------------
Resident ID card (居民身份证, GB 11643-1999), 18 characters::

    RRRRRR YYYYMMDD SSS C     address code, birth date, sequence (odd = male), check character

* ``python-stdnum`` provides the check character (``stdnum.iso7064.mod_11_2``, the algorithm GB 11643
  prescribes) and the GB/T 2260 region table (``stdnum.cn.loc`` through ``stdnum.numdb``).
* We do not call ``stdnum.cn.ric.validate`` because its region rule is wrong for libraries: it wants the
  address code to have been valid *in the birth year*, but GB 11643 gives the code of the county where
  the number was assigned, often decades after birth (everyone born in Liling before 1989 and numbered
  since then has 430281, a code created in 1989). Our rule: the code is in the table and was not
  abolished before the birth year.
* Rules we add: the characters (digits, ``X`` only last; full-width input and lower-case ``x`` are
  normalised), a birth year from 1900, a birth date not in the future, and checks ordered so the
  reason names the part that is wrong (length, characters, birth date, region, then check character).

Legacy 15-digit resident ID (1984–1999): ``RRRRRR YYMMDD SSS``, no check character, born in 19YY. We
validate region and birth date as above and convert it to 18 digits (insert ``19``, compute the check
character); ``legacy_number`` keeps the old form.

Residence permits (居住证) for Hong Kong and Macao residents (address code 810000 / 820000) and for
Taiwan residents (830000): the 18-digit resident-ID layout with a fixed address code. ``stdnum`` does
not know 830000, and dates 810000/820000 from 1997/1999, so permits skip the birth-year region rule.

Foreign permanent-resident ID card (外国人永久居留身份证):

* since 2023-12-01, 18 digits ``9 PP NNN YYYYMMDD SSS C``: ``9``, the issuing province (GB/T 2260),
  the nationality (ISO 3166-1 numeric), birth date, sequence (odd = male), and the same MOD 11-2
  check character as the resident ID (National Immigration Administration, 2023 rules);
* the 2004/2017 form, 15 characters ``AAA PPCC YYMMDD S C``: nationality (ISO 3166-1 alpha-3), the
  issuing province and city, birth date (century inferred: the latest that is not in the future), a
  sequence digit (odd = male) and a check digit computed with the ICAO 9303 7-3-1 weights (the
  algorithm public validators of this card use). ``stdnum`` covers neither; the country table is
  ``data/countries.tsv`` (Debian iso-codes).

Organisations (group borrowers such as schools) may give their unified social credit code (统一社会信用代码,
GB 32100), checked with ``stdnum.cn.uscc``.

Passports and other documents: no public check exists, so we only normalise (upper case, no spaces)
and require 5–20 letters and digits; ``needs_manual_check`` tells staff to compare with the document.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError
from stdnum.iso7064 import mod_11_2

from shuyuan.patrons.masking import mask_id


class DocType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident ID card")
    HK_MACAO_PERMIT = "hk_macao_permit", _("Residence permit for Hong Kong and Macao residents")
    TAIWAN_PERMIT = "taiwan_permit", _("Residence permit for Taiwan residents")
    FOREIGN_PERMANENT = "foreign_permanent", _("Foreign permanent resident ID card")
    PASSPORT = "passport", _("Passport")
    OTHER = "other", _("Other document")
    ORGANIZATION = "organization", _("Unified social credit code (organisation)")


MANUAL_DOC_TYPES = frozenset({DocType.PASSPORT, DocType.OTHER})
PERSONAL_MACHINE_TYPES = frozenset(
    {DocType.RESIDENT_ID, DocType.HK_MACAO_PERMIT, DocType.TAIWAN_PERMIT, DocType.FOREIGN_PERMANENT}
)


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class IdReason(models.TextChoices):
    EMPTY = "empty", _("No number")
    WRONG_LENGTH = "wrong_length", _("Wrong length")
    BAD_CHARACTERS = "bad_characters", _("Characters not allowed")
    UNKNOWN_REGION = "unknown_region", _("Unknown region code")
    UNKNOWN_NATIONALITY = "unknown_nationality", _("Unknown nationality code")
    IMPOSSIBLE_BIRTH_DATE = "impossible_birth_date", _("Impossible birth date")
    BIRTH_DATE_IN_FUTURE = "birth_date_in_future", _("Birth date in the future")
    WRONG_CHECK_DIGIT = "wrong_check_digit", _("Wrong check digit")
    DOCUMENT_TYPE_MISMATCH = "document_type_mismatch", _("Number of another document type")


_MESSAGES: dict[str, Promise] = {
    "empty": _("Enter the document number."),
    "wrong_length": _("The number has %(length)d characters; a %(document)s number has %(expected)s."),
    "wrong_length_or": _(
        "The number has %(length)d characters; a %(document)s number has %(expected)s (or %(alternative)s)."
    ),
    "bad_characters": _("Character %(position)d is not allowed: %(rule)s"),
    "unknown_region": _("The region code in the number (%(where)s) is not a known administrative region."),
    "unknown_nationality": _("The nationality code in the number is not a known country or region."),
    "impossible_birth_date": _("The birth date in the number (%(where)s) is not a possible date."),
    "birth_date_in_future": _("The birth date in the number lies in the future."),
    "wrong_check_digit": _(
        "The last character (check digit) does not match the others: a character was probably mistyped."
    ),
    "document_type_mismatch": _("This is the number of a %(detected)s, not of a %(document)s."),
}

_CHARACTER_RULES: dict[str, Promise] = {
    "numeric": _("the number has only digits, and the last character may be X."),
    "legacy": _("an old 15-digit ID number has only digits."),
    "foreign_old": _("three letters (the nationality) and then twelve digits."),
    "manual": _("letters and digits only."),
    "uscc": _("digits and capital letters other than I, O, S, V and Z."),
}


class InvalidIdNumber(ValueError):
    """An ID number that cannot be accepted; ``message`` is the translated sentence for the person."""

    def __init__(self, reason: IdReason, *, template: str = "", **params: Any) -> None:
        self.reason = reason
        self.template = template or reason.value
        self.params = params
        super().__init__(reason.value)

    @property
    def message(self) -> str:
        values = {key: str(value) if isinstance(value, Promise) else value for key, value in self.params.items()}
        return str(_MESSAGES[self.template]) % values

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class IdDocument:
    """A validated identity document. ``number`` is the normalised number (18 digits for a converted
    legacy ID); fields a document does not encode are ``None`` or empty."""

    doc_type: DocType
    number: str
    birth_date: date | None = None
    sex: Sex | None = None
    region_code: str = ""
    region_name: str = ""
    nationality: str = ""
    legacy_number: str = ""
    needs_manual_check: bool = False

    @property
    def last6(self) -> str:
        return self.number[-6:]

    def __repr__(self) -> str:
        # Keeps full numbers out of tracebacks and logs.
        return f"IdDocument({self.doc_type.value}, {mask_id(self.number)})"


_SEPARATORS = re.compile(r"[\s\-]+")
_PERMIT_TYPES = {
    "810000": DocType.HK_MACAO_PERMIT,
    "820000": DocType.HK_MACAO_PERMIT,
    "830000": DocType.TAIWAN_PERMIT,
}
_PERMIT_REGIONS = {"810000": _("Hong Kong"), "820000": _("Macao"), "830000": _("Taiwan")}
_ICAO_WEIGHTS = (7, 3, 1)
_USCC_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")
_EARLIEST_BIRTH_YEAR = 1900
_LAST_OLD_FOREIGN_CARD = date(2023, 11, 30)


def normalize(raw: str) -> str:
    """Full-width to ASCII (Chinese input methods), upper case, without spaces and hyphens."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or "")).upper()


def parse(raw: str, *, doc_type: DocType | str | None = None, today: date | None = None) -> IdDocument:
    """Validate ``raw`` and return the parsed document.

    Without ``doc_type`` the type is recognised from the number; passports and other documents must
    be named. With a machine-checkable ``doc_type``, a valid number of another type is refused with
    ``DOCUMENT_TYPE_MISMATCH`` so the wrong choice in a form is caught.
    """
    number = normalize(raw)
    today = today or date.today()
    wanted = DocType(doc_type) if doc_type else None
    if not number:
        raise InvalidIdNumber(IdReason.EMPTY)
    if wanted in MANUAL_DOC_TYPES:
        return _parse_manual(number, wanted)
    if wanted == DocType.ORGANIZATION:
        return _parse_organization(number)
    detected = detect_type(number)
    if wanted is None or wanted == detected:
        return _PARSERS[detected](number, today)
    try:
        return _PARSERS[wanted](number, today)
    except InvalidIdNumber:
        _raise_if_other_type(number, today, wanted=wanted, detected=detected)
        raise


def detect_type(number: str) -> DocType:
    """The machine-checkable document type a normalised number has the shape of."""
    if len(number) >= 3 and number[:3].isalpha() and number[:3].isascii():
        return DocType.FOREIGN_PERMANENT
    if len(number) == 18 and number.startswith("9"):
        return DocType.FOREIGN_PERMANENT
    if len(number) == 18 and number[:6] in _PERMIT_TYPES:
        return _PERMIT_TYPES[number[:6]]
    return DocType.RESIDENT_ID


def is_valid(raw: str, *, doc_type: DocType | str | None = None, today: date | None = None) -> bool:
    try:
        parse(raw, doc_type=doc_type, today=today)
    except InvalidIdNumber:
        return False
    return True


def check_digit(body: str) -> str:
    """The GB 11643 (ISO 7064 MOD 11-2) check character for the first 17 digits."""
    return mod_11_2.calc_check_digit(body)


def compose_resident_id(region_code: str, birth_date: date, sequence: int) -> str:
    """An 18-digit number with a correct check character (demo data, tests, conversions)."""
    body = f"{region_code}{birth_date:%Y%m%d}{sequence:03d}"
    return body + check_digit(body)


def convert_legacy(number15: str) -> str:
    """The 18-digit form of a legacy 15-digit resident ID number (shape not validated)."""
    body = number15[:6] + "19" + number15[6:]
    return body + check_digit(body)


def age_on(birth_date: date, day: date) -> int:
    """Age in full years on ``day``; a 29 February birthday counts from 1 March in common years."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def _raise_if_other_type(number: str, today: date, *, wanted: DocType, detected: DocType) -> None:
    try:
        _PARSERS[detected](number, today)
    except InvalidIdNumber:
        return
    raise InvalidIdNumber(IdReason.DOCUMENT_TYPE_MISMATCH, detected=detected.label, document=wanted.label)


def _parse_resident(number: str, today: date) -> IdDocument:
    _check_numeric_characters(number)
    if len(number) == 15:
        return _parse_legacy(number, today)
    _check_length(number, DocType.RESIDENT_ID, (18, 15))
    if number[:6] in _PERMIT_TYPES:
        raise InvalidIdNumber(
            IdReason.DOCUMENT_TYPE_MISMATCH,
            detected=_PERMIT_TYPES[number[:6]].label,
            document=DocType.RESIDENT_ID.label,
        )
    birth = _birth_date(number[6:14], today, where=_("digits 7–14"))
    region_name = _region_name(number[:6], birth.year)
    _check_mod_11_2(number)
    return IdDocument(DocType.RESIDENT_ID, number, birth, _sex(number[16]), number[:6], region_name)


def _parse_legacy(number: str, today: date) -> IdDocument:
    if number.endswith("X"):
        raise InvalidIdNumber(IdReason.BAD_CHARACTERS, position=15, rule=_CHARACTER_RULES["legacy"])
    birth = _birth_date("19" + number[6:12], today, where=_("digits 7–12"))
    region_name = _region_name(number[:6], birth.year)
    converted = convert_legacy(number)
    return IdDocument(
        DocType.RESIDENT_ID, converted, birth, _sex(number[14]), number[:6], region_name, legacy_number=number
    )


def _parse_permit(number: str, today: date, *, doc_type: DocType) -> IdDocument:
    _check_numeric_characters(number)
    _check_length(number, doc_type, (18,))
    if _PERMIT_TYPES.get(number[:6]) != doc_type:
        raise InvalidIdNumber(IdReason.UNKNOWN_REGION, where=_("digits 1–6"))
    birth = _birth_date(number[6:14], today, where=_("digits 7–14"))
    _check_mod_11_2(number)
    return IdDocument(doc_type, number, birth, _sex(number[16]), number[:6], str(_PERMIT_REGIONS[number[:6]]))


def _parse_foreign(number: str, today: date) -> IdDocument:
    if number[:1].isdigit():
        return _parse_foreign_2023(number, today)
    return _parse_foreign_old(number, today)


def _parse_foreign_2023(number: str, today: date) -> IdDocument:
    _check_numeric_characters(number)
    _check_length(number, DocType.FOREIGN_PERMANENT, (18, 15))
    if not number.startswith("9"):
        raise InvalidIdNumber(IdReason.UNKNOWN_REGION, where=_("digit 1"))
    province = number[1:3] + "0000"
    nationality = countries_by_numeric().get(number[3:6])
    birth = _birth_date(number[6:14], today, where=_("digits 7–14"))
    region_name = _province_name(province, where=_("digits 2–3"))
    if nationality is None:
        raise InvalidIdNumber(IdReason.UNKNOWN_NATIONALITY)
    _check_mod_11_2(number)
    return IdDocument(DocType.FOREIGN_PERMANENT, number, birth, _sex(number[16]), province, region_name, nationality)


def _parse_foreign_old(number: str, today: date) -> IdDocument:
    for position, char in enumerate(number, start=1):
        allowed = char.isascii() and (char.isalpha() if position <= 3 else char.isdigit())
        if not allowed:
            raise InvalidIdNumber(IdReason.BAD_CHARACTERS, position=position, rule=_CHARACTER_RULES["foreign_old"])
    _check_length(number, DocType.FOREIGN_PERMANENT, (15, 18))
    birth = _two_digit_year_birth_date(number[7:13], today)
    region_name = _province_name(number[3:5] + "0000", where=_("characters 4–7"))
    if number[:3] not in countries_by_alpha3():
        raise InvalidIdNumber(IdReason.UNKNOWN_NATIONALITY)
    if _icao_check_digit(number[:14]) != number[14]:
        raise InvalidIdNumber(IdReason.WRONG_CHECK_DIGIT)
    return IdDocument(
        DocType.FOREIGN_PERMANENT,
        number,
        birth,
        _sex(number[13]),
        number[3:7] + "00",
        region_name,
        number[:3],
    )


def _parse_manual(number: str, doc_type: DocType) -> IdDocument:
    for position, char in enumerate(number, start=1):
        if not (char.isascii() and char.isalnum()):
            raise InvalidIdNumber(IdReason.BAD_CHARACTERS, position=position, rule=_CHARACTER_RULES["manual"])
    if not 5 <= len(number) <= 20:
        raise InvalidIdNumber(IdReason.WRONG_LENGTH, length=len(number), document=doc_type.label, expected="5–20")
    return IdDocument(doc_type, number, needs_manual_check=True)


def _parse_organization(number: str) -> IdDocument:
    _check_length(number, DocType.ORGANIZATION, (18,))
    for position, char in enumerate(number, start=1):
        if char not in _USCC_ALPHABET:
            raise InvalidIdNumber(IdReason.BAD_CHARACTERS, position=position, rule=_CHARACTER_RULES["uscc"])
    try:
        uscc.validate(number)
    except ValidationError:
        raise InvalidIdNumber(IdReason.WRONG_CHECK_DIGIT) from None
    return IdDocument(DocType.ORGANIZATION, number, region_code=number[2:8])


_PARSERS: dict[DocType, Callable[[str, date], IdDocument]] = {
    DocType.RESIDENT_ID: _parse_resident,
    DocType.HK_MACAO_PERMIT: functools.partial(_parse_permit, doc_type=DocType.HK_MACAO_PERMIT),
    DocType.TAIWAN_PERMIT: functools.partial(_parse_permit, doc_type=DocType.TAIWAN_PERMIT),
    DocType.FOREIGN_PERMANENT: _parse_foreign,
}


def _check_numeric_characters(number: str) -> None:
    last = len(number)
    for position, char in enumerate(number, start=1):
        if not ((char.isascii() and char.isdigit()) or (char == "X" and position == last)):
            raise InvalidIdNumber(IdReason.BAD_CHARACTERS, position=position, rule=_CHARACTER_RULES["numeric"])


def _check_length(number: str, doc_type: DocType, lengths: tuple[int, ...]) -> None:
    if len(number) == lengths[0]:
        return
    params: dict[str, Any] = {"length": len(number), "document": doc_type.label, "expected": lengths[0]}
    if len(lengths) > 1:
        raise InvalidIdNumber(IdReason.WRONG_LENGTH, template="wrong_length_or", alternative=lengths[1], **params)
    raise InvalidIdNumber(IdReason.WRONG_LENGTH, **params)


def _check_mod_11_2(number: str) -> None:
    if check_digit(number[:17]) != number[17]:
        raise InvalidIdNumber(IdReason.WRONG_CHECK_DIGIT)


def _birth_date(yyyymmdd: str, today: date, *, where: Promise) -> date:
    try:
        birth = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        raise InvalidIdNumber(IdReason.IMPOSSIBLE_BIRTH_DATE, where=where) from None
    if birth.year < _EARLIEST_BIRTH_YEAR:
        raise InvalidIdNumber(IdReason.IMPOSSIBLE_BIRTH_DATE, where=where)
    if birth > today:
        raise InvalidIdNumber(IdReason.BIRTH_DATE_IN_FUTURE)
    return birth


def _two_digit_year_birth_date(yymmdd: str, today: date) -> date:
    """20YY when that date is possible for a card of this form (issued until 2023-11-30), else 19YY."""
    where = _("characters 8–13")
    latest = min(today, _LAST_OLD_FOREIGN_CARD)
    try:
        recent = date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))
    except ValueError:
        raise InvalidIdNumber(IdReason.IMPOSSIBLE_BIRTH_DATE, where=where) from None
    if recent <= latest:
        return recent
    return _birth_date("19" + yymmdd, today, where=where)


def _sex(digit: str) -> Sex:
    return Sex.MALE if int(digit) % 2 else Sex.FEMALE


def _icao_check_digit(text: str) -> str:
    total = 0
    for index, char in enumerate(text):
        value = int(char) if char.isdigit() else ord(char) - ord("A") + 10
        total += value * _ICAO_WEIGHTS[index % 3]
    return str(total % 10)


@dataclass(frozen=True, slots=True)
class _Period:
    start: int | None
    end: int | None
    name: str


def _periods(text: str) -> list[_Period]:
    """``"[1983-1996]东区,[1997-]荷塘区"`` → periods; an unbracketed name is valid throughout."""
    periods = []
    for part in text.split(","):
        match = re.fullmatch(r"\[(\d*)-(\d*)\](.*)", part)
        if match is None:
            periods.append(_Period(None, None, part))
            continue
        start, end, name = match.groups()
        periods.append(_Period(int(start) if start else None, int(end) if end else None, name))
    return periods


@functools.lru_cache(maxsize=8192)
def _region_entry(code: str) -> tuple[str, tuple[_Period, ...]] | None:
    """(province name, county periods) for a GB/T 2260 code in stdnum's table, or None."""
    if len(code) != 6 or not code.isdigit():
        return None
    parts = numdb.get("cn/loc").info(code)
    if len(parts) != 2 or "province" not in parts[0][1] or "county" not in parts[1][1]:
        return None
    return parts[0][1]["province"], tuple(_periods(parts[1][1]["county"]))


def _region_name(code: str, birth_year: int) -> str:
    entry = _region_entry(code)
    if entry is None or code in _PERMIT_TYPES:
        raise InvalidIdNumber(IdReason.UNKNOWN_REGION, where=_("digits 1–6"))
    province, periods = entry
    if not any(period.end is None or period.end >= birth_year for period in periods):
        raise InvalidIdNumber(IdReason.UNKNOWN_REGION, where=_("digits 1–6"))
    return _full_region_name(code, province, periods[-1].name)


def _full_region_name(code: str, province: str, county: str) -> str:
    if code.endswith("0000"):
        return province
    names = [province]
    prefecture = _region_entry(code[:4] + "00")
    if not code.endswith("00") and prefecture is not None:
        prefecture_name = prefecture[1][-1].name
        if prefecture_name not in {"市辖区", "县", province} and not prefecture_name.endswith("直辖县级行政区划"):
            names.append(prefecture_name)
    names.append(county)
    return "".join(names)


def _province_name(code: str, *, where: Promise) -> str:
    entry = _region_entry(code)
    if entry is None or code in _PERMIT_TYPES:
        raise InvalidIdNumber(IdReason.UNKNOWN_REGION, where=where)
    return entry[0]


@functools.cache
def _countries() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    by_alpha3: dict[str, str] = {}
    by_numeric: dict[str, str] = {}
    names: dict[str, str] = {}
    table = Path(__file__).with_name("data") / "countries.tsv"
    for line in table.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        alpha3, numeric, name = line.split("\t")
        by_alpha3[alpha3] = numeric
        by_numeric[numeric] = alpha3
        names[alpha3] = name
    return by_alpha3, by_numeric, names


def countries_by_alpha3() -> dict[str, str]:
    """ISO 3166-1 alpha-3 → numeric."""
    return _countries()[0]


def countries_by_numeric() -> dict[str, str]:
    """ISO 3166-1 numeric → alpha-3."""
    return _countries()[1]


def country_name(alpha3: str) -> str:
    """The Chinese name of a country or region, or the code itself when unknown."""
    return _countries()[2].get(alpha3, alpha3)
