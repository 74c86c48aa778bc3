"""Test and benchmark factories for acquisitions: vendors, funds, orders and a vendor's shipment files."""

from datetime import date
from decimal import Decimal
from itertools import count

from shuyuan.acquisitions import services
from shuyuan.acquisitions.models import Fund, Order, Vendor
from shuyuan.catalog.marc import Bib, MarcFormat
from shuyuan.catalog.marc.numbers import format_isbn
from shuyuan.catalog.models import Collection, ItemType
from shuyuan.catalog.records import marc_for
from shuyuan.testing.branches import NOW
from shuyuan.testing.catalog import make_collection, make_item_type

_numbers = count(1)


def isbn13(n: int) -> str:
    """A valid ISBN-13 of the 978-7 (China) range, different for each ``n``."""
    first12 = f"9787{n:08d}"
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


def make_vendor(name: str = "", discount: str = "0.75", city: str = "长沙") -> Vendor:
    return Vendor.objects.create(name=name or f"湖南新华书店{next(_numbers)}", city=city, discount=Decimal(discount))


def make_fund(allocated: str = "100000.00", year: int = 2016, code: str = "") -> Fund:
    return Fund.objects.create(
        code=code or f"F{next(_numbers)}", name="购书经费", year=year, allocated=Decimal(allocated)
    )


def specs(
    isbns: list[str],
    *,
    quantity: int = 2,
    price: str = "40.00",
    collection: Collection | None = None,
    item_type: ItemType | None = None,
) -> list[services.LineSpec]:
    collection = collection or make_collection()
    item_type = item_type or make_item_type()
    return [
        services.LineSpec(
            title=f"新书{isbn[-5:]}",
            quantity=quantity,
            price=Decimal(price),
            collection=collection,
            item_type=item_type,
            isbn=isbn,
            clc="I247.5",
        )
        for isbn in isbns
    ]


def make_order(
    isbns: list[str],
    *,
    quantity: int = 2,
    price: str = "40.00",
    fund: Fund | None = None,
    vendor: Vendor | None = None,
    collection: Collection | None = None,
    by=None,
) -> Order:
    return services.place_order(
        vendor or make_vendor(),
        fund or make_fund(),
        specs(isbns, quantity=quantity, price=price, collection=collection),
        source=Order.Source.ISBN_LIST,
        at=NOW,
        by=by,
    )


def vendor_marc(isbns: list[str], *, title_of=lambda isbn: f"新书{isbn[-5:]}") -> bytes:
    """A vendor's MARC file (CNMARC, UTF-8) with one record for each ISBN."""
    out = bytearray()
    for isbn in isbns:
        bib = Bib(
            marc_format=MarcFormat.CNMARC,
            title=title_of(isbn),
            isbns=[format_isbn(isbn)],
            responsibility="李四著",
            authors=["李四"],
            publisher="湖南文艺出版社",
            place="长沙",
            year=2016,
            price="CNY40.00",
            clc="I247.5",
            call_number="I247.5/" + isbn[-4:],
        )
        out += marc_for(bib, MarcFormat.CNMARC, entered=date(2016, 3, 1))
    return bytes(out)


def barcode_list(isbns: list[str], copies: int, *, start: int = 1, prefix: str = "XH") -> str:
    lines = []
    n = start
    for isbn in isbns:
        for _ in range(copies):
            lines.append(f"{isbn},{prefix}{n:08d}")
            n += 1
    return "\n".join(lines) + "\n"


__all__ = ["NOW", "isbn13"]
