"""The public online registration form is limited per client address and per ID number."""

import threading
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from shuyuan.patrons import services, throttle
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.models import JoinAttemptCount, Patron
from shuyuan.patrons.personal import id_hash
from shuyuan.testing.branches import NOW, make_branch
from shuyuan.testing.patrons import make_category, resident_id

pytestmark = pytest.mark.django_db


def application(number: str = "", **changes: Any) -> dict[str, str]:
    return {
        "id_type": "resident_id",
        "id_number": number or resident_id(date(1992, 2, 2)),
        "name": "周一",
        "phone": "13911112222",
        "pin": "250913",
        "pin_again": "250913",
        "agrees": "on",
        **changes,
    }


def post(form: dict[str, str], address: str = "203.0.113.7", **meta: str) -> Any:
    return Client().post("/patrons/join/", form, REMOTE_ADDR=address, **meta)


def attempt(address: str = "203.0.113.7", id_number: str = "", at: Any = NOW) -> Reason | None:
    try:
        services.count_join_attempt(address=address, id_number=id_number, at=at)
    except PatronRefused as refused:
        return refused.reason
    return None


@pytest.fixture(autouse=True)
def _library() -> None:
    make_category()
    make_branch(kind="central")


def test_the_eleventh_submission_from_one_address_within_an_hour_is_answered_with_429() -> None:
    codes = [post(application(name="")).status_code for _ in range(11)]
    assert codes == [200] * 10 + [429]


def test_the_refusal_says_in_chinese_when_to_try_again() -> None:
    for _ in range(10):
        post(application(name=""))
    response = post(application(name=""))
    page = response.content.decode()
    assert ("提交次数过多" in page, response["Retry-After"].isdigit()) == (True, True)


def test_a_refused_submission_registers_nobody() -> None:
    for _ in range(10):
        post(application(name=""))
    post(application())
    assert Patron.objects.count() == 0


def test_another_address_may_still_apply() -> None:
    for _ in range(10):
        post(application(name=""))
    assert post(application(), address="198.51.100.9").status_code == 200


def test_the_fourth_submission_of_one_id_number_within_a_day_is_refused_from_any_address() -> None:
    number = resident_id(date(1992, 2, 2))
    codes = [post(application(number), address=f"198.51.100.{i}").status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]


def test_the_address_limit_starts_afresh_in_the_next_hour() -> None:
    refusals = [attempt() for _ in range(11)]
    assert (refusals[-1], attempt(at=NOW + timedelta(hours=1))) == (Reason.TOO_MANY_FROM_HERE, None)


def test_the_id_number_limit_lasts_the_whole_day() -> None:
    number = resident_id()
    for hour in range(3):
        attempt(f"198.51.100.{hour}", number, at=NOW + timedelta(hours=hour))
    assert attempt("198.51.100.99", number, at=NOW + timedelta(hours=12)) == Reason.TOO_MANY_FOR_DOCUMENT


def test_the_limits_follow_the_settings(settings) -> None:
    settings.SHUYUAN = {**settings.SHUYUAN, "PATRONS": {"JOIN_ATTEMPTS_PER_IP_HOUR": 2}}
    assert [attempt() for _ in range(3)] == [None, None, Reason.TOO_MANY_FROM_HERE]


def test_a_limit_of_zero_turns_the_limit_off(settings) -> None:
    settings.SHUYUAN = {**settings.SHUYUAN, "PATRONS": {"JOIN_ATTEMPTS_PER_IP_HOUR": 0}}
    assert {attempt() for _ in range(20)} == {None}


def test_attempts_in_one_window_add_up_in_one_row() -> None:
    for _ in range(4):
        attempt()
    assert list(JoinAttemptCount.objects.values_list("attempts", flat=True)) == [4]


@pytest.mark.django_db(transaction=True)
def test_submissions_at_the_same_moment_on_several_connections_are_all_counted() -> None:
    barrier = threading.Barrier(4)
    refusals: list[Reason | None] = []

    def web_process() -> None:
        barrier.wait()
        try:
            refusals.extend(attempt() for _ in range(5))
        finally:
            connection.close()

    threads = [threading.Thread(target=web_process) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (refusals.count(None), JoinAttemptCount.objects.get().attempts) == (10, 10)


def test_the_counts_hold_neither_the_address_nor_the_id_number_hash() -> None:
    number = resident_id()
    attempt("203.0.113.7", number)
    keys = set(JoinAttemptCount.objects.values_list("key", flat=True))
    assert not {k for k in keys if "203.0.113.7" in k or k == id_hash(number)} and len(keys) == 2


def test_behind_a_proxy_the_address_is_the_last_one_the_proxy_added() -> None:
    meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.1.1.1, 203.0.113.7"}
    assert throttle.client_address(meta, "X-Forwarded-For") == "203.0.113.7"


def test_without_a_configured_header_a_forwarded_address_is_ignored() -> None:
    meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    assert throttle.client_address(meta) == "10.0.0.1"


def test_an_ipv6_client_counts_by_its_64_network() -> None:
    meta = {"REMOTE_ADDR": "2001:db8:1:2:aaaa::1"}
    assert throttle.client_address(meta) == "2001:db8:1:2::/64"


def test_old_counts_are_forgotten_after_two_days() -> None:
    attempt(at=NOW - timedelta(days=3))
    attempt(at=NOW)
    services.forget_join_attempts(at=NOW)
    assert JoinAttemptCount.objects.count() == 1
