"""The building block that fills freed places from the waiting list; it opens no transaction: callers
hold the activity's row lock (``services.cancel``) or run inside a reader's lifecycle change."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from shuyuan.outreach.models import Activity, Registration


def fill_freed_places(freed: Iterable[int], *, at: datetime) -> list[Registration]:
    """``freed`` holds one activity id per place set free; as many readers move up from each
    activity's waiting list, first come first served. Returns those who moved up."""
    places = Counter(freed)
    list(Activity.objects.select_for_update().filter(pk__in=sorted(places)).values_list("pk", flat=True))
    promoted: list[Registration] = []
    for activity_id, count in sorted(places.items()):
        waiting = Registration.objects.filter(activity_id=activity_id, status=Registration.Status.WAITING)
        for registration in waiting.order_by("signed_up_at", "pk")[:count]:
            registration.status, registration.promoted_at = Registration.Status.REGISTERED, at
            registration.save(update_fields=["status", "promoted_at"])
            promoted.append(registration)
    return promoted
