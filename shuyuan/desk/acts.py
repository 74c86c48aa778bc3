"""What one scan does at the desk, in each mode, as the answer the page shows: a large line, a sound
and the details. Every act is one of circulation's public services; the refusals are circulation's
own reasons, the same sentences the kiosk shows. The desk adds no circulation rule of its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shuyuan.branches import queries as branch_queries
from shuyuan.branches.models import ServicePoint
from shuyuan.catalog.models import Item
from shuyuan.circulation import queries as circulation_queries
from shuyuan.circulation import rules, services
from shuyuan.circulation.errors import CirculationRefused, Reason
from shuyuan.circulation.models import Channel
from shuyuan.desk import lookups
from shuyuan.desk.models import DeskScan
from shuyuan.desk.scans import MalformedScan, clean
from shuyuan.patrons.errors import PatronRefused
from shuyuan.patrons.masking import mask_card, mask_name
from shuyuan.patrons.models import Patron

Answer = dict[str, Any]
Mode = DeskScan.Mode
OVERRIDE_PERMISSION = "circulation.override_refusal"


@dataclass(frozen=True)
class Scan:
    """One scan as the page sent it, with the reader the desk session serves (or None)."""

    value: str
    mode: str
    at: datetime
    user: Any
    service_point: ServicePoint
    patron: Patron | None = None
    as_kind: str = ""  # staff's answer to "reader card or book?"
    override: str = ""  # staff's reason for lending over a refusal
    emptied_at: datetime | None = None  # when the book drop was emptied


def done(message: str, **more: Any) -> Answer:
    return {"ok": True, "sound": "ok", "message": message, **more}


def refused(message: str, **more: Any) -> Answer:
    return {"ok": False, "sound": "refused", "message": message, **more}


def perform(scan: Scan) -> tuple[Answer, Patron | None]:
    """The answer to ``scan`` and the reader the desk session serves after it."""
    try:
        value = clean(scan.value)
    except MalformedScan as malformed:
        return refused(malformed.message, kind="malformed"), scan.patron
    kind = scan.as_kind if scan.as_kind in (lookups.CARD, lookups.ITEM) else lookups.kind_of(value)
    if kind == lookups.AMBIGUOUS:
        return {
            "ok": False,
            "sound": "ask",
            "kind": "ask",
            "value": value,
            "message": _("This number could be a reader card or a book: which is it?"),
        }, scan.patron
    if scan.mode == Mode.LEND and kind in (lookups.CARD, lookups.ID_NUMBER):
        return reader_answer(value, scan)
    if kind in (lookups.CARD, lookups.ID_NUMBER):
        return refused(_("This is a reader card: in this mode scan the books."), kind="card"), scan.patron
    if scan.mode == Mode.LEND and scan.patron is None:
        if kind == lookups.UNKNOWN:
            return refused(_("No reader card and no item has this number."), kind="unknown", value=value), None
        return refused(_("Scan the reader's card first, then the books."), kind="no_reader"), None
    item = lookups.item(value)
    if item is None:
        return refused(str(Reason.UNKNOWN_ITEM.label), kind="unknown", value=value), scan.patron
    if scan.mode == Mode.LEND:
        assert scan.patron is not None
        return lend(item, scan.patron, scan), scan.patron
    if scan.mode == Mode.IN_HOUSE:
        return in_house_use(item, scan), scan.patron
    return give_back(item, scan), scan.patron


def reader_answer(value: str, scan: Scan) -> tuple[Answer, Patron | None]:
    try:
        patron = lookups.reader(value)
    except PatronRefused as refusal:
        return refused(refusal.message, kind="reader_refused"), None
    standing = circulation_queries.standing(patron, at=scan.at, branch=scan.service_point.branch)
    name = mask_name(patron.name)
    answer = {
        "kind": "reader",
        "patron": patron.pk,
        "name": name,
        "card": mask_card(patron.card_number),
        "reasons": list(standing.messages),
    }
    if standing.may_borrow:
        return done(_("Reader %(name)s: scan the books") % {"name": name}, **answer), patron
    return refused(_("Reader %(name)s may not borrow now") % {"name": name}, **answer), patron


def item_fields(item: Item) -> Answer:
    return {"barcode": item.barcode, "title": item.record.title, "call_number": item.call_number}


def local_day(moment: datetime) -> str:
    return date_format(timezone.localdate(moment), "Y-m-d")


def lend(item: Item, patron: Patron, scan: Scan) -> Answer:
    was_held = item.status == Item.Status.ON_HOLD_SHELF
    override = scan.override.strip() if scan.user.has_perm(OVERRIDE_PERMISSION) else ""
    try:
        loan = services.checkout(
            item,
            patron,
            at=scan.at,
            by=scan.user,
            service_point=scan.service_point,
            channel=Channel.DESK,
            override=override,
        )
    except CirculationRefused as refusal:
        overridable = scan.user.has_perm(OVERRIDE_PERMISSION) and rules.may_override([refusal.reason])
        return refused(
            refusal.message, kind="lend", reason=refusal.reason.value, overridable=overridable, **item_fields(item)
        )
    due = local_day(loan.due_at)
    message = _("Hold collected, due %(due)s") if was_held else _("Lent, due %(due)s")
    return done(
        message % {"due": due}, kind="lend", loan=loan.pk, due=due, overridden=bool(override), **item_fields(item)
    )


def give_back(item: Item, scan: Scan) -> Answer:
    at = scan.at
    if scan.mode == Mode.BOOK_DROP:
        at = branch_queries.last_open_moment(scan.service_point, scan.emptied_at or scan.at)
    try:
        result = services.checkin(item, at=at, by=scan.user, service_point=scan.service_point, channel=Channel.DESK)
    except CirculationRefused as refusal:
        return refused(refusal.message, kind="return", reason=refusal.reason.value, **item_fields(item))
    route, notes = result.route, []
    answer: Answer = {"kind": "return", "dated": timezone.localtime(at).isoformat(), **item_fields(item)}
    if scan.mode == Mode.BOOK_DROP:
        when = f"{timezone.localtime(at):%Y-%m-%d %H:%M}"
        notes.append(_("Dated %(when)s, when the library was last open") % {"when": when})
    if result.loan is None and not result.found:
        notes.append(_("This item was not on loan."))
    if result.suspension is not None:
        notes.append(
            _("Returned %(days)d days late: borrowing suspended until %(last)s")
            % {"days": result.suspension.overdue_days, "last": result.suspension.last_day.isoformat()}
        )
    elif result.loan is not None and result.loan.overdue_days:
        notes.append(_("Returned %(days)d days late.") % {"days": result.loan.overdue_days})
    if result.fee is not None:
        notes.append(_("Overdue fee: %(amount)s yuan") % {"amount": result.fee.amount})
    if result.listed is not None:
        notes.append(_("The reader is now on the list of repeated long overdues."))
    answer["notes"] = notes
    if result.found:
        answer["route"] = {"kind": "check"}
        return done(_("Lost or missing item found: give it to staff to check"), **answer)
    if route.kind == route.Kind.HOLD_SHELF and route.hold is not None:
        hold_name = mask_name(route.hold.patron.name) if route.hold.patron else ""
        answer["route"] = {"kind": "hold_shelf", "name": hold_name, "pickup": route.destination.name}
        return done(
            _("To the hold shelf: %(name)s, pick up at %(branch)s")
            % {"name": hold_name, "branch": route.destination.name},
            **answer,
        )
    if route.kind == route.Kind.TRANSIT:
        answer["route"] = {"kind": "transit", "destination": route.destination.name, "code": route.destination.code}
        return done(_("In transit to %(branch)s") % {"branch": route.destination.name}, **answer)
    answer["route"] = {"kind": "shelf"}
    return done(_("Returned: to the shelf"), **answer)


def in_house_use(item: Item, scan: Scan) -> Answer:
    try:
        services.record_in_house_use(
            item, at=scan.at, by=scan.user, service_point=scan.service_point, channel=Channel.DESK
        )
    except CirculationRefused as refusal:
        return refused(refusal.message, kind="in_house", **item_fields(item))
    return done(_("Counted as in-house use"), kind="in_house", **item_fields(item))


def renew(patron: Patron | None, loan_id: int | None, scan: Scan) -> Answer:
    """Renew one of the reader's loans, or all of them when ``loan_id`` is None."""
    if patron is None:
        return refused(_("Scan the reader's card first, then the books."), kind="no_reader")
    context = {"at": scan.at, "by": scan.user, "channel": Channel.DESK, "service_point": scan.service_point}
    if loan_id is None:
        renewals = services.renew_all(patron, **context)
        books = {
            pk: {"barcode": barcode, "title": title}
            for pk, barcode, title in circulation_queries.open_loans(patron).values_list(
                "pk", "item__barcode", "item__record__title"
            )
        }
        lines = [{**books[loan.pk], "due": local_day(loan.due_at), "ok": True} for loan in renewals.renewed] + [
            {**books[loan.pk], "ok": False, "reason": str(reason.label)} for loan, reason in renewals.refused
        ]
        message = _("Renewed %(renewed)d, not renewed %(refused)d") % {
            "renewed": len(renewals.renewed),
            "refused": len(renewals.refused),
        }
        answer = done if renewals.renewed or not renewals.refused else refused
        return answer(message, kind="renew_all", lines=lines)
    loan = circulation_queries.open_loans(patron).filter(pk=loan_id).first()
    if loan is None:
        return refused(str(Reason.LOAN_CLOSED.label), kind="renew")
    try:
        loan = services.renew(loan, **context)
    except CirculationRefused as refusal:
        return refused(refusal.message, kind="renew", **item_fields(loan.item))
    due = local_day(loan.due_at)
    return done(_("Renewed, due %(due)s") % {"due": due}, kind="renew", due=due, **item_fields(loan.item))
