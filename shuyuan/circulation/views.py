"""Staff pages: the loan-rule matrix and its editor, the overdue list (催还, printable), the list of
readers with repeated long overdues, and a transfer batch's manifest. The desk page comes later."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shuyuan import spreadsheets
from shuyuan.circulation import forms, queries, rules, services
from shuyuan.circulation.errors import CirculationRefused
from shuyuan.circulation.models import LoanRule, Notice, OverdueListing, TransferBatch
from shuyuan.patrons import scoping


@login_required
@permission_required("circulation.view_loanrule", raise_exception=True)
def rule_matrix(request: HttpRequest) -> HttpResponse:
    form = forms.MatrixBranchForm(request.GET or None)
    branch = form.cleaned_data["branch"] if form.is_valid() else None
    context = {
        "form": form,
        "branch": branch,
        "matrix": queries.rule_matrix(branch),
        "rules": LoanRule.objects.select_related("patron_category", "item_type", "branch").order_by(
            "branch__code", "item_type__code", "patron_category__code"
        ),
        "defaults": rules.DEFAULT_TERMS,
        "fallback": fallback_lines(),
    }
    return render(request, "circulation/rules.html", context)


def fallback_lines() -> list[str]:
    given = {
        0: (_("this branch"), _("any branch")),
        1: (_("this item type"), _("any item type")),
        2: (_("this reader category"), _("any reader category")),
    }
    return [
        " × ".join(given[i][0] if flag else given[i][1] for i, flag in enumerate(step)) for step in rules.FALLBACK_ORDER
    ]


@login_required
@permission_required("circulation.change_loanrule", raise_exception=True)
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    rule = get_object_or_404(LoanRule, pk=pk) if pk is not None else None
    initial = {k: request.GET[k] for k in ("patron_category", "item_type", "branch") if request.GET.get(k)}
    form = forms.LoanRuleForm(request.POST or None, instance=rule, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_loan_rule(form.save(commit=False), at=timezone.now(), by=request.user)
        except CirculationRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The loan rule was saved."))
            return redirect("circulation:rules")
    return render(request, "circulation/rule_edit.html", {"form": form, "rule": rule})


@login_required
@permission_required("circulation.delete_loanrule", raise_exception=True)
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.delete_loan_rule(get_object_or_404(LoanRule, pk=pk), at=timezone.now(), by=request.user)
    messages.success(request, _("The loan rule was deleted."))
    return redirect("circulation:rules")


OVERDUE_PAGE_SIZE = 100
EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


@login_required
@permission_required("circulation.view_overdue_list", raise_exception=True)
def overdue(request: HttpRequest) -> HttpResponse:
    form = forms.OverdueFilterForm(request.GET or None, user=request.user)
    branch, min_days = None, 1
    if form.is_valid():
        branch = form.cleaned_data["branch"]
        min_days = form.cleaned_data["min_days"] or 1
    now = timezone.now()
    loans = scoping.rows_of_visible_readers(
        queries.overdue_loans(at=now, branch=branch, min_days=min_days), request.user
    )
    file_format = request.GET.get("export", "")
    if file_format in EXPORT_FORMATS:
        return overdue_file(request, queries.overdue_lines(loans, at=now), file_format, now)
    context = {"form": form, "now": now, "branch": branch, "readers": loans.values("patron").distinct().count()}
    if request.GET.get("print"):
        lines = queries.overdue_lines(loans, at=now)
        return render(request, "circulation/overdue_print.html", {**context, "lines": lines, "total": len(lines)})
    page = Paginator(loans, OVERDUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        page=page,
        lines=queries.overdue_lines(page.object_list, at=now),
        total=page.paginator.count,
        query=query.urlencode(),
    )
    return render(request, "circulation/overdue.html", context)


def overdue_file(
    request: HttpRequest, lines: list[queries.OverdueLine], file_format: str, now: datetime
) -> HttpResponse:
    rows = services.export_overdue_list(lines, file_format=file_format, at=now, by=request.user)
    header = [str(column) for column in services.OVERDUE_EXPORT_COLUMNS]
    if file_format == "csv":
        body = spreadsheets.csv_bytes(header, rows)
    else:
        body = spreadsheets.xlsx_bytes(_("Overdue list"), header, rows)
    content_type, extension = EXPORT_FORMATS[file_format]
    response = HttpResponse(body, content_type=content_type)
    name = f"overdue-{timezone.localdate(now).isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@permission_required("circulation.view_overduelisting", raise_exception=True)
def overdue_readers(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "circulation/overdue_readers.html",
        {
            "listings": scoping.rows_of_visible_readers(queries.repeated_overdue_list(), request.user),
            "form": forms.LiftForm(),
        },
    )


@login_required
@permission_required("circulation.change_overduelisting", raise_exception=True)
@require_POST
def lift_listing(request: HttpRequest, pk: int) -> HttpResponse:
    listing = scoping.reader_to_change(request, pk, OverdueListing, reader="patron")
    form = forms.LiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for lifting."))
        return redirect("circulation:overdue_readers")
    try:
        services.lift_overdue_listing(listing, note=form.cleaned_data["note"], at=timezone.now(), by=request.user)
    except CirculationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The reader may borrow again."))
    return redirect("circulation:overdue_readers")


@login_required
@permission_required("circulation.view_transferbatch", raise_exception=True)
def manifest(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(TransferBatch.objects.select_related("from_branch", "to_branch", "collection"), pk=pk)
    return render(request, "circulation/manifest.html", {"batch": batch, "lines": queries.manifest(batch)})


@login_required
@permission_required("circulation.view_notice", raise_exception=True)
def notices(request: HttpRequest) -> HttpResponse:
    """Recent notices and how their delivery went, newest first; phones masked."""
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    rows = scoping.rows_of_visible_readers(Notice.objects.select_related("patron"), request.user)
    rows = rows.order_by("-created_at", "-pk")
    if kind in Notice.Kind.values:
        rows = rows.filter(kind=kind)
    if status in Notice.Status.values:
        rows = rows.filter(status=status)
    context = {
        "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        "kinds": Notice.Kind.choices,
        "statuses": Notice.Status.choices,
        "kind": kind,
        "status": status,
    }
    return render(request, "circulation/notices.html", context)
