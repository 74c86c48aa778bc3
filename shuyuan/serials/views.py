from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shuyuan.branches.models import Library, ServicePoint
from shuyuan.branches.scoping import branches_for, can_act_in
from shuyuan.catalog.models import Collection
from shuyuan.inputs import int_param
from shuyuan.serials import letters, queries, services
from shuyuan.serials.errors import SerialsRefused
from shuyuan.serials.forms import ContactForm, SubscriptionForm, SupplierForm
from shuyuan.serials.models import Claim, Issue, Subscription, Supplier, SupplierContact
from shuyuan.serials.patterns import InvalidPattern, predict


def _year(request: HttpRequest) -> int:
    return int_param(request.GET, "year", timezone.localdate().year, minimum=1900, maximum=2200)


def _library_name() -> str:
    library = Library.objects.order_by("pk").first()
    return library.name if library else ""


def _rooms(request: HttpRequest) -> Any:
    return ServicePoint.objects.filter(branch__in=branches_for(request.user), is_active=True).order_by("branch", "name")


@login_required
@permission_required("serials.view_subscription", raise_exception=True)
def subscription_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    subscriptions = queries.subscriptions_of(year).filter(branch__in=branches_for(request.user))
    return render(request, "serials/list.html", {"year": year, "subscriptions": subscriptions})


@login_required
@permission_required("serials.add_subscription", raise_exception=True)
def subscription_add(request: HttpRequest) -> HttpResponse:
    form = SubscriptionForm(request.POST or None, service_points=_rooms(request), initial={"year": _year(request)})
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.check_pattern(data["pattern"], data["year"])
            preview = predict(data["pattern"])
            if "save" in request.POST:
                subscription = services.subscribe(
                    title=data["title"],
                    issn=data["issn"],
                    cn=data["cn"],
                    postal_code=data["postal_code"],
                    supplier=data["supplier"],
                    price=data["price"],
                    service_point=data["service_point"],
                    year=data["year"],
                    copies=data["copies"],
                    pattern=data["pattern"],
                    late_after_days=data["late_after_days"],
                    at=timezone.now(),
                    by=request.user,
                )
                messages.success(request, _("Subscription saved with %(n)s expected issues.") % {"n": len(preview)})
                return redirect("serials:detail", subscription.pk)
        except (SerialsRefused, InvalidPattern) as exc:
            form.add_error(None, exc.message)
            preview = None
    return render(request, "serials/add.html", {"form": form, "preview": preview})


def _subscription_in_scope(request: HttpRequest, pk: int) -> Subscription:
    subscription = get_object_or_404(Subscription.objects.select_related("supplier", "service_point"), pk=pk)
    if not can_act_in(request.user, subscription.branch):
        raise PermissionDenied
    return subscription


@login_required
@permission_required("serials.view_subscription", raise_exception=True)
def subscription_detail(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = _subscription_in_scope(request, pk)
    collections = Collection.objects.filter(branch=subscription.branch).order_by("name")
    return render(
        request,
        "serials/detail.html",
        {
            "subscription": subscription,
            "issues": subscription.issues.all(),
            "collections": collections,
            "volumes": subscription.bound_volumes.select_related("item"),
        },
    )


@login_required
@permission_required("serials.change_issue", raise_exception=True)
def check_in(request: HttpRequest) -> HttpResponse:
    """Check-in by scanning (POST ``code``) or from the month's list (POST ``issue``)."""
    today = timezone.localdate()
    year, month = _year(request), int_param(request.GET, "month", today.month, minimum=1, maximum=12)
    if request.method == "POST":
        try:
            if request.POST.get("issue"):
                issue_id = int_param(request.POST, "issue", 0, minimum=1, maximum=2**62)
                issue = get_object_or_404(Issue.objects.select_related("subscription"), pk=issue_id)
            else:
                issue = queries.issue_for_scan(request.POST.get("code", ""), year=year)
            if not can_act_in(request.user, issue.subscription.branch):
                raise PermissionDenied
            services.check_in(issue, at=timezone.now(), by=request.user)
            messages.success(
                request,
                _("Checked in: %(title)s %(issue)s") % {"title": issue.subscription.title, "issue": issue.label},
            )
        except SerialsRefused as exc:
            messages.error(request, exc.message)
        return redirect(f"{request.path}?year={year}&month={month}")
    issues = queries.month_issues(year, month).filter(subscription__branch__in=branches_for(request.user))
    return render(
        request,
        "serials/check_in.html",
        {
            "year": year,
            "month": month,
            "issues": issues,
            "months": range(1, 13),
            "today": today,
        },
    )


@login_required
@permission_required("serials.view_issue", raise_exception=True)
def late_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not request.user.has_perm("serials.add_claim"):
            raise PermissionDenied
        chosen = list(
            Issue.objects.filter(
                pk__in=request.POST.getlist("issue"), subscription__branch__in=branches_for(request.user)
            )
        )
        try:
            claims = services.claim(chosen, at=timezone.now(), by=request.user)
        except SerialsRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(n)s claim letters made, one per supplier.") % {"n": len(claims)})
            return redirect("serials:claims")
    issues = queries.late_issues().filter(subscription__branch__in=branches_for(request.user))
    return render(request, "serials/late.html", {"issues": issues})


@login_required
@permission_required("serials.view_claim", raise_exception=True)
def claim_list(request: HttpRequest) -> HttpResponse:
    claims = Claim.objects.select_related("supplier").prefetch_related("issues__subscription")[:200]
    return render(request, "serials/claims.html", {"claims": claims})


@login_required
@permission_required("serials.view_claim", raise_exception=True)
def claim_letter(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("supplier"), pk=pk)
    response = HttpResponse(letters.claim_letter(claim, library_name=_library_name()), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="claim-{claim.pk}.pdf"'
    return response


@login_required
@permission_required("serials.view_subscription", raise_exception=True)
def postal_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    pdf = letters.subscription_list(queries.subscription_list(year), year=year, library_name=_library_name())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="subscriptions-{year}.pdf"'
    return response


@require_POST
@login_required
@permission_required("serials.change_issue", raise_exception=True)
def shelve(request: HttpRequest) -> HttpResponse:
    room = get_object_or_404(ServicePoint, pk=request.POST.get("service_point"))
    if not can_act_in(request.user, room.branch):
        raise PermissionDenied
    moved = services.shelve_old_issues(room, at=timezone.now(), by=request.user)
    messages.success(request, _("%(n)s older issues moved to storage.") % {"n": moved})
    return redirect("serials:list")


@require_POST
@login_required
@permission_required("serials.add_boundvolume", raise_exception=True)
def bind(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = _subscription_in_scope(request, pk)
    collection = get_object_or_404(Collection, pk=request.POST.get("collection"), branch=subscription.branch)
    try:
        volume = services.bind(subscription, collection=collection, at=timezone.now(), by=request.user)
    except SerialsRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Bound volume %(label)s catalogued as %(barcode)s.")
            % {"label": volume.label, "barcode": volume.item.barcode},
        )
    return redirect("serials:detail", subscription.pk)


@require_POST
@login_required
@permission_required("serials.renew_subscriptions", raise_exception=True)
def renew(request: HttpRequest) -> HttpResponse:
    year = int_param(request.POST, "year", timezone.localdate().year, minimum=1900, maximum=2200)
    try:
        created = services.renew(year, at=timezone.now(), by=request.user, branches=branches_for(request.user))
    except SerialsRefused as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse_list()}?year={year}")
    messages.success(request, _("%(n)s subscriptions renewed for %(year)s.") % {"n": len(created), "year": year + 1})
    return redirect(f"{reverse_list()}?year={year + 1}")


def reverse_list() -> str:
    from django.urls import reverse

    return reverse("serials:list")


@login_required
@permission_required("serials.view_supplier", raise_exception=True)
def suppliers(request: HttpRequest) -> HttpResponse:
    """The post offices and agencies, and a form for a new one."""
    form = SupplierForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("serials.add_supplier"):
            raise PermissionDenied
        if form.is_valid():
            try:
                made = services.add_supplier(**form.cleaned_data, at=timezone.now(), by=request.user)
            except SerialsRefused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Supplier %(name)s added.") % {"name": made.name})
                return redirect("serials:supplier", made.pk)
    rows = Supplier.objects.annotate(
        titles=Count("subscriptions", distinct=True), people=Count("contacts", distinct=True)
    )
    return render(request, "serials/suppliers.html", {"form": form, "suppliers": rows.order_by("name")})


@login_required
@permission_required("serials.view_supplier", raise_exception=True)
def supplier(request: HttpRequest, pk: int) -> HttpResponse:
    """One supplier: its details (edited here) and its contacts."""
    found = get_object_or_404(Supplier, pk=pk)
    form = SupplierForm(request.POST or None, instance=Supplier.objects.get(pk=pk))
    if request.method == "POST":
        if not request.user.has_perm("serials.change_supplier"):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.change_supplier(found, **form.cleaned_data, at=timezone.now(), by=request.user)
            except SerialsRefused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The supplier was saved."))
                return redirect("serials:supplier", found.pk)
    context = {"supplier": found, "form": form, "contacts": found.contacts.all(), "contact_form": ContactForm()}
    return render(request, "serials/supplier.html", context)


@require_POST
@login_required
@permission_required("serials.change_supplier", raise_exception=True)
def add_contact(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Supplier, pk=pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.add_supplier_contact(found, **form.cleaned_data, at=timezone.now(), by=request.user)
        except SerialsRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Contact added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("serials:supplier", found.pk)


@require_POST
@login_required
@permission_required("serials.change_supplier", raise_exception=True)
def remove_contact(request: HttpRequest, pk: int, contact: int) -> HttpResponse:
    found = get_object_or_404(SupplierContact, pk=contact, supplier_id=pk)
    services.remove_supplier_contact(found, at=timezone.now(), by=request.user)
    messages.success(request, _("Contact removed."))
    return redirect("serials:supplier", pk)
