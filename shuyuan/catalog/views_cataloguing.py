"""Staff pages of the cataloguing desk: the record editor (form, CIP, tag editor), copies and call
numbers, the work queue, labels and the CLC's classes. Thin: read the input, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shuyuan.catalog import cip, clc, labels
from shuyuan.catalog.errors import CatalogRefused, MarcRefused, Reason
from shuyuan.catalog.forms_cataloguing import CipForm, CopiesForm, LabelsForm, MarcForm, RecordForm
from shuyuan.catalog.marc import MarcFormat
from shuyuan.catalog.marc.editing import Finding, LineProblem, definitions, parse_text, to_text
from shuyuan.catalog.models import Item, Record
from shuyuan.catalog.queries_cataloguing import NEXT_STEPS, already_held, items_for_labels, library_name, work_queue
from shuyuan.catalog.records import stored_marc
from shuyuan.catalog.services_cataloguing import (
    add_copies,
    assign_call_number,
    note_labels_printed,
    save_marc,
    save_record,
)

LINE_PROBLEMS = {
    LineProblem.BAD_TAG: gettext_lazy("the tag must be three letters or digits"),
    LineProblem.BROKEN_INDICATOR: gettext_lazy("broken indicator: two characters, digits, lower-case letters or #"),
    LineProblem.UNDEFINED_INDICATOR: gettext_lazy("this indicator value is not defined for the field"),
    LineProblem.NO_SUBFIELDS: gettext_lazy("a data field needs subfields such as $a"),
    LineProblem.BAD_SUBFIELD_CODE: gettext_lazy("a subfield code is one lower-case letter or digit"),
    LineProblem.UNDEFINED_SUBFIELD: gettext_lazy("this subfield is not defined for the field"),
    LineProblem.BAD_LEADER: gettext_lazy("the leader has 24 characters"),
    LineProblem.NO_TITLE: gettext_lazy("the record has no title field"),
}


def describe(finding: Finding) -> str:
    where = _("line %(line)d") % {"line": finding.line} if finding.line else _("the record")
    detail = f" ({finding.detail})" if finding.detail else ""
    return f"{where}, {finding.tag}: {LINE_PROBLEMS[finding.problem]}{detail}"


def _format_of(request: HttpRequest, record: Record | None) -> MarcFormat:
    if record is not None and record.marc_format:
        return MarcFormat(record.marc_format)
    return MarcFormat.MARC21 if request.POST.get("marc_format") == "marc21" else MarcFormat.CNMARC


def _editor(request: HttpRequest, record: Record | None, **context: Any) -> HttpResponse:
    marc_format = _format_of(request, record)
    if "marc_form" not in context:
        marc = stored_marc(record) if record is not None else None
        text = to_text(marc) if marc is not None else ""
        context["marc_form"] = MarcForm(initial={"text": text})
    context.setdefault("form", RecordForm(initial=RecordForm.initial_of(record) if record else {"language": "chi"}))
    context.setdefault("cip_form", CipForm())
    context.setdefault("copies_form", CopiesForm())
    items = Item.objects.filter(record=record).order_by("call_number_sort", "barcode") if record else []
    context.update(
        record=record,
        marc_format=marc_format.value,
        items=items,
        clc_choices=[entry for top in clc.TOP_CLASSES for entry in clc.second_level(top)],
        top_classes=clc.TOP_CLASSES.items(),
    )
    return render(request, "catalog/editor.html", context)


@login_required
@permission_required("catalog.add_record", raise_exception=True)
def record_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and request.POST.get("action") == "cip":
        return _read_cip(request, None)
    if request.method == "POST" and request.POST.get("action") == "marc":
        return _save_marc(request, None)
    if request.method == "POST":
        return _save_form(request, None)
    return _editor(request, None)


@login_required
@permission_required("catalog.change_record", raise_exception=True)
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(Record, pk=pk)
    if request.method == "POST" and request.POST.get("action") == "marc":
        return _save_marc(request, record)
    if request.method == "POST":
        return _save_form(request, record)
    return _editor(request, record)


def _read_cip(request: HttpRequest, record: Record | None) -> HttpResponse:
    cip_form = CipForm(request.POST)
    if not cip_form.is_valid():
        return _editor(request, record, cip_form=cip_form)
    block = cip.parse(cip_form.cleaned_data["text"])
    if not block.is_readable:
        messages.error(request, str(Reason.UNREADABLE_CIP.label))
        return _editor(request, record, cip_form=cip_form)
    form = RecordForm(initial=RecordForm.initial_of_cip(block))
    return _editor(request, record, form=form, cip_form=cip_form, cip_unread=block.unread, from_cip=True)


def _save_form(request: HttpRequest, record: Record | None) -> HttpResponse:
    form = RecordForm(request.POST)
    if not form.is_valid():
        return _editor(request, record, form=form)
    values = form.cleaned_data
    held = already_held(
        isbn=values["isbn"], title=values["title"], responsibility=values["responsibility"],
        exclude=record.pk if record else None,
    )  # fmt: skip
    if held and not request.POST.get("confirm"):
        return _editor(request, record, form=form, held=held)
    try:
        saved = save_record(record, values, marc_format=_format_of(request, record), at=timezone.now(), by=request.user)
    except CatalogRefused as refused:
        form.add_error(_field_of(refused.reason), f"{refused.reason.label}: {refused.detail}".rstrip(": "))
        return _editor(request, record, form=form)
    messages.success(request, _("Saved “%(title)s”.") % {"title": saved.title})
    return redirect("catalog:record_edit", pk=saved.pk)


def _field_of(reason: Any) -> str | None:
    fields = {Reason.INVALID_ISBN: "isbn", Reason.INVALID_ISSN: "issn", Reason.UNKNOWN_CLC_CLASS: "clc"}
    return fields.get(reason, "title" if reason == Reason.NO_TITLE else None)


def _save_marc(request: HttpRequest, record: Record | None) -> HttpResponse:
    marc_form = MarcForm(request.POST)
    if not marc_form.is_valid():
        return _editor(request, record, marc_form=marc_form, tab="marc")
    text = marc_form.cleaned_data["text"]
    try:
        saved = save_marc(record, text, marc_format=_format_of(request, record), at=timezone.now(), by=request.user)
    except MarcRefused as refused:
        problems = [describe(finding) for finding in refused.findings]
        return _editor(request, record, marc_form=marc_form, marc_problems=problems, tab="marc")
    except CatalogRefused as refused:
        message = f"{refused.reason.label}: {refused.detail}".rstrip(": ")
        return _editor(request, record, marc_form=marc_form, marc_problems=[message], tab="marc")
    messages.success(request, _("Saved “%(title)s”.") % {"title": saved.title})
    return redirect(reverse("catalog:record_edit", kwargs={"pk": saved.pk}) + "#marc")


@login_required
@permission_required("catalog.add_record", raise_exception=True)
@require_POST
def marc_check(request: HttpRequest) -> JsonResponse:
    """The tag editor's text checked as the cataloguer types: each line's labels and problems."""
    marc_format = MarcFormat.MARC21 if request.POST.get("marc_format") == "marc21" else MarcFormat.CNMARC
    text = request.POST.get("text", "")[:200_000]
    parsed = parse_text(text, marc_format)
    known = definitions(marc_format)
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        tag = line[:3]
        definition = known.get(tag)
        codes = [part[:1] for part in line.replace("$$", "").split("$")[1:]]
        lines.append({
            "line": number,
            "tag": tag,
            "label": definition.label if definition else ("头标区" if tag.upper() == "LDR" else ""),
            "subfields": [{"code": c, "label": definition.subfields.get(c, "") if definition else ""} for c in codes],
            "problems": [describe(f) for f in parsed.findings if f.line == number],
        })  # fmt: skip
    whole = [describe(f) for f in parsed.findings if f.line == 0]
    return JsonResponse({"lines": lines, "record": whole, "saveable": parsed.is_saveable})


@login_required
@permission_required("catalog.add_item", raise_exception=True)
@require_POST
def record_copies(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(Record, pk=pk)
    form = CopiesForm(request.POST)
    if not form.is_valid():
        return _editor(request, record, copies_form=form, tab="copies")
    data = form.cleaned_data
    try:
        items = add_copies(
            record, data["count"], collection=data["collection"], item_type=data["item_type"],
            at=timezone.now(), by=request.user, barcodes=form.barcode_list(), volume=data["volume"],
        )  # fmt: skip
    except CatalogRefused as refused:
        form.add_error("barcodes", f"{refused.reason.label}: {refused.detail}")
        return _editor(request, record, copies_form=form, tab="copies")
    messages.success(request, _("%(count)d copies added: %(barcodes)s") % {
        "count": len(items), "barcodes": "、".join(item.barcode for item in items),
    })  # fmt: skip
    return redirect(reverse("catalog:record_edit", kwargs={"pk": record.pk}) + "#copies")


@login_required
@permission_required("catalog.change_record", raise_exception=True)
@require_POST
def record_call_number(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(Record, pk=pk)
    branch = None
    first = Item.objects.filter(record=record).select_related("home_branch").first()
    if first is not None:
        branch = first.home_branch
    try:
        call_number = assign_call_number(record, branch=branch, at=timezone.now(), by=request.user)
    except CatalogRefused as refused:
        messages.error(request, f"{refused.reason.label}: {refused.detail}".rstrip(": "))
    else:
        messages.success(request, _("Call number %(call_number)s given.") % {"call_number": call_number})
    return redirect(reverse("catalog:record_edit", kwargs={"pk": record.pk}) + "#copies")


@login_required
@permission_required("catalog.view_item", raise_exception=True)
def queue(request: HttpRequest) -> HttpResponse:
    step = request.GET.get("step", "")
    entries = work_queue(step=step if step in NEXT_STEPS else "")
    return render(request, "catalog/queue.html", {"entries": entries, "steps": NEXT_STEPS.items(), "step": step})


@login_required
@permission_required("catalog.add_labelprint", raise_exception=True)
def labels_page(request: HttpRequest) -> HttpResponse:
    form = LabelsForm(request.POST or None, initial={"queue": "queue" in request.GET})
    if request.method != "POST" or not form.is_valid():
        return render(request, "catalog/labels.html", {"form": form})
    data = form.cleaned_data
    items = items_for_labels(
        barcodes=data["barcodes"].split(), import_batch_id=data["import_batch"], reason=data["reason"],
        queue=data["queue"],
    )  # fmt: skip
    kind = labels.Kind(data["kind"])
    pdf = labels.render(
        (labels.Label(item.barcode, item.call_number, item.record.title) for item in items),
        kind=kind, sheet=labels.sheet_named(data["sheet"]), library_name=library_name(), start=data["start"],
    )  # fmt: skip
    try:
        note_labels_printed(items, _kinds(kind), at=timezone.now(), by=request.user)
    except CatalogRefused as refused:
        messages.error(request, str(refused.reason.label))
        return render(request, "catalog/labels.html", {"form": form})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="labels-{timezone.localtime():%Y%m%d-%H%M}.pdf"'
    return response


def _kinds(kind: labels.Kind) -> list[str]:
    return ["barcode", "spine"] if kind is labels.Kind.BOTH else [kind.value]


@login_required
@permission_required("catalog.view_record", raise_exception=True)
def clc_classes(request: HttpRequest) -> HttpResponse:
    tops = [{"code": code, "name": name, "children": clc.second_level(code)} for code, name in clc.TOP_CLASSES.items()]
    return render(request, "catalog/clc.html", {"tops": tops})
