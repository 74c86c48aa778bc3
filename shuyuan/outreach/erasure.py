"""The outreach part of a reader's lifecycle: building blocks that open no transaction, for
``shuyuan.lifecycle`` to call inside its own. The reader's sign-ups lose their reader (a check-in
still counts in its activity's attendance; a place not yet used is cancelled), and a volunteer who
is the reader is erased too, their shifts' hours staying without a name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from shuyuan.outreach.models import Registration, Shift, Volunteer
from shuyuan.outreach.places import fill_freed_places
from shuyuan.patrons.models import Patron


def erase(pks: list[int], *, at: datetime) -> dict[str, int]:
    """Detach the readers' sign-ups and delete their volunteer records; returns what was done."""
    live = Registration.objects.filter(patron_id__in=pks, checked_in_at__isnull=True, activity__starts_at__gt=at)
    cancelled = _cancel(live.exclude(status=Registration.Status.CANCELLED), at=at)
    detached = Registration.objects.filter(patron_id__in=pks).update(patron=None)
    volunteers, _ = Volunteer.objects.filter(patron_id__in=pks).delete()
    return {"signups": detached, "signups_cancelled": cancelled, "volunteers": volunteers}


def merge(keep: Patron, remove: Patron, *, at: datetime, by: Any) -> dict[str, int]:
    """Move the removed record's sign-ups (cancelling those for activities the kept record signed
    up for too) and its volunteer record, or only its shifts when both records are volunteers."""
    kept_activities = set(
        Registration.objects.filter(patron=keep)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("activity_id", flat=True)
    )
    cancelled = _cancel(
        Registration.objects.filter(patron=remove, activity_id__in=kept_activities).exclude(
            status=Registration.Status.CANCELLED
        ),
        at=at,
    )
    moved = Registration.objects.filter(patron=remove).update(patron=keep)
    shifts = 0
    removed_volunteer = Volunteer.objects.filter(patron=remove).first()
    if removed_volunteer is not None:
        kept_volunteer = Volunteer.objects.filter(patron=keep).first()
        if kept_volunteer is None:
            Volunteer.objects.filter(pk=removed_volunteer.pk).update(patron=keep)
        else:
            shifts = Shift.objects.filter(volunteer=removed_volunteer).update(volunteer=kept_volunteer)
            removed_volunteer.delete()
    return {"signups": moved, "signups_cancelled": cancelled, "shifts": shifts}


def _cancel(registrations: QuerySet[Registration], *, at: datetime) -> int:
    """Cancel the sign-ups; the places they held go to the readers waiting."""
    freed = list(registrations.filter(status=Registration.Status.REGISTERED).values_list("activity_id", flat=True))
    cancelled = registrations.update(status=Registration.Status.CANCELLED, cancelled_at=at)
    fill_freed_places(freed, at=at)
    return cancelled
