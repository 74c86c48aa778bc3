import pytest
from django.db import DatabaseError, transaction

from shuyuan.audit import log
from shuyuan.audit.context import current_source
from shuyuan.audit.models import AuditEntry
from shuyuan.roles import Role
from shuyuan.testing.branches import NOW, make_branch, make_staff

pytestmark = pytest.mark.django_db


def test_an_entry_records_who_did_what_to_which_object_and_from_where():
    user = make_staff(Role.DIRECTOR)
    branch = make_branch(name="总馆")
    token = current_source.set("web 10.0.0.9")
    try:
        entry = log.record("branch.edit", at=NOW, by=user, obj=branch, detail={"field": "name"})
    finally:
        current_source.reset(token)
    assert (entry.actor, entry.actor_label, entry.action) == (user, user.username, "branch.edit")
    assert (entry.object_type, entry.object_id, entry.object_repr) == ("branches.branch", str(branch.pk), "总馆")
    assert entry.source == "web 10.0.0.9"


def test_entries_cannot_be_changed_in_the_database():
    entry = log.record("x.y", at=NOW, by=None)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    assert AuditEntry.objects.get(pk=entry.pk).action == "x.y"


def test_closing_a_branch_is_audited_with_the_staff_member():
    from datetime import date

    from shuyuan.branches import services

    user = make_staff(Role.DIRECTOR)
    closure = services.close_branch(
        make_branch(), date(2016, 5, 3), date(2016, 5, 4), reason="盘点", kind="planned", at=NOW, by=user
    )
    entry = AuditEntry.objects.get(action="calendar.close_branch")
    assert (entry.actor, entry.object_id) == (user, str(closure.pk))


def test_the_audit_page_filters_by_action(client):
    client.force_login(make_staff(Role.DIRECTOR))
    log.record("device.add", at=NOW, by=None)
    log.record("calendar.import_holidays", at=NOW, by=None)
    table = client.get("/audit/", {"action": "device"}).content.decode().split("<tbody>")[1]
    assert ("添加设备" in table, "导入法定节假日安排" in table) == (True, False)
