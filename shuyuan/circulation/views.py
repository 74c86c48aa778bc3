"""Staff pages: the loan-rule matrix and its editor, the overdue list (催还, printable) and the
overdue call list (催还电话), the list of readers with repeated long overdues, a transfer batch's
manifest, the notices and the editor of their texts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shuyuan import spreadsheets
from shuyuan.circulation import forms, notice_texts, queries, rules, services, sms
from shuyuan.circulation.errors import CirculationRefused, TemplateRefused
from shuyuan.circulation.models import LoanRule, Notice, NoticeTemplate, OverdueListing, TransferBatch
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


@login_required
@permission_required("circulation.view_overdue_list", raise_exception=True)
def call_list(request: HttpRequest) -> HttpResponse:
    """The overdue call list (催还电话): one line per reader to phone, with the masked number (a
    guardian's for a child without one), the books and the oldest due date; printable per branch.
    Staff with the reveal permission see a number through the readers' audited reveal."""
    form = forms.OverdueFilterForm(request.GET or None, user=request.user)
    branch, min_days = None, 1
    if form.is_valid():
        branch = form.cleaned_data["branch"]
        min_days = form.cleaned_data["min_days"] or 1
    now = timezone.now()
    loans = scoping.rows_of_visible_readers(
        queries.overdue_loans(at=now, branch=branch, min_days=min_days), request.user
    )
    calls = queries.call_list(loans, at=now)
    context = {"form": form, "now": now, "branch": branch, "calls": calls, "printing": bool(request.GET.get("print"))}
    template = "circulation/call_list_print.html" if context["printing"] else "circulation/call_list.html"
    return render(request, template, context)


# ---- notice templates ---------------------------------------------------------------------------


def notice_kind(kind: str) -> str:
    if kind not in Notice.Kind.values:
        raise Http404
    return kind


@login_required
@permission_required("circulation.view_noticetemplate", raise_exception=True)
def notice_templates(request: HttpRequest) -> HttpResponse:
    own = {t.kind: t for t in NoticeTemplate.objects.all()}
    rows = [
        {"kind": kind, "label": label, "own": own.get(kind), "text": own[kind].text if kind in own else
         notice_texts.default_template(kind)}
        for kind, label in Notice.Kind.choices
    ]  # fmt: skip
    return render(request, "circulation/notice_templates.html", {"rows": rows})


def preview_of(kind: str, text: str) -> dict[str, Any]:
    """What a draft template would send, with sample values; or why it cannot be used."""
    try:
        template = notice_texts.check(kind, text)
    except TemplateRefused as refused:
        return {"ok": False, "error": refused.message}
    try:
        signature = sms.load_config().signature
    except sms.ImproperlyConfigured:
        signature = ""
    today = timezone.localdate()
    detail = {
        "due": (today + timedelta(days=3)).isoformat(),
        "branch": _("Central library"),
        "collect_by": (today + timedelta(days=7)).isoformat(),
        "first": today.isoformat(),
        "last": (today + timedelta(days=14)).isoformat(),
    }
    text = sms.compose(
        kind, titles=[str(_("Ordinary World"))], detail=detail, step=2, signature=signature, template=template
    )
    count = notice_texts.sms_count(text)
    return {
        "ok": True,
        "text": text,
        "length": len(text),
        "sms": count,
        "note": _("%(length)d characters: %(sms)d SMS") % {"length": len(text), "sms": count},
    }


@login_required
@permission_required("circulation.change_noticetemplate", raise_exception=True)
def notice_template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    kind = notice_kind(kind)
    stored = NoticeTemplate.objects.filter(kind=kind).first()
    text = request.POST.get("text", "")[:2000] if request.method == "POST" else ""
    text = text or (stored.text if stored else notice_texts.default_template(kind))
    error = ""
    if request.method == "POST" and request.POST.get("action") == "save":
        try:
            services.save_notice_template(kind, text, at=timezone.now(), by=request.user)
        except TemplateRefused as refused:
            error = refused.message
        else:
            messages.success(request, _("The notice text was saved; send_notices uses it from now on."))
            return redirect("circulation:notice_templates")
    context = {
        "kind": kind,
        "label": Notice.Kind(kind).label,
        "text": text,
        "stored": stored,
        "error": error,
        "preview": preview_of(kind, text),
        "placeholders": [(name, notice_texts.PLACEHOLDERS[name]) for name in notice_texts.ALLOWED[kind]],
    }
    return render(request, "circulation/notice_template_edit.html", context, status=400 if error else 200)


@login_required
@permission_required("circulation.change_noticetemplate", raise_exception=True)
@require_POST
def notice_template_preview(request: HttpRequest, kind: str) -> JsonResponse:
    """The live preview of the editor: the draft filled with sample values, or why it is refused."""
    return JsonResponse(preview_of(notice_kind(kind), request.POST.get("text", "")[:2000]))


@login_required
@permission_required("circulation.change_noticetemplate", raise_exception=True)
@require_POST
def notice_template_reset(request: HttpRequest, kind: str) -> HttpResponse:
    services.reset_notice_template(notice_kind(kind), at=timezone.now(), by=request.user)
    messages.success(request, _("The built-in text is used again."))
    return redirect("circulation:notice_templates")
