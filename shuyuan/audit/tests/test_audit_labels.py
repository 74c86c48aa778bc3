"""The audit log is read by people: every action has a label, and details are labelled values."""

import ast
from pathlib import Path

import pytest

import shuyuan
from shuyuan.audit import log
from shuyuan.roles import Role
from shuyuan.testing.branches import NOW, make_branch, make_staff

# Actions recorded under a computed code (charges.close_fee records circulation.<event kind>).
COMPUTED_ACTIONS = {"circulation.fee_paid", "circulation.fee_waived"}


def recorded_actions() -> set[str]:
    """The action codes that the services pass to ``log.record``, read from the source."""
    codes = set(COMPUTED_ACTIONS)
    root = Path(shuyuan.__file__).parent
    for path in root.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = getattr(node, "func", None)
            if isinstance(node, ast.Call) and isinstance(func, ast.Attribute) and func.attr == "record":
                if isinstance(func.value, ast.Name) and func.value.id == "log" and node.args:
                    codes.update(
                        c.value
                        for c in ast.walk(node.args[0])
                        if isinstance(c, ast.Constant) and isinstance(c.value, str) and not c.value.endswith(".")
                    )
    return codes


def test_every_recorded_action_has_a_label():
    from shuyuan.audit.actions import ACTIONS

    assert sorted(recorded_actions() - set(ACTIONS)) == []


@pytest.mark.django_db
def test_the_audit_log_shows_the_label_of_an_action_and_not_its_code(client):
    client.force_login(make_staff(Role.DIRECTOR, make_branch()))
    log.record("patron.demo_load", at=NOW, by=None, detail={"readers": 206})
    page = client.get("/audit/").content.decode()
    assert ("载入演示读者" in page, "patron.demo_load</td>" in page) == (True, False)


@pytest.mark.django_db
def test_the_audit_log_shows_details_as_labelled_values_and_not_a_dict(client):
    client.force_login(make_staff(Role.DIRECTOR, make_branch()))
    log.record("patron.export", at=NOW, by=None, detail={"rows": 12, "full_numbers": False})
    page = client.get("/audit/").content.decode()
    assert ("完整号码：否；行数：12" in page, "{&#x27;rows&#x27;" in page) == (True, False)


@pytest.mark.django_db
def test_the_audit_log_names_the_kind_of_object(client):
    branch = make_branch()
    client.force_login(make_staff(Role.DIRECTOR, branch))
    log.record("branch.edit", at=NOW, by=None, obj=branch)
    assert "分馆 " + branch.name in client.get("/audit/").content.decode()


def test_a_code_given_as_a_detail_value_is_shown_by_its_label():
    from shuyuan.audit.actions import detail_text

    assert detail_text({"kind": "sip2_kiosk", "branch": "LL01"}) == "分馆：LL01；类型：自助借还机（SIP2）"


def test_the_system_as_actor_is_named_in_chinese():
    from shuyuan.audit.actions import actor_label

    assert actor_label("system") == "系统"
