"""Demo: the seed library as a new user meets it today.

The demo's history is 2016's and stays as it is (the report's figures depend on it); but a new user
tries the demo reader that ``make run`` prints today, at the desk, the kiosk and the OPAC. So after
the 2016 story (which ends on 2016-07-07):

- the demo reader brought back what was still on loan on the day after the story (a few days late
  at most: any suspension ran out in 2016), or, for a loan of an earlier run of this step, on the
  day before it fell due;
- in the past weeks the demo reader borrowed a few books at the lending desk, due in the coming
  weeks;
- a few titles the demo reader and other readers asked for wait on the central library's hold
  shelf, pulled by the staff yesterday.

(The readers' cards were renewed in the past year: ``patrons.demo.renew_for_today``.) Every act goes
through the real services, at past times relative to the real date (Asia/Shanghai); running it
again the same day changes nothing.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from shuyuan.branches.models import ServicePoint
from shuyuan.catalog.models import Item, Record
from shuyuan.circulation import services
from shuyuan.circulation.errors import CirculationRefused
from shuyuan.circulation.models import Channel, Hold, Loan, OverdueListing, Suspension
from shuyuan.demo import DemoContext, local
from shuyuan.patrons.demo import DEMO_READER_CARD
from shuyuan.patrons.models import Patron, PatronCategory

AFTER_THE_STORY = local(2016, 7, 8, 10)
BORROWED_DAYS_AGO = (20, 12, 5)  # three loans of 30 days: due in about 10, 18 and 25 days
READER_HOLDS = 2
OTHER_HOLDS = 3


def load(ctx: DemoContext, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    desk = ServicePoint.objects.filter(code="LL01-DESK").select_related("branch").first()
    reader = Patron.objects.filter(card_number=DEMO_READER_CARD).first()
    if desk is None or reader is None:
        return
    rng = ctx.rng(f"today-{timezone.localdate(now).isoformat()}")
    services.expire_holds(at=now)  # the daily job, which a demo database does not run
    returned = _return_what_is_due(reader, desk, now)
    lent = _current_loans(rng, reader, desk, now)
    waiting = _holds_on_the_shelf(rng, reader, desk, now)
    if returned or lent or waiting:
        ctx.say(f"  circulation today: demo reader {returned} returned, {lent} borrowed; {waiting} holds on the shelf")


def _days_ago(now: datetime, days: int, hour: int) -> datetime:
    day = timezone.localdate(now) - timedelta(days=days)
    return local(day.year, day.month, day.day, hour)


def _return_what_is_due(reader: Patron, desk: ServicePoint, now: datetime) -> int:
    """The demo reader's loans that are overdue, or due within a week, come back before they are late
    (2016's on the day after the story); a suspension or listing that causes is lifted at once."""
    loans = Loan.objects.filter(patron=reader, status=Loan.Status.OPEN, due_at__lt=now + timedelta(days=7))
    returned = 0
    for loan in loans.select_related("item").order_by("checked_out_at"):
        at = max(min(loan.due_at - timedelta(hours=2), now - timedelta(days=1)), AFTER_THE_STORY)
        at = max(at, loan.checked_out_at + timedelta(hours=1))
        services.checkin(loan.item, at=at, by=None, service_point=desk, channel=Channel.DESK)
        returned += 1
    if returned:
        _clear_consequences(reader, now)
    return returned


def _clear_consequences(reader: Patron, now: datetime) -> None:
    at = now - timedelta(days=30)
    for listing in OverdueListing.objects.filter(patron=reader, lifted_at__isnull=True):
        services.lift_overdue_listing(listing, note="演示数据：已还清", at=at, by=None)
    for suspension in Suspension.objects.filter(
        patron=reader, lifted_at__isnull=True, last_day__gte=timezone.localdate(at)
    ):
        services.lift_suspension(suspension, note="演示数据：已还清", at=at, by=None)


def _shelf_copies(desk: ServicePoint, rng: random.Random, count: int, *, since: datetime) -> list[Item]:
    """On-shelf books of the central library's lending collection, on the shelf already at ``since``
    and with no holds waiting for them."""
    waiting = Hold.objects.filter(record=OuterRef("record"), status__in=[Hold.Status.WAITING, Hold.Status.READY])
    candidates = list(
        Item.objects.filter(
            home_branch=desk.branch,
            current_branch=desk.branch,
            status=Item.Status.ON_SHELF,
            item_type__code="BOOK",
            collection__code="LL01-WJ",
            status_changed_at__lt=since,
        )
        .exclude(Exists(waiting))
        .order_by("pk")[:2000]
    )
    rng.shuffle(candidates)
    return candidates[: count * 3]


def _current_loans(rng: random.Random, reader: Patron, desk: ServicePoint, now: datetime) -> int:
    current = Loan.objects.filter(patron=reader, status=Loan.Status.OPEN, due_at__gte=now).count()
    wanted = len(BORROWED_DAYS_AGO) - current
    if wanted <= 0:
        return 0
    days = list(BORROWED_DAYS_AGO[current:])
    for item in _shelf_copies(desk, rng, wanted, since=_days_ago(now, max(BORROWED_DAYS_AGO), 8)):
        if not days:
            break
        try:
            services.checkout(
                item, reader, at=_days_ago(now, days[0], 10), by=None, service_point=desk, channel=Channel.DESK
            )
        except CirculationRefused:
            continue
        days.pop(0)
    return wanted - len(days)


def _holds_on_the_shelf(rng: random.Random, reader: Patron, desk: ServicePoint, now: datetime) -> int:
    """Holds placed three days ago in the OPAC; yesterday the staff pulled a copy of each, so each
    waits on the hold shelf (for the policy's pickup days)."""
    ready = Hold.objects.filter(status=Hold.Status.READY, expires_at__gt=now)
    wanted: list[tuple[Patron | None, int]] = [(reader, READER_HOLDS - ready.filter(patron=reader).count())]
    if not ready.exclude(patron=reader).exists():
        wanted.append((None, OTHER_HOLDS))
    others = _readers_in_good_standing(reader, now)
    made = 0
    copies = iter(_shelf_copies(desk, rng, READER_HOLDS + OTHER_HOLDS, since=_days_ago(now, 3, 8)))
    for who, count in wanted:
        for _ in range(max(0, count)):
            for item in copies:
                patron = who or (rng.choice(others) if others else None)
                if patron is not None and _hold_and_pull(item, patron, desk, now):
                    made += 1
                    break
    return made


def _hold_and_pull(item: Item, patron: Patron, desk: ServicePoint, now: datetime) -> bool:
    record = Record.objects.get(pk=item.record_id)
    try:
        services.place_hold(
            record, patron, pickup_branch=desk.branch, at=_days_ago(now, 3, 20), by=patron, channel=Channel.OPAC
        )
    except CirculationRefused:
        return False
    services.checkin(item, at=_days_ago(now, 1, 9), by=None, service_point=desk, channel=Channel.DESK)
    return True


def _readers_in_good_standing(reader: Patron, now: datetime) -> list[Patron]:
    """Adult readers of the central library with nothing on loan, to put a few more holds on the shelf."""
    open_loans = Loan.objects.filter(patron=OuterRef("pk"), status=Loan.Status.OPEN)
    return list(
        Patron.objects.filter(
            status=Patron.Status.ACTIVE,
            category__kind=PatronCategory.Kind.ADULT,
            expires_on__gte=timezone.localdate(now),
            home_branch__code="LL01",
        )
        .exclude(pk=reader.pk)
        .exclude(Exists(open_loans))
        .order_by("pk")[:200]
    )
