"""Reading ISO 2709 files as Chinese systems export them, one test per trap (issue 3)."""

from __future__ import annotations

import pymarc

from shuyuan.catalog.marc import Encoding, MarcFormat, Problem
from shuyuan.catalog.tests.marc_samples import (
    FIRST_TITLE,
    GB18030,
    UTF8,
    UTF8_BLANK_LEADER_09,
    character_counted,
    iso,
    marc21_record,
    raw_records,
    read_bytes,
    sample_records,
)


def titles(results) -> list[str]:
    return [result.record["200"]["a"] for result in results if result.record is not None]


def test_pymarc_alone_garbles_utf8_cnmarc_with_a_blank_leader_09():
    # The trap itself: without our reader, pymarc decodes this file as MARC-8 and raises nothing.
    record = next(iter(pymarc.MARCReader(UTF8_BLANK_LEADER_09.open("rb"))))
    assert record["200"]["a"] != FIRST_TITLE


def test_utf8_cnmarc_with_a_blank_leader_09_is_decoded_as_utf8():
    results = read_bytes(UTF8_BLANK_LEADER_09.read_bytes())
    assert titles(results)[0] == FIRST_TITLE
    assert {result.encoding for result in results} == {Encoding.UTF8}


def test_gb18030_cnmarc_is_decoded_from_its_bytes():
    results = read_bytes(GB18030.read_bytes())
    assert titles(results) == titles(read_bytes(UTF8.read_bytes()))
    assert {result.encoding for result in results} == {Encoding.GB18030}


def test_all_records_are_read_when_crlf_separates_them():
    data = b"\r\n".join(raw_records(UTF8)) + b"\r\n"
    results = read_bytes(data)
    assert len(titles(results)) == 10
    assert all(not result.problems for result in results)


def test_offsets_count_the_line_breaks_between_records():
    records = raw_records(UTF8)
    results = read_bytes(b"\r\n".join(records))
    assert results[1].offset == len(records[0]) + 2


def test_a_directory_counting_characters_is_recovered_by_the_separators():
    data = b"".join(character_counted(record, "gb18030") for record in sample_records())
    results = read_bytes(data)
    assert titles(results) == titles(read_bytes(UTF8.read_bytes()))
    assert {p.reason for result in results for p in result.problems} == {Problem.CHARACTER_COUNTED_DIRECTORY}


def test_a_truncated_last_record_is_reported_with_its_number_and_offset():
    records = raw_records(UTF8)
    data = b"".join(records[:3]) + records[3][:200]
    results = read_bytes(data)
    bad = results[3]
    assert bad.record is None
    assert (bad.number, bad.offset, bad.problems[0].reason) == (4, sum(map(len, records[:3])), Problem.TRUNCATED)


def test_a_record_cut_short_in_the_middle_does_not_take_the_next_one_with_it():
    records = raw_records(UTF8)
    data = records[0] + records[1][:300] + b"".join(records[2:])
    results = read_bytes(data)
    assert results[1].problems[0].reason == Problem.TRUNCATED
    assert len(titles(results)) == 9


def test_a_wrong_record_length_is_flagged_and_the_record_kept():
    records = raw_records(UTF8)
    wrong = b"09999" + records[0][5:]
    [result] = read_bytes(wrong)
    assert result.record["200"]["a"] == FIRST_TITLE
    assert [p.reason for p in result.problems] == [Problem.WRONG_RECORD_LENGTH]


def test_a_broken_directory_is_reported_and_the_next_record_still_read():
    records = raw_records(UTF8)
    broken = records[0][:24] + b"0010019XXXXX" + records[0][36:]
    results = read_bytes(broken + records[1])
    assert results[0].problems[0].reason == Problem.BROKEN_DIRECTORY
    assert results[1].record is not None


def test_bytes_in_no_known_encoding_are_reported_and_the_next_record_still_read():
    records = raw_records(UTF8)
    first = records[0]
    position = first.index("中国".encode())
    garbage = first[:position] + b"\xff\xfe" + first[position + 2 :]
    results = read_bytes(garbage + records[1])
    assert results[0].problems[0].reason == Problem.INVALID_ENCODING
    assert results[1].record is not None


def test_marc21_without_coding_flag_is_read_as_marc8():
    record = marc21_record("Caf\xe2e")  # MARC-8: the combining acute precedes its letter
    record.fields = [field for field in record.fields if field.tag in ("001", "008", "245")]
    record["245"].delete_subfield("c")
    data = iso(record, MarcFormat.MARC21, encoding="latin-1")
    [result] = read_bytes(data)
    assert result.encoding is Encoding.MARC8
    assert result.record["245"]["a"].startswith("Café")


def test_marc21_exported_in_gbk_is_read_as_gb18030():
    data = iso(marc21_record("红楼梦"), MarcFormat.MARC21, encoding="gb18030")
    [result] = read_bytes(data)
    assert result.encoding is Encoding.GB18030
    assert result.record["245"]["a"] == "红楼梦 /"


def test_the_format_is_detected_from_the_tags():
    data = UTF8.read_bytes() + iso(marc21_record())
    formats = [result.marc_format for result in read_bytes(data)]
    assert formats == [MarcFormat.CNMARC] * 10 + [MarcFormat.MARC21]


def test_the_format_can_be_forced():
    results = read_bytes(UTF8.read_bytes(), marc_format=MarcFormat.MARC21)
    assert {result.marc_format for result in results} == {MarcFormat.MARC21}


def test_the_encoding_can_be_forced():
    results = read_bytes(GB18030.read_bytes(), encoding=Encoding.GB18030)
    assert titles(results)[0] == FIRST_TITLE


def test_junk_at_the_end_of_the_file_is_not_a_record():
    results = read_bytes(UTF8.read_bytes() + b"\r\n\x1a")
    assert len(results) == 10


def test_records_are_read_from_a_stream_larger_than_one_block():
    data = UTF8.read_bytes() * 80  # about 1.2 MB: records straddle the 1 MiB read blocks
    results = read_bytes(data)
    assert len(titles(results)) == 800
    assert all(not result.problems for result in results)
