"""Every write of reading promotion: activities, sign-ups and tickets, volunteers and their shifts,
staff training, and the opening of a branch at a partner. Each is one durable transaction."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.rrule import rrulestr
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.audit import log
from shuyuan.audit.log import actor_fields
from shuyuan.branches import building
from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.catalog.items import add_collection, create_items, set_status
from shuyuan.catalog.models import Item, ItemType, Record
from shuyuan.keys import encrypt
from shuyuan.outreach import photos, rules
from shuyuan.outreach.errors import OutreachRefused, Reason
from shuyuan.outreach.models import (
    Activity,
    BranchOpening,
    Figure,
    Partner,
    Photo,
    Registration,
    Series,
    Shift,
    Training,
    Volunteer,
)
from shuyuan.outreach.places import fill_freed_places
from shuyuan.patrons.masking import mask_phone, normalize_phone
from shuyuan.patrons.models import Patron
from shuyuan.patrons.personal import phone_hash

_PHONE = re.compile(r"^[0-9]{5,15}$")


# --- activities -------------------------------------------------------------------------------


@dataclass
class Plan:
    """What staff enter for an activity (or the first session of a series)."""

    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    branch: Branch
    service_point: ServicePoint | None = None
    place_name: str = ""
    place_address: str = ""
    partners: list[Partner] = field(default_factory=list)
    audience: str = "everyone"
    age_min: int | None = None
    age_max: int | None = None
    needs_signup: bool = False
    capacity: int | None = None
    waiting_list_size: int = 0
    signup_opens_at: datetime | None = None
    signup_closes_at: datetime | None = None
    narrative: str = ""
    is_public: bool = True


def _check_times(start: datetime, end: datetime) -> None:
    if end < start:
        raise OutreachRefused(Reason.ENDS_BEFORE_START, start=f"{start:%Y-%m-%d %H:%M}", end=f"{end:%Y-%m-%d %H:%M}")


def _activity(plan: Plan, *, at: datetime, by: Any, series: Series | None = None) -> Activity:
    activity = Activity.objects.create(
        title=plan.title,
        kind=plan.kind,
        series=series,
        starts_at=plan.starts_at,
        ends_at=plan.ends_at,
        branch=plan.branch,
        service_point=plan.service_point,
        place_name=plan.place_name,
        place_address=plan.place_address,
        audience=plan.audience,
        age_min=plan.age_min,
        age_max=plan.age_max,
        needs_signup=plan.needs_signup,
        capacity=plan.capacity,
        waiting_list_size=plan.waiting_list_size,
        signup_opens_at=plan.signup_opens_at,
        signup_closes_at=plan.signup_closes_at,
        narrative=plan.narrative,
        is_public=plan.is_public,
        created_at=at,
        created_by=actor_fields(by)["actor_label"],
    )
    if plan.partners:
        activity.partners.set(plan.partners)
    return activity


@transaction.atomic(durable=True)
def plan_activity(plan: Plan, *, at: datetime, by: Any) -> Activity:
    _check_times(plan.starts_at, plan.ends_at)
    activity = _activity(plan, at=at, by=by)
    log.record("outreach.plan", at=at, by=by, obj=activity, detail={"kind": plan.kind})
    return activity


@transaction.atomic(durable=True)
def plan_series(plan: Plan, rrule: str, *, at: datetime, by: Any) -> Series:
    """A series whose sessions follow ``rrule`` (RFC 5545, e.g. ``FREQ=WEEKLY;COUNT=10``) from the
    plan's start; each session is an activity of its own, with its own sign-up and attendance."""
    _check_times(plan.starts_at, plan.ends_at)
    duration = plan.ends_at - plan.starts_at
    starts = list(rrulestr(rrule, dtstart=plan.starts_at))
    if not starts or len(starts) > 366:
        raise ValueError("a series has between 1 and 366 sessions: give the rule a COUNT or UNTIL")
    series = Series.objects.create(
        title=plan.title,
        kind=plan.kind,
        rrule=rrule,
        first_starts_at=plan.starts_at,
        duration_minutes=int(duration.total_seconds() // 60),
        created_at=at,
    )
    signup_lead = plan.starts_at - plan.signup_opens_at if plan.signup_opens_at else None
    for start in starts:
        session = Plan(**{**plan.__dict__, "starts_at": start, "ends_at": start + duration})
        session.signup_opens_at = start - signup_lead if signup_lead is not None else None
        session.signup_closes_at = None
        _activity(session, at=at, by=by, series=series)
    log.record("outreach.plan_series", at=at, by=by, obj=series, detail={"sessions": len(starts)})
    return series


@transaction.atomic(durable=True)
def record_outcome(
    activity: Activity,
    *,
    walk_ins: int | None = None,
    books_handed_out: int | None = None,
    books_exchanged: int | None = None,
    books_lent: int | None = None,
    narrative: str | None = None,
    figures: list[tuple[str, int, str]] | None = None,
    at: datetime,
    by: Any,
) -> Activity:
    """What an activity achieved: attendance without tickets, books, other figures (label, number,
    unit; they replace the ones recorded before) and the narrative. The activity counts as held."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    for name, value in (
        ("walk_ins", walk_ins),
        ("books_handed_out", books_handed_out),
        ("books_exchanged", books_exchanged),
        ("books_lent", books_lent),
        ("narrative", narrative),
    ):
        if value is not None:
            setattr(activity, name, value)
    activity.status = Activity.Status.HELD
    activity.save()
    if figures is not None:
        activity.figures.all().delete()
        Figure.objects.bulk_create(Figure(activity=activity, label=lb, number=n, unit=u) for lb, n, u in figures)
    log.record("outreach.outcome", at=at, by=by, obj=activity, detail={"walk_ins": activity.walk_ins})
    return activity


@transaction.atomic(durable=True)
def add_photo(activity: Activity, content: bytes, *, name: str, caption: str = "", at: datetime, by: Any) -> Photo:
    """Store a photo of the activity with a thumbnail; anything that is not a photo is refused."""
    image = photos.read(content)
    if image is None:
        raise OutreachRefused(Reason.NOT_AN_IMAGE)
    photo = Photo(activity=activity, caption=caption, width=image.width, height=image.height, uploaded_at=at)
    photo.image.save(photos.file_name(name, image), photos.as_file(content), save=False)
    photo.thumbnail.save("thumb.jpg", photos.as_file(photos.thumbnail(image)), save=False)
    photo.save()
    log.record("outreach.photo", at=at, by=by, obj=activity, detail={"photo": photo.pk})
    return photo


# --- sign-up and tickets ----------------------------------------------------------------------


def _locked_activity(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().get(pk=activity.pk)


def current_status(activity: Activity, *, at: datetime) -> rules.SignupStatus:
    counts: dict[str, int] = {Registration.Status.REGISTERED: 0, Registration.Status.WAITING: 0}
    for status in activity.registrations.exclude(status=Registration.Status.CANCELLED).values_list("status", flat=True):
        counts[status] += 1
    return rules.signup_status(
        at,
        needs_signup=activity.needs_signup,
        opens_at=activity.signup_opens_at,
        closes_at=activity.signup_closes_at,
        starts_at=activity.starts_at,
        capacity=activity.capacity,
        waiting_list_size=activity.waiting_list_size,
        registered=counts[Registration.Status.REGISTERED],
        waiting=counts[Registration.Status.WAITING],
    )


@transaction.atomic(durable=True)
def sign_up(activity: Activity, patron: Patron, *, at: datetime, by: Any, channel: str) -> Registration:
    """A reader takes a place (with a ticket), or a place on the waiting list once the places are
    taken. The activity's row is locked first, so that readers racing for the last places queue
    and exactly ``capacity`` of them get one."""
    activity = _locked_activity(activity)
    if patron.status != Patron.Status.ACTIVE:
        raise OutreachRefused(Reason.READER_NOT_ACTIVE)
    if activity.registrations.filter(patron=patron).exclude(status=Registration.Status.CANCELLED).exists():
        raise OutreachRefused(Reason.ALREADY_SIGNED_UP)
    status = current_status(activity, at=at)
    S = rules.SignupStatus
    if status == S.NOT_NEEDED:
        raise OutreachRefused(Reason.SIGNUP_NOT_NEEDED)
    if status == S.NOT_YET_OPEN:
        opens = timezone.localtime(activity.signup_opens_at)
        raise OutreachRefused(Reason.SIGNUP_NOT_OPEN, opens=f"{opens:%Y-%m-%d %H:%M}")
    if status == S.CLOSED:
        raise OutreachRefused(Reason.SIGNUP_CLOSED)
    if status == S.FULL:
        raise OutreachRefused(Reason.FULL, capacity=activity.capacity or 0)
    registration = Registration.objects.create(
        activity=activity,
        patron=patron,
        status=Registration.Status.REGISTERED if status == S.OPEN else Registration.Status.WAITING,
        channel=channel,
        ticket=new_ticket(),
        signed_up_at=at,
    )
    log.record("outreach.sign_up", at=at, by=by, obj=activity, detail={"status": registration.status})
    return registration


def new_ticket() -> str:
    # 80 random bits: a ticket cannot be guessed, only copied (and a copy checks in once).
    return secrets.token_hex(10).upper()


@transaction.atomic(durable=True)
def cancel(registration: Registration, *, at: datetime, by: Any) -> Registration | None:
    """Cancel a sign-up; a freed place goes to the first reader on the waiting list, who is
    returned (``None`` when nobody moves up)."""
    _locked_activity(registration.activity)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise OutreachRefused(Reason.NOT_SIGNED_UP)
    freed = registration.status == Registration.Status.REGISTERED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = at
    registration.save(update_fields=["status", "cancelled_at"])
    moved_up = fill_freed_places([registration.activity_id] if freed else [], at=at)
    promoted = moved_up[0] if moved_up else None
    log.record(
        "outreach.cancel",
        at=at,
        by=by,
        obj=registration.activity,
        detail={"promoted": promoted.pk if promoted else None},
    )
    return promoted


@dataclass(frozen=True)
class CheckIn:
    registration: Registration
    first_time: bool


@transaction.atomic(durable=True)
def check_in(activity: Activity, ticket: str, *, at: datetime, by: Any) -> CheckIn:
    """Check a ticket in at the door; its check-in counts in the attendance. Scanning it again
    counts nothing (``first_time`` is false and the view says when it was used)."""
    _locked_activity(activity)
    registration = Registration.objects.select_related("activity").filter(ticket=ticket.strip().upper()).first()
    if registration is None:
        raise OutreachRefused(Reason.TICKET_UNKNOWN)
    if registration.activity_id != activity.pk:
        raise OutreachRefused(Reason.TICKET_OTHER_ACTIVITY, title=registration.activity.title)
    if registration.status == Registration.Status.CANCELLED:
        raise OutreachRefused(Reason.TICKET_CANCELLED)
    if registration.status == Registration.Status.WAITING:
        raise OutreachRefused(Reason.TICKET_WAITING)
    if registration.checked_in_at is not None:
        return CheckIn(registration, first_time=False)
    registration.checked_in_at = at
    registration.save(update_fields=["checked_in_at"])
    log.record("outreach.check_in", at=at, by=by, obj=activity, detail={"registration": registration.pk})
    return CheckIn(registration, first_time=True)


# --- volunteers -------------------------------------------------------------------------------


@dataclass
class VolunteerForm:
    name: str
    joined_on: date
    phone: str = ""
    birth_date: date | None = None
    guardian_name: str = ""
    guardian_phone: str = ""
    skills: str = ""
    group: str = ""
    patron: Patron | None = None


def _phone(raw: str) -> str:
    phone = normalize_phone(raw)
    if phone and not _PHONE.match(phone):
        raise OutreachRefused(Reason.PHONE_FORMAT)
    return phone


@transaction.atomic(durable=True)
def register_volunteer(form: VolunteerForm, *, at: datetime, by: Any) -> Volunteer:
    """Register a volunteer. A child under 14 comes with a guardian's name and phone."""
    name = " ".join(form.name.split())
    if not name:
        raise OutreachRefused(Reason.NAME_REQUIRED)
    today = timezone.localdate(at)
    if form.birth_date is not None and form.birth_date > today:
        raise OutreachRefused(Reason.BIRTH_DATE_FUTURE)
    phone, guardian_phone = _phone(form.phone), _phone(form.guardian_phone)
    if rules.needs_guardian(form.birth_date, today) and not (form.guardian_name.strip() and guardian_phone):
        raise OutreachRefused(Reason.GUARDIAN_REQUIRED, age=rules.GUARDIAN_BELOW_AGE)
    volunteer = Volunteer.objects.create(
        name=name,
        patron=form.patron,
        birth_date=form.birth_date,
        phone_encrypted=encrypt(phone) if phone else "",
        phone_hash=phone_hash(phone) if phone else "",
        phone_masked=mask_phone(phone),
        guardian_name=" ".join(form.guardian_name.split()),
        guardian_phone_encrypted=encrypt(guardian_phone) if guardian_phone else "",
        guardian_phone_masked=mask_phone(guardian_phone),
        joined_on=form.joined_on,
        skills=form.skills.strip(),
        group=form.group.strip(),
    )
    # By number, not by name: the audit log outlives a volunteer erased with their reader record.
    log.record("outreach.volunteer", at=at, by=by, detail={"volunteer": volunteer.pk, "group": volunteer.group})
    return volunteer


@transaction.atomic(durable=True)
def schedule_shift(
    volunteer: Volunteer,
    *,
    start: datetime,
    end: datetime,
    activity: Activity | None = None,
    service_point: ServicePoint | None = None,
    task: str = "",
    at: datetime,
    by: Any,
) -> Shift:
    _check_times(start, end)
    return Shift.objects.create(
        volunteer=volunteer,
        activity=activity,
        service_point=service_point,
        task=task,
        planned_start=start,
        planned_end=end,
    )


@transaction.atomic(durable=True)
def shift_check_in(shift: Shift, *, at: datetime, by: Any) -> Shift:
    shift = Shift.objects.select_for_update().get(pk=shift.pk)
    if shift.checked_in_at is not None:
        raise OutreachRefused(Reason.SHIFT_ALREADY_IN, at=f"{timezone.localtime(shift.checked_in_at):%H:%M}")
    shift.checked_in_at = at
    shift.save(update_fields=["checked_in_at"])
    return shift


@transaction.atomic(durable=True)
def shift_check_out(shift: Shift, *, at: datetime, by: Any) -> Shift:
    """The volunteer leaves: the shift's hours are the time between check-in and this."""
    shift = Shift.objects.select_for_update().get(pk=shift.pk)
    if shift.checked_in_at is None:
        raise OutreachRefused(Reason.SHIFT_NOT_STARTED)
    if shift.checked_out_at is not None:
        raise OutreachRefused(Reason.SHIFT_ALREADY_OUT)
    _check_times(timezone.localtime(shift.checked_in_at), timezone.localtime(at))
    shift.checked_out_at = at
    shift.save(update_fields=["checked_out_at"])
    log.record("outreach.shift", at=at, by=by, detail={"shift": shift.pk, "volunteer": shift.volunteer_id})
    return shift


# --- staff training ---------------------------------------------------------------------------


@transaction.atomic(durable=True)
def record_training(
    *,
    title: str,
    kind: str,
    organiser: str,
    first_day: date,
    last_day: date,
    hours: Any,
    attendees: list[Any],
    place: str = "",
    at: datetime,
    by: Any,
) -> Training:
    if last_day < first_day:
        raise OutreachRefused(Reason.ENDS_BEFORE_START, start=str(first_day), end=str(last_day))
    training = Training.objects.create(
        title=title,
        kind=kind,
        organiser=organiser,
        place=place,
        first_day=first_day,
        last_day=last_day,
        hours=hours,
        created_at=at,
    )
    training.attendees.set(attendees)
    log.record("outreach.training", at=at, by=by, obj=training, detail={"attendees": len(attendees)})
    return training


# --- a branch at a partner --------------------------------------------------------------------


@dataclass
class BranchPlan:
    """Step one of opening a branch at a partner: the partner (or a new partner's name), the
    agreement and the premises."""

    partner: Partner | str
    code: str
    name: str
    address: str
    agreement: str
    area_m2: int
    desks: int
    benches: int
    shelves: int
    opens_on: date
    hours: list[tuple[int, time, time]]  # weekday (Monday 0), opens, closes
    agreement_signed_on: date | None = None
    closed_weekdays: str = ""


@transaction.atomic(durable=True)
def open_partner_branch(plan: BranchPlan, *, library: Any, at: datetime, by: Any) -> BranchOpening:
    """Create the branch in the partner's premises with its lending desk, opening hours and
    collection; the books come in the next steps (``stock_partner_branch``, ``catalogue_donations``)."""
    if Branch.objects.filter(code=plan.code).exists():
        raise OutreachRefused(Reason.BRANCH_CODE_TAKEN, code=plan.code)
    partner = plan.partner
    if isinstance(partner, str):
        partner = Partner.objects.get_or_create(name=partner.strip(), defaults={"kind": Partner.Kind.COMPANY})[0]
    branch = building.add_branch(
        library,
        code=plan.code,
        name=plan.name,
        address=plan.address,
        partner_name=partner.name,
        partner_agreement=plan.agreement,
        area_m2=plan.area_m2,
        seats=plan.benches,
        shelves=plan.shelves,
        opened_on=plan.opens_on,
        closed_weekdays=plan.closed_weekdays,
    )
    building.add_service_point(
        branch,
        code=f"{plan.code}-DESK",
        name=_("%(branch)s lending desk") % {"branch": plan.name},
        kind=ServicePoint.Kind.LENDING_DESK,
        hours=plan.hours,
    )
    add_collection(
        f"{plan.code}-BOOKS", _("%(branch)s books") % {"branch": plan.name}, branch=branch, shelving_location=plan.name
    )
    opening = BranchOpening.objects.create(
        branch=branch,
        partner=partner,
        agreement_signed_on=plan.agreement_signed_on,
        desks=plan.desks,
        benches=plan.benches,
        opens_on=plan.opens_on,
        created_at=at,
    )
    log.record("outreach.open_branch", at=at, by=by, obj=branch, detail={"partner": partner.name})
    return opening


def branch_collection(opening: BranchOpening) -> Any:
    return opening.branch.collections.order_by("pk").first()


@transaction.atomic(durable=True)
def note_stock_moved(opening: BranchOpening, *, batch_number: str, items: int, at: datetime, by: Any) -> None:
    """Step two's record: circulation's batch transfer (its own service) moved ``items`` copies."""
    BranchOpening.objects.filter(pk=opening.pk).update(transfer_batch=batch_number, items_moved=items)
    log.record("outreach.branch_stock", at=at, by=by, obj=opening.branch, detail={"batch": batch_number})


@transaction.atomic(durable=True)
def catalogue_donations(
    opening: BranchOpening, donated: list[tuple[Record, int]], *, item_type: ItemType, at: datetime, by: Any
) -> list[Item]:
    """Step three: donated books (records already catalogued, with the number of copies of each)
    become copies of the branch's collection, on its shelves."""
    if not donated:
        raise OutreachRefused(Reason.NO_ITEMS)
    collection = branch_collection(opening)
    made: list[Item] = []
    for record, copies in donated:
        made += create_items(
            record,
            copies,
            collection=collection,
            item_type=item_type,
            at=at,
            by=by,
            note="捐赠",
            reason=f"donation to {opening.branch.code}",
        )
    for item in made:
        set_status(item, Item.Status.ON_SHELF, at=at, by=by, reason="donation shelved")
    total = (BranchOpening.objects.filter(pk=opening.pk).aggregate(n=Max("donated_catalogued"))["n"] or 0) + len(made)
    BranchOpening.objects.filter(pk=opening.pk).update(donated_catalogued=total)
    log.record("outreach.branch_donations", at=at, by=by, obj=opening.branch, detail={"items": len(made)})
    return made


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)
