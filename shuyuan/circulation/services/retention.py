"""The retention job (DESIGN.md 4a): returned loans forget their reader after the policy's period,
unless the reader keeps a reading history. Events are anonymous already and stay as they are."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction

from shuyuan.audit import log
from shuyuan.branches.models import Library
from shuyuan.circulation.models import CirculationPolicy, Hold, Loan

CLOSED_HOLDS = (Hold.Status.FULFILLED, Hold.Status.CANCELLED, Hold.Status.EXPIRED)


def retention_days(library: Library) -> int:
    policy = CirculationPolicy.objects.filter(library=library).first() or CirculationPolicy()
    return policy.retention_days


@transaction.atomic(durable=True)
def anonymise_loans(*, at: datetime, by: Any, limit: int = 5000) -> int:
    """Anonymise up to ``limit`` closed loans (and closed holds) past their library's retention
    period; returns how many rows were anonymised, so the command can loop until 0."""
    done = 0
    for library in Library.objects.all():
        cutoff = at - timedelta(days=retention_days(library))
        keep_history = {"patron__keeps_reading_history": True}
        loans = list(
            Loan.objects.filter(branch__library=library, patron__isnull=False, closed_at__lt=cutoff)
            .exclude(**keep_history)
            .order_by("pk")
            .values_list("pk", flat=True)[: limit - done]
        )
        done += Loan.objects.filter(pk__in=loans).update(patron=None)
        holds = list(
            Hold.objects.filter(
                pickup_branch__library=library, patron__isnull=False, status__in=CLOSED_HOLDS, closed_at__lt=cutoff
            )
            .exclude(**keep_history)
            .order_by("pk")
            .values_list("pk", flat=True)[: max(limit - done, 0)]
        )
        done += Hold.objects.filter(pk__in=holds).update(patron=None)
        if loans or holds:
            log.record(
                "circulation.anonymise",
                at=at,
                by=by,
                obj=library,
                detail={"loans": len(loans), "holds": len(holds), "before": cutoff.date().isoformat()},
            )
        if done >= limit:
            break
    return done
