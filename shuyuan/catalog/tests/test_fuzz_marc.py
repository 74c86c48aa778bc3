"""Mutated real records never crash the MARC reader or the mapping onto a record's fields: each piece
of a damaged file is a record or a problem with its reason (issue 19, fuzzing)."""

import io
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from shuyuan.catalog.marc import cnmarc, marc21
from shuyuan.catalog.marc.formats import MarcFormat
from shuyuan.catalog.marc.iso2709 import Iso2709Reader
from shuyuan.catalog.marc.problems import MarcReadError

DATA = Path(__file__).resolve().parent / "data"  # real CNMARC (UTF-8, GB18030) and MARC21 with 880 (MARC-8, UTF-8)
REAL = [p.read_bytes() for p in sorted([*DATA.glob("*.mrc"), *DATA.glob("*.iso")])]


def mutated() -> st.SearchStrategy[bytes]:
    def apply(data: bytes, edits: list[tuple[str, int, int]]) -> bytes:
        buffer = bytearray(data)
        for kind, where, value in edits:
            where %= max(1, len(buffer))
            if kind == "flip":
                buffer[where] = value
            elif kind == "cut":
                del buffer[where : where + value % 64]
            elif kind == "insert":
                buffer[where:where] = bytes([value]) * (1 + value % 5)
            else:
                del buffer[where:]
        return bytes(buffer)

    kinds = st.sampled_from(["flip", "cut", "insert", "truncate"])
    edit = st.tuples(kinds, st.integers(0, 1 << 20), st.integers(0, 255))
    return st.builds(apply, st.sampled_from(REAL), st.lists(edit, min_size=1, max_size=12))


def read_all(data: bytes) -> list:
    try:
        return list(Iso2709Reader(io.BytesIO(data)))
    except MarcReadError as refusal:
        assert refusal.args, "a refusal names its problem"
        return []


def test_there_are_real_records_to_mutate():
    assert len(REAL) >= 6


@given(mutated())
def test_a_mutated_file_gives_records_or_problems_never_a_crash(data):
    for result in read_all(data):
        assert result.ok or result.problems, "a skipped piece says why"
        if result.ok:
            to_bib = marc21.to_bib if result.marc_format == MarcFormat.MARC21 else cnmarc.to_bib
            bib = to_bib(result.record)
            assert isinstance(bib.title, str)


@given(st.binary(max_size=4000))
def test_random_bytes_are_refused_or_read_without_a_crash(data):
    for result in read_all(data):
        assert result.ok or result.problems
