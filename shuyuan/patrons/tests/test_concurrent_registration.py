"""Two kiosks posting the same person at the same moment make one reader."""

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from shuyuan.devices.models import Device
from shuyuan.patrons.models import Patron
from shuyuan.testing.branches import make_branch, make_service_point
from shuyuan.testing.devices import make_device
from shuyuan.testing.patrons import make_category, resident_id


@pytest.mark.django_db(transaction=True)
def test_two_kiosks_posting_the_same_id_at_once_make_one_reader() -> None:
    make_category()
    branch = make_branch()
    keys = [make_device(Device.Kind.REGISTRATION_KIOSK, branch, make_service_point(branch))[1] for _ in range(2)]
    number = resident_id(date(1988, 8, 8))
    barrier = threading.Barrier(2)
    answers: list[Any] = []

    def kiosk(key: str) -> None:
        barrier.wait()
        try:
            answers.append(
                Client().post(
                    "/api/patrons/registrations",
                    {"name": "赵七", "id_number": number, "pin": "246810"},
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {key}",
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=kiosk, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(a.status_code for a in answers)
    assert (codes, Patron.objects.count()) == ([200, 201], 1)
