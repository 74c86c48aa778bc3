"""The OpenAPI document is true (issue 20.11): schemathesis generates requests from /api/openapi.json,
valid and invalid ones, sends them to the Django application in this process with the right device's
key, and checks that no answer is a server error, that every status, content type and body is the one
the document describes, and that no answer holds a full ID number. A small fixed budget runs in
``make test`` on both engines; ``SCHEMATHESIS_EXAMPLES=2000`` runs a long one."""

from __future__ import annotations

import os
import re

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from shuyuan.devices.models import Device
from shuyuan.patrons import iddocs
from shuyuan.testing.branches import make_branch, make_service_point
from shuyuan.testing.devices import make_device
from shuyuan.testing.patrons import make_category, make_patron
from shuyuan.wsgi import application

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "40"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
ID_RUNS = re.compile(r"[0-9]{17}[0-9Xx]")
# Which kind of device calls which path; the branches' opening hours answer any device of the branch.
KINDS = {
    "/api/patrons/": Device.Kind.REGISTRATION_KIOSK,
    "/api/visits/counts": Device.Kind.PEOPLE_COUNTER,
    "/api/visits/sessions": Device.Kind.E_READING_CLIENT,
    "/api/branches/": Device.Kind.REGISTRATION_KIOSK,
}


@pytest.fixture
def in_test_transaction():
    """The WSGI handler closes the connection after each request, as a server should; inside the test's
    transaction it must not (Django's own test client does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def keys(db, in_test_transaction) -> dict[str, str]:
    """A branch with a device of each kind and a reader, so that the API has someone to find."""
    make_category()
    branch = make_branch(code="LL01")
    point = make_service_point(branch, code="LL01-READ")
    make_patron("王芳", branch=branch)
    return {
        kind: make_device(kind, branch, point)[1]
        for kind in {Device.Kind.REGISTRATION_KIOSK, Device.Kind.PEOPLE_COUNTER, Device.Kind.E_READING_CLIENT}
    }


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


def key_for(path: str, keys: dict[str, str]) -> str:
    return next(keys[kind] for prefix, kind in KINDS.items() if path.startswith(prefix))


def full_id_numbers(text: str) -> list[str]:
    return [
        run
        for run in ID_RUNS.findall(text)
        if iddocs.detect_type(run.upper()) == iddocs.DocType.RESIDENT_ID and iddocs.is_valid(run.upper())
    ]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
@pytest.mark.django_db
def test_every_answer_of_the_api_is_the_one_its_document_describes(case, keys):
    if case.operation.path != "/api/health":
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {key_for(case.operation.path, keys)}"}
    response = case.call_and_validate(checks=CHECKS)
    assert not full_id_numbers(response.text), "an answer holds a full ID number"
