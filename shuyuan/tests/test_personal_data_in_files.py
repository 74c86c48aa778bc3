"""Personal data in every file the system gives out (issue 19 item 6): the demo library's exports,
printouts, PDFs and a backup are produced and their bytes scanned (PDFs through ``pdftotext``, Excel
files unzipped) for the readers' full ID and phone numbers, any valid resident ID number, and reading
history: a reader's card number beside a book they have returned.

The files are found, not listed by hand: every view of the URL configuration whose code (or a
function of its module that it calls) makes a file (a PDF, CSV or Excel content type, a download, a
printout template) must have a line in ``EXPORTS`` saying how to produce it, or one in
``NOT_PERSONAL`` saying why it holds no reader data; a new export without one fails the test."""

from __future__ import annotations

import functools
import inspect
import io
import re
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from shuyuan import backups
from shuyuan.patrons import privacy
from shuyuan.patrons.masking import mask_id

FILE_MAKING = re.compile(
    r"application/pdf|text/csv|spreadsheetml|xlsx_bytes|csv_bytes|stream_rows|write_rows|Content-Disposition"
    r"|FileResponse|_pdf\(|_print\.html|receipt\.html|slips\.html|content_type=options"
)


SHEET_XML = b"\n--- the workbook's XML ---\n"


@dataclass(frozen=True)
class Get:
    url: str
    method: str = "get"
    data: dict[str, Any] | None = None


def one(model_path: str) -> Any:
    app, name = model_path.split(".")
    from django.apps import apps

    found = apps.get_model(app, name).objects.order_by("pk").first()
    assert found is not None, f"the demo has no {model_path} to export"
    return found


def labels(_lib: Library) -> list[Get]:
    from shuyuan.catalog.forms_cataloguing import LabelsForm

    form = LabelsForm()
    barcodes = " ".join(one("catalog.Item").record.items.values_list("barcode", flat=True)[:5])
    data = {"barcodes": barcodes, "kind": form.fields["kind"].choices[0][0]}
    data |= {"sheet": form.fields["sheet"].choices[0][0], "start": 1}
    return [Get("/catalog/labels/", "post", data)]


TABLE = "measure=loans&by=patron_category&by=month&period=custom&first=2016-01-01&last=2016-12-31"


def saved_table(lib: Library) -> int:
    from django.utils import timezone

    from shuyuan.stattables import services, spec

    table_spec = spec.parse({"measure": "loans", "by": ["clc_class"], "period": "custom", "first": f"{lib.year}-01-01",
                             "last": f"{lib.year}-12-31"}, today=timezone.localdate())  # fmt: skip
    user = User.objects.get(username="privacy-scan")
    return services.save_table(table_spec, name="隐私检查", is_shared=False, at=timezone.now(), by=user).pk


def ready_codes() -> list[str]:
    from shuyuan.stattables.ready import READY

    return sorted(READY)


# Each file-making route, and the requests that make its files from the demo library.
EXPORTS: dict[str, Callable[[Library], list[Get]]] = {
    "catalog/imports/<int:pk>/report.csv": lambda lib: [
        Get(f"/catalog/imports/{one('catalog.ImportBatch').pk}/report.csv")
    ],
    "catalog/imports/<int:pk>/barcodes.csv": lambda lib: [
        Get(f"/catalog/imports/{one('catalog.ImportBatch').pk}/barcodes.csv")
    ],
    "catalog/export/": lambda lib: [
        Get("/catalog/export/?download=1&marc_format=cnmarc&syntax=marcxml&encoding=utf-8")
    ],
    "catalog/labels/": labels,
    "patrons/export/": lambda lib: [Get("/patrons/export/", "post", {})],
    "patrons/<int:pk>/card.pdf": lambda lib: [Get(f"/patrons/{pk}/card.pdf") for pk in lib.readers[:3]],
    "circulation/overdue/": lambda lib: [
        Get(f"/circulation/overdue/?{q}") for q in ("export=csv", "export=xlsx", "print=1")
    ],
    "outreach/volunteers/<int:pk>/certificate/": lambda lib: [
        Get(f"/outreach/volunteers/{pk}/certificate/?year={year}") for pk, year in lib.volunteer_years[:3]
    ],
    "acquisitions/donations/<int:pk>/certificate.pdf": lambda lib: [
        Get(f"/acquisitions/donations/{one('acquisitions.Donation').pk}/certificate.pdf")
    ],
    "serials/claims/<int:pk>/letter.pdf": lambda lib: [Get(f"/serials/claims/{lib.claim}/letter.pdf")],
    "serials/subscription-list.pdf": lambda lib: [Get(f"/serials/subscription-list.pdf?year={lib.year}")],
    "desk/receipt/<str:session>/": lambda lib: [Get(f"/desk/receipt/{lib.desk_session}/")],
    "desk/slips/<str:session>/": lambda lib: [Get(f"/desk/slips/{lib.desk_session}/")],
    "circulation/overdue/calls/": lambda lib: [Get("/circulation/overdue/calls/")],
    "returns/export/": lambda lib: [Get(f"/returns/export/?year={lib.year}")],
    "workreport/file/<str:kind>/": lambda lib: [
        Get(f"/workreport/file/{kind}/?first={lib.year}-01-01&last={lib.year}-06-30")
        for kind in ("docx", "pdf", "xlsx")
    ],
    "workreport/template/default/": lambda lib: [Get("/workreport/template/default/")],
    "tables/build/": lambda lib: [Get(f"/tables/build/?{TABLE}&export={kind}") for kind in ("xlsx", "csv")],
    "tables/<int:pk>/": lambda lib: [Get(f"/tables/{saved_table(lib)}/?export={kind}") for kind in ("xlsx", "csv")],
    "tables/ready/<str:code>/": lambda lib: [
        Get(f"/tables/ready/{code}/?period=custom&first={lib.year}-01-01&last={lib.year}-12-31&export=csv")
        for code in ready_codes()
    ],
    "acquisitions/vendors/<int:pk>/claim-letter.pdf": lambda lib: [
        Get(f"/acquisitions/vendors/{one('acquisitions.Vendor').pk}/claim-letter.pdf")
    ],
}
NOT_PERSONAL = {
    "shelving/inventories/<int:pk>/report.csv": "items found, missing or misplaced: barcode, call number, status and"
    " a note; no reader column",
    "shelving/weeding/<int:pk>/list.csv": "the withdrawal list: barcode, title, call number and price of each copy",
    "outreach/photos/<int:pk>/<str:size>/": "an activity's photo as uploaded; no reader data is written into it",
}


def views(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, Callable[..., Any]]]:
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from views(entry, route)
        elif isinstance(entry, URLPattern) and not route.startswith("admin/"):
            yield route, entry.callback


def code_of(view: Callable[..., Any]) -> str:
    """The view's source and that of the functions of its module it calls by name."""
    function = inspect.unwrap(getattr(view, "view_class", view))
    while isinstance(function, functools.partial):
        function = inspect.unwrap(function.func)
    module = inspect.getmodule(function)
    try:
        text = inspect.getsource(function)
    except (OSError, TypeError):
        return ""
    for name in getattr(function, "__code__", None).co_names if hasattr(function, "__code__") else ():
        helper = getattr(module, name, None)
        if inspect.isfunction(helper) and module is not None and helper.__module__ == module.__name__:
            text += inspect.getsource(helper)
    return text


def file_making_routes() -> set[str]:
    return {route for route, view in views() if FILE_MAKING.search(code_of(view))}


def test_every_file_the_application_makes_is_scanned_or_said_to_hold_no_reader_data():
    assert sorted(file_making_routes() - set(EXPORTS) - set(NOT_PERSONAL)) == []


def test_the_scan_lists_no_export_that_no_longer_exists():
    assert sorted((set(EXPORTS) | set(NOT_PERSONAL)) - file_making_routes()) == []


@dataclass
class Library:
    readers: list[int]
    volunteer_years: list[tuple[int, int]]
    year: int
    desk_session: str
    claim: int
    history: set[tuple[str, str]]  # (card number, barcode) of books returned


def text_of(body: bytes, content_type: str, folder: Path) -> bytes:
    if content_type.startswith("application/pdf"):
        pdf = folder / "file.pdf"
        pdf.write_bytes(body)
        return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True).stdout
    if body[:2] == b"PK":
        from openpyxl import load_workbook

        with zipfile.ZipFile(io.BytesIO(body)) as parts:
            names = parts.namelist()
            xml = b"\n".join(parts.read(name) for name in names)
        if "xl/workbook.xml" not in names:  # a Word document: its XML holds every run's text
            return re.sub(rb"<[^>]+>", b" ", xml) + SHEET_XML + xml
        book = load_workbook(io.BytesIO(body), read_only=True)
        rows = ("\t".join(str(c) for c in row if c is not None) for sheet in book for row in sheet.values)
        return "\n".join(rows).encode() + SHEET_XML + xml
    return body


def rows_of(data: bytes) -> list[bytes]:
    """The file's rows: a table row of a printout, or a line (CSV, a PDF's text, a sheet's row)."""
    data = data.split(SHEET_XML)[0]
    if b"</tr>" in data:
        return data.replace(b"\n", b" ").split(b"</tr>")
    return data.splitlines()


def beside(data: bytes, card: str, barcode: str) -> bool:
    """The card number and the barcode, each whole, in one row."""
    pattern = re.compile(rb"(?<![A-Za-z0-9])%s(?![A-Za-z0-9])" % re.escape(card.encode()))
    code = re.compile(rb"(?<![A-Za-z0-9])%s(?![A-Za-z0-9])" % re.escape(barcode.encode()))
    return any(pattern.search(row) and code.search(row) for row in rows_of(data))


def desk_session(client: Client, card: str, barcode: str) -> str:
    session = "privacyscan0001"
    for n, (mode, value) in enumerate((("lend", card), ("lend", barcode), ("return", barcode))):
        body = {"client_id": f"privacyscan{n:04d}", "session": session, "mode": mode, "value": value}
        answer = client.post("/desk/scan/", body, content_type="application/json")
        assert answer.status_code == 200, answer.content
    return session


def demo_library(client: Client) -> Library:
    from shuyuan.catalog.models import Item
    from shuyuan.circulation.models import Loan
    from shuyuan.outreach.models import Volunteer
    from shuyuan.patrons.models import Patron

    readers = list(Patron.objects.exclude(phone_encrypted="").order_by("pk").values_list("pk", flat=True))
    volunteers = [(v.pk, y) for v in Volunteer.objects.order_by("pk")[:10] for y in (2016,)]
    reader = Patron.objects.filter(status=Patron.Status.ACTIVE).order_by("pk").first()
    item = Item.objects.filter(status=Item.Status.ON_SHELF).order_by("pk").first()
    assert reader is not None and item is not None
    session = desk_session(client, reader.card_number, item.barcode)
    open_pairs = set(Loan.objects.filter(status=Loan.Status.OPEN).values_list("patron_id", "item_id"))
    returned = Loan.objects.filter(status=Loan.Status.RETURNED).exclude(patron=None)
    history = {
        (card, barcode)
        for patron, item_pk, card, barcode in returned.values_list(
            "patron_id", "item_id", "patron__card_number", "item__barcode"
        )
        if (patron, item_pk) not in open_pairs
    }
    from shuyuan.serials import services as serials
    from shuyuan.serials.models import Issue

    late = Issue.objects.exclude(status=Issue.Status.RECEIVED).order_by("pk")[:2]
    [claim] = serials.claim(list(late), at=reader.registered_at, by=None)[:1]
    return Library(readers, volunteers, 2016, desk_session=session, claim=claim.pk, history=history)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_no_export_printout_or_backup_holds_a_full_number_or_reading_history(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo", "--small", stdout=io.StringIO())
    director = User.objects.create_superuser("privacy-scan", password="pw")
    client = Client()
    client.force_login(director)
    library = demo_library(client)
    numbers = {n for n in privacy.stored_numbers() if len(n) >= 7}
    assert numbers and library.history, "the demo must have readers' numbers and returned loans to look for"

    files: dict[str, bytes] = {}
    for route, requests in EXPORTS.items():
        for request in requests(library):
            answer = getattr(client, request.method)(request.url, request.data or {})
            assert answer.status_code == 200, f"{route}: {request.url} answered {answer.status_code}"
            if "export=" in request.url or "/file/" in request.url:
                assert not answer.get("Content-Type", "").startswith("text/html"), f"{request.url} gave a page"
            body = b"".join(answer.streaming_content) if answer.streaming else answer.content
            files[request.url] = text_of(body, answer.get("Content-Type", ""), tmp_path)
    backup = tmp_path / "library.backup"
    backups.take(backup)
    files["shuyuan backup"] = backup.read_bytes()

    leaks = [f"{name}: {mask_id(hit)}" for name, data in files.items() for hit in privacy.find_numbers(data, numbers)]
    leaks += [
        f"{name}: card {card[:4]}… beside returned book {barcode}"
        for name, data in files.items()
        for card, barcode in library.history
        if card.encode() in data and barcode.encode() in data and beside(data, card, barcode)
    ]
    assert leaks == []
