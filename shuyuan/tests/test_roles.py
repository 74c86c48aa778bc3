import pytest
from django.contrib.auth.models import Group, Permission

from shuyuan.roles import ROLES, Role, ensure_roles
from shuyuan.testing.branches import make_branch, make_staff

pytestmark = pytest.mark.django_db

# The foundation's pages and which roles reach them; later modules extend this table in their own tests.
PAGES = {
    "/staff/": set(Role.values),
    "/branches/": set(Role.values),
    "/branches/calendar/": set(Role.values),
    "/devices/": {Role.DIRECTOR, Role.STATISTICS},
    "/devices/add/": {Role.DIRECTOR},
    "/audit/": {Role.DIRECTOR},
    "/admin/branches/branch/add/": {Role.DIRECTOR},
}


@pytest.mark.parametrize("role", Role.values)
def test_each_role_reaches_its_pages_and_not_the_others(client, role):
    client.force_login(make_staff(role, make_branch()))
    for url, allowed in PAGES.items():
        status = client.get(url).status_code
        assert (status == 200) == (role in allowed), f"{role} {url} {status}"


def test_a_visitor_is_sent_to_the_login_page(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_root_address_is_the_public_catalogue(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'action="/search/"' in response.content.decode()


def test_the_login_page_is_chinese(client):
    body = client.get("/login/").content.decode()
    assert "工作人员登录" in body
    assert 'lang="zh-hans"' in body


def test_a_staff_member_logs_in_and_sees_the_chinese_home_page(client):
    make_staff(Role.CIRCULATION, make_branch(name="总馆"), username="desk")
    response = client.post("/login/", {"username": "desk", "password": "pw"}, follow=True)
    body = response.content.decode()
    assert "欢迎" in body
    assert "总馆" in body


def test_ensure_roles_is_idempotent_and_keeps_statistics_read_only():
    ensure_roles()
    ensure_roles()
    assert Group.objects.filter(name__in=Role.values).count() == len(Role)
    statistics = Group.objects.get(name=Role.STATISTICS)
    # Statistics changes no library data; it keeps its own saved tables and their schedules (stattables).
    codenames = set(
        statistics.permissions.exclude(content_type__app_label="stattables").values_list("codename", flat=True)
    )
    assert codenames and all(c.startswith("view_") for c in codenames)


def test_the_director_holds_every_permission_the_other_roles_hold():
    ensure_roles()
    director = set(Group.objects.get(name=Role.DIRECTOR).permissions.all())
    for role in ROLES:
        assert set(Group.objects.get(name=role).permissions.all()) <= director


def test_every_permission_in_the_roles_table_exists():
    known = {f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")}
    for role, permissions in ROLES.items():
        assert set(permissions) <= known, f"{role}: {sorted(set(permissions) - known)}"


def test_every_role_but_the_director_has_its_line_in_the_table():
    assert set(ROLES) == set(Role.values) - {Role.DIRECTOR}


def test_the_acquisitions_role_may_not_edit_the_catalogues_records_and_copies():
    ensure_roles()
    acquisitions = set(Group.objects.get(name=Role.ACQUISITIONS).permissions.values_list("codename", flat=True))
    assert "view_record" in acquisitions
    assert not acquisitions & {"change_record", "add_item", "change_item"}
