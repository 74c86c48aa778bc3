"""Hypothesis strategies that build any SIP2 message from the codec's own layout declarations."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import strategies as st

from shuyuan.sip2 import messages as m

TEXT = st.text(st.characters(blacklist_characters="|\r\n", blacklist_categories=("Cs",)), max_size=20)
PRINTABLE_ASCII = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) != "|")
ZONES = st.none() | st.integers(-12, 12).map(lambda hours: timezone(timedelta(hours=hours)))
DATES = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2099, 12, 31), timezones=ZONES).map(
    lambda value: value.replace(microsecond=0)
)
AMOUNTS = st.decimals(min_value=Decimal(0), max_value=Decimal(100000), places=2, allow_nan=False)


def for_kind(kind: m.Kind, *, fixed: bool) -> st.SearchStrategy:
    if isinstance(kind, m.Text):
        return TEXT
    if isinstance(kind, m.Chars):
        return st.text(kind.allowed or PRINTABLE_ASCII, min_size=kind.width, max_size=kind.width)
    if isinstance(kind, m.YesNo):
        return st.booleans() if fixed else st.none() | st.booleans()
    if isinstance(kind, m.YesNoUnknown):
        return st.none() | st.booleans()
    if isinstance(kind, m.OneZero):
        return st.booleans()
    if isinstance(kind, m.Number):
        numbers = st.integers(0, 10 ** (kind.width or 6) - 1)
        return st.none() | numbers if kind.blank_ok or not fixed else numbers
    if isinstance(kind, m.Amount):
        return st.none() | AMOUNTS
    if isinstance(kind, m.Date):
        return st.none() | DATES
    if isinstance(kind, m.PatronStatusKind):
        return st.builds(m.PatronStatus, **{name: st.booleans() for name in m.PatronStatus.__dataclass_fields__})
    raise AssertionError(f"no strategy for {kind!r}")


def message_of(cls: type[m.Message]) -> st.SearchStrategy:
    values = {spec.name: for_kind(spec.kind, fixed=True) for spec in m.fixed_fields(cls)}
    for spec in m.variable_fields(cls):
        values[spec.name] = st.lists(TEXT, max_size=3).map(tuple) if spec.repeat else for_kind(spec.kind, fixed=False)
    return st.builds(cls, **values)


ANY_MESSAGE = st.one_of([message_of(cls) for cls in m.MESSAGE_TYPES.values()])
