"""The staff dashboard (charts drawn by Apache ECharts, served as a static file) and the live board
(数据大屏) for the lobby, which fetches its figures again by itself."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from shuyuan.branches.models import Branch, Library
from shuyuan.branches.scoping import acts_everywhere, branches_for
from shuyuan.dashboards import queries
from shuyuan.refusals import Refused
from shuyuan.stattables import spec as specs

DEFAULT_REFRESH_SECONDS = 30
MIN_REFRESH_SECONDS = 1


def branch_of(request: HttpRequest) -> Branch | None:
    """The branch asked for (``?branch=code``) if the person may see it; staff of every branch may ask
    for the whole library (no code), anyone else sees their first branch."""
    code = request.GET.get("branch", "")[:20]
    user = request.user
    mine = branches_for(user).order_by("code")
    if code:
        chosen = mine.filter(code=code).first()
        if chosen is not None:
            return chosen
    if acts_everywhere(user):
        return None
    first = mine.first()
    if first is None:  # staff of no branch see no branch's figures, and never the whole library's
        raise PermissionDenied
    return first


def _refresh_seconds(request: HttpRequest) -> int:
    try:
        return max(MIN_REFRESH_SECONDS, min(int(request.GET.get("every", DEFAULT_REFRESH_SECONDS)), 3600))
    except ValueError:
        return DEFAULT_REFRESH_SECONDS


@login_required
@permission_required("dashboards.view_dashboard", raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    branch = branch_of(request)
    context: dict[str, Any] = {
        "branch": branch,
        "branches": [(b.code, b.name) for b in branches_for(request.user).order_by("code")],
        "everywhere": acts_everywhere(request.user),
        "periods": [(name, label) for name, label in specs.PERIODS.items() if name != "custom"],
        "period_name": request.GET.get("period", "this_month"),
        "has_echarts": finders.find("dashboards/echarts.min.js") is not None,
    }
    try:
        period = specs.period_for(context["period_name"], None, None, today=today)
    except Refused as refusal:
        context["refusal"] = refusal.message
        period = specs.period_for("this_month", None, None, today=today)
        context["period_name"] = "this_month"
    context["data"] = queries.dashboard(period, branch)
    return render(request, "dashboards/dashboard.html", context)


@login_required
@permission_required("dashboards.view_live_board", raise_exception=True)
def live(request: HttpRequest) -> HttpResponse:
    branch = branch_of(request)
    now = timezone.now()
    context = {
        "branch": branch,
        "library": Library.objects.first(),
        "board": queries.board(branch, now=now),
        "every": _refresh_seconds(request),
        "branch_code": branch.code if branch else "",
    }
    return render(request, "dashboards/live.html", context)


@login_required
@permission_required("dashboards.view_live_board", raise_exception=True)
def live_data(request: HttpRequest) -> JsonResponse:
    return JsonResponse(queries.board(branch_of(request), now=timezone.now()))
