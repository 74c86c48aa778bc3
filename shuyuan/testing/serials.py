from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

from shuyuan.branches.models import ServicePoint
from shuyuan.serials import services
from shuyuan.serials.models import Subscription, Supplier
from shuyuan.serials.patterns import Pattern
from shuyuan.testing.branches import NOW, make_service_point

_numbers = count(1)


def issn_with_check(body: str) -> str:
    """A valid ISSN from its first 7 digits."""
    total = sum(int(d) * w for d, w in zip(body, range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return f"{body[:4]}-{body[4:]}{'X' if check == 10 else check}"


def make_supplier(name: str = "", **fields: Any) -> Supplier:
    return Supplier.objects.create(name=name or f"邮局{next(_numbers)}", **fields)


def make_reading_room() -> ServicePoint:
    return make_service_point(name="综合阅览室", kind=ServicePoint.Kind.GENERAL_READING_ROOM)


def make_subscription(
    *,
    pattern: Pattern | None = None,
    supplier: Supplier | None = None,
    service_point: ServicePoint | None = None,
    year: int = 2016,
    **fields: Any,
) -> Subscription:
    n = next(_numbers)
    values: dict[str, Any] = {
        "title": f"期刊{n}",
        "issn": issn_with_check(f"{1000000 + n:07d}"),
        "cn": f"CN43-{1000 + n:04d}/G4",
        "postal_code": f"42-{n}",
        "price": Decimal("120.00"),
        "copies": 1,
    }
    values.update(fields)
    return services.subscribe(
        **values,
        supplier=supplier or make_supplier(),
        service_point=service_point or make_reading_room(),
        year=year,
        pattern=pattern or Pattern("monthly", date(year, 1, 10)),
        at=NOW,
        by=None,
    )
