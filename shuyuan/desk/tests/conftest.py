from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.catalog.models import Item
from shuyuan.patrons.models import Patron
from shuyuan.roles import Role
from shuyuan.testing.branches import make_branch, make_staff
from shuyuan.testing.catalog import make_item, make_record
from shuyuan.testing.circulation import make_desk, make_rule
from shuyuan.testing.patrons import make_patron

_client_ids = iter(range(10_000_000, 99_999_999))


@pytest.fixture
def branch(db: None) -> Branch:
    return make_branch(name="总馆")


@pytest.fixture
def point(branch: Branch) -> ServicePoint:
    make_rule(loan_days=20, max_loans=20, max_loans_of_type=20, max_renewals=2, renewal_days=30)
    return make_desk(branch, name="外借处")


@pytest.fixture
def clerk(branch: Branch) -> User:
    return make_staff(Role.CIRCULATION, branch, username="clerk")


@pytest.fixture
def client_in(clerk: User, point: ServicePoint) -> Client:
    client = Client()
    client.force_login(clerk)
    return client


@pytest.fixture
def reader(branch: Branch, point: ServicePoint) -> Patron:
    return make_patron("李小四", branch=branch, service_point=point, at=timezone.now())


@pytest.fixture
def books(branch: Branch) -> list[Item]:
    return [make_item(make_record(f"书{n}"), f"BK{n:06d}", branch=branch) for n in range(1, 6)]


Send = Callable[..., dict[str, Any]]


@pytest.fixture
def send(client_in: Client, point: ServicePoint) -> Send:
    """Post one scan as the page does; the answer as JSON, with the status under ``_status``."""

    def post(
        value: str = "", *, mode: str = "lend", session: str = "session-1", client_id: str = "", **more: Any
    ) -> dict[str, Any]:
        body = {
            "client_id": client_id or f"scan-{next(_client_ids)}",
            "session": session,
            "mode": mode,
            "value": value,
            "service_point": point.code,
            **more,
        }
        response = client_in.post("/desk/scan/", body, content_type="application/json")
        return {**response.json(), "_status": response.status_code}

    return post
