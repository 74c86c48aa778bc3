"""The steps circulation services share: locking, policy and rule look-ups, the reader's standing,
events, and where a returned item goes. They open no transaction; the calling service holds one.

Lock order, everywhere: items, then the reader, then loans and holds. PostgreSQL sees the same
order in every service and so never deadlocks on circulation alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from shuyuan import fastsql
from shuyuan.audit.log import actor_fields
from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.catalog.items import set_status
from shuyuan.catalog.models import Item, ItemType
from shuyuan.catalog.queries import Scan
from shuyuan.circulation import configuration, rows, rules
from shuyuan.circulation.errors import CheckinRefused, CheckoutRefused, CirculationRefused, Reason
from shuyuan.circulation.models import (
    ACTIVE_HOLD,
    CirculationEvent,
    CirculationPolicy,
    Compensation,
    Fee,
    Hold,
    Loan,
    Notice,
    OverdueListing,
    Suspension,
    Transfer,
)
from shuyuan.patrons import iddocs
from shuyuan.patrons import rules as patron_rules
from shuyuan.patrons.models import Patron, PatronBlock, PatronCategory
from shuyuan.patrons.queries import Card


def local_day(at: datetime) -> date:
    """The day ``at`` falls on in the library's time zone (the settings'; no request activates another)."""
    return timezone.localtime(at, timezone.get_default_timezone()).date()


def by_label(by: Any) -> str:
    return str(actor_fields(by)["actor_label"])[:150]


@dataclass(frozen=True)
class Act:
    """When a circulation act happens, who does it, through which channel, at which branch and
    service point: each public service builds one and hands it to every step it takes."""

    at: datetime
    by: Any
    channel: str
    branch: Branch
    service_point: ServicePoint | None = None

    @classmethod
    def at_point(cls, service_point: ServicePoint, *, at: datetime, by: Any, channel: str) -> Act:
        return cls(at, by, channel, service_point.branch, service_point)

    @cached_property
    def today(self) -> date:
        return local_day(self.at)

    def moved(self, branch: Branch) -> Act:
        """The same act, counted at ``branch`` (where an item leaves from or arrives)."""
        return self if branch.pk == self.branch.pk else replace(self, branch=branch)


# ---- locks -------------------------------------------------------------------------------------


# The reader's columns circulation reads (other fields load on access); rows.py reads the same in SQL.
PATRON_FIELDS = (
    "card_number",
    "status",
    "expires_on",
    "birth_date",
    "reader_token",
    "home_branch",
    "keeps_reading_history",
    "category",
    "category__kind",
    "category__max_age",
    "category__next_category",
    "category__next_category__kind",
    "category__next_category__max_age",
    "category__next_category__next_category",
)


def lock_item(item: Item) -> Item:
    return the_item(rows.items_for_update([item.pk]), item.pk)


def the_item(found: list[Item], pk: int) -> Item:
    if not found:
        raise Item.DoesNotExist(pk)
    return found[0]


def lock_for_checkin(item: Item | Scan, *, today: date) -> tuple[Item, Loan | None, FirstHold]:
    """The item, locked; its open loan, locked after it; and the first waiting hold the item can
    fill, looked for once both are held: one round trip on PostgreSQL. A scanned code is looked up
    in that round trip too (``Scan``), the item read as its adapter shows it and locked."""
    if isinstance(item, Item):
        key = rows.bound(item.pk)
        items, loans, holds = fastsql.fetch_each(
            [rows.items_statement([item.pk]), rows.open_loan_statement(key), first_hold_statement(key, today)]
        )
        return the_item(rows.items_from(items), item.pk), rows.loan_from(loans), FirstHold(holds[0][0])
    lookup, key = item_lookup(item, CheckinRefused), item.id_sql()
    found, loans, holds = fastsql.fetch_each([lookup, rows.open_loan_statement(key), first_hold_statement(key, today)])
    return found_item(item, found, CheckinRefused), rows.loan_from(loans), FirstHold(holds[0][0])


def lock_items(pks: list[int]) -> list[Item]:
    return rows.items_for_update(pks) if pks else []


def patrons_with_category() -> QuerySet[Patron]:
    return Patron.objects.select_related("category", "category__next_category").only(*PATRON_FIELDS)


Probe = rows.Probe
# A probe's reader: an id, bound as a parameter, or ``rows.READER_ID``, the reader found by the statement
# the probe is part of (``rows.patron_statement_by_card``), for a statement that finds the reader itself.
Whose = int | str


def whose(patron: Whose) -> tuple[str, list[Any]]:
    """``patron_id``'s comparand in a probe, and its parameter if any."""
    if patron == rows.READER_ID:
        return rows.READER_ID, []
    return "%s", [patron]


def lock_patron(patron: Patron, *, today: date) -> Patron:
    """The reader, locked (so two kiosks cannot both take the last loan), with flags for everything
    that stops borrowing (``is_blocked``, ``is_suspended``, ``is_listed``, ``owes_compensation``)."""
    locked, flags = locked_reader(patron.pk, standing_probes(patron.pk, today))
    set_flags(locked, flags)
    return locked


def locked_reader(pk: int, probes: list[Probe]) -> tuple[Patron, tuple[Any, ...]]:
    """The reader, locked, and the values of ``probes`` as they are once the lock is held: in the
    locking statement itself where the database serialises writers from the transaction's start
    (SQLite), else in one statement after it (PostgreSQL reads a statement's subqueries in the
    snapshot taken before it waited for the lock, and would miss a loan just committed)."""
    if connection.features.has_select_for_update:
        return rows.locked_patron_then_values(pk, probes)
    return rows.patron_row(pk, extras=probes)


FLAGS = ("is_blocked", "is_suspended", "is_listed", "owes_compensation")  # as standing_probes reads them


def set_flags(patron: Patron, flags: tuple[Any, ...]) -> None:
    for name, flag in zip(FLAGS, flags[: len(FLAGS)], strict=True):
        setattr(patron, name, bool(flag))


def standing_probes(patron_id: Whose, today: date) -> list[Probe]:
    """One indexed probe per kind of obstacle. Written in SQL because this runs in every checkout,
    renewal and hold, and the ORM's compilation of four EXISTS costs more than their execution."""
    day = connection.ops.adapt_datefield_value(today)
    who, by = whose(patron_id)
    return [
        Probe(
            f"SELECT EXISTS (SELECT 1 FROM {PatronBlock._meta.db_table} WHERE patron_id = {who} AND lifted_at IS NULL)",
            by,
        ),
        Probe(
            f"""SELECT EXISTS (SELECT 1 FROM {Suspension._meta.db_table}
                WHERE patron_id = {who} AND lifted_at IS NULL AND first_day <= %s AND last_day >= %s)""",
            [*by, day, day],
        ),
        Probe(
            f"SELECT EXISTS (SELECT 1 FROM {OverdueListing._meta.db_table}"
            f" WHERE patron_id = {who} AND lifted_at IS NULL)",
            by,
        ),
        Probe(
            f"SELECT EXISTS (SELECT 1 FROM {Compensation._meta.db_table}"
            f" WHERE patron_id = {who} AND status = {fastsql.literal(Compensation.Status.OPEN)})",
            by,
        ),
    ]


@dataclass(frozen=True)
class CheckoutLocks:
    """What a checkout reads under its locks (``lock_for_checkout``, ``lock_scanned_for_checkout``)."""

    item: Item
    patron: Patron
    counts: LoanCounts
    touches_hold: bool
    settings: configuration.Configuration
    loan_id: int | None  # drawn ahead on PostgreSQL, so that the loan's INSERT can go with the COMMIT


def lock_for_checkout(item: Item, patron: Patron, *, today: date, at: datetime) -> CheckoutLocks:
    """The item, locked; the reader, locked after it (``lock_patron``); and, read once both are held,
    the reader's open loans (all, of the item's type, overdue), whether an active hold touches this
    copy or the reader's hold on its title, the configuration, and on PostgreSQL the new loan's id
    (SQLite's INSERT reads it back). One round trip on PostgreSQL, with the probes written for the
    item as the caller read it: read again in the rare case the locked item has changed its type or
    title since. An item read without them (``only("id")``) is locked first and the probes written
    for it (``locked_reader``), as on SQLite."""
    ahead = loan_id_ahead()
    if not connection.features.has_select_for_update or {"item_type_id", "record_id"} & item.get_deferred_fields():
        item = lock_item(item)
        probes = borrower_probes(item, patron.pk, today, at)
        locked, values = locked_reader(patron.pk, [*probes, *ahead])
    else:
        probes = borrower_probes(item, patron.pk, today, at)
        items, reader, probed = fastsql.fetch_each(
            [
                rows.items_statement([item.pk]),
                rows.patron_statement(patron.pk),
                rows.values_statement([*probes, *ahead]),
            ]
        )
        read_as, item = item, the_item(rows.items_from(items), item.pk)
        locked, values = rows.patron_from(reader, patron.pk)[0], probed[0]
        if (item.item_type_id, item.record_id) != (read_as.item_type_id, read_as.record_id):
            values = (*rows.values_of(borrower_probes(item, patron.pk, today, at)), *values[rows.width(probes) :])
    return checkout_locks(item, locked, values, probes, ahead)


def lock_scanned_for_checkout(scan: Scan, card: Card, *, today: date, at: datetime) -> CheckoutLocks:
    """``lock_for_checkout`` for the codes scanned, in one round trip with their look-ups: the item
    looked up and locked, the card looked up and the reader it stands for locked after it, and the
    probes about them once both are held. A code no item has is refused (``UNKNOWN_ITEM``), a card as
    ``patrons.queries.resolve`` refuses it. Where the card does not name the reader directly (a card
    left on a record merged into another, an e-card, an ID number), or changed hands between the lock
    and the probes, the reader is locked by id, in a round trip more."""
    lookup = item_lookup(scan, CheckoutRefused)
    card_read = card.statement()
    if card_read is None:
        item = found_item(scan, fastsql.fetch_all(*lookup), CheckoutRefused)
        return lock_for_checkout(item, card.found(None), today=today, at=at)
    ahead, item_id = loan_id_ahead(), scan.id_sql()
    probes = borrower_probes(item_id, rows.READER_ID, today, at)
    probed = [*probes, *ahead, Probe("SELECT id FROM reader", [])]  # whom the probes were about
    if connection.features.has_select_for_update:  # the probes after the lock, as ``locked_reader``
        holder = [
            rows.patron_statement_by_card(card.value, lock=True),
            rows.values_statement(probed, card=card.value),
        ]
    else:
        holder = [rows.patron_statement_by_card(card.value, extras=probed)]
    found, card_rows, reader, *after = fastsql.fetch_each([lookup, card_read, *holder])
    item, patron = found_item(scan, found, CheckoutRefused), card.found(card_rows)
    if reader and reader[0][0] == patron.pk:
        locked, values = rows.patron_from(reader, patron.pk)
        values = after[0][0] if after else values
        if values[-1] == patron.pk:
            return checkout_locks(item, locked, values[:-1], probes, ahead)
    return lock_for_checkout(item, patron, today=today, at=at)


def item_lookup(scan: Scan, refused: type[CirculationRefused]) -> rows.Statement:
    """The statement that looks the scanned item up, locked; a blank code is ``refused``."""
    lookup = scan.statement()
    if lookup is None:
        raise refused(Reason.UNKNOWN_ITEM)
    return lookup


def found_item(scan: Scan, found: list[tuple[Any, ...]], refused: type[CirculationRefused]) -> Item:
    """The item the look-up found; a code no item has is ``refused``."""
    item = scan.found(found)
    if item is None:
        raise refused(Reason.UNKNOWN_ITEM)
    return item


def loan_id_ahead() -> list[Probe]:
    return [Probe(*fastsql.next_id_statement(Loan))] if connection.vendor == "postgresql" else []


def checkout_locks(
    item: Item, locked: Patron, values: tuple[Any, ...], probes: list[Probe], ahead: list[Probe]
) -> CheckoutLocks:
    """What ``borrower_probes`` and ``ahead`` read, as ``CheckoutLocks``."""
    loan_id = values[-1] if ahead else None
    values = values[: rows.width(probes)]
    set_flags(locked, values)
    counts = counts_from(values[len(FLAGS) : -2])
    return CheckoutLocks(item, locked, counts, bool(values[-2]), configuration.as_of(values[-1]), loan_id)


def borrower_probes(item: Item | rows.Operand, patron_id: Whose, today: date, at: datetime) -> list[Probe]:
    """What a checkout asks about the reader and the item: an item as read, or its id as SQL."""
    if isinstance(item, Item):
        item_id, item_type, record = rows.bound(item.pk), rows.bound(item.item_type_id), rows.bound(item.record_id)
    else:
        item_id, item_type, record = item, rows.item_column(item, "item_type_id"), rows.item_column(item, "record_id")
    return [
        *standing_probes(patron_id, today),
        count_probe(patron_id, item_type, at),
        hold_probe(item_id, record, patron_id),
        Probe(configuration.TOKEN_SQL, []),
    ]


def hold_probe(item_id: rows.Operand, record: rows.Operand, patron_id: Whose) -> Probe:
    """Whether an active hold is set aside this copy, or is the reader's own on its title."""
    who, by = whose(patron_id)
    return Probe(
        f"""SELECT EXISTS (SELECT 1 FROM {Hold._meta.db_table} WHERE status IN ({fastsql.literals(ACTIVE_HOLD)})
            AND (assigned_item_id = {item_id[0]} OR (patron_id = {who} AND record_id = {record[0]})))""",
        [*item_id[1], *by, *record[1]],
    )


def fetch_row(sql: str, params: list[Any]) -> tuple[Any, ...]:
    row = fastsql.fetch_one(sql, params)
    assert row is not None
    return row


# ---- policy, rules, calendar (configuration.py) -------------------------------------------------


def effective_category(patron: Patron, day: date) -> PatronCategory:
    """A child becomes an adult reader on the birthday, whether or not the record says so yet."""
    return patron_rules.category_on(patron.category, patron.birth_date, day)  # type: ignore[arg-type,return-value]


# ---- the reader's standing ---------------------------------------------------------------------


def reader_state(patron: Patron) -> rules.ReaderState:
    """The plain values the rules read of a (locked, flagged) reader."""
    flags = {name: bool(getattr(patron, name)) for name in FLAGS}  # set by set_flags, or this fails loudly
    return rules.ReaderState(status=patron.status, expires_on=patron.expires_on, **flags)


def patron_refusal(patron: Patron, *, today: date) -> Reason | None:
    """Why this (locked, flagged) reader may not borrow or hold at all, or None."""
    return rules.first(rules.reader_refusals(reader_state(patron), today=today))


@dataclass(frozen=True)
class LoanCounts:
    total: int
    of_type: int
    overdue: int


def loan_counts(
    patron: Patron, *, item_type_id: int | None, at: datetime, exclude_loan: int | None = None
) -> LoanCounts:
    """The reader's open loans, of one type and overdue: one statement however many loans."""
    return counts_from(rows.values_of([count_probe(patron.pk, item_type_id, at, exclude_loan)]))


def count_probe(
    patron_id: Whose, item_type_id: int | rows.Operand | None, at: datetime, exclude_loan: int | None = None
) -> Probe:
    """The reader's open loans: all, of one type (an id, or SQL for one), and overdue, counted in one
    pass over the loans the index on (patron, status) finds."""
    who, by = whose(patron_id)
    of_type, type_params = item_type_id if isinstance(item_type_id, tuple) else rows.bound(item_type_id or 0)
    return Probe(
        f"""SELECT COUNT(*) AS loans, COUNT(*) FILTER (WHERE item_type_id = {of_type}) AS of_type,
            COUNT(*) FILTER (WHERE due_at < %s) AS overdue FROM {Loan._meta.db_table}
            WHERE patron_id = {who} AND status = {fastsql.literal(Loan.Status.OPEN)} AND id <> %s""",
        [*type_params, connection.ops.adapt_datetimefield_value(at), *by, exclude_loan or 0],
        width=3,
    )


def counts_from(values: tuple[Any, ...]) -> LoanCounts:
    return LoanCounts(int(values[0]), int(values[1]), int(values[2]))


def hold_count_probe(patron_id: Whose) -> Probe:
    """The reader's holds ready on the hold shelf, and those still waiting or in transit."""
    who, by = whose(patron_id)
    ready, waiting = fastsql.literal(Hold.Status.READY), fastsql.literals((Hold.Status.WAITING, Hold.Status.IN_TRANSIT))
    return Probe(
        f"""SELECT COUNT(*) FILTER (WHERE status = {ready}) AS ready,
            COUNT(*) FILTER (WHERE status IN ({waiting})) AS waiting FROM {Hold._meta.db_table}
            WHERE patron_id = {who} AND status IN ({fastsql.literals(ACTIVE_HOLD)})""",
        by,
        width=2,
    )


def money_probes(patron_id: Whose) -> list[Probe]:
    """The reader's open fees (how many, and their total) and open compensations' total."""
    who, by = whose(patron_id)
    open_fees, open_compensations = (
        f"FROM {model._meta.db_table} WHERE patron_id = {who} AND status = {fastsql.literal(model.Status.OPEN)}"
        for model in (Fee, Compensation)
    )
    return [
        Probe(f"SELECT COUNT(*) AS fees, COALESCE(SUM(amount), 0) AS owed {open_fees}", by, width=2),
        Probe(f"SELECT COALESCE(SUM(amount), 0) {open_compensations}", by),
    ]


def money(value: Any) -> Decimal:
    """A sum of amounts as the database gives it (SQLite: a float) in yuan and fen."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def fee_limit(policy: CirculationPolicy) -> Decimal | None:
    """The open fees that stop borrowing, None where the library charges no fees."""
    return policy.fee_block_amount if policy.charges_fees else None


def open_fees(patron: Patron) -> Decimal | None:
    return Fee.objects.filter(patron=patron, status=Fee.Status.OPEN).aggregate(s=Sum("amount"))["s"]  # type: ignore[no-any-return]


def borrowing_refusal(patron: Patron, counts: LoanCounts, policy: CirculationPolicy, *, today: date) -> Reason | None:
    """The first of ``rules.borrowing_refusals`` for a (locked, flagged) reader."""
    return rules.first(borrowing_refusals(patron, counts, policy, today=today))


def borrowing_refusals(patron: Patron, counts: LoanCounts, policy: CirculationPolicy, *, today: date) -> list[Reason]:
    """``rules.borrowing_refusals`` for a (locked, flagged) reader; the open fees are read only where
    the library charges fees."""
    return rules.borrowing_refusals(
        reader_state(patron),
        today=today,
        overdue=counts.overdue,
        fees_owed=open_fees(patron) if policy.charges_fees else None,
        blocks_overdue=policy.blocks_readers_with_overdue,
        fee_limit=fee_limit(policy),
    )


# ---- events ------------------------------------------------------------------------------------


def event(
    kind: str,
    act: Act,
    *,
    item: Item | None = None,
    patron: Patron | None = None,
    detail: dict[str, Any] | None = None,
) -> CirculationEvent:
    """An unsaved event with its snapshot: the reader's category (as it applies that day), age band
    and random token, the item's type and home branch. Built from ids by ``fastsql.new``: every
    checkout and checkin writes one, and ``Model.__init__`` checks every value it is given."""
    day = act.today
    snapshot: dict[str, Any] = {}
    if patron is not None:
        age = iddocs.age_on(patron.birth_date, day) if patron.birth_date else None
        snapshot = {
            "patron_category_id": effective_category(patron, day).pk,
            "age_band": patron_rules.age_band(age),
            "reader_token": patron.reader_token,
        }
    if item is not None:
        snapshot |= {"item_id": item.pk, "item_type_id": item.item_type_id, "item_home_branch_id": item.home_branch_id}
    return fastsql.new(
        CirculationEvent,
        at=act.at,
        kind=kind,
        channel=act.channel,
        branch_id=act.branch.pk,
        service_point_id=act.service_point.pk if act.service_point is not None else None,
        by_label=by_label(act.by),
        detail=detail or {},
        **snapshot,
    )


def record_event(
    kind: str,
    act: Act,
    *,
    item: Item | None = None,
    patron: Patron | None = None,
    detail: dict[str, Any] | None = None,
) -> CirculationEvent:
    """Write the event (its id is not read back: in a ``fastsql.together`` block it goes with the
    act's other writes)."""
    return fastsql.insert(event(kind, act, item=item, patron=patron, detail=detail), returning=False)


def notify(patron: Patron, kind: str, *, at: datetime, detail: dict[str, Any]) -> Notice:
    """A notice to deliver later; a hold's notice links its hold, so a stale one is not sent."""
    return Notice.objects.create(patron=patron, kind=kind, created_at=at, detail=detail, hold_id=detail.get("hold"))


# ---- holds and routing -------------------------------------------------------------------------


@dataclass(frozen=True)
class FirstHold:
    """What a look for the first waiting hold a copy can fill found: its queue position, or None."""

    position: int | None


def first_hold_statement(item: rows.Operand, today: date) -> rows.Statement:
    """The queue position of the first waiting hold the item can fill (a hold on its title, or on
    this very copy; none for a type that is not lent), its title and type read by the item's id."""
    item_id, by = item
    return (
        f"""SELECT MIN(h.position) FROM {Hold._meta.db_table} h
        JOIN {Item._meta.db_table} i ON i.record_id = h.record_id
        JOIN {ItemType._meta.db_table} t ON t.id = i.item_type_id
        WHERE i.id = {item_id} AND t.is_loanable = %s AND h.status = {fastsql.literal(Hold.Status.WAITING)}
          AND (h.item_id IS NULL OR h.item_id = i.id) AND (h.not_needed_after IS NULL OR h.not_needed_after >= %s)""",
        [*by, True, connection.ops.adapt_datefield_value(today)],
    )


def next_hold_for(item: Item, *, today: date, probed: FirstHold | None = None) -> Hold | None:
    """The first waiting hold this copy can fill, locked. Looked for in SQL first (or ``probed``
    already, with the item's lock: ``lock_for_checkin``): every checkin asks, and almost every time
    the answer is none."""
    if probed is None:
        probed = FirstHold(fetch_row(*first_hold_statement(rows.bound(item.pk), today))[0])
    if probed.position is None:
        return None
    return Hold.objects.select_for_update(of=("self",)).get(record_id=item.record_id, position=probed.position)


def has_waiting_hold(item: Item, *, today: date) -> bool:
    return (
        Hold.objects.filter(record_id=item.record_id, status=Hold.Status.WAITING)
        .filter(Q(item__isnull=True) | Q(item_id=item.pk))
        .filter(Q(not_needed_after__isnull=True) | Q(not_needed_after__gte=today))
        .exists()
    )


@dataclass
class Route:
    """Where a returned or arriving item goes next."""

    class Kind:
        SHELF = "shelf"
        HOLD_SHELF = "hold_shelf"
        TRANSIT = "transit"

    kind: str
    destination: Branch
    hold: Hold | None = None
    transfer: Transfer | None = None


def route_item(item: Item, act: Act, *, stay: bool = False, probed: FirstHold | None = None) -> Route:
    """Send a (locked) item that is now at the act's branch to where it belongs: to the first hold
    it can fill (``probed``: looked for already), else home (in transit, unless its collection
    floats or ``stay`` keeps it here)."""
    branch = act.branch
    hold = next_hold_for(item, today=act.today, probed=probed)
    if hold is not None:
        return set_aside(item, hold, act)
    if stay or item.collection.floats or branch.pk == item.home_branch_id:
        set_status(item, Item.Status.ON_SHELF, at=act.at, by=act.by, reason="checkin", current_branch=branch)
        return Route(Route.Kind.SHELF, destination=branch)
    home = item.home_branch
    transfer = send(item, act, to_branch=home, reason=Transfer.Reason.RETURN_HOME)
    return Route(Route.Kind.TRANSIT, destination=home, transfer=transfer)


def set_aside(item: Item, hold: Hold, act: Act) -> Route:
    """Give the item to ``hold``: onto this branch's hold shelf, or in transit to the pickup branch."""
    hold.assigned_item = item
    if hold.pickup_branch_id == act.branch.pk:
        make_ready(hold, item, act)
        return Route(Route.Kind.HOLD_SHELF, destination=act.branch, hold=hold)
    hold.status = Hold.Status.IN_TRANSIT
    hold.save(update_fields=["assigned_item", "status"])
    transfer = send(item, act, to_branch=hold.pickup_branch, reason=Transfer.Reason.HOLD, hold=hold)
    return Route(Route.Kind.TRANSIT, destination=hold.pickup_branch, hold=hold, transfer=transfer)


def make_ready(hold: Hold, item: Item, act: Act) -> None:
    """Put the item on the pickup branch's hold shelf and tell the reader until when it waits."""
    assert hold.patron_id is not None
    patron = patrons_with_category().get(pk=hold.patron_id)
    day = act.today
    settings = configuration.current()
    terms = settings.terms(effective_category(patron, day).pk, item.item_type_id, hold.pickup_branch_id)
    hold.status = Hold.Status.READY
    hold.assigned_item = item
    hold.ready_at = act.at
    hold.expires_at = settings.due_at(hold.pickup_branch_id, day, terms.hold_pickup_days)
    hold.save(update_fields=["status", "assigned_item", "ready_at", "expires_at"])
    set_status(item, Item.Status.ON_HOLD_SHELF, at=act.at, by=act.by, reason="hold", current_branch=hold.pickup_branch)
    record_event(
        CirculationEvent.Kind.HOLD_READY,
        act.moved(hold.pickup_branch),
        item=item,
        patron=patron,
        detail={"hold": hold.pk},
    )
    notify(
        patron,
        Notice.Kind.HOLD_READY,
        at=act.at,
        detail={
            "hold": hold.pk,
            "title": str(item.record.title)[:200],
            "branch": hold.pickup_branch.name,
            "collect_by": timezone.localdate(hold.expires_at).isoformat(),
        },
    )


def send(item: Item, act: Act, *, to_branch: Branch, reason: str, hold: Hold | None = None) -> Transfer:
    """Send an item from the act's branch to ``to_branch``."""
    from_branch = act.branch
    transfer = Transfer.objects.create(
        item=item, from_branch=from_branch, to_branch=to_branch, reason=reason, hold=hold, sent_at=act.at
    )
    set_status(
        item, Item.Status.IN_TRANSIT, at=act.at, by=act.by, reason=f"transfer:{reason}", current_branch=from_branch
    )
    record_event(
        CirculationEvent.Kind.TRANSFER_SENT,
        act,
        item=item,
        detail={"to": to_branch.code, "reason": reason, "transfer": transfer.pk},
    )
    return transfer


def arrive(item: Item, transfer: Transfer, act: Act) -> Route:
    """An item in transit reached the transfer's destination: close the transfer and shelve it,
    onto the hold shelf if it travelled for a hold still waiting for it."""
    transfer.received_at = act.at
    transfer.save(update_fields=["received_at"])
    branch = transfer.to_branch
    act = act.moved(branch)
    record_event(CirculationEvent.Kind.TRANSFER_RECEIVED, act, item=item, detail={"transfer": transfer.pk})
    hold = None
    if transfer.hold_id is not None:
        hold = (
            Hold.objects.select_for_update(of=("self",))
            .select_related("patron", "pickup_branch")
            .filter(pk=transfer.hold_id, status=Hold.Status.IN_TRANSIT, assigned_item=item)
            .first()
        )
    if hold is not None and hold.pickup_branch_id == branch.pk:
        make_ready(hold, item, act)
        return Route(Route.Kind.HOLD_SHELF, destination=branch, hold=hold)
    stay = transfer.reason in (Transfer.Reason.BATCH, Transfer.Reason.MANUAL)
    return route_item(item, act, stay=stay)


def open_transfer(item: Item) -> Transfer | None:
    return (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("to_branch")
        .filter(item=item, received_at__isnull=True, cancelled_at__isnull=True)
        .first()
    )


def active_holds_of(patron: Patron) -> int:
    return Hold.objects.filter(patron=patron, status__in=ACTIVE_HOLD).count()


def refuse(exc_class: type[CirculationRefused], reason: Reason | None, **detail: Any) -> None:
    if reason is not None:
        raise exc_class(reason, **detail)
