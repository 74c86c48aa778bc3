"""Staff pages for imports (MARC and old-system tables) and MARC export."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shuyuan.catalog import background, services
from shuyuan.catalog.errors import CatalogRefused, reason_label
from shuyuan.catalog.exporting import ExportOptions, HoldingsMode, export_chunks, export_search_result
from shuyuan.catalog.forms import ExportForm, MappingForm, MarcUploadForm, TableUploadForm
from shuyuan.catalog.importing import ImportOptions, queue_import
from shuyuan.catalog.marc import MarcFormat, Syntax
from shuyuan.catalog.models import ImportBatch, OldBarcode, Record
from shuyuan.catalog.old_catalog import guess_mapping, read_table
from shuyuan.spreadsheets import stream_rows

STALLED_AFTER = timedelta(minutes=5)
PROBLEMS_SHOWN = 200


def _save_upload(upload: UploadedFile) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{Path(upload.name or 'upload').suffix.lower()[:10]}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


@login_required
@permission_required("catalog.view_importbatch", raise_exception=True)
def imports(request: HttpRequest) -> HttpResponse:
    context = {
        "batches": ImportBatch.objects.select_related("created_by")[:50],
        "marc_form": MarcUploadForm(),
        "table_form": TableUploadForm(),
    }
    return render(request, "catalog/imports.html", context)


@login_required
@permission_required("catalog.add_importbatch", raise_exception=True)
@require_POST
def upload_marc(request: HttpRequest) -> HttpResponse:
    form = MarcUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, error.as_text())
        return redirect("catalog:imports")
    options = ImportOptions(
        marc_format=form.cleaned_data["marc_format"],
        encoding=form.cleaned_data["encoding"],
        **form.placement_options(),
    )
    upload = form.cleaned_data["file"]
    batch = queue_import(
        ImportBatch.Kind.MARC,
        str(_save_upload(upload)),
        file_name=upload.name,
        options=options,
        dry_run=form.cleaned_data["dry_run"],
        at=timezone.now(),
        by=request.user,
    )
    background.launch(batch, by=request.user)
    return redirect("catalog:import_detail", pk=batch.pk)


@login_required
@permission_required("catalog.add_importbatch", raise_exception=True)
@require_POST
def upload_table(request: HttpRequest) -> HttpResponse:
    form = TableUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, error.as_text())
        return redirect("catalog:imports")
    options = ImportOptions(
        barcode_prefix=form.cleaned_data["barcode_prefix"],
        table_marc_format=form.cleaned_data["marc_format"] or "cnmarc",
        **form.placement_options(),
    )
    upload = form.cleaned_data["file"]
    batch = queue_import(
        ImportBatch.Kind.TABLE,
        str(_save_upload(upload)),
        file_name=upload.name,
        options=options,
        dry_run=True,
        at=timezone.now(),
        by=request.user,
    )
    return redirect("catalog:import_mapping", pk=batch.pk)


@login_required
@permission_required("catalog.add_importbatch", raise_exception=True)
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk, kind=ImportBatch.Kind.TABLE, status=ImportBatch.Status.QUEUED)
    try:
        with open(batch.path, "rb") as stream:
            headers, rows = read_table(stream, batch.file_name)
            sample = [row for _, row in zip(range(5), rows, strict=False)]
    except CatalogRefused as refused:
        messages.error(request, _("The file cannot be read: %(reason)s") % {"reason": refused})
        return redirect("catalog:imports")
    form = MappingForm(request.POST or None, headers=headers, guessed=guess_mapping(headers))
    if request.method == "POST" and form.is_valid():
        options = {**batch.options, "mapping": form.mapping()}
        dry_run = form.cleaned_data["dry_run"]
        batch = services.configure_import(batch, options=options, dry_run=dry_run, at=timezone.now(), by=request.user)
        background.launch(batch, by=request.user)
        return redirect("catalog:import_detail", pk=batch.pk)
    return render(request, "catalog/mapping.html", {"batch": batch, "form": form, "headers": headers, "sample": sample})


@login_required
@permission_required("catalog.view_importbatch", raise_exception=True)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk)
    if (
        batch.kind == ImportBatch.Kind.TABLE
        and batch.status == ImportBatch.Status.QUEUED
        and not batch.options.get("mapping")
    ):
        return redirect("catalog:import_mapping", pk=batch.pk)
    stalled = (
        batch.status == ImportBatch.Status.RUNNING
        and batch.heartbeat_at is not None
        and timezone.now() - batch.heartbeat_at > STALLED_AFTER
    )
    context = {
        "batch": batch,
        "problems": batch.problems.all()[:PROBLEMS_SHOWN],
        "more_problems": max(0, batch.problem_count - PROBLEMS_SHOWN),
        "stalled": stalled,
        "refresh": not batch.is_finished and not stalled,
        "old_barcodes": OldBarcode.objects.filter(import_batch=batch).exists(),
    }
    return render(request, "catalog/import_detail.html", context)


@login_required
@permission_required("catalog.add_importbatch", raise_exception=True)
@require_POST
def import_again(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk, status=ImportBatch.Status.DONE)
    again = services.repeat_import(batch, dry_run=False, at=timezone.now(), by=request.user)
    background.launch(again, by=request.user)
    return redirect("catalog:import_detail", pk=again.pk)


@login_required
@permission_required("catalog.view_importbatch", raise_exception=True)
def import_report(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk)

    def rows() -> Iterator[list[object]]:
        yield [_("number"), _("byte offset"), _("reason"), _("detail"), _("record skipped")]
        for problem in batch.problems.order_by("number", "id").iterator(chunk_size=2000):
            offset = problem.offset if problem.offset is not None else ""
            yield [
                problem.number,
                offset,
                reason_label(problem.reason),
                problem.detail,
                _("yes") if problem.skipped else "",
            ]

    response = StreamingHttpResponse(stream_rows(rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-report.csv"'
    return response


@login_required
@permission_required("catalog.view_importbatch", raise_exception=True)
def barcode_map(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk)

    def rows() -> Iterator[list[object]]:
        yield [_("old barcode"), _("new barcode"), _("title")]
        old = OldBarcode.objects.filter(import_batch=batch).order_by("pk")
        for old_code, new_code, title in old.values_list("barcode", "item__barcode", "item__record__title").iterator():
            yield [old_code, new_code, title]

    response = StreamingHttpResponse(stream_rows(rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-barcodes.csv"'
    return response


def _selection(form: ExportForm) -> QuerySet[Record]:
    data = form.cleaned_data
    records = Record.objects.all()
    if data["clc"]:
        records = records.filter(clc__startswith=data["clc"].strip().upper())
    if data["collection"]:
        records = records.filter(items__collection=data["collection"]).distinct()
    if data["year_from"]:
        records = records.filter(year__gte=data["year_from"])
    if data["year_to"]:
        records = records.filter(year__lte=data["year_to"])
    return records


@login_required
@permission_required("catalog.view_record", raise_exception=True)
def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    form = ExportForm(request.GET if "download" in request.GET else None)
    if not form.is_valid():
        return render(request, "catalog/export.html", {"form": form})
    data = form.cleaned_data
    options = ExportOptions(
        marc_format=MarcFormat.parse(data["marc_format"]),
        syntax=Syntax(data["syntax"]),
        encoding=data["encoding"],
        holdings=HoldingsMode(data["holdings"]),
        entered=timezone.localdate(),
    )
    text = data["q"].strip()
    chunks = export_search_result(text, options) if text else export_chunks(_selection(form), options)
    response = StreamingHttpResponse(chunks, content_type=options.content_type)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="catalogue-{stamp}.{options.file_extension}"'
    return response
