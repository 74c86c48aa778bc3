"""Staff pages of the tables: build one from the allow-lists, save, schedule and export it, and the
catalogue of ready tables. Every page decides the branch from the person (``spec.scope``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.views.decorators.http import require_POST

from shuyuan.branches.scoping import acts_everywhere, branches_for
from shuyuan.refusals import Refused
from shuyuan.stats import figures
from shuyuan.stattables import ready as ready_tables
from shuyuan.stattables import services
from shuyuan.stattables import spec as specs
from shuyuan.stattables.exports import FORMATS
from shuyuan.stattables.models import SavedTable, Schedule
from shuyuan.stattables.tables import Table, compute

VIEW = "stattables.view_savedtable"


def _choices(user: Any) -> dict[str, Any]:
    branches = [(b.code, b.name) for b in branches_for(user).order_by("code")]
    return {
        "measures": [(name, m.label, m.unit, ",".join(m.dimensions)) for name, m in figures.MEASURES.items()],
        "dimensions": [(name, d.label) for name, d in figures.DIMENSIONS.items() if name not in specs.NOT_A_FILTER],
        "all_dimensions": [(name, d.label) for name, d in figures.DIMENSIONS.items()],
        "periods": list(specs.PERIODS.items()),
        "branches": branches,
        "everywhere": acts_everywhere(user),
        "formats": list(FORMATS),
        "slots": [""] * specs.MAX_DIMENSIONS,
    }


def _request_data(request: HttpRequest) -> QueryDict:
    """The GET parameters, with the form's separate filter fields joined into ``filter=name=value``."""
    data = request.GET.copy()
    names, values = data.getlist("filter_name"), data.getlist("filter_value")
    for name, value in zip(names, values, strict=False):
        if name and value.strip():
            data.appendlist("filter", f"{name}={value.strip()}")
    return data


def _file(request: HttpRequest, table: Table, file_format: str, stem: str) -> HttpResponse:
    if not request.user.has_perm("stattables.export_table"):
        raise PermissionDenied
    body = services.export(table, file_format=file_format, at=timezone.now(), by=request.user)
    content_type, extension = FORMATS[file_format]
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{timezone.localdate().isoformat()}.{extension}"'
    return response


def _visible_tables(user: Any) -> Any:
    return SavedTable.objects.filter(Q(owner=user) | Q(is_shared=True)).select_related("owner")


@login_required
@permission_required(VIEW, raise_exception=True)
def index(request: HttpRequest) -> HttpResponse:
    tables = _visible_tables(request.user).prefetch_related("schedules")
    context = {
        "tables": tables,
        "ready": ready_tables.READY.values(),
        "spec": None,
        **_choices(request.user),
    }
    return render(request, "stattables/index.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
def build(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context: dict[str, Any] = {"spec": None, "table": None, **_choices(request.user)}
    if not request.GET:
        return render(request, "stattables/build.html", context)
    try:
        spec = specs.parse(_request_data(request), today=today)
        branch = specs.scope(spec, request.user)
        table = compute(spec, branch=branch, today=today)
    except Refused as refusal:
        context["refusal"] = refusal.message
        return render(request, "stattables/build.html", context, status=400)
    file_format = request.GET.get("export", "")
    if file_format in FORMATS:
        return _file(request, table, file_format, "table")
    query = QueryDict(mutable=True)
    for key, value in spec.as_query().items():
        query.setlist(key, value if isinstance(value, list) else [value])
    slots = [*spec.dimensions, "", ""][: specs.MAX_DIMENSIONS]
    context.update(spec=spec, table=table, query=query.urlencode(), saved_fields=spec.as_query(), slots=slots)
    return render(request, "stattables/build.html", context)


@login_required
@permission_required("stattables.add_savedtable", raise_exception=True)
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        spec = specs.parse(request.POST, today=today)
        specs.scope(spec, request.user)
        table = services.save_table(
            spec,
            name=request.POST.get("name", ""),
            is_shared=bool(request.POST.get("is_shared")),
            at=timezone.now(),
            by=request.user,
        )
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect(reverse("stattables:build") + "?" + request.POST.urlencode())
    messages.success(request, _g("The table is saved."))
    return redirect("stattables:saved", pk=table.pk)


def _saved_table(request: HttpRequest, pk: int) -> SavedTable:
    return get_object_or_404(_visible_tables(request.user), pk=pk)


@login_required
@permission_required(VIEW, raise_exception=True)
def saved(request: HttpRequest, pk: int) -> HttpResponse:
    saved_table = _saved_table(request, pk)
    today = timezone.localdate()
    context: dict[str, Any] = {"saved": saved_table, "table": None, "frequencies": Schedule.Frequency.choices}
    try:
        spec, branch = specs.checked_scope(specs.from_saved(saved_table, today=today), request.user)
        table = compute(spec, branch=branch, today=today)
    except Refused as refusal:
        context["refusal"] = refusal.message
        return render(request, "stattables/saved.html", context)
    file_format = request.GET.get("export", "")
    if file_format in FORMATS:
        return _file(request, table, file_format, f"table-{saved_table.pk}")
    context.update(table=table, spec=spec, schedules=saved_table.schedules.all(), formats=list(FORMATS))
    return render(request, "stattables/saved.html", context)


@login_required
@permission_required("stattables.delete_savedtable", raise_exception=True)
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved_table = _saved_table(request, pk)
    try:
        services.delete_table(saved_table, at=timezone.now(), by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("stattables:saved", pk=pk)
    messages.success(request, _g("The table is deleted."))
    return redirect("stattables:index")


@login_required
@permission_required("stattables.add_schedule", raise_exception=True)
@require_POST
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    saved_table = _saved_table(request, pk)
    try:
        services.add_schedule(
            saved_table,
            frequency=request.POST.get("frequency", ""),
            recipients=request.POST.get("recipients", ""),
            at=timezone.now(),
            by=request.user,
        )
    except ValueError:
        messages.error(request, _g("Choose how often the table is sent."))
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _g("The table will be sent by e-mail."))
    return redirect("stattables:saved", pk=pk)


@login_required
@permission_required("stattables.delete_schedule", raise_exception=True)
@require_POST
def unschedule(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Schedule.objects.select_related("table"), pk=pk, table__in=_visible_tables(request.user))
    try:
        services.remove_schedule(found, at=timezone.now(), by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    return redirect("stattables:saved", pk=found.table_id)


# Ready tables with readers' names in them need the permission of the list they come from.
READY_PERMISSIONS = {"601": "circulation.view_overdue_list"}


@login_required
@permission_required(VIEW, raise_exception=True)
def ready(request: HttpRequest, code: str) -> HttpResponse:
    ready_table = ready_tables.READY.get(code)
    if ready_table is None:
        raise Http404
    needed = READY_PERMISSIONS.get(code)
    if needed and not request.user.has_perm(needed):
        raise PermissionDenied
    today = timezone.localdate()
    # A list as of a day (the overdue readers) is as of today unless a period says otherwise.
    period_name = request.GET.get("period", "last_month" if ready_table.has_period else "this_month")
    context: dict[str, Any] = {
        "ready": ready_table,
        "table": None,
        "period_name": period_name,
        **_choices(request.user),
    }
    try:
        data = request.GET
        first, last = (specs.date_param(specs.one_param(data, key)) for key in ("first", "last"))
        period = specs.period_for(period_name, first, last, today=today)
        branch = specs.scope(specs.TableSpec("", branch_code=specs.one_param(data, "branch")), request.user)
        table = ready_tables.build(code, period, branch)
    except Refused as refusal:
        context["refusal"] = refusal.message
        return render(request, "stattables/ready.html", context, status=400)
    file_format = request.GET.get("export", "")
    if file_format in FORMATS:
        return _file(request, table, file_format, f"ready-{code}")
    query = request.GET.copy()
    query.pop("export", None)
    context.update(table=table, query=query.urlencode(), branch_code=branch.code if branch else "")
    return render(request, "stattables/ready.html", context)
