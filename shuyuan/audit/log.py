"""The audit building block: services call ``record`` inside their own transaction."""

from datetime import datetime
from typing import Any

from django.db import models

from shuyuan.audit.context import current_source
from shuyuan.audit.models import AuditEntry
from shuyuan.freetext import mask_in, mask_personal_numbers


def actor_fields(by: Any) -> dict[str, Any]:
    """``by`` is a staff user, a Device, a reader or None (the system itself)."""
    from django.contrib.auth.models import AbstractBaseUser

    if isinstance(by, AbstractBaseUser):
        return {"actor": by, "actor_label": by.get_username()}
    if by is None:
        return {"actor": None, "actor_label": "system"}
    return {"actor": None, "actor_label": f"{type(by).__name__.lower()}:{getattr(by, 'pk', by)}"}


def record(
    action: str,
    *,
    at: datetime,
    by: Any,
    obj: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    source: str = "",
) -> AuditEntry:
    """Append one audit row. ``detail`` must never hold personal data in full (mask it first); an
    ID or mobile number that reaches it in free text anyway is masked here (``freetext``)."""
    return AuditEntry.objects.create(
        at=at,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=mask_personal_numbers(str(obj))[:200] if obj is not None else "",
        source=source or current_source.get(),
        detail=mask_in(detail or {}),
        **actor_fields(by),
    )
