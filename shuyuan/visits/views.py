"""Staff pages of the visits app: the day's visits per service point, the "+1 / +10" tally, the
counter-file import, corrections, the e-reading room's live board and the e-resource imports."""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.branches.models import ServicePoint
from shuyuan.branches.scoping import branches_for, can_act_in
from shuyuan.patrons import queries as patron_queries
from shuyuan.patrons.errors import PatronRefused
from shuyuan.visits import queries, services
from shuyuan.visits.errors import VisitsRefused
from shuyuan.visits.forms import CorrectionForm, CounterFileForm, SessionStartForm, UsageFileForm
from shuyuan.visits.models import Computer, ComputerSession, CounterImport, EResourceImport, VisitCount


def _points(request: HttpRequest):  # type: ignore[no-untyped-def]
    return ServicePoint.objects.filter(branch__in=branches_for(request.user), is_active=True).select_related("branch")


def _point(request: HttpRequest, code: str) -> ServicePoint:
    point = get_object_or_404(ServicePoint.objects.select_related("branch"), code=code)
    if not can_act_in(request.user, point.branch):
        raise PermissionDenied
    return point


def _month(request: HttpRequest) -> date:
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


@login_required
@permission_required("visits.view_visitcount", raise_exception=True)
def overview(request: HttpRequest) -> HttpResponse:
    points = list(_points(request))
    first = _month(request)
    last = first.replace(day=monthrange(first.year, first.month)[1])
    point = next((p for p in points if p.code == request.GET.get("point")), points[0] if points else None)
    days = queries.daily_visits(point, first, last) if point else []
    context = {
        "points": points,
        "point": point,
        "first": first,
        "days": days,
        "total": sum(d.count for d in days),
        "per_hour": queries.visits_per_open_hour(point, first, last) if point else None,
        "month_value": f"{first:%Y-%m}",
    }
    return render(request, "visits/overview.html", context)


@login_required
@permission_required("visits.view_visitcount", raise_exception=True)
def day(request: HttpRequest, code: str, on: str) -> HttpResponse:
    point = _point(request, code)
    try:
        the_day = date.fromisoformat(on)
    except ValueError:
        the_day = timezone.localdate()
    return render(
        request,
        "visits/day.html",
        {
            "point": point,
            "day": the_day,
            "rows": queries.count_history(point, the_day),
            "form": CorrectionForm(),
        },
    )


@login_required
@permission_required("visits.add_visitcount", raise_exception=True)
def tally(request: HttpRequest, code: str) -> HttpResponse:
    point = _point(request, code)
    today = timezone.localdate()
    if request.method == "POST":
        amount = 10 if request.POST.get("amount") == "10" else 1
        try:
            services.tally(point, amount=amount, day=today, at=timezone.now(), by=request.user)
        except VisitsRefused as exc:
            messages.error(request, exc.message)
        return redirect("visits:tally", code=point.code)
    counted = sum(
        c
        for c in queries.current_counts()
        .filter(service_point=point, day=today, source=VisitCount.Source.DESK)
        .values_list("count", flat=True)
    )
    return render(request, "visits/tally.html", {"point": point, "today": today, "counted": counted})


@login_required
@permission_required("visits.change_visitcount", raise_exception=True)
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(VisitCount.objects.select_related("service_point__branch"), pk=pk)
    if not can_act_in(request.user, row.service_point.branch):
        raise PermissionDenied
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correct(
                row,
                new_count=form.cleaned_data["new_count"],
                note=form.cleaned_data["note"],
                at=timezone.now(),
                by=request.user,
            )
            messages.success(request, _("The count was corrected; the old figure is kept in the history."))
        except VisitsRefused as exc:
            messages.error(request, exc.message)
    return redirect("visits:day", code=row.service_point.code, on=row.day.isoformat())


@login_required
@permission_required("visits.add_counterimport", raise_exception=True)
def import_counter_file(request: HttpRequest) -> HttpResponse:
    form = CounterFileForm(request.POST or None, request.FILES or None, points=_points(request))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            raw = upload.read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("gb18030")
            batch = services.import_counter_file(
                text,
                counter_model=form.cleaned_data["counter_model"],
                service_point=form.cleaned_data["service_point"],
                file_name=upload.name,
                at=timezone.now(),
                by=request.user,
            )
        except UnicodeDecodeError:
            messages.error(request, _("The file is neither UTF-8 nor GB18030 text."))
        except VisitsRefused as exc:
            messages.error(request, _("Nothing was imported. %(error)s") % {"error": exc.message})
        else:
            messages.success(
                request,
                _("%(lines)d lines imported: %(added)d new counts, %(corrected)d corrected.")
                % {"lines": batch.lines, "added": batch.added, "corrected": batch.corrected},
            )
            return redirect("visits:import_counter_file")
    return render(request, "visits/import.html", {"form": form, "imports": CounterImport.objects.all()[:20]})


@login_required
@permission_required("visits.view_computersession", raise_exception=True)
def board(request: HttpRequest, code: str) -> HttpResponse:
    point = _point(request, code)
    rows = queries.board(point)
    return render(
        request,
        "visits/board.html",
        {
            "point": point,
            "rows": rows,
            "free": sum(not r.is_busy for r in rows),
            "form": SessionStartForm(),
            "visits_today": queries.session_visits(point, timezone.localdate(), timezone.localdate()).get(
                timezone.localdate(), 0
            ),
        },
    )


@login_required
@permission_required("visits.add_computersession", raise_exception=True)
def start_session(request: HttpRequest, code: str, computer: int) -> HttpResponse:
    point = _point(request, code)
    pc = get_object_or_404(Computer, service_point=point, pk=computer)
    form = SessionStartForm(request.POST)
    if request.method == "POST" and form.is_valid():
        try:
            patron = patron_queries.resolve(form.cleaned_data["card"])
            services.start_session(pc, patron, at=timezone.now(), by=request.user)
        except (PatronRefused, VisitsRefused) as exc:
            messages.error(request, exc.message)
    return redirect("visits:board", code=point.code)


@login_required
@permission_required("visits.change_computersession", raise_exception=True)
def end_session(request: HttpRequest, code: str, session: int) -> HttpResponse:
    point = _point(request, code)
    found = get_object_or_404(ComputerSession, pk=session, service_point=point)
    if request.method == "POST":
        try:
            services.end_session(found, at=timezone.now(), by=request.user)
        except VisitsRefused as exc:
            messages.error(request, exc.message)
    return redirect("visits:board", code=point.code)


@login_required
@permission_required("visits.view_eresourceusage", raise_exception=True)
def eresources(request: HttpRequest) -> HttpResponse:
    form = UsageFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not request.user.has_perm("visits.add_eresourceimport"):
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.import_usage(
                    upload.read().decode("utf-8-sig"),
                    platform=form.cleaned_data["platform"],
                    file_name=upload.name,
                    at=timezone.now(),
                    by=request.user,
                    replace=form.cleaned_data["replace"],
                )
            except UnicodeDecodeError:
                messages.error(request, _("The file is not UTF-8 text."))
            except VisitsRefused as exc:
                messages.error(request, _("Nothing was imported. %(error)s") % {"error": exc.message})
            else:
                messages.success(request, _("Usage imported."))
                return redirect("visits:eresources")
    year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", year))
    except ValueError:
        pass
    first, last = date(year, 1, 1), date(year, 12, 31)
    return render(
        request,
        "visits/eresources.html",
        {
            "form": form,
            "year": year,
            "usage": queries.usage_by_platform(first, last),
            "lendings": queries.lendings(first, last),
            "imports": EResourceImport.objects.select_related("platform")[:20],
        },
    )
