"""A small library for handler tests: a branch, a kiosk, a loan rule, a reader and some books."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.catalog.models import Item
from shuyuan.patrons.models import Patron
from shuyuan.sip2 import messages as m
from shuyuan.sip2.handlers import HANDLERS, Kiosk, finished
from shuyuan.sip2.models import KioskOptions
from shuyuan.sip2.tests.kiosk import make_kiosk
from shuyuan.testing.branches import NOW, make_branch, make_service_point
from shuyuan.testing.catalog import make_collection, make_item, make_record
from shuyuan.testing.circulation import make_rule
from shuyuan.testing.patrons import make_patron

D = "20160301    100000"  # NOW as a SIP2 date
PIN = "135790"


@dataclass
class Library:
    branch: Branch
    point: ServicePoint
    kiosk: Kiosk
    reader: Patron
    books: list[Item]

    @property
    def card(self) -> str:
        return self.reader.card_number

    def handle(self, request: bytes | m.Message, at: datetime = NOW) -> bytes:
        """The kiosk's request through the codec and the handler, and the answer's bytes."""
        data = request if isinstance(request, bytes) else m.format_message(request, encoding=self.kiosk.encoding)
        message = m.parse_message(data, encoding=self.kiosk.encoding).message
        answer = finished(HANDLERS[type(message)](self.kiosk, message, at))
        return m.format_message(answer, encoding=self.kiosk.encoding)

    def answer(self, request: m.Message, at: datetime = NOW) -> Any:
        return m.parse_message(self.handle(request, at), encoding=self.kiosk.encoding).message

    def refresh_kiosk(self) -> None:
        self.kiosk = Kiosk.of(self.kiosk.device)


def a_library(*, books: int = 3, requires_pin: bool = False, due_date_form: str = "", **rule: Any) -> Library:
    branch = make_branch(code="LL01", name="醴陵市图书馆总馆")
    point = make_service_point(branch, kind=ServicePoint.Kind.KIOSK, name="一楼自助借还", code="LL01-KIOSK")
    device = make_kiosk(branch=branch, service_point=point, institution_id="LLLIB", requires_pin=requires_pin)
    if due_date_form:
        KioskOptions.objects.create(device=device, due_date_form=due_date_form)
    make_rule(**{"loan_days": 30, "max_loans": 10, "max_loans_of_type": 10, **rule})
    reader = make_patron("张三丰", branch=branch)
    collection = make_collection(branch, name="中文图书外借", shelving_location="二楼外借室")
    items = [make_item(make_record(title=f"红楼梦 第{n + 1}卷"), collection=collection) for n in range(books)]
    return Library(branch, point, Kiosk.of(device), reader, items)
