"""Real CNMARC samples and the broken files the tests make from them."""

from __future__ import annotations

import io
from pathlib import Path

from pymarc import Field, Indicators, Leader, Record, Subfield

from shuyuan.catalog.marc import MarcFormat, ReadResult, read_marc
from shuyuan.catalog.marc.writer import field_text

DATA = Path(__file__).parent / "data"
UTF8 = DATA / "cnmarc_bnu10.iso"
UTF8_BLANK_LEADER_09 = DATA / "cnmarc_bnu10_ldr09blank.iso"
GB18030 = DATA / "cnmarc_bnu10_gb18030.iso"
MARCXML = DATA / "cnmarc_bnu10.marcxml"
SRU_RESPONSE = DATA / "dp2-sample_unimarcxml-sru.xml"
# MARC21 records with linked 880 fields (Chinese, Japanese), UTF-8 and MARC-8 (see data/README.md).
MARC21_880_UTF8 = DATA / "marc21_880_utf8.mrc"
MARC21_880_UTF8_NFD = DATA / "marc21_880_utf8_nfd.mrc"
MARC21_880_MARC8 = DATA / "marc21_880_marc8.mrc"
FIRST_TITLE = "'94中国发展报告"


def read_bytes(data: bytes, **options: object) -> list[ReadResult]:
    return list(read_marc(io.BytesIO(data), **options))  # type: ignore[arg-type]


def raw_records(path: Path) -> list[bytes]:
    """The records of a well-formed ISO 2709 file, each with its terminator."""
    return [chunk + b"\x1d" for chunk in path.read_bytes().split(b"\x1d") if chunk]


def sample_records() -> list[Record]:
    return [result.record for result in read_marc(UTF8.open("rb")) if result.record is not None]


def character_counted(record: Record, encoding: str) -> bytes:
    """ISO 2709 as some exporters write it: lengths and offsets count characters, not bytes."""
    texts = [field_text(field) + "\x1e" for field in record.fields]
    directory, position = "", 0
    for field, text in zip(record.fields, texts, strict=True):
        directory += f"{field.tag}{len(text):04d}{position:05d}"
        position += len(text)
    base = 24 + len(directory) + 1
    leader = str(record.leader)
    head = f"{base + position + 1:05d}{leader[5:12]}{base:05d}{leader[17:]}"
    return (head + directory + "\x1e" + "".join(texts) + "\x1d").encode(encoding)


def marc21_record(title: str = "红楼梦", **extra: list[tuple[str, str]]) -> Record:
    """A small MARC21 record; `extra` adds data fields by tag, e.g. f852=[("p", "B1")]."""
    record = Record()
    record.leader = Leader("00000nam a2200000 i 4500")
    record.fields = [
        Field(tag="001", data="M21-1"),
        Field(tag="008", data="160101s2015    ch            000 0 chi d"),
        Field(
            tag="020",
            indicators=Indicators(" ", " "),
            subfields=[Subfield("a", "9787020002207"), Subfield("c", "CNY59.70")],
        ),
        Field(tag="084", indicators=Indicators(" ", " "), subfields=[Subfield("a", "I242.4"), Subfield("2", "clc")]),
        Field(tag="100", indicators=Indicators("1", " "), subfields=[Subfield("a", "曹雪芹")]),
        Field(
            tag="245",
            indicators=Indicators("1", "0"),
            subfields=[Subfield("a", f"{title} /"), Subfield("c", "曹雪芹著.")],
        ),
        Field(
            tag="264",
            indicators=Indicators(" ", "1"),
            subfields=[Subfield("a", "北京 :"), Subfield("b", "人民文学出版社,"), Subfield("c", "2015")],
        ),
        Field(tag="300", indicators=Indicators(" ", " "), subfields=[Subfield("a", "2册 ;"), Subfield("c", "21cm")]),
        Field(
            tag="650",
            indicators=Indicators(" ", "4"),
            subfields=[Subfield("a", "章回小说"), Subfield("x", "中国"), Subfield("y", "清代")],
        ),
    ]
    for name, subfields in extra.items():
        record.fields.append(
            Field(
                tag=name.removeprefix("f"),
                indicators=Indicators(" ", " "),
                subfields=[Subfield(c, v) for c, v in subfields],
            )
        )
    return record


def iso(record: Record, marc_format: MarcFormat = MarcFormat.MARC21, encoding: str = "utf-8") -> bytes:
    from shuyuan.catalog.marc import record_to_iso2709

    return record_to_iso2709(record, marc_format=marc_format, encoding=encoding)
