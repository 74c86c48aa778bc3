from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.branches import services
from shuyuan.branches.errors import CalendarRefused
from shuyuan.branches.forms import CalendarYearForm, ClosureForm, HolidayScheduleForm
from shuyuan.branches.holidays import ScheduleError, parse_schedule
from shuyuan.branches.models import Closure, PublicHoliday
from shuyuan.branches.queries import next_open_day
from shuyuan.branches.scoping import branches_for


@login_required
@permission_required("branches.view_branch", raise_exception=True)
def branch_list(request: HttpRequest) -> HttpResponse:
    branches = branches_for(request.user).prefetch_related("service_points__opening_hours")
    today = timezone.localdate()
    rows = [(b, next_open_day(b, today)) for b in branches]
    return render(request, "branches/list.html", {"rows": rows, "today": today})


@login_required
@permission_required("branches.view_publicholiday", raise_exception=True)
def calendar(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    if request.GET.get("year"):
        form = CalendarYearForm(request.GET)
        if form.is_valid():
            year = form.cleaned_data["year"]
        else:
            messages.error(request, " ".join(str(e) for e in form.errors["year"]))
    context = {
        "year": year,
        "holidays": PublicHoliday.objects.filter(date__year=year),
        "closures": Closure.objects.filter(
            branch__in=branches_for(request.user), last_day__year__gte=year
        ).select_related("branch"),
        "schedule_form": HolidayScheduleForm(),
        "closure_form": ClosureForm(branches=branches_for(request.user)),
    }
    return render(request, "branches/calendar.html", context)


@login_required
@permission_required("branches.add_publicholiday", raise_exception=True)
def import_holidays(request: HttpRequest) -> HttpResponse:
    form = HolidayScheduleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            days = parse_schedule(form.cleaned_data["file"].read().decode("utf-8"))
        except UnicodeDecodeError:
            messages.error(request, _("The file is not UTF-8 text."))
        except ScheduleError as exc:
            messages.error(request, _("The schedule was not imported. %(error)s") % {"error": exc})
        else:
            count = services.import_holiday_schedule(days, at=timezone.now(), by=request.user)
            messages.success(request, _("Imported %(count)d days of the holiday schedule.") % {"count": count})
    return redirect("branches:calendar")


@login_required
@permission_required("branches.add_closure", raise_exception=True)
def add_closure(request: HttpRequest) -> HttpResponse:
    form = ClosureForm(request.POST or None, branches=branches_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.close_branch(
                data["branch"],
                data["first_day"],
                data["last_day"],
                reason=data["reason"],
                kind=data["kind"],
                at=timezone.now(),
                by=request.user,
            )
        except CalendarRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("The closure was recorded."))
    else:
        for error in form.errors.values():
            messages.error(request, error.as_text())
    return redirect("branches:calendar")
