"""What can be wrong with one record of a MARC file, as the import report lists it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Problem(TextChoices):
    # Records that are skipped.
    TRUNCATED = "truncated", _("the record is cut off (truncated)")
    BAD_LEADER = "bad_leader", _("the record leader is invalid")
    BROKEN_DIRECTORY = "broken_directory", _("the record directory is broken")
    INVALID_ENCODING = "invalid_encoding", _("the record's characters are in no known encoding")
    NO_TITLE = "no_title", _("the record has no title")
    MALFORMED_XML = "malformed_xml", _("the XML is malformed; reading stopped here")
    # A file that is refused as a whole.
    NOT_MARC = "not_marc", _("this file is not a MARC file: no record in it begins with a MARC record leader")
    # Records that are kept, repaired or flagged.
    WRONG_RECORD_LENGTH = "wrong_record_length", _("the record length in the leader is wrong")
    CHARACTER_COUNTED_DIRECTORY = (
        "character_counted_directory",
        _("the directory counts characters instead of bytes; fields were read by their separators"),
    )
    INVALID_ISBN = "invalid_isbn", _("the ISBN check digit is wrong (kept and flagged)")
    INVALID_ISSN = "invalid_issn", _("the ISSN check digit is wrong (kept and flagged)")


SKIPPING = frozenset(
    {
        Problem.TRUNCATED,
        Problem.BAD_LEADER,
        Problem.BROKEN_DIRECTORY,
        Problem.INVALID_ENCODING,
        Problem.NO_TITLE,
        Problem.MALFORMED_XML,
        Problem.NOT_MARC,
    }
)


@dataclass(frozen=True, slots=True)
class MarcProblem:
    """One problem of one record: where it is in the file and what is wrong."""

    number: int
    offset: int | None
    reason: Problem
    detail: str = ""

    @property
    def skips_record(self) -> bool:
        return self.reason in SKIPPING

    def __str__(self) -> str:
        where = f"#{self.number}" + (f" @{self.offset}" if self.offset is not None else "")
        return f"{where}: {self.reason.label}" + (f" ({self.detail})" if self.detail else "")


class MarcReadError(Exception):
    """Raised by the strict helpers when a record cannot be read at all."""

    def __init__(self, problem: MarcProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem
        self.reason = problem.reason
