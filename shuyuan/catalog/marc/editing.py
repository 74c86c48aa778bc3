"""The MARC tag editor's text form of a record, its checks, and the labels of every tag and subfield.

One line per field, as cataloguers type it in Chinese systems::

    LDR 00000nam0 2200000   450
    001 012345678
    200 1# $a平凡的世界$f路遥著
    606 0# $a长篇小说$j中国$z当代

``#`` (or a space) is a blank indicator; ``$`` starts a subfield, and ``$$`` is a dollar sign in
the text. CNMARC labels come from dp2's definition table (data/cnmarc_book.json); MARC 21 labels
from a table of its common fields (data/marc21_bib.json). Pure Python, no database.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

from pymarc import Field, Indicators, Leader, Record, Subfield

from shuyuan.catalog.unicode_forms import stored_text as stored

from .formats import MarcFormat
from .iso2709 import is_control_tag

DATA = Path(__file__).with_name("data")
_DOLLAR = "\x00"
_TAG = re.compile(r"^[0-9A-Za-z]{3}$")
_INDICATOR = re.compile(r"^[0-9a-z# ]$")
_CODE = re.compile(r"^[0-9a-z]$")
# Indicator values the standards define, for fields where a wrong one is a common slip.
_DEFINED_INDICATORS: dict[MarcFormat, dict[str, tuple[str, str]]] = {
    MarcFormat.CNMARC: {"200": ("01", "#"), "225": ("012", "#"), "701": ("#", "01"), "702": ("#", "01")},
    MarcFormat.MARC21: {"245": ("01", "0123456789"), "650": ("#012", "01234567"), "100": ("013", "#")},
}


class LineProblem(StrEnum):
    BAD_TAG = "bad_tag"
    BROKEN_INDICATOR = "broken_indicator"
    UNDEFINED_INDICATOR = "undefined_indicator"
    NO_SUBFIELDS = "no_subfields"
    BAD_SUBFIELD_CODE = "bad_subfield_code"
    UNDEFINED_SUBFIELD = "undefined_subfield"
    BAD_LEADER = "bad_leader"
    NO_TITLE = "no_title"


# Problems that keep a record from being saved; the others are warnings a cataloguer may keep.
BLOCKING = frozenset(set(LineProblem) - {LineProblem.UNDEFINED_SUBFIELD})


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based line of the editor's text (0: the record as a whole)
    tag: str
    problem: LineProblem
    detail: str = ""

    @property
    def blocks(self) -> bool:
        return self.problem in BLOCKING


@dataclass
class Parsed:
    record: Record
    findings: list[Finding] = field(default_factory=list)

    @property
    def is_saveable(self) -> bool:
        return not any(finding.blocks for finding in self.findings)


@dataclass(frozen=True)
class FieldDefinition:
    label: str
    subfields: dict[str, str]


@cache
def definitions(marc_format: MarcFormat) -> dict[str, FieldDefinition]:
    name = "cnmarc_book.json" if marc_format is MarcFormat.CNMARC else "marc21_bib.json"
    data = json.loads((DATA / name).read_text(encoding="utf-8"))["fields"]
    return {tag: FieldDefinition(entry["label"], entry["subfields"]) for tag, entry in data.items()}


def definitions_json(marc_format: MarcFormat) -> dict[str, dict[str, object]]:
    """The labels as the editor's script reads them, with the indicator values it checks."""
    defined = _DEFINED_INDICATORS.get(marc_format, {})
    return {
        tag: {"label": entry.label, "subfields": entry.subfields, "indicators": list(defined.get(tag, ("", "")))}
        for tag, entry in definitions(marc_format).items()
    }


def to_text(record: Record) -> str:
    lines = [f"LDR {record.leader!s}"]
    for found in record.fields:
        if is_control_tag(found.tag):
            lines.append(f"{found.tag} {found.data or ''}")
            continue
        indicators = "".join(ch if ch.strip() else "#" for ch in (found.indicators or (" ", " ")))
        body = "".join(f"${code}{value.replace('$', '$$')}" for code, value in found.subfields)
        lines.append(f"{found.tag} {indicators} {body}")
    return "\n".join(lines)


def parse_text(text: str, marc_format: MarcFormat) -> Parsed:
    """The record the text describes, and what is wrong with each line (nothing is dropped silently:
    a line that cannot be read blocks saving and says why)."""
    record = Record()
    record.leader = Leader(_default_leader(marc_format))
    record.fields = []
    parsed = Parsed(record)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = stored(raw.rstrip("\r\n"))
        if not line.strip():
            continue
        tag, _, rest = line.partition(" ")
        if tag.upper() in ("LDR", "000"):
            _read_leader(rest, number, parsed)
        elif not _TAG.match(tag):
            parsed.findings.append(Finding(number, tag[:10], LineProblem.BAD_TAG, line[:30]))
        elif is_control_tag(tag):
            record.add_field(Field(tag=tag, data=rest))
        else:
            _read_data_field(tag, rest, number, marc_format, parsed)
    seen = {f.tag for f in record.fields} | {finding.tag for finding in parsed.findings}
    if not seen & {"200", "245"}:
        parsed.findings.append(Finding(0, "200" if marc_format is MarcFormat.CNMARC else "245", LineProblem.NO_TITLE))
    return parsed


def _default_leader(marc_format: MarcFormat) -> str:
    return "00000nam0 2200000   450 " if marc_format is MarcFormat.CNMARC else "00000nam a2200000 i 4500"


def _read_leader(rest: str, number: int, parsed: Parsed) -> None:
    leader = rest.replace("#", " ")
    if len(leader.rstrip()) > 24 or len(leader.rstrip()) < 20:
        parsed.findings.append(Finding(number, "LDR", LineProblem.BAD_LEADER, f"{len(leader.rstrip())}"))
        return
    parsed.record.leader = Leader(leader.ljust(24)[:24])


def _read_data_field(tag: str, rest: str, number: int, marc_format: MarcFormat, parsed: Parsed) -> None:
    indicators, body = rest[:2], rest[2:]
    if len(indicators) < 2 or not all(_INDICATOR.match(ch) for ch in indicators) or (body and body[0] not in " $"):
        shown = rest.split("$", 1)[0].strip() or "(空)"
        parsed.findings.append(Finding(number, tag, LineProblem.BROKEN_INDICATOR, shown[:10]))
        return
    defined = _DEFINED_INDICATORS.get(marc_format, {}).get(tag)
    if defined:
        for position, (value, allowed) in enumerate(zip(indicators, defined, strict=True), start=1):
            if (value if value != " " else "#") not in allowed:
                parsed.findings.append(
                    Finding(number, tag, LineProblem.UNDEFINED_INDICATOR, f"{position}: {value.replace(' ', '#')}")
                )
    subfields = _read_subfields(tag, body.strip(), number, marc_format, parsed)
    if subfields is None:
        return
    ind = tuple(" " if ch == "#" else ch for ch in indicators)
    parsed.record.add_field(Field(tag=tag, indicators=Indicators(*ind), subfields=subfields))


def _read_subfields(tag: str, body: str, number: int, marc_format: MarcFormat, parsed: Parsed) -> list[Subfield] | None:
    if not body.startswith("$") or len(body) < 2:
        parsed.findings.append(Finding(number, tag, LineProblem.NO_SUBFIELDS, body[:20]))
        return None
    known = definitions(marc_format).get(tag)
    subfields = []
    for part in body.replace("$$", _DOLLAR).split("$")[1:]:
        code, value = part[:1], part[1:].replace(_DOLLAR, "$")
        if not _CODE.match(code):
            parsed.findings.append(Finding(number, tag, LineProblem.BAD_SUBFIELD_CODE, part[:10]))
            return None
        if known is not None and known.subfields and code not in known.subfields:
            parsed.findings.append(Finding(number, tag, LineProblem.UNDEFINED_SUBFIELD, code))
        subfields.append(Subfield(code, value))
    return subfields


def composed(record: Record) -> Record:
    """The same record with every value in NFC (MARC-8 and some UTF-8 sources write accents apart)."""
    for found in record.fields:
        if is_control_tag(found.tag):
            found.data = stored(found.data or "")
        else:
            found.subfields = [Subfield(code, stored(value)) for code, value in found.subfields]
    return record
