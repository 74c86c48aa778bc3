"""Staff pages of acquisitions (采访): funds, vendors, orders, receiving, suggestions, reports,
donations and the exchange pool. Every change goes through a service."""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shuyuan.acquisitions import forms, letters, queries, services
from shuyuan.acquisitions.certificates import certificate_pdf
from shuyuan.acquisitions.errors import AcquisitionsRefused, Reason
from shuyuan.acquisitions.models import (
    Discrepancy,
    Donation,
    ExchangeFair,
    Fund,
    InvoiceLine,
    Order,
    OrderLine,
    PurchaseSuggestion,
    Vendor,
)
from shuyuan.branches.models import Library
from shuyuan.catalog.models import Item, Record
from shuyuan.catalog.search import SearchQuery, records, search


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
            return _placed(request, order)
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
            "batches": found.batches.all(),
            "invoice_lines": InvoiceLine.objects.filter(line__order=found)
            .select_related("invoice")
            .order_by("invoice__issued_on", "pk"),
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


def _copies(raw: str, *, blank: int = 0) -> int:
    raw = raw.strip()
    if not raw:
        return blank
    if not raw.isdigit():
        raise AcquisitionsRefused(Reason.BAD_COPIES, raw[:20])
    return int(raw)


def _amount(raw: str, what: str) -> Decimal:
    """An amount as typed (元, at most two places), exact: never rounded here or later."""
    try:
        value = Decimal(raw.strip().replace(",", ""))
    except InvalidOperation:
        raise AcquisitionsRefused(Reason.BAD_AMOUNT, f"{what}: {raw[:20]}") from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise AcquisitionsRefused(Reason.BAD_AMOUNT, f"{what}: {raw[:20]}")
    return value


@login_required
@permission_required("acquisitions.add_invoice", raise_exception=True)
def invoice(request: HttpRequest, pk: int) -> HttpResponse:
    """A vendor's invoice line by line: each invoice line is matched to an order line, with the copies
    it bills and its amount exactly as printed (the cost per copy × copies is only the default)."""
    found = get_object_or_404(Order.objects.select_related("vendor"), pk=pk)
    open_lines = [line for line in found.lines.order_by("pk") if line.received > line.invoiced]
    form = forms.InvoiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entries = []
            for line in open_lines:
                copies = _copies(request.POST.get(f"copies_{line.pk}", ""))
                if copies:
                    amount = _amount(request.POST.get(f"amount_{line.pk}", ""), f"L{line.pk}")
                    entries.append(services.InvoiceItem(line, copies, amount))
            made = services.record_invoice(
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
            messages.success(
                request,
                _("Invoice %(number)s recorded: %(total)s yuan.") % {"number": made.number, "total": made.total},
            )
            return redirect("acquisitions:order", pk=found.pk)
    rows = [
        (line, line.received - line.invoiced, line.unit_cost * (line.received - line.invoiced)) for line in open_lines
    ]
    return render(request, "acquisitions/invoice.html", {"order": found, "form": form, "rows": rows})


@login_required
@permission_required("acquisitions.add_order", raise_exception=True)
def order_from_suggestions(request: HttpRequest) -> HttpResponse:
    """An order of the accepted suggestions chosen, readers asking for one title sharing a line."""
    titles = queries.suggestions_to_order()
    form = forms.PlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = {int(v) for v in request.POST.getlist("title") if v.isdigit()}
        try:
            picked = [row for row in titles if row.suggestions[0].pk in chosen]
            if not picked:
                raise AcquisitionsRefused(Reason.NOTHING_TO_DO)
            specs = []
            for row in picked:
                first = row.suggestions[0].pk
                spec = services.lines_from_suggestions(
                    row.suggestions, collection=data["collection"], item_type=data["item_type"]
                )[0]
                spec.price = _amount(request.POST.get(f"price_{first}", ""), row.title)
                spec.quantity = _copies(request.POST.get(f"copies_{first}", ""), blank=1)
                if spec.quantity < 1:
                    raise AcquisitionsRefused(Reason.BAD_COPIES, row.title)
                specs.append(spec)
            made = _place(request, data, specs, Order.Source.SUGGESTIONS)
        except AcquisitionsRefused as refusal:
            _refused(request, refusal)
        else:
            return _placed(request, made)
    return render(request, "acquisitions/from_suggestions.html", {"form": form, "titles": titles})


@login_required
@permission_required("acquisitions.add_order", raise_exception=True)
def order_from_search(request: HttpRequest) -> HttpResponse:
    """Search the catalogue, tick the titles to buy more copies of, and order them."""
    text = request.GET.get("q", "").strip()[:200]
    found = records(search(SearchQuery(text, limit=50, with_facets=False))) if text else []
    form = forms.PlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = [int(v) for v in request.POST.getlist("record") if v.isdigit()]
        try:
            picked = list(Record.objects.filter(pk__in=chosen).order_by("pk"))
            if not picked:
                raise AcquisitionsRefused(Reason.NOTHING_TO_DO)
            specs = services.lines_from_records(picked, collection=data["collection"], item_type=data["item_type"])
            for spec in specs:
                pk = spec.record.pk  # type: ignore[union-attr]
                spec.quantity = _copies(request.POST.get(f"copies_{pk}", ""), blank=1)
                if spec.quantity < 1:
                    raise AcquisitionsRefused(Reason.BAD_COPIES, spec.title)
                price = request.POST.get(f"price_{pk}", "").strip()
                if price:
                    spec.price = _amount(price, spec.title)
            made = _place(request, data, specs, Order.Source.SEARCH)
        except AcquisitionsRefused as refusal:
            _refused(request, refusal)
        else:
            return _placed(request, made)
    rows = [(record, services.price_of(record), holdings) for record, holdings in _holdings(found)]
    return render(request, "acquisitions/from_search.html", {"form": form, "q": text, "rows": rows})


def _place(request: HttpRequest, data: dict[str, Any], specs: list[services.LineSpec], source: str) -> Order:
    """The order of a page's form (vendor, fund, note) with the lines the page built."""
    return services.place_order(
        data["vendor"], data["fund"], specs, source=source, note=data["note"], at=timezone.now(), by=request.user
    )


def _holdings(found: list[Record]) -> list[tuple[Record, int]]:
    counts = dict(
        Item.objects.filter(record__in=found).values("record").annotate(n=Count("pk")).values_list("record", "n")
    )
    return [(record, counts.get(record.pk, 0)) for record in found]


def _placed(request: HttpRequest, made: Order) -> HttpResponse:
    for warning in made.warnings:
        messages.warning(request, warning)
    messages.success(request, _("Order %(number)s was placed.") % {"number": made.number})
    return redirect("acquisitions:order", pk=made.pk)


@login_required
@permission_required("acquisitions.view_claim", raise_exception=True)
def claims(request: HttpRequest) -> HttpResponse:
    """Vendors owing claimed copies, each with its printable claim letter."""
    return render(request, "acquisitions/claims.html", {"vendors": queries.vendors_with_open_claims()})


@login_required
@permission_required("acquisitions.view_claim", raise_exception=True)
def claim_letter(request: HttpRequest, pk: int) -> HttpResponse:
    vendor = get_object_or_404(Vendor, pk=pk)
    library = Library.objects.order_by("pk").first()
    pdf = letters.claim_letter(
        vendor, queries.open_claims(vendor), library_name=library.name if library else "", day=timezone.localdate()
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="claim-letter-{vendor.pk}.pdf"'
    return response


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
