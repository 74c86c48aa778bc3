"""Staff pages of acquisitions (采访): funds, vendors, orders, receiving, suggestions, reports,
donations and the exchange pool. Every change goes through a service."""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shuyuan.acquisitions import forms, queries, services
from shuyuan.acquisitions.certificates import certificate_pdf
from shuyuan.acquisitions.errors import AcquisitionsRefused
from shuyuan.acquisitions.models import (
    Discrepancy,
    Donation,
    ExchangeFair,
    Fund,
    Order,
    OrderLine,
    PurchaseSuggestion,
    Vendor,
)


def _refused(request: HttpRequest, refusal: AcquisitionsRefused) -> None:
    messages.error(request, str(refusal))
    for problem in refusal.problems[:20]:
        messages.error(request, problem)


@login_required
@permission_required("acquisitions.view_order", raise_exception=True)
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "funds": Fund.objects.filter(is_closed=False),
        "orders": Order.objects.filter(status=Order.Status.OPEN).select_related("vendor", "fund")[:50],
        "suggestions": queries.pending_suggestions()[:10],
        "discrepancies": queries.pending_discrepancies()[:50],
        "queue": queries.processing_queue(limit=20),
    }
    return render(request, "acquisitions/home.html", context)


@login_required
@permission_required("acquisitions.view_vendor", raise_exception=True)
def vendors(request: HttpRequest) -> HttpResponse:
    form = forms.VendorForm(request.POST or None)
    if request.method == "POST" and request.user.has_perm("acquisitions.add_vendor") and form.is_valid():
        data = form.cleaned_data
        services.add_vendor(
            data["name"],
            city=data["city"],
            contact=data["contact"],
            phone=data["phone"],
            discount=data["discount"],
            at=timezone.now(),
            by=request.user,
        )
        messages.success(request, _("The vendor was added."))
        return redirect("acquisitions:vendors")
    return render(request, "acquisitions/vendors.html", {"vendors": Vendor.objects.all(), "form": form})


@login_required
@permission_required("acquisitions.view_fund", raise_exception=True)
def funds(request: HttpRequest) -> HttpResponse:
    form = forms.FundForm(request.POST or None)
    if request.method == "POST" and request.user.has_perm("acquisitions.add_fund") and form.is_valid():
        data = form.cleaned_data
        services.add_fund(
            data["code"], data["name"], data["year"], data["allocated"], at=timezone.now(), by=request.user
        )
        messages.success(request, _("The fund was added."))
        return redirect("acquisitions:funds")
    return render(request, "acquisitions/funds.html", {"funds": Fund.objects.all(), "form": form})


@login_required
@permission_required("acquisitions.change_fund", raise_exception=True)
@require_POST
def rollover(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        following = services.rollover(get_object_or_404(Fund, pk=pk), at=timezone.now(), by=request.user)
    except AcquisitionsRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("Rolled over into %(fund)s.") % {"fund": following})
    return redirect("acquisitions:funds")


@login_required
@permission_required("acquisitions.add_order", raise_exception=True)
def new_order(request: HttpRequest) -> HttpResponse:
    form = forms.OrderForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        place = {"collection": data["collection"], "item_type": data["item_type"]}
        try:
            if data["source"] == "isbn_list":
                specs = services.lines_from_isbn_list(data["isbns"], quantity=data["quantity"], **place)
            elif data["file"] is None:
                raise AcquisitionsRefused(services.Reason.UNREADABLE_FILE)
            elif data["source"] == "vendor_list":
                specs = services.lines_from_vendor_list(data["file"].read(), **place)
            else:
                specs = services.lines_from_marc(data["file"].read(), quantity=data["quantity"], **place)
            order = services.place_order(
                data["vendor"],
                data["fund"],
                specs,
                source=data["source"],
                note=data["note"],
                at=timezone.now(),
                by=request.user,
            )
        except AcquisitionsRefused as refusal:
            _refused(request, refusal)
        else:
            for warning in order.warnings:
                messages.warning(request, warning)
            messages.success(request, _("Order %(number)s was placed.") % {"number": order.number})
            return redirect("acquisitions:order", pk=order.pk)
    return render(request, "acquisitions/new_order.html", {"form": form})


@login_required
@permission_required("acquisitions.view_order", raise_exception=True)
def order(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Order.objects.select_related("vendor", "fund"), pk=pk)
    lines = found.lines.select_related("collection__branch", "fund")
    return render(
        request,
        "acquisitions/order.html",
        {
            "order": found,
            "lines": lines,
            "batch_form": forms.BatchForm(),
            "invoice_form": forms.InvoiceForm(),
            "batches": found.batches.all(),
        },
    )


@login_required
@permission_required("acquisitions.change_order", raise_exception=True)
@require_POST
def line_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    line = get_object_or_404(OrderLine, pk=pk)
    form = forms.LineActionForm(request.POST)
    now = timezone.now()
    try:
        if action == "claim":
            services.claim(line, at=now, by=request.user)
            messages.success(request, _("The missing copies were claimed."))
        elif form.is_valid():
            quantity = form.cleaned_data["quantity"]
            if action == "receive":
                services.receive(line, quantity, at=now, by=request.user, request_key=request.POST.get("request_key"))
                messages.success(request, _("%(count)d copies received.") % {"count": quantity})
            elif action == "cancel":
                services.cancel(line, quantity, at=now, by=request.user)
                messages.success(request, _("%(count)d copies cancelled.") % {"count": quantity})
    except AcquisitionsRefused as refusal:
        _refused(request, refusal)
    return redirect("acquisitions:order", pk=line.order_id)


@login_required
@permission_required("acquisitions.change_order", raise_exception=True)
@require_POST
def receive_batch(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Order, pk=pk)
    form = forms.BatchForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            batch = services.receive_batch(
                found,
                form.cleaned_data["marc"].read(),
                form.cleaned_data["barcodes"].read().decode("utf-8", errors="replace"),
                at=timezone.now(),
                by=request.user,
                file_name=form.cleaned_data["marc"].name,
            )
        except AcquisitionsRefused as refusal:
            _refused(request, refusal)
        else:
            messages.success(
                request,
                _("Received %(kinds)d kinds, %(volumes)d volumes.") % {"kinds": batch.kinds, "volumes": batch.volumes},
            )
    return redirect("acquisitions:order", pk=found.pk)


@login_required
@permission_required("acquisitions.add_invoice", raise_exception=True)
@require_POST
def invoice(request: HttpRequest, pk: int) -> HttpResponse:
    """An invoice for every copy of the order received and not yet invoiced, at the cost per copy."""
    found = get_object_or_404(Order, pk=pk)
    form = forms.InvoiceForm(request.POST)
    if form.is_valid():
        entries = [
            services.InvoiceItem(line, line.received - line.invoiced, line.unit_cost * (line.received - line.invoiced))
            for line in found.lines.all()
            if line.received > line.invoiced
        ]
        try:
            services.record_invoice(
                found.vendor,
                form.cleaned_data["number"],
                form.cleaned_data["issued_on"],
                entries,
                at=timezone.now(),
                by=request.user,
            )
        except AcquisitionsRefused as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("The invoice was recorded."))
    return redirect("acquisitions:order", pk=found.pk)


@login_required
@permission_required("acquisitions.add_receipt", raise_exception=True)
def scan(request: HttpRequest) -> HttpResponse:
    form = forms.ScanForm(request.POST or None)
    receipt = None
    if request.method == "POST" and form.is_valid():
        try:
            receipt = services.receive_scan(
                form.cleaned_data["code"],
                at=timezone.now(),
                by=request.user,
                request_key=form.cleaned_data["request_key"] or None,
            )
        except AcquisitionsRefused as refusal:
            _refused(request, refusal)
    fresh = forms.ScanForm(initial={"request_key": secrets.token_hex(16)})
    return render(request, "acquisitions/scan.html", {"form": fresh, "receipt": receipt})


@login_required
@permission_required("acquisitions.view_purchasesuggestion", raise_exception=True)
def suggestions(request: HttpRequest) -> HttpResponse:
    answered = PurchaseSuggestion.objects.exclude(status=PurchaseSuggestion.Status.PENDING)[:50]
    return render(
        request,
        "acquisitions/suggestions.html",
        {
            "rows": queries.pending_suggestions(),
            "answered": answered,
            "decline_form": forms.DeclineForm(),
        },
    )


@login_required
@permission_required("acquisitions.change_purchasesuggestion", raise_exception=True)
@require_POST
def answer(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    suggestion = get_object_or_404(PurchaseSuggestion, pk=pk)
    same = [s for row in queries.pending_suggestions() if suggestion in row.suggestions for s in row.suggestions]
    try:
        for each in same or [suggestion]:
            if action == "accept":
                services.accept_suggestion(each, at=timezone.now(), by=request.user)
            else:
                services.decline_suggestion(
                    each, reason=request.POST.get("reason", ""), at=timezone.now(), by=request.user
                )
    except AcquisitionsRefused as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, _("The readers' suggestion was answered."))
    return redirect("acquisitions:suggestions")


@login_required
@permission_required("acquisitions.change_receiptbatch", raise_exception=True)
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    decision = request.POST.get("decision", "")
    if decision in Discrepancy.Decision.values and decision:
        try:
            services.decide_discrepancy(
                get_object_or_404(Discrepancy, pk=pk), decision, at=timezone.now(), by=request.user
            )
        except AcquisitionsRefused as refusal:
            _refused(request, refusal)
    return redirect("acquisitions:home")


@login_required
@permission_required("acquisitions.view_order", raise_exception=True)
def report(request: HttpRequest) -> HttpResponse:
    form = forms.ReportForm(request.GET or None)
    rows, total = [], None
    if form.is_valid():
        zone = timezone.get_current_timezone()
        start = datetime.combine(form.cleaned_data["start"], time.min, zone)
        end = datetime.combine(form.cleaned_data["end"] + timedelta(days=1), time.min, zone)
        rows = queries.received_report(start, end, by=form.cleaned_data["group"])
        total = queries.received_totals(start, end)
    return render(request, "acquisitions/report.html", {"form": form, "rows": rows, "total": total})


@login_required
@permission_required("acquisitions.view_donation", raise_exception=True)
def donations(request: HttpRequest) -> HttpResponse:
    form = forms.DonationForm(request.POST or None)
    if request.method == "POST" and request.user.has_perm("acquisitions.add_donation") and form.is_valid():
        data = form.cleaned_data
        titles = []
        for raw in data["local_titles"].splitlines():
            title, _sep, volumes = raw.strip().rpartition(",")
            if raw.strip():
                titles.append(services.LocalTitle(title or volumes, int(volumes) if title and volumes.isdigit() else 1))
        try:
            donation = services.record_donation(
                data["donor"],
                donor_kind=data["donor_kind"],
                publish_name=data["publish_name"],
                received_on=data["received_on"],
                kinds=data["kinds"] or 0,
                volumes=data["volumes"] or 0,
                destination=data["destination"],
                campaign=data["campaign"],
                local_titles=titles,
                description=data["description"],
                at=timezone.now(),
                by=request.user,
            )
        except AcquisitionsRefused as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("Donation %(number)s was recorded.") % {"number": donation.number})
            return redirect("acquisitions:donations")
    kinds, volumes = queries.local_document_counts()
    return render(
        request,
        "acquisitions/donations.html",
        {
            "form": form,
            "donations": Donation.objects.select_related("campaign")[:100],
            "local_kinds": kinds,
            "local_volumes": volumes,
        },
    )


@login_required
@permission_required("acquisitions.view_donation", raise_exception=True)
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    donation = get_object_or_404(Donation, pk=pk)
    response = HttpResponse(certificate_pdf(donation), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{donation.number}.pdf"'
    return response


@login_required
@permission_required("acquisitions.view_exchangefair", raise_exception=True)
def pool(request: HttpRequest) -> HttpResponse:
    form = forms.PoolForm(request.POST or None)
    if request.method == "POST" and request.user.has_perm("acquisitions.add_poolmovement") and form.is_valid():
        data = form.cleaned_data
        try:
            services.count_pool(
                data["kind"], data["count"], fair=data["fair"], note=data["note"], at=timezone.now(), by=request.user
            )
        except AcquisitionsRefused as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, _("Counted."))
            return redirect("acquisitions:pool")
    fairs = [(fair, queries.fair_figures(fair)) for fair in ExchangeFair.objects.all()]
    return render(request, "acquisitions/pool.html", {"form": form, "fairs": fairs, "stock": services.pool_stock()})
