"""The desk's own writes: claiming a scan's client id before acting on it, and keeping the answer.

A circulation service is its own durable transaction, so the claim is a transaction before it and
the answer one after it: a second request with the same client id finds the claim and never acts.
If the process dies between the act and the answer, the claim stays unanswered and a resubmission
is told to check the reader's account instead of acting again."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction

from shuyuan.branches.models import ServicePoint
from shuyuan.desk.models import DeskScan
from shuyuan.patrons.models import Patron


class AlreadyClaimed(Exception):
    def __init__(self, scan: DeskScan) -> None:
        self.scan = scan
        super().__init__(scan.client_id)


@transaction.atomic(durable=True)
def claim(client_id: str, *, session: str, mode: str, at: datetime, by: Any, service_point: ServicePoint) -> DeskScan:
    """The row of a new scan; raises AlreadyClaimed with the existing row for a client id seen before."""
    try:
        with transaction.atomic():
            return DeskScan.objects.create(
                client_id=client_id, session=session, mode=mode, user=by, service_point=service_point, created_at=at
            )
    except IntegrityError:
        raise AlreadyClaimed(DeskScan.objects.get(client_id=client_id)) from None


@transaction.atomic(durable=True)
def answer(scan: DeskScan, reply: dict[str, Any], *, patron: Patron | None, at: datetime) -> DeskScan:
    scan.answer = reply
    scan.ok = bool(reply.get("ok"))
    scan.patron = patron
    scan.answered_at = at
    scan.save(update_fields=["answer", "ok", "patron", "answered_at"])
    return scan


KEEP_SCANS_DAYS = 2


@transaction.atomic(durable=True)
def purge_scans(*, at: datetime) -> int:
    """Forget scans older than KEEP_SCANS_DAYS days. They exist for replays (seconds), receipts and
    transit slips (the same day); kept longer, a scan with its reader and title would be a reading
    history that the loans' retention no longer keeps."""
    deleted, _by_model = DeskScan.objects.filter(created_at__lt=at - timedelta(days=KEEP_SCANS_DAYS)).delete()
    return deleted
