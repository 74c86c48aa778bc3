"""From the system's fields back to MARC, and a stored record made ready for export."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pymarc import Record

from . import cnmarc, marc21
from .bib import Bib, Holding
from .formats import MarcFormat
from .holdings import DEFAULT_MAPPINGS, HoldingsMapping, holdings_tags
from .reading import to_bib


def bib_to_record(bib: Bib, marc_format: MarcFormat, *, entered: date) -> Record:
    """A MARC record in the chosen format carrying what the Bib knows; holdings are not included."""
    builder = cnmarc if marc_format is MarcFormat.CNMARC else marc21
    return builder.from_bib(bib, entered=entered)


def record_for_export(
    record: Record,
    source_format: MarcFormat,
    target_format: MarcFormat,
    *,
    holdings: Sequence[Holding] | None,
    entered: date,
    mappings: dict[MarcFormat, tuple[HoldingsMapping, ...]] | None = None,
) -> Record:
    """The stored record as it goes out.

    In its own format the record goes out field for field as it was imported (lossless); in the
    other format it is rebuilt from its mapped fields. With `holdings` given, the embedded holdings
    fields are replaced by one field per copy in the target format's first mapping (905 for CNMARC,
    852 for MARC21 by default); with None, the record's own holdings fields stay as imported.
    """
    mappings = mappings or DEFAULT_MAPPINGS
    if source_format is target_format:
        out = Record()
        out.leader = record.leader
        out.fields = list(record.fields)
    else:
        out = bib_to_record(to_bib(record, source_format, mappings), target_format, entered=entered)
    if holdings is not None:
        target = mappings.get(target_format, ())
        tags = holdings_tags(target) | holdings_tags(mappings.get(source_format, ()))
        out.fields = [field for field in out.fields if field.tag not in tags]
        if target:
            out.fields.extend(target[0].write(holding) for holding in holdings)
    return out
