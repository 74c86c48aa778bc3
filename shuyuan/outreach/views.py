"""Staff pages of reading promotion: the calendar, an activity with its sign-ups and door, the
volunteers, staff training and the opening of a branch at a partner."""

from __future__ import annotations

import calendar as months
from datetime import date, time, timedelta
from html import escape

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shuyuan.branches.models import Library
from shuyuan.catalog.models import Item, ItemType, Record
from shuyuan.circulation.errors import TransferRefused
from shuyuan.inputs import int_param
from shuyuan.outreach import certificates, flow, queries, services
from shuyuan.outreach.errors import OutreachRefused
from shuyuan.outreach.forms import (
    ActivityForm,
    BarcodesForm,
    BranchOpeningForm,
    CardForm,
    DonationsForm,
    OutcomeForm,
    PhotoForm,
    ShiftForm,
    TicketForm,
    TrainingForm,
    VolunteerForm,
)
from shuyuan.outreach.models import Activity, BranchOpening, Photo, Registration, Shift, Training, Volunteer
from shuyuan.patrons import queries as patron_queries
from shuyuan.patrons.errors import PatronRefused
from shuyuan.patrons.masking import mask_name


def _month(value: str) -> date:
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


@login_required
@permission_required("outreach.view_activity", raise_exception=True)
def calendar(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    if year.isdigit() and 1900 < int(year) < 2200:
        return _calendar_year(request, int(year))
    first = _month(request.GET.get("month", ""))
    last = first.replace(day=months.monthrange(first.year, first.month)[1])
    days = queries.calendar(first, last, at=timezone.now())
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    context = {
        "first": first,
        "rows": calendar_rows(days, reverse("outreach:activity", args=[0])[:-2]),
        "previous": previous,
        "following": following,
    }
    return render(request, "outreach/calendar.html", context)


def _calendar_year(request: HttpRequest, year: int) -> HttpResponse:
    """The plan of the year: each month's activities by kind, sign-ups and attendance, each month
    linking to its own page (the activities one by one are the month pages)."""
    summary = queries.year_summary(year)
    context = {
        "year": year,
        "months": summary,
        "total": {
            "activities": sum(m.activities for m in summary),
            "registered": sum(m.registered for m in summary),
            "attendance": sum(m.attendance for m in summary),
        },
    }
    return render(request, "outreach/calendar_year.html", context)


def calendar_rows(days: list[tuple[date, list[queries.CalendarLine]]], activity_url: str) -> SafeString:
    """The calendar's table rows, each value escaped here: a year page has 1 000 of them, and the
    template language (then ``format_html``, with its lazy-string checks) spent several times the
    query's time on seven cells a row (bench/outreach). Every value goes through ``html.escape``."""
    lines = []
    for day, rows in days:
        label = escape(dateformat.format(day, "m-d D"))
        for n, row in enumerate(rows):
            lines.append(
                f"<tr><td>{label if n == 0 else ''}</td><td>{escape(row.time)}</td>"
                f'<td><a href="{escape(activity_url)}{int(row.pk)}/">{escape(row.title)}</a></td>'
                f"<td>{escape(row.kind)}</td><td>{escape(row.place)}</td><td>{escape(row.signup)}</td>"
                f"<td>{int(row.attendance)}</td></tr>"
            )
    return mark_safe("\n".join(lines))


@login_required
@permission_required("outreach.add_activity", raise_exception=True)
def plan(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        rrule = data.pop("rrule")
        data["partners"] = list(data["partners"])
        data["waiting_list_size"] = data["waiting_list_size"] or 0
        try:
            if rrule:
                series = services.plan_series(services.Plan(**data), rrule, at=timezone.now(), by=request.user)
                first = series.sessions.order_by("starts_at").first()
                messages.success(request, _("The series has %(n)d sessions.") % {"n": series.sessions.count()})
                return redirect("outreach:activity", pk=first.pk)  # type: ignore[union-attr]
            activity = services.plan_activity(services.Plan(**data), at=timezone.now(), by=request.user)
        except OutreachRefused as exc:
            messages.error(request, exc.message)
        else:
            return redirect("outreach:activity", pk=activity.pk)
    return render(request, "outreach/plan.html", {"form": form})


@login_required
@permission_required("outreach.view_activity", raise_exception=True)
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(queries.with_counts(Activity.objects.all()), pk=pk)
    registrations = list(found.registrations.select_related("patron").exclude(status=Registration.Status.CANCELLED))
    for registration in registrations:  # masked, as at the desk: staff who need more open the reader
        shown = mask_name(registration.patron.name) if registration.patron else ""
        registration.shown_name = shown  # type: ignore[attr-defined]
    outcome = OutcomeForm(
        initial={
            "walk_ins": found.walk_ins,
            "books_handed_out": found.books_handed_out,
            "books_exchanged": found.books_exchanged,
            "books_lent": found.books_lent,
            "narrative": found.narrative,
            "figures": "\n".join(f"{f.label} {f.number} {f.unit}".strip() for f in found.figures.all()),
        }
    )
    context = {
        "activity": found,
        "status": queries.status_of(found, at=timezone.now()),
        "attendance": queries.attendance(found),
        "registrations": registrations,
        "card_form": CardForm(),
        "ticket_form": TicketForm(),
        "outcome_form": outcome,
        "photo_form": PhotoForm(),
        "shifts": found.shifts.select_related("volunteer"),
    }
    return render(request, "outreach/activity.html", context)


@require_POST
@login_required
@permission_required("outreach.add_registration", raise_exception=True)
def sign_up_at_desk(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Activity, pk=pk)
    form = CardForm(request.POST)
    if form.is_valid():
        try:
            patron = patron_queries.by_card(form.cleaned_data["card"])
            if patron is None:
                messages.error(request, _("No reader has this card number."))
                return redirect("outreach:activity", pk=pk)
            registration = services.sign_up(
                found, patron, at=timezone.now(), by=request.user, channel=Registration.Channel.DESK
            )
        except (OutreachRefused, PatronRefused) as exc:
            messages.error(request, exc.message)
        else:
            _say_signed_up(request, registration)
    return redirect("outreach:activity", pk=pk)


def _say_signed_up(request: HttpRequest, registration: Registration) -> None:
    if registration.status == Registration.Status.WAITING:
        messages.warning(
            request, _("All places are taken: on the waiting list, ticket %(t)s.") % {"t": registration.ticket}
        )
    else:
        messages.success(request, _("Signed up, ticket %(t)s.") % {"t": registration.ticket})


@require_POST
@login_required
@permission_required("outreach.change_registration", raise_exception=True)
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(Registration, pk=pk)
    try:
        promoted = services.cancel(registration, at=timezone.now(), by=request.user)
    except OutreachRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The sign-up is cancelled."))
        if promoted is not None:
            messages.info(request, _("Ticket %(t)s moved up from the waiting list.") % {"t": promoted.ticket})
    return redirect("outreach:activity", pk=registration.activity_id)


@login_required
@permission_required("outreach.check_in_ticket", raise_exception=True)
def door(request: HttpRequest, pk: int) -> HttpResponse:
    """The check-in page at the door: a scanner types the ticket's number and Enter."""
    found = get_object_or_404(queries.with_counts(Activity.objects.all()), pk=pk)
    form = TicketForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.check_in(found, form.cleaned_data["ticket"], at=timezone.now(), by=request.user)
        except OutreachRefused as exc:
            messages.error(request, exc.message)
        else:
            name = mask_name(done.registration.patron.name) if done.registration.patron else ""
            if done.first_time:
                messages.success(request, _("Welcome, %(name)s: checked in.") % {"name": name})
            else:
                used = timezone.localtime(done.registration.checked_in_at)
                messages.warning(
                    request, _("This ticket was already used: checked in at %(at)s.") % {"at": f"{used:%H:%M}"}
                )
        return redirect("outreach:door", pk=pk)
    context = {"activity": found, "form": TicketForm(), "attendance": queries.attendance(found)}
    return render(request, "outreach/door.html", context)


@require_POST
@login_required
@permission_required("outreach.change_activity", raise_exception=True)
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Activity, pk=pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        services.record_outcome(found, **form.cleaned_data, at=timezone.now(), by=request.user)
        messages.success(request, _("The outcome is recorded."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
    return redirect("outreach:activity", pk=pk)


@require_POST
@login_required
@permission_required("outreach.add_photo", raise_exception=True)
def add_photo(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Activity, pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["photo"]
        try:
            services.add_photo(
                found,
                upload.read(),
                name=upload.name,
                caption=form.cleaned_data["caption"],
                at=timezone.now(),
                by=request.user,
            )
        except OutreachRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The photo is stored."))
    return redirect("outreach:activity", pk=pk)


@login_required
@permission_required("outreach.view_activity", raise_exception=True)
def photo(request: HttpRequest, pk: int, size: str) -> FileResponse:
    found = get_object_or_404(Photo, pk=pk)
    stored = found.thumbnail if size == "thumb" else found.image
    return FileResponse(stored.open("rb"))


@login_required
@permission_required("outreach.view_volunteer", raise_exception=True)
def volunteers(request: HttpRequest) -> HttpResponse:
    form = VolunteerForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("outreach.add_volunteer"):
            return HttpResponse(status=403)
        if form.is_valid():
            data = dict(form.cleaned_data)
            card = data.pop("card").strip()
            try:
                patron = patron_queries.by_card(card) if card else None
                if card and patron is None:
                    raise OutreachRefused(services.Reason.READER_NOT_ACTIVE)
                volunteer = services.register_volunteer(
                    services.VolunteerForm(**data, patron=patron), at=timezone.now(), by=request.user
                )
            except (OutreachRefused, PatronRefused) as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Volunteer %(name)s is registered.") % {"name": volunteer.name})
                return redirect("outreach:volunteer", pk=volunteer.pk)
    context = {"volunteers": Volunteer.objects.filter(is_active=True), "form": form}
    return render(request, "outreach/volunteers.html", context)


@login_required
@permission_required("outreach.view_volunteer", raise_exception=True)
def volunteer(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Volunteer, pk=pk)
    form = ShiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and request.user.has_perm("outreach.add_shift"):
        try:
            services.schedule_shift(found, **form.cleaned_data, at=timezone.now(), by=request.user)
        except OutreachRefused as exc:
            messages.error(request, exc.message)
        return redirect("outreach:volunteer", pk=pk)
    year = timezone.localdate().year
    shifts = [(s, queries.shift_hours(s)) for s in found.shifts.select_related("activity", "service_point")]
    context = {
        "volunteer": found,
        "shifts": shifts,
        "form": form,
        "year": year,
        "hours": queries.volunteer_hours(found, date(year, 1, 1), date(year, 12, 31)),
    }
    return render(request, "outreach/volunteer.html", context)


@require_POST
@login_required
@permission_required("outreach.change_shift", raise_exception=True)
def shift_clock(request: HttpRequest, pk: int, way: str) -> HttpResponse:
    shift = get_object_or_404(Shift, pk=pk)
    act = services.shift_check_in if way == "in" else services.shift_check_out
    try:
        act(shift, at=timezone.now(), by=request.user)
    except OutreachRefused as exc:
        messages.error(request, exc.message)
    return redirect("outreach:volunteer", pk=shift.volunteer_id)


@login_required
@permission_required("outreach.view_volunteer", raise_exception=True)
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Volunteer, pk=pk)
    year = int_param(request.GET, "year", timezone.localdate().year, minimum=1900, maximum=2200)
    first, last = date(year, 1, 1), date(year, 12, 31)
    shifts = queries.completed_shifts(found, first, last)
    if not shifts:
        messages.error(request, str(services.Reason.NO_HOURS.label))
        return redirect("outreach:volunteer", pk=pk)
    library = Library.objects.order_by("pk").first()
    pdf = certificates.certificate(
        found, shifts, first=first, last=last, library=library.name if library else "", issued_on=timezone.localdate()
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="volunteer-{found.pk}-{year}.pdf"'
    return response


@login_required
@permission_required("outreach.view_training", raise_exception=True)
def trainings(request: HttpRequest) -> HttpResponse:
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
    form = TrainingForm(request.POST or None, users=staff)
    if request.method == "POST" and request.user.has_perm("outreach.add_training") and form.is_valid():
        data = dict(form.cleaned_data)
        data["attendees"] = list(data["attendees"])
        try:
            services.record_training(**data, at=timezone.now(), by=request.user)
        except OutreachRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The training is recorded."))
            return redirect("outreach:trainings")
    year = int_param(request.GET, "year", timezone.localdate().year, minimum=1900, maximum=2200)
    context = {
        "year": year,
        "trainings": Training.objects.filter(first_day__year=year).prefetch_related("attendees"),
        "hours": queries.training_hours(year),
        "form": form,
    }
    return render(request, "outreach/trainings.html", context)


@login_required
@permission_required("outreach.add_branchopening", raise_exception=True)
def open_branch(request: HttpRequest) -> HttpResponse:
    """Step one of the guided flow: the partner, the agreement, the premises and the hours."""
    form = BranchOpeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partner = data.pop("partner").strip()
        opens, closes = data.pop("opens_at"), data.pop("closes_at")
        closed = {int(d) for d in data["closed_weekdays"] if d.isdigit()}
        hours: list[tuple[int, time, time]] = [(d, opens, closes) for d in range(7) if d not in closed]
        try:
            opening = services.open_partner_branch(
                services.BranchPlan(partner=partner, hours=hours, **data),
                library=Library.objects.order_by("pk").first(),
                at=timezone.now(),
                by=request.user,
            )
        except OutreachRefused as exc:
            messages.error(request, exc.message)
        else:
            return redirect("outreach:opening", pk=opening.pk)
    openings = BranchOpening.objects.select_related("branch", "partner")
    return render(request, "outreach/open_branch.html", {"form": form, "openings": openings})


@login_required
@permission_required("outreach.view_branchopening", raise_exception=True)
def opening(request: HttpRequest, pk: int) -> HttpResponse:
    """Steps two and three: the books moved from the central library, the donated books; and the
    branch's first-day figures, from the rows."""
    found = get_object_or_404(BranchOpening.objects.select_related("branch", "partner"), pk=pk)
    context = {
        "opening": found,
        "barcodes_form": BarcodesForm(),
        "donations_form": DonationsForm(),
        "first_day": queries.opening_day(found),
        "items": Item.objects.filter(home_branch=found.branch).count(),
    }
    return render(request, "outreach/opening.html", context)


@require_POST
@login_required
@permission_required("outreach.add_branchopening", raise_exception=True)
def stock_branch(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(BranchOpening.objects.select_related("branch"), pk=pk)
    form = BarcodesForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(services.Reason.NO_ITEMS.label))
        return redirect("outreach:opening", pk=pk)
    try:
        batch = flow.stock(found, form.cleaned_data["barcodes"], by=request.user)
    except (OutreachRefused, TransferRefused) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(n)d copies moved to the branch, batch %(b)s.") % {"n": batch.transfers.count(), "b": batch.number},
        )
    return redirect("outreach:opening", pk=pk)


@require_POST
@login_required
@permission_required("outreach.add_branchopening", raise_exception=True)
def donations(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(BranchOpening.objects.select_related("branch"), pk=pk)
    form = DonationsForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect("outreach:opening", pk=pk)
    records = Record.objects.in_bulk([record_id for record_id, _n in form.cleaned_data["lines"]])
    donated = [(records[r], n) for r, n in form.cleaned_data["lines"] if r in records]
    item_type = ItemType.objects.filter(code="BOOK").first() or ItemType.objects.order_by("pk").first()
    if item_type is None:
        raise ValueError("no item types: the catalogue's migration makes them")
    try:
        made = services.catalogue_donations(found, donated, item_type=item_type, at=timezone.now(), by=request.user)
    except OutreachRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)d donated copies are on the branch's shelves.") % {"n": len(made)})
    return redirect("outreach:opening", pk=pk)
