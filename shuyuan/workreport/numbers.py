"""Chinese number forms for reports: 375 225 册次 (exact, grouped by three with a space, as GB/T 15835
allows for long numbers), 5.5万人次 (rounded to 万 for large round figures), 200余张 (the seed's
"more than" form), and the change against last year (增长 12.5%)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

WAN = 10_000


def grouped(value: int) -> str:
    """375225 -> '375 225'; numbers below 10 000 stay ungrouped (4500, as Chinese texts write them)."""
    if abs(value) < WAN:
        return str(value)
    return f"{value:,}".replace(",", " ")


def wan(value: int, *, places: int = 2) -> str:
    """55000 -> '5.5万', 45200 -> '4.52万'; below 10 000 the number itself."""
    if abs(value) < WAN:
        return str(value)
    amount = (Decimal(value) / WAN).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{amount:f}".rstrip("0").rstrip(".")
    return f"{text}万"


def approximately(value: int) -> str:
    """The seed's '200余' form: the number rounded down to its leading digit, with 余 when it is more."""
    if value < 20:
        return str(value)
    magnitude = 10 ** (len(str(value)) - 1)
    rounded = value // magnitude * magnitude
    return f"{rounded}余" if rounded < value else str(rounded)


def change(value: int, before: int | None) -> str:
    """'增长 12.5%', '下降 3.0%', '持平', or '' when there is nothing to compare with."""
    if before is None or before == 0:
        return ""
    ratio = (Decimal(value - before) * 100 / Decimal(before)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if ratio > 0:
        return f"增长{ratio}%"
    if ratio < 0:
        return f"下降{-ratio}%"
    return "持平"
