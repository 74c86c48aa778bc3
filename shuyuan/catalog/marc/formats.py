"""MARC21 or CNMARC/UNIMARC: told apart by the tags a record uses."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class MarcFormat(StrEnum):
    MARC21 = "marc21"
    CNMARC = "cnmarc"  # the Chinese profile of UNIMARC; plain UNIMARC reads the same here

    @classmethod
    def parse(cls, value: str) -> MarcFormat:
        """Accept the names people use: marc21, usmarc, cnmarc, unimarc."""
        key = value.strip().lower()
        if key in {"marc21", "usmarc", "marc"}:
            return cls.MARC21
        if key in {"unimarc", "cnmarc"}:
            return cls.CNMARC
        raise ValueError(f"unknown MARC format {value!r}")


# Tags that identify a format: the title and the fixed-length data of each.
_MARC21_MARKS = frozenset({"008", "245", "260", "264", "300", "650", "100", "020"})
_UNIMARC_MARKS = frozenset({"100", "101", "200", "210", "215", "606", "690", "701", "010"})
_STRONG_MARC21 = frozenset({"245", "008"})
_STRONG_UNIMARC = frozenset({"200"})


def guess_format(tags: Iterable[str]) -> MarcFormat | None:
    """The format a record's tags point to, or None when they don't tell."""
    present = set(tags)
    if present & _STRONG_MARC21 and not present & _STRONG_UNIMARC:
        return MarcFormat.MARC21
    if present & _STRONG_UNIMARC and not present & _STRONG_MARC21:
        return MarcFormat.CNMARC
    marc21 = len(present & _MARC21_MARKS)
    unimarc = len(present & _UNIMARC_MARKS)
    if marc21 == unimarc:
        return None
    return MarcFormat.MARC21 if marc21 > unimarc else MarcFormat.CNMARC


class FormatSniffer:
    """Per-file state: a record that doesn't tell its format takes the file's format so far."""

    def __init__(self, forced: MarcFormat | None = None) -> None:
        self.forced = forced
        self.learned: MarcFormat | None = None

    def decide(self, tags: Iterable[str]) -> MarcFormat:
        if self.forced is not None:
            return self.forced
        guessed = guess_format(tags)
        if guessed is not None:
            self.learned = guessed
            return guessed
        return self.learned or MarcFormat.MARC21
