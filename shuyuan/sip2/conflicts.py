"""What the SIP2 server holds about a reader: the off-line conflicts that name them. Building blocks
that open no transaction, for the reader's lifecycle (``shuyuan.lifecycle``): merging two records
moves the conflicts to the kept one; an unsettled conflict holds up an erasure, because it is the
only record of who has the book (the row keeps no reader once the reader is gone, SET_NULL)."""

from collections.abc import Collection
from datetime import datetime
from typing import Any

from shuyuan.patrons.models import Patron
from shuyuan.sip2.models import OfflineConflict


def open_conflicts(patron_ids: Collection[int]) -> int:
    return OfflineConflict.objects.filter(patron_id__in=patron_ids, resolved_at__isnull=True).count()


def move_conflicts(keep: Patron, remove: Patron, *, at: datetime, by: Any) -> int:
    return OfflineConflict.objects.filter(patron=remove).update(patron=keep)
