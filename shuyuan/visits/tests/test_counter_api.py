"""People counters post through the API: idempotent, corrections as history, refusals."""

from typing import Any

import pytest
from django.test import Client

from shuyuan.devices import services
from shuyuan.devices.models import Device
from shuyuan.testing.branches import NOW, make_branch, make_service_point
from shuyuan.testing.devices import make_device
from shuyuan.visits import services as visit_services
from shuyuan.visits.models import VisitCount
from shuyuan.visits.tests.factories import make_counter_model

pytestmark = pytest.mark.django_db
URL = "/api/visits/counts"
BODY = {"gate": "东门", "start": "2016-03-01T09:00:00+08:00", "end": "2016-03-01T09:15:00+08:00", "count": 7}


@pytest.fixture
def counter() -> tuple[Device, str]:
    branch = make_branch()
    return make_device(Device.Kind.PEOPLE_COUNTER, branch, make_service_point(branch))


def post(key: str, **fields: Any) -> Any:
    return Client().post(URL, {**BODY, **fields}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_count_is_stored_for_the_gate_and_interval(counter):
    answer = post(counter[1])
    assert answer.status_code == 201
    row = VisitCount.objects.get()
    assert (row.gate, row.count, row.day.isoformat(), row.source) == ("东门", 7, "2016-03-01", "counter_device")


def test_the_same_post_again_changes_nothing(counter):
    first = post(counter[1]).json()
    again = post(counter[1])
    assert again.status_code == 200 and again.json()["id"] == first["id"] and again.json()["created"] is False
    assert VisitCount.objects.count() == 1


def test_another_figure_for_the_same_interval_is_a_correction_kept_as_history(counter):
    post(counter[1])
    answer = post(counter[1], count=9).json()
    assert answer["revision"] == 2
    assert sorted(VisitCount.objects.values_list("count", flat=True)) == [7, 9]
    assert list(VisitCount.objects.filter(replaced_by__isnull=True).values_list("count", flat=True)) == [9]


def test_a_disabled_counter_is_refused(counter):
    Device.objects.filter(pk=counter[0].pk).update(is_enabled=False)
    answer = post(counter[1])
    assert answer.status_code == 401 and "停用" in answer.json()["detail"]
    assert not VisitCount.objects.exists()


def test_a_counter_cannot_count_for_another_branch(counter):
    elsewhere = make_service_point(make_branch())
    answer = post(counter[1], service_point=elsewhere.code)
    assert answer.status_code == 403 and answer.json()["detail"] == "此设备属于其他分馆，无权操作。"
    assert not VisitCount.objects.exists()


def test_another_kind_of_device_may_not_post_counts():
    branch = make_branch()
    _kiosk, key = make_device(Device.Kind.REGISTRATION_KIOSK, branch, make_service_point(branch))
    assert post(key).status_code == 403


def test_a_negative_count_is_refused_in_chinese(counter):
    answer = post(counter[1], count=-3)
    assert answer.status_code == 422 and answer.json() == {"detail": "人次不能为负数。", "reason": "negative_count"}
    assert not VisitCount.objects.exists()


def test_an_interval_in_the_future_is_refused(counter):
    answer = post(counter[1], start="2099-01-01T09:00:00+08:00", end="2099-01-01T09:15:00+08:00")
    assert answer.status_code == 422 and answer.json()["reason"] == "future"


def test_an_interval_that_ends_before_it_starts_is_refused(counter):
    answer = post(counter[1], end="2016-03-01T08:45:00+08:00")
    assert answer.status_code == 422 and answer.json()["reason"] == "interval_reversed"


def test_an_interval_overlapping_another_of_the_same_gate_is_refused(counter):
    post(counter[1])
    answer = post(counter[1], start="2016-03-01T09:10:00+08:00", end="2016-03-01T09:25:00+08:00")
    assert answer.status_code == 422 and answer.json()["reason"] == "overlapping"
    assert VisitCount.objects.count() == 1


def test_a_counter_disabled_after_its_last_post_is_refused_though_its_process_kept_a_copy(counter):
    post(counter[1])
    Device.objects.filter(pk=counter[0].pk).update(is_enabled=False)  # behind the copy's back
    answer = post(counter[1], start="2016-03-01T09:15:00+08:00", end="2016-03-01T09:30:00+08:00")
    assert answer.status_code == 401 and "停用" in answer.json()["detail"]
    assert VisitCount.objects.count() == 1


def test_the_old_key_of_a_counter_whose_key_was_reset_is_refused(counter):
    post(counter[1])
    services.reset_credentials(counter[0], at=NOW, by=None)
    answer = post(counter[1], start="2016-03-01T09:15:00+08:00", end="2016-03-01T09:30:00+08:00")
    assert answer.status_code == 401
    assert VisitCount.objects.count() == 1


def test_a_post_within_a_gates_day_counted_from_a_file_is_refused_as_overlapping(counter):
    point = counter[0].service_point
    text = "gate,start,in\n东门,2016-03-01 08:45,3\n东门,2016-03-01 09:00,3\n东门,2016-03-01 09:15,3\n"
    visit_services.import_counter_file(
        text, counter_model=make_counter_model(), service_point=point, file_name="a.csv", at=NOW, by=None
    )
    answer = post(counter[1])
    assert answer.status_code == 422 and "重叠" in answer.json()["detail"]
    assert VisitCount.objects.count() == 1
