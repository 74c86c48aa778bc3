"""Copies embedded in bibliographic records: which tag and subfield says what.

Defaults (each configurable, see `HoldingsMapping.from_dict` and the README):

- 905, CNMARC local holdings (dp2, ILAS, Interlib...): barcode $b 登录号; call number $s 索取号, else
  $d 分类号 / $e 书次号; branch $a 收藏单位; location $c 排架区分号; copy $z; volume $v.
- 906, CNMARC per-copy holdings (BNU's Aleph export): barcode $b; call number $s, else $d / $e; location $c.
- 852, MARC21 holdings: barcode $p; call number $h / $i; branch $b; location $c; copy $t; note $z.
- 952, Koha items: barcode $p; call number $o; branch $a; location $c; collection $8; item type $y;
  price $g; copy $t; volume $h; note $z.

A 905 without a barcode is a summary of the copies: its call number serves the copies that have none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

from pymarc import Field, Indicators, Record, Subfield

from .bib import Holding
from .formats import MarcFormat


@dataclass(frozen=True, slots=True)
class HoldingsMapping:
    tag: str
    barcode: str
    call_number: str = ""
    call_number_parts: str = ""  # subfield codes joined by `joiner` when `call_number` is absent
    joiner: str = "/"
    branch: str = ""
    location: str = ""
    collection: str = ""
    item_type: str = ""
    price: str = ""
    copy_number: str = ""
    volume: str = ""
    note: str = ""

    @classmethod
    def from_dict(cls, values: Mapping[str, str]) -> HoldingsMapping:
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown holdings mapping keys: {', '.join(sorted(unknown))}")
        return cls(**values)

    def read(self, field: Field) -> Holding:
        """The copy a field describes; with an empty barcode, a summary of the record's copies."""
        return Holding(
            barcode=_first(field, self.barcode).strip(),
            call_number=self.read_call_number(field),
            branch_code=_first(field, self.branch),
            location=_first(field, self.location),
            collection_code=_first(field, self.collection),
            item_type_code=_first(field, self.item_type),
            price=_first(field, self.price),
            copy_number=_first(field, self.copy_number),
            volume=_first(field, self.volume),
            note=_first(field, self.note),
            tag=self.tag,
        )

    def read_call_number(self, field: Field) -> str:
        whole = _first(field, self.call_number)
        if whole:
            return whole.strip()
        parts = [_first(field, code).strip() for code in self.call_number_parts]
        return self.joiner.join(part for part in parts if part)

    def write(self, holding: Holding) -> Field:
        pairs = [
            (self.branch, holding.branch_code),
            (self.barcode, holding.barcode),
            (self.location, holding.location),
            (self.collection, holding.collection_code),
            (self.item_type, holding.item_type_code),
            (self.call_number or self.call_number_parts[:1], holding.call_number),
            (self.volume, holding.volume),
            (self.copy_number, holding.copy_number),
            (self.price, holding.price),
            (self.note, holding.note),
        ]
        subfields = [Subfield(code, value) for code, value in pairs if code and value]
        return Field(tag=self.tag, indicators=Indicators(" ", " "), subfields=subfields)


def _first(field: Field, code: str) -> str:
    if not code:
        return ""
    for subfield in field.subfields:
        if subfield.code == code:
            return subfield.value
    return ""


DEFAULT_MAPPINGS: dict[MarcFormat, tuple[HoldingsMapping, ...]] = {
    MarcFormat.CNMARC: (
        HoldingsMapping(
            "905",
            barcode="b",
            call_number="s",
            call_number_parts="de",
            branch="a",
            location="c",
            copy_number="z",
            volume="v",
        ),
        HoldingsMapping("906", barcode="b", call_number="s", call_number_parts="de", location="c"),
    ),
    MarcFormat.MARC21: (
        HoldingsMapping(
            "852", barcode="p", call_number_parts="hi", branch="b", location="c", copy_number="t", note="z"
        ),
        HoldingsMapping(
            "952",
            barcode="p",
            call_number="o",
            branch="a",
            location="c",
            collection="8",
            item_type="y",
            price="g",
            copy_number="t",
            volume="h",
            note="z",
        ),
    ),
}


def mappings_from_settings(
    config: Mapping[str, Iterable[Mapping[str, str]]] | None,
) -> dict[MarcFormat, tuple[HoldingsMapping, ...]]:
    """Mappings from a settings dict such as {"cnmarc": [{"tag": "905", "barcode": "b", ...}]}."""
    if not config:
        return DEFAULT_MAPPINGS
    result = dict(DEFAULT_MAPPINGS)
    for name, entries in config.items():
        result[MarcFormat.parse(name)] = tuple(HoldingsMapping.from_dict(entry) for entry in entries)
    return result


def read_holdings(record: Record, mappings: Iterable[HoldingsMapping], fallback_call_number: str) -> list[Holding]:
    """The copies a record carries, each barcode once, in the order of the record."""
    holdings: list[Holding] = []
    seen: set[str] = set()
    by_tag = {mapping.tag: mapping for mapping in mappings}
    summary = Holding(barcode="", call_number=fallback_call_number)
    for field in record.fields:
        mapping = by_tag.get(field.tag)
        if mapping is None or field.control_field:
            continue
        holding = mapping.read(field)
        if not holding.barcode:
            summary = _filled(holding, summary)
        elif holding.barcode not in seen:
            seen.add(holding.barcode)
            holdings.append(_filled(holding, summary))
    return holdings


def _filled(holding: Holding, summary: Holding) -> Holding:
    """The holding with what it leaves empty taken from the record's summary (905 without barcode)."""
    for name in ("call_number", "branch_code", "location", "collection_code", "item_type_code"):
        if not getattr(holding, name):
            setattr(holding, name, getattr(summary, name))
    return holding


def holdings_tags(mappings: Iterable[HoldingsMapping]) -> frozenset[str]:
    return frozenset(mapping.tag for mapping in mappings)
