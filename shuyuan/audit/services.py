"""The one change the audit log allows: masking ID and phone numbers that reached it in free text
before ``freetext`` guarded the services (or through a path that forgot to). The redaction is
itself an audit entry: who, when, why, and which entries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from shuyuan.audit import log
from shuyuan.audit.models import AuditEntry, RedactionPermit
from shuyuan.freetext import mask_in, mask_personal_numbers


@transaction.atomic(durable=True)
def redact_personal_numbers(*, reason: str, at: datetime, by: Any) -> list[int]:
    """Mask every ID or mobile number in the audit log's details and object names; return the
    ids of the entries changed. The database refuses the rewrite except under the permit this
    transaction holds (migration 0004)."""
    permit = RedactionPermit.objects.create(granted_at=at, reason=reason.strip()[:200])
    changed = []
    for entry in AuditEntry.objects.only("id", "object_repr", "detail").iterator(chunk_size=2000):
        detail, name = mask_in(entry.detail), mask_personal_numbers(entry.object_repr)
        if detail != entry.detail or name != entry.object_repr:
            AuditEntry.objects.filter(pk=entry.pk).update(detail=detail, object_repr=name)
            changed.append(entry.pk)
    permit.delete()
    log.record("audit.redact", at=at, by=by, detail={"reason": reason.strip()[:200], "entries": changed})
    return changed
