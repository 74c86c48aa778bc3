import pytest
from django.utils import timezone

from shuyuan.roles import Role
from shuyuan.testing.branches import make_branch, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(client):
    user = make_staff(Role.DIRECTOR, make_branch())
    client.force_login(user)
    return user


def test_a_year_that_is_not_a_number_shows_this_year_with_a_message(director, client):
    response = client.get("/branches/calendar/?year=abc")
    page = response.content.decode()
    assert (response.status_code, str(timezone.localdate().year) in page, "年份应为" in page) == (200, True, True)


def test_a_year_out_of_range_shows_this_year_with_a_message(director, client):
    response = client.get("/branches/calendar/?year=99999")
    assert (response.status_code, "年份应为" in response.content.decode()) == (200, True)


def test_a_valid_year_is_shown(director, client):
    assert "闭馆日历 2016" in client.get("/branches/calendar/?year=2016").content.decode()
