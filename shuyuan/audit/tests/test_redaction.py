"""ID and phone numbers never stay in the audit log: they are masked on the way in, and numbers
already there are masked by an audited redaction, the only change the log allows (issue 20.6)."""

import pytest
from django.db import DatabaseError, transaction

from shuyuan.audit import log
from shuyuan.audit.models import AuditEntry
from shuyuan.testing.branches import NOW

pytestmark = pytest.mark.django_db
ID_NUMBER = "430281199004053331"


def raw_entry() -> AuditEntry:
    """An entry written before the log masked free text."""
    return AuditEntry.objects.create(at=NOW, actor_label="x", action="patron.block", detail={"reason": ID_NUMBER})


def redact() -> None:
    from shuyuan.audit.services import redact_personal_numbers

    redact_personal_numbers(reason="PIPL", at=NOW, by=None)


def test_an_id_number_in_an_audit_detail_is_stored_masked() -> None:
    entry = log.record("patron.block", at=NOW, by=None, detail={"reason": f"冒用 {ID_NUMBER}"})
    assert AuditEntry.objects.get(pk=entry.pk).detail == {"reason": "冒用 430*************31"}


def test_a_redaction_masks_numbers_already_in_the_audit_log() -> None:
    entry = raw_entry()
    redact()
    assert AuditEntry.objects.get(pk=entry.pk).detail == {"reason": "430*************31"}


def test_a_redaction_is_itself_audited_with_the_entries_it_changed() -> None:
    entry = raw_entry()
    redact()
    assert AuditEntry.objects.get(action="audit.redact").detail == {"reason": "PIPL", "entries": [entry.pk]}


def test_an_audit_entry_still_cannot_be_changed_outside_a_redaction() -> None:
    entry = raw_entry()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(detail={})
