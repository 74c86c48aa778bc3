"""Factories for readers: categories, valid synthetic ID numbers and registered readers."""

from datetime import date
from itertools import count
from typing import Any

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.patrons import iddocs, services
from shuyuan.patrons.models import Patron, PatronCategory
from shuyuan.testing.branches import NOW, make_branch, make_service_point

_sequences = count(1)


def make_category(kind: str = PatronCategory.Kind.ADULT, code: str = "", **fields: Any) -> PatronCategory:
    names = {"adult": "成人读者", "child": "少儿读者", "group": "集体读者", "other": "其他读者"}
    code = code or kind.upper()
    defaults = {"name": names.get(kind, kind), "kind": kind, **fields}
    return PatronCategory.objects.get_or_create(code=code, defaults=defaults)[0]


def make_child_category(max_age: int = 14) -> PatronCategory:
    adult = make_category()
    return make_category(PatronCategory.Kind.CHILD, max_age=max_age, next_category=adult)


def resident_id(birth: date = date(1980, 5, 17), region: str = "430281", sequence: int | None = None) -> str:
    """A valid 18-digit resident ID number, a different one on every call unless ``sequence`` is given."""
    return iddocs.compose_resident_id(region, birth, sequence if sequence is not None else next(_sequences) % 1000)


def make_patron(
    name: str = "张三",
    *,
    id_number: str | None = "",
    birth: date = date(1980, 5, 17),
    branch: Branch | None = None,
    service_point: ServicePoint | None = None,
    channel: str = Patron.Channel.DESK,
    at: Any = NOW,
    **application: Any,
) -> Patron:
    """A reader registered through the desk service (so cards, events and audit are as in life);
    ``id_number=None`` registers without a document (group borrowers)."""
    branch = branch or (service_point.branch if service_point else Branch.objects.first() or make_branch())
    if "category" not in application:
        make_category()
        if "guardian" in application or "guardian_document" in application:
            make_child_category()
    number = resident_id(birth) if id_number == "" else id_number
    document = iddocs.parse(number, today=at.date()) if number else None
    return services.register(
        services.Application(name=name, document=document, **application),
        home_branch=branch,
        channel=channel,
        service_point=service_point or make_service_point(branch),
        at=at,
        by=None,
    )
