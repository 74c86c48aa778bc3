"""Staff pages of shelf work: scanning to change status, inventories, RFID tags, weeding batches and
the re-cataloguing progress board. Thin: read the input, call one service, render."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shuyuan.branches.models import Branch
from shuyuan.branches.scoping import acts_everywhere, branches_for, can_act_in
from shuyuan.catalog.models import Item
from shuyuan.catalog.queries import item_by_barcode
from shuyuan.inputs import date_param
from shuyuan.shelving import forms, queries, services
from shuyuan.shelving.errors import Reason, ShelvingRefused
from shuyuan.shelving.inventory import report
from shuyuan.shelving.models import Inventory, WeedingBatch, WeedingEntry
from shuyuan.shelving.rules import Action
from shuyuan.shelving.services import Outcome
from shuyuan.spreadsheets import stream_rows

SHOWN = 200  # rows of a report section on the page; the CSV has them all
KEPT_SCANS = 100  # scans the scanning page remembers, newest first


def _rows(outcomes: list[Outcome]) -> list[dict[str, Any]]:
    return [
        {
            "code": o.code,
            "line": o.line,
            "done": o.done,
            "message": o.message,
            "title": o.item.record.title if o.item is not None else "",
            "call_number": o.item.call_number if o.item is not None else "",
        }
        for o in outcomes
    ]


def _refusal_text(refused: Exception) -> str:
    if isinstance(refused, ValidationError):
        return " ".join(str(message) for message in refused.messages)
    return str(refused)


# ----------------------------------------------------------------------------- scanning


@login_required
@permission_required("shelving.scan_shelf", raise_exception=True)
def scan(request: HttpRequest) -> HttpResponse:
    """Scan to take items off the shelf, put them back or send them to binding: each scan is
    answered on the page, the failures with their reason, newest first."""
    kept: list[dict[str, Any]] = request.session.get("shelving_scans", [])
    form = forms.ScanForm(request.POST or None)
    action = Action.SHELVE
    if request.method == "POST" and form.is_valid():
        action = Action(form.cleaned_data["action"])
        try:
            outcomes = services.change_status_by_scan(form.code_list(), action, at=timezone.now(), by=request.user)
        except ShelvingRefused as refused:
            messages.error(request, refused.message)
        else:
            label = str(action.label)
            kept = [{**row, "action": label} for row in reversed(_rows(outcomes))] + kept
            request.session["shelving_scans"] = kept[:KEPT_SCANS]
        form = forms.ScanForm(initial={"action": action})
    done = sum(1 for row in kept if row["done"])
    return render(
        request,
        "shelving/scan.html",
        {"form": form, "scans": kept, "done": done, "refused": len(kept) - done},
    )


@login_required
@permission_required("shelving.scan_shelf", raise_exception=True)
@require_POST
def scan_clear(request: HttpRequest) -> HttpResponse:
    request.session.pop("shelving_scans", None)
    return redirect("shelving:scan")


# ----------------------------------------------------------------------------- inventory


def _inventory_in_scope(request: HttpRequest, pk: int) -> Inventory:
    """An inventory of one of the staff member's branches: another branch's is not theirs to take."""
    found = get_object_or_404(Inventory.objects.select_related("branch", "collection"), pk=pk)
    if not can_act_in(request.user, found.branch):
        raise PermissionDenied
    return found


@login_required
@permission_required("shelving.view_inventory", raise_exception=True)
def inventories(request: HttpRequest) -> HttpResponse:
    form = forms.InventoryForm(request.POST or None, branches=branches_for(request.user))
    if request.method == "POST":
        if not request.user.has_perm("shelving.add_inventory"):
            return HttpResponse(status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                inventory = services.start_inventory(
                    data["name"], branch=data["branch"], collection=data["collection"],
                    call_number_from=data["call_number_from"], call_number_to=data["call_number_to"],
                    at=timezone.now(), by=request.user,
                )  # fmt: skip
            except ShelvingRefused as refused:
                form.add_error(None, refused.message)
            else:
                return redirect("shelving:inventory", pk=inventory.pk)
    listed = Inventory.objects.filter(branch__in=branches_for(request.user)).select_related("branch", "collection")[
        :100
    ]
    return render(request, "shelving/inventories.html", {"form": form, "inventories": listed})


@login_required
@permission_required("shelving.view_inventory", raise_exception=True)
def inventory(request: HttpRequest, pk: int) -> HttpResponse:
    return _inventory_page(request, _inventory_in_scope(request, pk))


def _inventory_page(request: HttpRequest, the_inventory: Inventory, **context: Any) -> HttpResponse:
    found = report(the_inventory)
    sections = [(key, title, len(rows), rows[:SHOWN]) for key, title, rows in found.sections()]
    context.setdefault("scan_form", forms.InventoryScanForm())
    context.setdefault("file_form", forms.ReaderFileForm())
    return render(
        request,
        "shelving/inventory.html",
        {"inventory": the_inventory, "report": found, "sections": sections, "shown": SHOWN, **context},
    )


@login_required
@permission_required("shelving.change_inventory", raise_exception=True)
@require_POST
def inventory_scan(request: HttpRequest, pk: int) -> HttpResponse:
    the_inventory = _inventory_in_scope(request, pk)
    form = forms.InventoryScanForm(request.POST)
    if not form.is_valid():
        return _inventory_page(request, the_inventory, scan_form=form)
    try:
        outcomes = services.record_scans(the_inventory, [form.cleaned_data["code"]], at=timezone.now(), by=request.user)
    except ShelvingRefused as refused:
        messages.error(request, refused.message)
    else:
        for outcome in outcomes:
            if outcome.done:
                messages.success(request, _("Read %(code)s.") % {"code": outcome.code})
            else:
                messages.error(request, f"{outcome.code}：{outcome.message}")
    return redirect("shelving:inventory", pk=pk)


@login_required
@permission_required("shelving.change_inventory", raise_exception=True)
@require_POST
def inventory_file(request: HttpRequest, pk: int) -> HttpResponse:
    the_inventory = _inventory_in_scope(request, pk)
    form = forms.ReaderFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _inventory_page(request, the_inventory, file_form=form)
    try:
        outcomes = services.import_reader_file(the_inventory, form.text(), at=timezone.now(), by=request.user)
    except (ShelvingRefused, ValidationError) as refused:
        messages.error(request, _refusal_text(refused))
        return redirect("shelving:inventory", pk=pk)
    failed = [o for o in outcomes if not o.done]
    messages.success(request, _("%(count)d lines read.") % {"count": len(outcomes) - len(failed)})
    return _inventory_page(request, the_inventory, file_problems=_rows(failed[:SHOWN]), file_failed=len(failed))


@login_required
@permission_required("shelving.confirm_inventory", raise_exception=True)
@require_POST
def inventory_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    the_inventory = _inventory_in_scope(request, pk)
    try:
        done = services.confirm_inventory(the_inventory, at=timezone.now(), by=request.user)
    except ShelvingRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Inventory confirmed: %(missing)d items marked missing, %(found)d back on the shelf.")
            % {"missing": done.marked_missing, "found": done.found_again},
        )
    return redirect("shelving:inventory", pk=pk)


@login_required
@permission_required("shelving.view_inventory", raise_exception=True)
def inventory_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    the_inventory = _inventory_in_scope(request, pk)
    found = report(the_inventory)

    def rows() -> Any:
        yield [_("section"), _("barcode"), _("call number"), _("status"), _("note"), _("line of the file")]
        for _key, title, section in found.sections():
            for finding in section:
                yield [title, finding.code, finding.call_number, finding.status_label, finding.note, finding.line or ""]

    response = StreamingHttpResponse(stream_rows(rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inventory-{the_inventory.pk}.csv"'
    return response


# ----------------------------------------------------------------------------- RFID


@login_required
@permission_required("shelving.link_rfid", raise_exception=True)
def rfid(request: HttpRequest) -> HttpResponse:
    """Scan the tag, then the barcode: a scanner's Enter after the tag brings the page back with the
    tag kept and the barcode field in focus."""
    form = forms.LinkTagForm(request.POST or None)
    linked = None
    if request.method == "POST" and form.is_valid():
        tag, barcode = form.cleaned_data["tag"], form.cleaned_data["barcode"].strip()
        if not barcode:
            return render(
                request, "shelving/rfid.html", {"form": form, "file_form": forms.TagFileForm(), "waiting": True}
            )
        item = item_by_barcode(barcode)
        try:
            if item is None:
                raise ShelvingRefused(Reason.UNKNOWN_CODE)
            linked = services.link_tag(item, tag, at=timezone.now(), by=request.user)
        except ShelvingRefused as refused:
            messages.error(request, f"{barcode}：{refused.message}")
            return render(request, "shelving/rfid.html", {"form": form, "file_form": forms.TagFileForm()})
        form = forms.LinkTagForm()
    return render(request, "shelving/rfid.html", {"form": form, "file_form": forms.TagFileForm(), "linked": linked})


@login_required
@permission_required("shelving.link_rfid", raise_exception=True)
@require_POST
def rfid_file(request: HttpRequest) -> HttpResponse:
    file_form = forms.TagFileForm(request.POST, request.FILES)
    context: dict[str, Any] = {"form": forms.LinkTagForm(), "file_form": file_form}
    if file_form.is_valid():
        try:
            outcomes = services.import_tag_file(file_form.text(), at=timezone.now(), by=request.user)
        except (ShelvingRefused, ValidationError) as refused:
            messages.error(request, _refusal_text(refused))
        else:
            failed = [o for o in outcomes if not o.done]
            messages.success(request, _("%(count)d tags linked.") % {"count": len(outcomes) - len(failed)})
            context.update(file_problems=_rows(failed[:SHOWN]), file_failed=len(failed))
    return render(request, "shelving/rfid.html", context)


# ----------------------------------------------------------------------------- weeding


@login_required
@permission_required("shelving.view_weedingbatch", raise_exception=True)
def weeding(request: HttpRequest) -> HttpResponse:
    form = forms.WeedingForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("shelving.add_weedingbatch"):
            return HttpResponse(status=403)
        if form.is_valid():
            data = form.cleaned_data
            batch = services.start_weeding(
                data["name"], data["reason"], note=data["note"], at=timezone.now(), by=request.user
            )
            return redirect("shelving:weeding_batch", pk=batch.pk)
    return render(request, "shelving/weeding.html", {"form": form, "batches": WeedingBatch.objects.all()[:100]})


@login_required
@permission_required("shelving.view_weedingbatch", raise_exception=True)
def weeding_batch(request: HttpRequest, pk: int, **context: Any) -> HttpResponse:
    batch = get_object_or_404(WeedingBatch, pk=pk)
    kinds, volumes, total = queries.batch_totals(batch)
    context.setdefault("scan_form", forms.WeedingScanForm())
    return render(
        request,
        "shelving/weeding_batch.html",
        {
            "batch": batch, "entries": batch.entries.all(), "kinds": kinds, "volumes": volumes, "total": total,
            "decision_form": forms.DecisionForm(), **context,
        },
    )  # fmt: skip


def _weeding_step(request: HttpRequest, pk: int, step: Any, done: str) -> HttpResponse:
    batch = get_object_or_404(WeedingBatch, pk=pk)
    note = request.POST.get("note", "")[:300]
    try:
        step(batch, note=note, at=timezone.now(), by=request.user)
    except ShelvingRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done)
    return redirect("shelving:weeding_batch", pk=pk)


@login_required
@permission_required("shelving.change_weedingbatch", raise_exception=True)
@require_POST
def weeding_add(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(WeedingBatch, pk=pk)
    form = forms.WeedingScanForm(request.POST)
    if not form.is_valid():
        return weeding_batch(request, pk, scan_form=form)
    try:
        mine = None if acts_everywhere(request.user) else set(branches_for(request.user).values_list("pk", flat=True))
        outcomes = services.add_to_weeding(
            batch, form.cleaned_data["codes"].splitlines(), at=timezone.now(), by=request.user, branches=mine
        )
    except ShelvingRefused as refused:
        messages.error(request, refused.message)
        return redirect("shelving:weeding_batch", pk=pk)
    failed = [o for o in outcomes if not o.done]
    messages.success(request, _("%(count)d items added.") % {"count": len(outcomes) - len(failed)})
    return weeding_batch(request, pk, scan_problems=_rows(failed))


@login_required
@permission_required("shelving.change_weedingbatch", raise_exception=True)
@require_POST
def weeding_remove(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(WeedingBatch, pk=pk)
    entries = WeedingEntry.objects.filter(batch=batch, pk__in=request.POST.getlist("entry")[:1000])
    try:
        services.remove_from_weeding(batch, list(entries), at=timezone.now(), by=request.user)
    except ShelvingRefused as refused:
        messages.error(request, refused.message)
    return redirect("shelving:weeding_batch", pk=pk)


@login_required
@permission_required("shelving.change_weedingbatch", raise_exception=True)
@require_POST
def weeding_submit(request: HttpRequest, pk: int) -> HttpResponse:
    def submit(batch: WeedingBatch, *, note: str, **kwargs: Any) -> WeedingBatch:
        return services.submit_weeding(batch, **kwargs)

    return _weeding_step(request, pk, submit, _("Sent for approval."))


@login_required
@permission_required("shelving.approve_weedingbatch", raise_exception=True)
@require_POST
def weeding_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _weeding_step(request, pk, services.approve_weeding, _("Approved: the items are withdrawn."))


@login_required
@permission_required("shelving.approve_weedingbatch", raise_exception=True)
@require_POST
def weeding_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    return _weeding_step(request, pk, services.send_back_weeding, _("Sent back to be drawn up again."))


@login_required
@permission_required("shelving.view_weedingbatch", raise_exception=True)
def weeding_list(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The withdrawal list (注销清单) a library files: every item with its call number and price, and
    the totals in kinds and volumes."""
    batch = get_object_or_404(WeedingBatch, pk=pk)
    kinds, volumes, total = queries.batch_totals(batch)

    def rows() -> Any:
        yield [_("weeding batch"), batch.name, _("reason"), batch.get_reason_display(), _("status"),
               batch.get_status_display()]  # fmt: skip
        yield [_("barcode"), _("title"), _("call number"), _("price")]
        for entry in batch.entries.all():
            yield [entry.barcode, entry.title, entry.call_number, entry.price if entry.price is not None else ""]
        yield [_("kinds"), kinds, _("volumes"), volumes, _("total price"), total]

    response = StreamingHttpResponse(stream_rows(rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="withdrawals-{batch.pk}.csv"'
    return response


# ----------------------------------------------------------------------------- progress


@login_required
@permission_required("catalog.view_item", raise_exception=True)
def progress(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    last = date_param(request.GET, "to", today)
    first = date_param(request.GET, "from", last - timedelta(days=13))
    if first > last or (last - first).days > 366:
        first = last - timedelta(days=13)
    branch_code = request.GET.get("branch", "")
    branch = Branch.objects.filter(code=branch_code).first() if branch_code else None
    board = queries.progress(first, last, branch_id=branch.pk if branch else None)
    return render(
        request,
        "shelving/progress.html",
        {
            "board": board, "first": first, "last": last, "branch": branch,
            "branches": Branch.objects.order_by("code"), "status_in_processing": Item.Status.IN_PROCESSING.label,
            "withdrawn": queries.withdrawn(first, last),
        },
    )  # fmt: skip
