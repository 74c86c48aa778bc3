"""The statistical return and the assessment indicators: pages to read and print, and the Excel file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.branches.models import Branch
from shuyuan.branches.scoping import acts_everywhere, branches_for
from shuyuan.returns import compute, excel
from shuyuan.stats.figures import Period, StatsRefusal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year - 1


def _branch(request: HttpRequest) -> Branch | None:
    """The whole library for staff of every branch; a branch account sees only its own branch."""
    if acts_everywhere(request.user):
        code = request.GET.get("branch", "")
        return Branch.objects.filter(code=code).first() if code else None
    own = branches_for(request.user).order_by("pk").first()
    if own is None:
        raise PermissionDenied
    return own


def _period(request: HttpRequest) -> tuple[int, Period | None, str]:
    year = _year(request)
    try:
        return year, compute.year_period(year, today=timezone.localdate()), ""
    except (StatsRefusal, ValueError, OverflowError) as exc:
        return year, None, getattr(exc, "message", _("Give a year such as 2016."))


def _title(year: int, branch: Branch | None) -> str:
    where = branch.name if branch else _("the whole library")
    return _("Public library statistical return %(year)s (%(where)s)") % {"year": year, "where": where}


@login_required
@permission_required("returns.view_return", raise_exception=True)
def year_return(request: HttpRequest) -> HttpResponse:
    year, period, problem = _period(request)
    branch = _branch(request)
    rows = compute.year_return(period, branch=branch) if period else []
    return render(
        request,
        "returns/return.html",
        {
            "year": year,
            "period": period,
            "problem": problem,
            "branch": branch,
            "rows": rows,
            "title": _title(year, branch),
        },
    )


@login_required
@permission_required("returns.view_return", raise_exception=True)
def indicators(request: HttpRequest) -> HttpResponse:
    year, period, problem = _period(request)
    branch = _branch(request)
    rows = compute.indicators(period, branch=branch) if period else []
    return render(
        request,
        "returns/indicators.html",
        {"year": year, "period": period, "problem": problem, "branch": branch, "rows": rows},
    )


@login_required
@permission_required("returns.view_return", raise_exception=True)
def export(request: HttpRequest) -> HttpResponse:
    year, period, problem = _period(request)
    if period is None:
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
    branch = _branch(request)
    title = _title(year, branch)
    data = excel.render(title, compute.year_return(period, branch=branch), compute.indicators(period, branch=branch))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="return-{year}.xlsx"'
    return response
