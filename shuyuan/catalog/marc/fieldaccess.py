"""Small readers over pymarc records shared by the two format mappings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pymarc import Field, Record

from .bib import tidy


def fields_of(record: Record, *tags: str) -> Iterator[Field]:
    wanted = set(tags)
    return (field for field in record.fields if field.tag in wanted)


def control(record: Record, tag: str) -> str:
    for field in fields_of(record, tag):
        return field.data or ""
    return ""


def subfield_values(field: Field, codes: str) -> list[str]:
    return [value for code, value in field.subfields if code in codes and value.strip()]


def first_value(record: Record, tag: str, codes: str) -> str:
    for field in fields_of(record, tag):
        values = subfield_values(field, codes)
        if values:
            return tidy(values[0])
    return ""


def all_values(record: Record, tags: Iterable[str], codes: str) -> list[str]:
    found: list[str] = []
    for field in fields_of(record, *tags):
        found.extend(tidy(value) for value in subfield_values(field, codes))
    return unique([value for value in found if value])


def heading(field: Field, main: str, subdivisions: str) -> str:
    """A subject heading: main term, then its subdivisions joined with '--'."""
    parts = [tidy(value) for code, value in field.subfields if code in main or code in subdivisions]
    return "--".join(part for part in parts if part)


def unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
