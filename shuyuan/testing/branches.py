from datetime import datetime
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, User

from shuyuan.branches.models import Branch, Library, ServicePoint, StaffProfile
from shuyuan.roles import ensure_roles

_numbers = count(1)
NOW = datetime(2016, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def make_library() -> Library:
    return Library.objects.get_or_create(code="TEST", defaults={"name": "测试图书馆"})[0]


def make_branch(code: str = "", **fields: Any) -> Branch:
    n = next(_numbers)
    defaults: dict[str, Any] = {"name": f"分馆{n}", "library": make_library()}
    return Branch.objects.create(code=code or f"B{n:03d}", **{**defaults, **fields})


def make_service_point(branch: Branch | None = None, **fields: Any) -> ServicePoint:
    n = next(_numbers)
    branch = branch or make_branch()
    defaults = {"name": f"外借处{n}", "kind": ServicePoint.Kind.LENDING_DESK, "code": f"{branch.code}-SP{n}"}
    return ServicePoint.objects.create(branch=branch, **{**defaults, **fields})


def make_staff(role: str, *branches: Branch, all_branches: bool = False, username: str = "") -> User:
    ensure_roles()
    user = User.objects.create_user(username or f"staff{next(_numbers)}", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    profile = StaffProfile.objects.create(user=user, all_branches=all_branches)
    profile.branches.set(branches)
    return user
