"""The staff page of the work report: choose a period, write the narratives, download the three
files, and keep the library's Word template."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shuyuan.branches.models import Branch
from shuyuan.branches.scoping import acts_everywhere, branches_for
from shuyuan.stats.figures import Period, StatsRefusal
from shuyuan.workreport import context, documents, queries, services, word
from shuyuan.workreport.errors import WorkReportRefused
from shuyuan.workreport.forms import NarrativesForm, PeriodForm, TemplateForm
from shuyuan.workreport.models import Section

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _default_period(today: date) -> tuple[date, date]:
    """The last half-year that has ended (the seed report's period)."""
    if today.month > 6:
        return date(today.year, 1, 1), date(today.year, 6, 30)
    return date(today.year - 1, 7, 1), date(today.year - 1, 12, 31)


def _branch(request: HttpRequest, code: str) -> Branch | None:
    """The whole library for staff of every branch (or the branch they chose); one's own branch otherwise."""
    if acts_everywhere(request.user):
        return Branch.objects.filter(code=code).first() if code else None
    own = branches_for(request.user)
    chosen = own.filter(code=code).first() if code else None
    if chosen is None:
        chosen = own.order_by("pk").first()
    if chosen is None:
        raise PermissionDenied
    return chosen


def _period(request: HttpRequest, data) -> tuple[Period | None, Branch | None, PeriodForm, str]:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    first, last = _default_period(today)
    form = PeriodForm(data or None, initial={"first": first, "last": last})
    if data:
        if not form.is_valid():
            return None, None, form, _("Give the first and the last day as dates.")
        first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    branch = _branch(request, (data or {}).get("branch", ""))
    try:
        return Period.checked(first, last, today=today), branch, form, ""
    except StatsRefusal as exc:
        return None, branch, form, exc.message


def _query(period: Period, branch: Branch | None) -> str:
    params = {"first": period.first.isoformat(), "last": period.last.isoformat()}
    if branch is not None:
        params["branch"] = branch.code
    return urlencode(params)


@login_required
@permission_required("workreport.view_report", raise_exception=True)
def page(request: HttpRequest) -> HttpResponse:
    period, branch, form, problem = _period(request, request.GET)
    narratives = NarrativesForm(initial=queries.narratives_for(period, branch)) if period else None
    return render(
        request,
        "workreport/page.html",
        {
            "form": form,
            "problem": problem,
            "period": period,
            "branch": branch,
            "branches": branches_for(request.user) if acts_everywhere(request.user) else [],
            "query": _query(period, branch) if period else "",
            "narratives": narratives,
            "saved": queries.find(period, branch) if period else None,
            "template": queries.current_template(),
            "template_form": TemplateForm(),
            "variables": context.VARIABLES,
        },
    )


@login_required
@permission_required("workreport.change_report", raise_exception=True)
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    period, branch, _form, problem = _period(request, request.POST)
    if period is None:
        messages.error(request, problem)
        return redirect("workreport:page")
    form = NarrativesForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("The narratives are too long."))
    try:
        services.save_narratives(
            period,
            {section: form.cleaned_data[section] for section in Section.values},
            branch=branch,
            at=timezone.now(),
            by=request.user,
        )
    except WorkReportRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The narratives are saved with the report."))
    return redirect(f"{reverse('workreport:page')}?{_query(period, branch)}")


@login_required
@permission_required("workreport.view_report", raise_exception=True)
def download(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in CONTENT_TYPES:
        return HttpResponse(status=404)
    period, branch, _form, problem = _period(request, request.GET)
    if period is None:
        messages.error(request, problem)
        return redirect("workreport:page")
    files = documents.make(period, branch=branch)
    response = HttpResponse(getattr(files, kind), content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{files.stem}.{kind}"'
    return response


@login_required
@permission_required("workreport.add_template", raise_exception=True)
@require_POST
def template(request: HttpRequest) -> HttpResponse:
    form = TemplateForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.upload_template(upload.name, upload.read(), at=timezone.now(), by=request.user)
        except WorkReportRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The new template is used from now on."))
    return redirect("workreport:page")


@login_required
@permission_required("workreport.view_report", raise_exception=True)
def default_template(request: HttpRequest) -> HttpResponse:
    current = queries.current_template()
    content = bytes(current.content) if current and request.GET.get("which") == "current" else word.default_template()
    response = HttpResponse(content, content_type=CONTENT_TYPES["docx"])
    response["Content-Disposition"] = 'attachment; filename="work-report-template.docx"'
    return response
