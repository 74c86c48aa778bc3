"""Acquisitions' part of merging two records of one reader (lifecycle.MERGE_STEPS)."""

from datetime import datetime
from typing import Any

from shuyuan.acquisitions.models import PurchaseSuggestion
from shuyuan.patrons.models import Patron


def move_suggestions(keep: Patron, remove: Patron, *, at: datetime, by: Any) -> int:
    """The removed record's purchase suggestions become the kept one's (inside the merge's transaction)."""
    return PurchaseSuggestion.objects.filter(patron=remove).update(patron=keep)
