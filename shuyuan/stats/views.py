"""Staff pages of the statistics: the figures of a period, a figure broken down, the rows behind a
figure, the stock as of a day, and the figures entered by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from shuyuan.branches.models import Branch
from shuyuan.branches.scoping import acts_everywhere, branches_for
from shuyuan.stats import figures
from shuyuan.stats.dimensions import DIMENSIONS
from shuyuan.stats.errors import Reason, StatsRefusal

OVERVIEW = (
    "loans",
    "returns",
    "renewals",
    "in_house_use",
    "loans_and_returns",
    "e_lendings",
    "active_readers",
    "readers_served",
    "new_readers",
    "valid_cards",
    "visits",
    "activity_attendance",
    "total_circulation_visits",
    "activities",
    "volunteers",
    "volunteer_hours",
    "trainings",
    "items_added",
    "titles_added",
    "items_withdrawn",
    "volumes_bought",
    "volumes_donated",
    "local_document_kinds",
    "local_document_volumes",
    "periodical_titles",
)


def _day(text: str | None, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StatsRefusal(Reason.BAD_DATE, value=text[:20]) from None


def period_of(request: HttpRequest) -> figures.Period:
    today = timezone.localdate()
    first = _day(request.GET.get("first"), today.replace(month=1, day=1))
    last = _day(request.GET.get("last"), today)
    return figures.Period.checked(first, last, today=today)


def branch_of(request: HttpRequest) -> Branch | None:
    """The branch the figures are for: any (or all) for an account that acts everywhere, else one of
    the account's own branches, whatever the request says."""
    wanted = request.GET.get("branch", "")
    user = request.user
    if acts_everywhere(user):
        return Branch.objects.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    own = branches_for(user).order_by("pk")
    if wanted.isdigit():
        chosen = own.filter(pk=int(wanted)).first()
        if chosen is None:
            raise PermissionDenied
        return chosen
    first = own.first()
    if first is None:
        raise PermissionDenied
    return first


def _context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "branches": branches_for(user).order_by("code"),
        "may_choose_all": acts_everywhere(user),
    }


def _refused(request: HttpRequest, refusal: StatsRefusal, template: str) -> HttpResponse:
    return render(request, template, {**_context(request), "refusal": refusal.message}, status=400)


@login_required
@permission_required("stats.view_statistics", raise_exception=True)
def overview(request: HttpRequest) -> HttpResponse:
    try:
        period = period_of(request)
    except StatsRefusal as refusal:
        return _refused(request, refusal, "stats/overview.html")
    branch = branch_of(request)
    before = period.year_before()
    lines = []
    for name in OVERVIEW:
        measure = figures.MEASURES[name]
        if branch is not None and not measure.has_branch:
            continue
        now = figures.value(name, period, branch=branch)
        then = figures.value(name, before, branch=branch)
        entered = figures.manual(name, before, branch=branch) if not then else None
        lines.append(
            {
                "measure": measure,
                "value": now,
                "before": then if not entered else entered.value,
                "before_source": entered.source if entered else "",
                "url": figures.drill_url(name, period, branch=branch),
            }
        )
    context = {**_context(request), "period": period, "branch": branch, "lines": lines}
    return render(request, "stats/overview.html", context)


@login_required
@permission_required("stats.view_statistics", raise_exception=True)
def measure(request: HttpRequest, name: str) -> HttpResponse:
    try:
        chosen = figures.measure_of(name)
        period = period_of(request)
        by = [d for d in request.GET.getlist("by") if d][:2]
        filters = _filters(request)
        branch = branch_of(request)
        rows = figures.breakdown(name, period, by, branch=branch, filters=filters)
        total = figures.value(name, period, branch=branch, filters=filters)
    except StatsRefusal as refusal:
        return _refused(request, refusal, "stats/measure.html")
    lines = [
        {
            "row": row,
            "url": figures.drill_url(
                name, period, branch=branch, filters={**filters, **dict(zip(by, row.key, strict=True))}
            ),
        }
        for row in rows
    ]
    context = {
        **_context(request),
        "measure": chosen,
        "period": period,
        "branch": branch,
        "by": by,
        "by_labels": [DIMENSIONS[d].label for d in by],
        "dimensions": [(d, DIMENSIONS[d].label) for d in chosen.dimensions],
        "lines": lines,
        "total": total,
        "total_url": figures.drill_url(name, period, branch=branch, filters=filters),
    }
    return render(request, "stats/measure.html", context)


def _filters(request: HttpRequest) -> dict[str, str]:
    return {key[2:]: str(value) for key, value in request.GET.items() if key.startswith("f_")}


@login_required
@permission_required("stats.view_statistics", raise_exception=True)
def rows(request: HttpRequest, name: str) -> HttpResponse:
    try:
        chosen = figures.measure_of(name)
        period = period_of(request)
        filters = _filters(request)
        branch = branch_of(request)
        found = figures.rows(name, period, branch=branch, filters=filters)
        total = figures.value(name, period, branch=branch, filters=filters)
    except StatsRefusal as refusal:
        return _refused(request, refusal, "stats/rows.html")
    page = Paginator(found, 100).get_page(request.GET.get("page"))
    filter_labels = [(DIMENSIONS[d].label, DIMENSIONS[d].labels([k])[k]) for d, k in sorted(filters.items())]
    context = {
        **_context(request),
        "measure": chosen,
        "period": period,
        "branch": branch,
        "page": page,
        "lines": [describe(row) for row in page.object_list],
        "total": total,
        "filter_labels": filter_labels,
        "query": request.GET.urlencode(),
    }
    return render(request, "stats/rows.html", context)


def describe(row: Any) -> dict[str, Any]:
    """What the row list shows of a row of any of the counted models: when, where, what."""
    from shuyuan.stats import rowviews

    return rowviews.describe(row)


@login_required
@permission_required("stats.view_statistics", raise_exception=True)
def stock(request: HttpRequest) -> HttpResponse:
    from shuyuan.stats.ledger import STOCK_DIMENSIONS, ledger

    today = timezone.localdate()
    try:
        on = _day(request.GET.get("on"), today)
        period = figures.Period.checked(_day(request.GET.get("first"), on.replace(month=1, day=1)), on, today=today)
        by = request.GET.get("by") or None
        branch = branch_of(request)
        rows = figures.stock(on, branch=branch, by=by)
        lines = ledger(period.first, period.last, branch=branch, by=by)
    except StatsRefusal as refusal:
        return _refused(request, refusal, "stats/stock.html")
    context = {
        **_context(request),
        "on": on,
        "period": period,
        "branch": branch,
        "by": by,
        "by_choices": [(d, DIMENSIONS[d].label) for d in STOCK_DIMENSIONS],
        "rows": rows if isinstance(rows, list) else [rows],
        "ledger": lines,
    }
    return render(request, "stats/stock.html", context)


@login_required
@permission_required("stats.view_statistics", raise_exception=True)
def manual(request: HttpRequest) -> HttpResponse:
    from shuyuan.stats.forms import FigureForm, ImportForm
    from shuyuan.stats.models import ManualFigure
    from shuyuan.stats.services import ImportRefused, enter_figure, import_figures

    may_enter = request.user.has_perm("stats.enter_figures")
    form, upload, refused_cells, message = FigureForm(request.user), ImportForm(), [], ""
    if request.method == "POST":
        if not may_enter:
            raise PermissionDenied
        now = timezone.now()
        if "file" in request.FILES:
            upload = ImportForm(request.POST, request.FILES)
            if upload.is_valid():
                file = upload.cleaned_data["file"]
                try:
                    done = import_figures(file.read(), file.name, at=now, by=request.user)
                    message = str(len(done))
                except ImportRefused as refusal:
                    message, refused_cells = refusal.message, refusal.cells
                except StatsRefusal as refusal:
                    message = refusal.message
        else:
            form = FigureForm(request.user, request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    enter_figure(
                        data["name"],
                        data["first"],
                        data["last"],
                        data["value"],
                        source=data["source"],
                        branch=data["branch"],
                        note=data["note"],
                        at=now,
                        by=request.user,
                    )
                    form = FigureForm(request.user)
                except StatsRefusal as refusal:
                    form.add_error(None, refusal.message)
    entered = ManualFigure.objects.select_related("branch")
    if not acts_everywhere(request.user):
        entered = entered.filter(branch__in=branches_for(request.user))
    context = {
        "form": form,
        "upload": upload,
        "may_enter": may_enter,
        "refused_cells": refused_cells,
        "message": message,
        "figures": entered[:500],
        "names": dict(_manual_names()),
    }
    return render(request, "stats/manual.html", context, status=400 if refused_cells else 200)


def _manual_names() -> list[tuple[str, Any]]:
    from shuyuan.stats.manual import known_names

    return list(known_names().items())
