"""Demo: the seed library's circulation in the first half of 2016 (DESIGN.md section 7).

Print checkouts plus check-ins between 2016-01-01 and 06-30 come to exactly 361 225 (``--small``:
3 611) over whatever loanable print items (all loanable item types but 视听资料 AV) and active
readers the catalogue and readers demos made; with the 14 000 electronic lendings the statistics
demo imports, that is the seed's 375 225 借还册次. Every item's loans follow each other without
overlapping, each starts after the item was catalogued and the reader registered; a few readers
return late (suspensions), a few loans are renewed or come from holds, a deposit station borrows
a box of books, and some loans are still open (or overdue) on 2016-07-07, when the 达芬奇画室
branch lends 300 books on its first day through the real checkout service.

Loans and events are written in bulk; item statuses change through the catalogue's building block.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, cast

from django.db import transaction
from django.db.models import Q

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.branches.queries import calendar_for
from shuyuan.catalog.items import set_status
from shuyuan.catalog.models import Item, ItemType
from shuyuan.circulation import demo_today, rules, services, steps
from shuyuan.circulation.errors import CirculationRefused
from shuyuan.circulation.models import (
    Channel,
    CirculationEvent,
    CirculationPolicy,
    Hold,
    Loan,
    LoanRule,
    Suspension,
)
from shuyuan.demo import SHANGHAI, DemoContext, local
from shuyuan.patrons import iddocs
from shuyuan.patrons import rules as patron_rules
from shuyuan.patrons.models import Patron, PatronCategory

FIRST_DAY = date(2016, 1, 1)
LAST_DAY = date(2016, 6, 30)
DAYS = (LAST_DAY - FIRST_DAY).days + 1  # 182: 2016 is a leap year
PRINT_TARGET = 361_225
SMALL_TARGET = 3_611
NOT_PRINT = ("AV",)
OPENS, HOURS = 8.5, 9.0  # the lending desk: 08:30-17:30
Kind = CirculationEvent.Kind


def load(ctx: DemoContext) -> None:
    central = Branch.objects.filter(code="LL01").select_related("library").first()
    if central is None:
        return
    ensure_rules(central)
    if not Loan.objects.exists():
        target = ctx.scale(PRINT_TARGET, SMALL_TARGET)
        with transaction.atomic():
            writer = Writer(ctx, central, target)
            if not writer.ready():
                ctx.say("  circulation: no loanable items or readers yet; nothing loaded")
                return
            writer.write()
        first_day_at_davinci(ctx)
        ctx.say(f"  circulation: {target} print checkouts and check-ins in 2016-01-01 – 06-30")
    demo_today.load(ctx)


def ensure_rules(central: Branch) -> None:
    """A small matrix: the library-wide rule, children, groups, audiovisual, the small new branch."""
    if LoanRule.objects.exists():
        return
    at = local(2016, 1, 1, 8)
    if not CirculationPolicy.objects.filter(library=central.library).exists():
        services.save_policy(CirculationPolicy(library=central.library), at=at, by=None)
    categories = {c.kind: c for c in PatronCategory.objects.filter(code__in=["CHILD", "GROUP"])}
    audiovisual = ItemType.objects.filter(code="AV").first()
    davinci = Branch.objects.filter(code="LL02").first()
    wanted: list[dict[str, Any]] = [
        {"loan_days": 30, "max_loans": 10, "max_loans_of_type": 10, "max_renewals": 1, "max_holds": 5},
        {
            "patron_category": categories.get("child"),
            "loan_days": 30,
            "max_loans": 5,
            "max_loans_of_type": 5,
            "max_holds": 3,
        },
        {
            "patron_category": categories.get("group"),
            "loan_days": 120,
            "max_loans": 1000,
            "max_loans_of_type": 1000,
            "max_renewals": 0,
            "max_holds": 0,
        },
        {"item_type": audiovisual, "loan_days": 7, "max_loans": 10, "max_loans_of_type": 3, "max_renewals": 0},
        {"branch": davinci, "loan_days": 30, "max_loans": 5, "max_loans_of_type": 5, "max_holds": 0},
    ]
    for fields in wanted:
        dimensions = ("patron_category", "item_type", "branch")
        if any(name in fields and fields[name] is None for name in dimensions):
            continue
        services.save_loan_rule(LoanRule(**fields), at=at, by=None)


@dataclass
class Copy:
    pk: int
    record_id: int
    item_type_id: int
    for_children: bool
    start: float  # first moment (in days since 2016-01-01) it may be lent
    end: float = DAYS  # it may be lent until then


@dataclass
class Reader:
    pk: int
    registered: float
    category: PatronCategory
    birth_date: date | None
    token: str
    kind: str


@dataclass
class Plan:
    """One loan of the demo, in days since 2016-01-01 (fractions are the time of day)."""

    copy: Copy
    reader: Reader
    out: float
    back: float | None
    renewed: float | None = None
    late: bool = False
    hold_from: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def moment(position: float) -> datetime:
    """Days since 2016-01-01 → a time within the lending desk's opening hours that day."""
    day = int(position)
    hours = OPENS + (position - day) * HOURS
    return datetime.combine(FIRST_DAY + timedelta(days=day), datetime.min.time(), tzinfo=SHANGHAI) + timedelta(
        hours=hours
    )


def days_since_start(at: datetime) -> float:
    local = at.astimezone(SHANGHAI)
    whole = (local.date() - FIRST_DAY).days
    return whole + min(max((local.hour + local.minute / 60 - OPENS) / HOURS, 0.0), 0.999)


class Writer:
    def __init__(self, ctx: DemoContext, central: Branch, target: int) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("circulation")
        self.central = central
        self.target = target
        self.points = {p.code: p for p in ServicePoint.objects.filter(code__startswith="LL01-")}
        self.calendar = calendar_for(central, FIRST_DAY, date(2016, 12, 31))
        self.copies = self._copies()
        self.readers, self.children, self.late_readers = self._readers()
        self.reader_keys = [r.registered for r in self.readers]
        self.child_keys = [r.registered for r in self.children]
        self.waiting: set[tuple[int, int]] = set()
        self.positions: Counter[int] = Counter()
        self.plans: list[Plan] = []

    def ready(self) -> bool:
        return bool(self.copies) and len(self.readers) > 1

    # ---- what exists ---------------------------------------------------------------------------

    def _copies(self) -> list[Copy]:
        items = (
            Item.objects.filter(home_branch=self.central, status=Item.Status.ON_SHELF, item_type__is_loanable=True)
            .exclude(item_type__code__in=NOT_PRINT)
            .filter(created_at__lt=local(2016, 6, 30, 8))
            .order_by("pk")
            .values_list("pk", "record_id", "item_type_id", "item_type__is_for_children", "created_at")
        )
        return [
            Copy(pk, rec, kind, child, float(int(days_since_start(made)) + 1)) for pk, rec, kind, child, made in items
        ]

    def _readers(self) -> tuple[list[Reader], list[Reader], list[Reader]]:
        found = (
            Patron.objects.filter(status=Patron.Status.ACTIVE, registered_at__lt=local(2016, 6, 30, 8))
            .exclude(category__kind=PatronCategory.Kind.GROUP)
            .select_related("category", "category__next_category")
            .order_by("registered_at", "pk")
        )
        everyone = [
            Reader(p.pk, days_since_start(p.registered_at), p.category, p.birth_date, p.reader_token, p.category.kind)
            for p in found
        ]
        early = [r for r in everyone if r.registered < 0]
        late = self.rng.sample(early, k=max(1, len(early) // 40)) if len(early) > 10 else []
        late_ids = {r.pk for r in late}
        regular = [r for r in everyone if r.pk not in late_ids]
        return regular, [r for r in regular if r.kind == PatronCategory.Kind.CHILD], late

    # ---- planning ------------------------------------------------------------------------------

    def write(self) -> None:
        group_loans = self.deposit_station_box()
        crossing, returned = self.split(self.target - len(group_loans))
        self.lay_out(returned, crossing)
        self.plans.extend(group_loans)
        self.store()

    def deposit_station_box(self) -> list[Plan]:
        """On 2016-04-01 the 官山居委会 deposit station borrows a box of books for the summer."""
        station = Patron.objects.filter(category__kind=PatronCategory.Kind.GROUP, name__contains="官山").first()
        day = (date(2016, 4, 1) - FIRST_DAY).days
        box = [c for c in self.copies if c.start <= day]
        if station is None or not box:
            return []
        reader = Reader(station.pk, -1.0, station.category, None, station.reader_token, PatronCategory.Kind.GROUP)
        chosen = self.rng.sample(box, k=min(len(box) // 4, self.ctx.scale(520, 10)))
        for copy in chosen:
            copy.end = float(day)
        return [Plan(copy, reader, day + 0.1, None, extra={"point": "LL01-GSJ", "group": True}) for copy in chosen]

    def split(self, events: int) -> tuple[int, int]:
        """(loans still out at the end of June, loans returned within it): 1 and 2 events each."""
        open_ones = min(sum(1 for c in self.copies if c.end >= DAYS), round(events * 0.06))
        if (events - open_ones) % 2:
            open_ones += 1 if open_ones == 0 else -1
        return open_ones, (events - open_ones) // 2

    def lay_out(self, returned: int, crossing: int) -> None:
        usable = [c for c in self.copies if c.end - c.start >= 1]
        weights = [(c.end - c.start) * self.rng.uniform(0.3, 1.7) for c in usable]
        shares = apportion(returned, weights, [int((c.end - c.start) * 3) for c in usable])
        crossers = set(self.rng.sample([i for i, c in enumerate(usable) if c.end >= DAYS], k=crossing))
        for index, copy in enumerate(usable):
            self.lay_out_copy(copy, shares[index], index in crossers)

    def lay_out_copy(self, copy: Copy, returned: int, crosses: bool) -> None:
        count = returned + int(crosses)
        if count == 0:
            return
        span = (copy.end - copy.start) / count
        previous_back: float | None = None
        for n in range(returned):
            first = copy.start + n * span
            out = first + self.rng.uniform(0, 0.3) * span
            plan = self.returned_loan(copy, out, first + span - 0.01)
            plan.hold_from = previous_back if previous_back is not None and self.rng.random() < 0.04 else None
            self.plans.append(plan)
            previous_back = plan.back
        if crosses:
            self.plans.append(self.open_loan(copy, copy.start + returned * span))

    def returned_loan(self, copy: Copy, out: float, limit: float) -> Plan:
        room = limit - out
        roll = self.rng.random()
        if roll < 0.02 and room > 33 and self.late_readers:
            back = out + self.rng.uniform(31.5, min(room, 60))
            return Plan(copy, self.late_readers.pop(), out, back, late=True)
        if roll < 0.12 and room > 31:
            renewed = out + self.rng.uniform(18, 28)
            return Plan(
                copy,
                self.pick(copy, out),
                out,
                out + self.rng.uniform(30.5, min(room, renewed - out + 29)),
                renewed=renewed,
            )
        length = min(self.rng.triangular(0.05, 29, 12), max(room, 0.005))
        return Plan(copy, self.pick(copy, out), out, out + length)

    def open_loan(self, copy: Copy, first: float) -> Plan:
        """The last loan of a copy: still out on 2016-07-07, or back in July, or overdue."""
        june_8, june_5 = (date(2016, 6, 8) - FIRST_DAY).days, (date(2016, 6, 5) - FIRST_DAY).days
        roll = self.rng.random()
        if roll < 0.05 and first < june_5 and self.late_readers:
            return Plan(copy, self.late_readers.pop(), self.rng.uniform(first, june_5), None, late=True)
        out = self.rng.uniform(max(first, june_8), DAYS - 0.01)
        back = self.rng.uniform(DAYS + 0.1, DAYS + 5.9) if roll > 0.85 else None
        return Plan(copy, self.pick(copy, out), out, back)

    def pick(self, copy: Copy, out: float) -> Reader:
        """A reader registered before ``out``; children's books go mostly to children."""
        pool, keys = self.readers, self.reader_keys
        if copy.for_children and self.children and self.rng.random() < 0.6:
            pool, keys = self.children, self.child_keys
        eligible = bisect.bisect_left(keys, out - 0.01)
        if eligible == 0:
            pool, eligible = self.readers, max(1, bisect.bisect_left(self.reader_keys, out - 0.01))
        return pool[self.rng.randrange(eligible)]

    # ---- writing -------------------------------------------------------------------------------

    def store(self) -> None:
        loans, events, holds, suspensions = [], [], [], []
        for plan in sorted(self.plans, key=lambda p: p.out):
            loans.append(self.loan(plan))
            events.extend(self.events(plan, loans[-1]))
            if plan.hold_from is not None:
                hold, hold_events = self.hold(plan)
                holds.append(hold)
                events.extend(hold_events)
            if plan.late and plan.back is not None:
                suspension, event = self.suspension(plan, loans[-1])
                suspensions.append(suspension)
                events.append(event)
        holds.extend(self.waiting_holds(events))
        Loan.objects.bulk_create(loans, batch_size=5000)
        CirculationEvent.objects.bulk_create(sorted(events, key=lambda e: e.at), batch_size=5000)
        Hold.objects.bulk_create(holds, batch_size=5000)
        Suspension.objects.bulk_create(suspensions, batch_size=5000)
        self.mark_on_loan([p for p in self.plans if p.back is None or p.back >= DAYS + 7])

    def loan(self, plan: Plan) -> Loan:
        out = moment(plan.out)
        point = self.point(plan.extra.get("point"), plan.out)
        days = 120 if plan.extra.get("group") else 30
        due = rules.end_of_day(rules.due_date(out.date(), days, self.calendar), SHANGHAI)
        if plan.renewed is not None:
            due = rules.end_of_day(rules.due_date(moment(plan.renewed).date(), 30, self.calendar), SHANGHAI)
        back = moment(plan.back) if plan.back is not None and plan.back < DAYS + 7 else None
        overdue = rules.overdue_days(due.date(), back.date()) if back is not None and back > due else 0
        return Loan(
            item_id=plan.copy.pk,
            patron_id=plan.reader.pk,
            item_type_id=plan.copy.item_type_id,
            branch=self.central,
            service_point=point,
            channel=self.channel(point),
            checked_out_at=out,
            due_at=due,
            renewals=int(plan.renewed is not None),
            is_group_loan=bool(plan.extra.get("group")),
            status=Loan.Status.RETURNED if back else Loan.Status.OPEN,
            closed_at=back,
            return_branch=self.central if back else None,
            overdue_days=overdue,
        )

    def point(self, code: str | None, position: float) -> ServicePoint | None:
        if code:
            return self.points.get(code)
        kiosk = self.points.get("LL01-KIOSK")
        return kiosk if kiosk is not None and self.rng.random() < 0.35 else self.points.get("LL01-DESK")

    def channel(self, point: ServicePoint | None) -> str:
        return Channel.KIOSK if point is not None and point.kind == ServicePoint.Kind.KIOSK else Channel.DESK

    def event(
        self,
        kind: str,
        at: datetime,
        plan: Plan,
        point: ServicePoint | None,
        channel: str,
        detail: dict[str, Any] | None = None,
        *,
        of_copy: bool = True,
    ) -> CirculationEvent:
        reader = plan.reader
        day = at.astimezone(SHANGHAI).date()
        category = cast(PatronCategory, patron_rules.category_on(reader.category, reader.birth_date, day))  # type: ignore[arg-type]
        age = iddocs.age_on(reader.birth_date, day) if reader.birth_date else None
        return CirculationEvent(
            at=at,
            kind=kind,
            channel=channel,
            branch=self.central,
            service_point=point,
            item_id=plan.copy.pk if of_copy else None,
            item_type_id=plan.copy.item_type_id if of_copy else None,
            item_home_branch=self.central if of_copy else None,
            patron_category_id=category.pk,
            age_band=patron_rules.age_band(age),
            reader_token=reader.token,
            by_label="demo",
            detail=detail or {},
        )

    def events(self, plan: Plan, loan: Loan) -> list[CirculationEvent]:
        made = [
            self.event(
                Kind.CHECKOUT,
                loan.checked_out_at,
                plan,
                loan.service_point,
                loan.channel,
                {"due": loan.due_at.date().isoformat()},
            )
        ]
        if plan.renewed is not None:
            online = self.rng.random() < 0.5
            point = None if online else loan.service_point
            made.append(
                self.event(Kind.RENEWAL, moment(plan.renewed), plan, point, Channel.OPAC if online else loan.channel)
            )
        if loan.closed_at is not None:
            point = self.point(None, plan.back or 0)
            detail = {"overdue_days": loan.overdue_days} if loan.overdue_days else {}
            made.append(self.event(Kind.CHECKIN, loan.closed_at, plan, point, self.channel(point), detail))
        return made

    def hold(self, plan: Plan) -> tuple[Hold, list[CirculationEvent]]:
        assert plan.hold_from is not None
        ready = moment(plan.hold_from)
        placed = moment(max(plan.hold_from - self.rng.uniform(2, 15), plan.reader.registered + 0.01, 0.0))
        collected = moment(plan.out)
        self.positions[plan.copy.record_id] += 1
        hold = Hold(
            patron_id=plan.reader.pk,
            record_id=plan.copy.record_id,
            assigned_item_id=plan.copy.pk,
            pickup_branch=self.central,
            position=self.positions[plan.copy.record_id],
            status=Hold.Status.FULFILLED,
            channel=Channel.OPAC,
            placed_at=placed,
            ready_at=ready,
            expires_at=ready + timedelta(days=7),
            closed_at=collected,
        )
        desk = self.points.get("LL01-DESK")
        return hold, [
            self.event(Kind.HOLD_PLACED, placed, plan, None, Channel.OPAC),
            self.event(Kind.HOLD_READY, ready, plan, desk, Channel.DESK),
            self.event(Kind.HOLD_FULFILLED, collected, plan, desk, Channel.DESK),
        ]

    def waiting_holds(self, events: list[CirculationEvent]) -> list[Hold]:
        """Readers waiting on 2016-07-07 for titles whose copies are out."""
        out = [p for p in self.plans if p.back is None and not p.late and not p.extra.get("group")]
        has_out = {(p.reader.pk, p.copy.record_id) for p in out}
        holds = []
        for plan in self.rng.sample(out, k=min(len(out), self.ctx.scale(400, 5))):
            reader = self.pick(plan.copy, DAYS - 1)
            key = (reader.pk, plan.copy.record_id)
            if key in has_out or key in self.waiting:
                continue
            self.waiting.add(key)
            self.positions[plan.copy.record_id] += 1
            placed = moment(self.rng.uniform(max(plan.out, 170), DAYS + 5))
            holds.append(
                Hold(
                    patron_id=reader.pk,
                    record_id=plan.copy.record_id,
                    pickup_branch=self.central,
                    position=self.positions[plan.copy.record_id],
                    channel=Channel.OPAC,
                    placed_at=placed,
                )
            )
            events.append(
                self.event(
                    Kind.HOLD_PLACED, placed, Plan(plan.copy, reader, 0, None), None, Channel.OPAC, of_copy=False
                )
            )
        return holds

    def suspension(self, plan: Plan, loan: Loan) -> tuple[Suspension, CirculationEvent]:
        assert loan.closed_at is not None
        back = loan.closed_at.astimezone(SHANGHAI).date()
        first, last = rules.suspension_period(
            loan.overdue_days, back, per_overdue_day=1, max_days=90, suspended_until=None
        ) or (back, back)
        suspension = Suspension(
            patron_id=plan.reader.pk,
            first_day=first,
            last_day=last,
            overdue_days=loan.overdue_days,
            created_at=loan.closed_at,
        )
        return suspension, self.event(
            Kind.SUSPENDED,
            loan.closed_at,
            plan,
            loan.service_point,
            loan.channel,
            {"first": first.isoformat(), "last": last.isoformat()},
        )

    def mark_on_loan(self, plans: list[Plan]) -> None:
        items = Item.objects.in_bulk([p.copy.pk for p in plans])
        for plan in plans:
            set_status(items[plan.copy.pk], Item.Status.ON_LOAN, at=moment(plan.out), by=None, reason="checkout")


def apportion(total: int, weights: list[float], caps: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders), none above its cap."""
    shares = [0] * len(weights)
    left, open_ = total, [i for i in range(len(weights)) if caps[i] > 0]
    while left > 0 and open_:
        weight = sum(weights[i] for i in open_) or 1.0
        exact = {i: left * weights[i] / weight for i in open_}
        given = {i: min(int(exact[i]), caps[i] - shares[i]) for i in open_}
        remainder = left - sum(given.values())
        for i in sorted(open_, key=lambda i: exact[i] - int(exact[i]), reverse=True):
            if remainder == 0:
                break
            if shares[i] + given[i] < caps[i]:
                given[i] += 1
                remainder -= 1
        for i, n in given.items():
            shares[i] += n
        left -= sum(given.values())
        open_ = [i for i in open_ if shares[i] < caps[i]]
    if left:
        raise ValueError(f"the demo's items cannot carry {total} loans")
    return shares


def first_day_at_davinci(ctx: DemoContext) -> None:
    """2016-07-07: the new branch's first day, 300 loans through the real checkout service."""
    desk = ServicePoint.objects.filter(code="LL02-DESK").select_related("branch").first()
    if desk is None:
        return
    rng = ctx.rng("davinci")
    items = list(Item.objects.filter(home_branch=desk.branch, status=Item.Status.ON_SHELF).order_by("pk"))
    readers = list(
        Patron.objects.filter(status=Patron.Status.ACTIVE, registered_at__lt=local(2016, 7, 7, 9))
        .filter(Q(category__kind=PatronCategory.Kind.ADULT) | Q(category__kind=PatronCategory.Kind.CHILD))
        .order_by("pk")
    )
    if not items or not readers:
        return
    rng.shuffle(items)
    wanted, lent = ctx.scale(300, 10), 0
    for n, item in enumerate(items):
        if lent == wanted:
            break
        at = local(2016, 7, 7, 9) + timedelta(minutes=n * 480 // max(wanted, 1))
        try:
            services.checkout(item, rng.choice(readers), at=at, by=None, service_point=desk, channel=Channel.DESK)
        except CirculationRefused:
            continue
        lent += 1


__all__ = ["PRINT_TARGET", "SMALL_TARGET", "apportion", "load", "steps"]
