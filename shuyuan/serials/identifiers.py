"""The numbers a Chinese periodical carries: ISSN, the CN number (国内统一刊号, GB/T 9999) and the
post office's distribution code (邮发代号). Pure functions; each returns the normalised form or
raises ``InvalidNumber`` with a reason a person can read."""

import re

from django.utils.translation import gettext as _
from stdnum import issn as stdnum_issn
from stdnum.exceptions import ValidationError

# GB/T 2260 province-level codes: the first two digits of a CN number.
REGIONS = frozenset(
    {
        11,
        12,
        13,
        14,
        15,
        21,
        22,
        23,
        31,
        32,
        33,
        34,
        35,
        36,
        37,
        41,
        42,
        43,
        44,
        45,
        46,
        50,
        51,
        52,
        53,
        54,
        61,
        62,
        63,
        64,
        65,
    }
)
CN_PATTERN = re.compile(r"^CN\s*(\d{2})\s*-\s*(\d{4})\s*/\s*([A-Z][A-Z0-9.]{0,9})$")
POSTAL_PATTERN = re.compile(r"^(\d{1,2})\s*-\s*(\d{1,4})$")


class InvalidNumber(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalise_issn(value: str) -> str:
    """``0254-4164`` from any spacing or case; refuses a wrong length or check digit."""
    try:
        return str(stdnum_issn.format(stdnum_issn.validate(value)))
    except ValidationError as exc:
        message = _("“%(value)s” is not a valid ISSN (%(why)s).") % {"value": value, "why": _issn_why(exc)}
        raise InvalidNumber(message) from None


def _issn_why(exc: ValidationError) -> str:
    name = type(exc).__name__
    if name == "InvalidChecksum":
        return _("the check digit is wrong")
    if name == "InvalidLength":
        return _("an ISSN has 8 characters")
    return _("only digits and a final X are allowed")


def normalise_cn(value: str) -> str:
    """``CN11-1234/G4``: CN, a GB/T 2260 region, a 4-digit serial (0001-0999 newspapers,
    1000-5999 periodicals) and a classification after the slash."""
    match = CN_PATTERN.match(value.strip().upper())
    if match is None:
        raise InvalidNumber(
            _(
                "“%(value)s” is not a CN number: it is written CN, two digits, a hyphen, four digits, "
                "a slash and a class, as in CN11-1234/G4."
            )
            % {"value": value}
        )
    region, serial, klass = match.groups()
    if int(region) not in REGIONS:
        raise InvalidNumber(_("“%(value)s”: %(region)s is not a province code.") % {"value": value, "region": region})
    if not 1 <= int(serial) <= 5999:
        raise InvalidNumber(_("“%(value)s”: the serial number must be between 0001 and 5999.") % {"value": value})
    return f"CN{region}-{serial}/{klass}"


def is_newspaper_cn(cn: str) -> bool:
    return 1 <= int(cn[5:9]) <= 999


def normalise_postal_code(value: str) -> str:
    """``82-123``: the province's number, a hyphen and the title's number."""
    match = POSTAL_PATTERN.match(value.strip())
    if match is None or int(match.group(1)) == 0 or int(match.group(2)) == 0:
        raise InvalidNumber(
            _("“%(value)s” is not a postal distribution code: it is written like 2-5 or 82-123.") % {"value": value}
        )
    return f"{int(match.group(1))}-{int(match.group(2))}"


def issn_from_scan(value: str) -> tuple[str, int | None] | None:
    """A periodical's barcode: EAN-13 977 + the ISSN's first 7 digits + price code + check digit,
    optionally followed by a 2-digit add-on giving the issue number. Returns the ISSN and the
    add-on, or None when ``value`` is not such a barcode."""
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"977\d{10}(\d{2})?", digits):
        return None
    body = digits[3:10]
    total = sum(int(d) * w for d, w in zip(body, range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    issn = f"{body[:4]}-{body[4:]}{'X' if check == 10 else check}"
    add_on = int(digits[13:]) if len(digits) == 15 else None
    return issn, add_on
