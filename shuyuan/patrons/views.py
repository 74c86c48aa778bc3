"""Staff pages for readers, and the public online registration form. Pages show masked numbers and
an age, never a birth date; full numbers only through the audited reveal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Q, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.branches.scoping import acts_everywhere, branches_for
from shuyuan.circulation import queries as circulation
from shuyuan.inputs import date_param
from shuyuan.patrons import forms, iddocs, importing, queries, scoping, services, throttle
from shuyuan.patrons.cardprint import card_pdf
from shuyuan.patrons.conf import patron_settings
from shuyuan.patrons.errors import PatronRefused
from shuyuan.patrons.models import DepositRefund, Patron, PatronBlock, PatronCard
from shuyuan.spreadsheets import write_rows

VIEW = "patrons.view_patron"
EXPORT_HEADERS = {
    "card_number": gettext_lazy("card number"),
    "name": gettext_lazy("name"),
    "id_type": gettext_lazy("ID document type"),
    "id_number": gettext_lazy("ID number"),
    "age": gettext_lazy("age"),
    "sex": gettext_lazy("sex"),
    "category": gettext_lazy("category"),
    "status": gettext_lazy("status"),
    "home_branch": gettext_lazy("home branch"),
    "registered_at": gettext_lazy("registered at"),
    "expires_on": gettext_lazy("expires on"),
    "phone": gettext_lazy("phone"),
}
CHANGE = "patrons.change_patron"
EXPORT = "patrons.export_patron"


def _patron(pk: int) -> Patron:
    return get_object_or_404(Patron.objects.select_related("category", "home_branch", "guardian"), pk=pk)


def _to_change(request: HttpRequest, pk: int) -> Patron:
    """The reader ``pk`` for a page that changes them: 403 for a reader of another branch (``scoping``)."""
    return scoping.check_may_change(request.user, _patron(pk))


def _desk_point(request: HttpRequest) -> ServicePoint | None:
    profile = getattr(request.user, "staff_profile", None)
    if profile is not None and profile.default_service_point_id:
        return profile.default_service_point
    return ServicePoint.objects.filter(
        branch__in=branches_for(request.user), kind=ServicePoint.Kind.LENDING_DESK
    ).first()


@login_required
@permission_required(VIEW, raise_exception=True)
def search(request: HttpRequest) -> HttpResponse:
    # POST, not GET: an ID or phone number typed here must not land in access logs or browser history.
    form = forms.SearchForm(request.POST or None)
    results: list[Patron] = []
    if form.is_valid() and form.cleaned_data["q"]:
        results = queries.search(form.cleaned_data["q"])
        if len(results) == 1:
            return redirect("patrons:detail", pk=results[0].pk)
    today = timezone.localdate()
    rows = [(p, p.age_on(today)) for p in results]
    return render(request, "patrons/search.html", {"form": form, "rows": rows, "searched": form.is_bound})


@login_required
@permission_required(VIEW, raise_exception=True)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    patron = _patron(pk)
    now = timezone.now()
    point = _desk_point(request)
    branch = point.branch if point is not None else patron.home_branch
    context = {
        "patron": patron,
        "age": patron.age_on(timezone.localdate(now)),
        "category": queries.effective_category(patron, timezone.localdate(now)),
        "standing": circulation.standing(patron, at=now, branch=branch),
        "standing_branch": branch,
        "account": circulation.account(patron, at=now),
        "application_conflict": patron.status == Patron.Status.PENDING
        and patron.pk in queries.application_conflicts([patron]),
        "cards": patron.cards.exclude(kind=PatronCard.Kind.QR),
        "blocks": patron.blocks.all(),
        "history": queries.history(patron)[:50],
        "block_form": forms.BlockForm(),
        "pin_form": forms.PinForm(),
        "reveal_form": forms.RevealForm(),
        "merge_form": forms.MergeForm(),
        "pin_locked": patron.is_pin_locked(now),
        "notice_channels": Patron.NoticeChannel.choices,
        "may_change": scoping.may_change(request.user, patron),
        "may_confirm": scoping.may_confirm(request.user, patron),
    }
    return render(request, "patrons/detail.html", context)


def _application(data: dict[str, Any]) -> services.Application:
    guardian = None
    if data.get("guardian_card"):
        guardian = queries.resolve(data["guardian_card"])
    return services.Application(
        name=data["name"],
        document=data["document"],
        category=data.get("category"),
        phone=data["phone"],
        address=data["address"],
        pin=data["pin"],
        contact_name=data["contact_name"],
        sex=data.get("sex", ""),
        guardian=guardian,
        guardian_document=data.get("guardian_document"),
        guardian_name=data["guardian_name"],
        guardian_phone=data["guardian_phone"],
        guardian_relation=data["guardian_relation"],
        guardian_consent=data["guardian_consent"],
        document_checked=data["document_checked"],
        card_number=data["card_number"],
        keeps_reading_history=data["keeps_reading_history"],
    )


@login_required
@permission_required("patrons.add_patron", raise_exception=True)
def register(request: HttpRequest) -> HttpResponse:
    branches = branches_for(request.user)
    point = _desk_point(request)
    initial = {
        "home_branch": point.branch if point else None,
        "service_point": point,
        "id_type": iddocs.DocType.RESIDENT_ID,
    }
    form = forms.RegisterForm(request.POST or None, branches=branches, today=timezone.localdate(), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            patron = services.register(
                _application(data),
                home_branch=data["home_branch"],
                channel=Patron.Channel.DESK,
                service_point=data["service_point"],
                at=timezone.now(),
                by=request.user,
            )
        except PatronRefused as refused:
            form.add_error(None, refused.message)
            if refused.patron is not None:
                return _already(request, refused)
        else:
            messages.success(request, _("Reader registered: card %(card)s.") % {"card": patron.card_number})
            return redirect("patrons:detail", pk=patron.pk)
    return render(request, "patrons/register.html", {"form": form})


def _already(request: HttpRequest, refused: PatronRefused) -> HttpResponse:
    messages.error(request, refused.message)
    return redirect("patrons:detail", pk=refused.patron.pk)


@require_POST
@login_required
@permission_required("patrons.add_patron", raise_exception=True)
def id_check(request: HttpRequest) -> JsonResponse:
    """What an ID number implies, for the desk form: sex, age, region, suggested category."""
    today = timezone.localdate()
    try:
        doc = iddocs.parse(request.POST.get("number", ""), doc_type=request.POST.get("type") or None, today=today)
    except iddocs.InvalidIdNumber as invalid:
        return JsonResponse({"valid": False, "reason": invalid.reason.value, "message": invalid.message})
    age = iddocs.age_on(doc.birth_date, today) if doc.birth_date else None
    existing = queries.by_document(doc.number)
    return JsonResponse(
        {
            "valid": True,
            "doc_type": doc.doc_type.value,
            "doc_type_label": str(doc.doc_type.label),
            "sex": str(doc.sex.label) if doc.sex else "",
            "age": age,
            "region": doc.region_name,
            "category": services.default_category(age).name,
            "needs_manual_check": doc.needs_manual_check,
            "needs_guardian": age is not None and age < patron_settings().guardian_age,
            "existing_card": existing.card_number if existing else "",
        }
    )


@login_required
@permission_required(CHANGE, raise_exception=True)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    patron = _to_change(request, pk)
    initial = {
        "name": patron.name,
        "category": patron.category,
        "home_branch": patron.home_branch,
        "contact_name": patron.contact_name,
        "keeps_reading_history": patron.keeps_reading_history,
    }
    everywhere = request.user.has_perm(scoping.CHANGE_ANY_BRANCH)
    # A clerk moves a reader between their own branches only; giving one away is for the director.
    mine = Branch.objects.filter(Q(pk__in=branches_for(request.user)) | Q(pk=patron.home_branch_id))
    branches = None if everywhere else mine
    form = forms.EditForm(request.POST or None, initial=initial, branches=branches)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes: dict[str, Any] = {
            key: data[key] for key in ("name", "category", "home_branch", "contact_name", "keeps_reading_history")
        }
        if data["clear_phone"] or data["phone"]:
            changes["phone"] = "" if data["clear_phone"] else data["phone"]
        if data["address"]:
            changes["address"] = data["address"]
        try:
            services.update(patron, **changes, at=timezone.now(), by=request.user)
        except PatronRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("patrons:detail", pk=patron.pk)
    return render(request, "patrons/edit.html", {"form": form, "patron": patron})


def _act(request: HttpRequest, patron: Patron, action: Any, success: str) -> HttpResponse:
    try:
        action()
    except PatronRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, success)
    return redirect("patrons:detail", pk=patron.pk)


@require_POST
@login_required
@permission_required(CHANGE, raise_exception=True)
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    patron = _patron(pk)
    if not scoping.may_confirm(request.user, patron):
        raise scoping.ReaderOfAnotherBranch(scoping.ReaderOfAnotherBranch.message)
    point = _desk_point(request)
    if point is None:
        messages.error(request, _("You have no service point to confirm at."))
        return redirect("patrons:detail", pk=pk)
    return _act(
        request,
        patron,
        lambda: services.confirm(
            patron,
            service_point=point,
            keeps_online_contact=request.POST.get("keep_contact") == "1",
            at=timezone.now(),
            by=request.user,
        ),
        _("Registration confirmed."),
    )


@require_POST
@login_required
@permission_required(CHANGE, raise_exception=True)
def renew(request: HttpRequest, pk: int) -> HttpResponse:
    patron = _to_change(request, pk)
    return _act(
        request,
        patron,
        lambda: services.renew(patron, service_point=_desk_point(request), at=timezone.now(), by=request.user),
        _("Card renewed."),
    )


@require_POST
@login_required
@permission_required("patrons.add_patronblock", raise_exception=True)
def block(request: HttpRequest, pk: int) -> HttpResponse:
    patron = _to_change(request, pk)
    form = forms.BlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for the block."))
        return redirect("patrons:detail", pk=pk)
    data = form.cleaned_data
    return _act(
        request,
        patron,
        lambda: services.block(patron, reason=data["reason"], kind=data["kind"], at=timezone.now(), by=request.user),
        _("Reader blocked."),
    )


@require_POST
@login_required
@permission_required("patrons.change_patronblock", raise_exception=True)
def lift_block(request: HttpRequest, pk: int) -> HttpResponse:
    entry = scoping.reader_to_change(request, pk, PatronBlock, reader="patron")
    return _act(
        request,
        entry.patron,
        lambda: services.lift_block(entry, at=timezone.now(), by=request.user),
        _("Block lifted."),
    )


@require_POST
@login_required
@permission_required(CHANGE, raise_exception=True)
def card_lost(request: HttpRequest, pk: int) -> HttpResponse:
    card = scoping.reader_to_change(request, pk, PatronCard, reader="patron")
    replace = request.POST.get("replace") == "1"
    return _act(
        request,
        card.patron,
        lambda: services.report_lost(card, replace=replace, at=timezone.now(), by=request.user),
        _("Card reported lost."),
    )


@require_POST
@login_required
@permission_required(CHANGE, raise_exception=True)
def replace_card(request: HttpRequest, pk: int) -> HttpResponse:
    patron = _to_change(request, pk)
    return _act(
        request,
        patron,
        lambda: services.replace_card(patron, at=timezone.now(), by=request.user),
        _("New card issued."),
    )


@require_POST
@login_required
@permission_required(CHANGE, raise_exception=True)
def reset_pin(request: HttpRequest, pk: int) -> HttpResponse:
    patron = _to_change(request, pk)
    form = forms.PinForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("__all__", [])) or _("Enter the PIN twice."))
        return redirect("patrons:detail", pk=pk)
    pin = form.cleaned_data["pin"]
    return _act(
        request,
        patron,
        lambda: services.reset_pin(patron, pin=pin, at=timezone.now(), by=request.user),
        _("PIN set; the lockout is lifted."),
    )


@require_POST
@login_required
@permission_required(CHANGE, raise_exception=True)
def notice_channel(request: HttpRequest, pk: int) -> HttpResponse:
    """The reader's notice channel, changed at the desk (the reader asked, in person or by phone)
    through the same service as the reader's own page; a new e-mail address is optional."""
    patron = _to_change(request, pk)
    channel = request.POST.get("channel", "")
    email = request.POST.get("email", "").strip()

    def change() -> Patron:
        if email:
            return services.set_notice_channel(patron, channel=channel, email=email, at=timezone.now(), by=request.user)
        return services.set_notice_channel(patron, channel=channel, at=timezone.now(), by=request.user)

    return _act(request, patron, change, _("Notice channel saved."))


@require_POST
@login_required
@permission_required("patrons.reveal_personal_data", raise_exception=True)
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    patron = _to_change(request, pk)
    form = forms.RevealForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you need the full value."))
        return redirect("patrons:detail", pk=pk)
    data = form.cleaned_data
    try:
        value = services.reveal(patron, what=data["what"], reason=data["reason"], at=timezone.now(), by=request.user)
    except PatronRefused as refused:
        messages.error(request, refused.message)
        return redirect("patrons:detail", pk=pk)
    label = dict(forms.RevealForm.base_fields["what"].choices).get(data["what"])  # type: ignore[attr-defined]
    response = render(request, "patrons/reveal.html", {"patron": patron, "label": label, "value": value})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@permission_required(VIEW, raise_exception=True)
def card(request: HttpRequest, pk: int) -> HttpResponse:
    patron = _patron(pk)
    response = HttpResponse(card_pdf(patron), content_type="application/pdf")
    safe = "".join(c for c in patron.card_number if c.isascii() and (c.isalnum() or c == "-"))[:30]
    response["Content-Disposition"] = f'inline; filename="card-{safe}.pdf"'
    return response


@login_required
@permission_required("patrons.manage_deposits", raise_exception=True)
def deposits(request: HttpRequest) -> HttpResponse:
    readers = scoping.readers_visible_to(request.user)
    outstanding = readers.filter(legacy_deposit__gt=0).select_related("home_branch").order_by("card_number")
    q = request.GET.get("q", "").strip()
    if q:
        outstanding = outstanding.filter(Q(card_number=q) | Q(name__startswith=q))
    # A refund is the paying branch's record (the reader may have been erased since): by branch.
    refunds = DepositRefund.objects.select_related("branch")
    if not acts_everywhere(request.user):
        refunds = refunds.filter(branch__in=branches_for(request.user))
    context = {
        "outstanding": outstanding[:200],
        "outstanding_total": readers.aggregate(total=Sum("legacy_deposit"))["total"] or 0,
        "refunds": refunds[:200],
        "refunded_total": refunds.aggregate(total=Sum("amount"))["total"] or 0,
        "form": forms.RefundForm(),
        "q": q,
    }
    return render(request, "patrons/deposits.html", context)


@require_POST
@login_required
@permission_required("patrons.manage_deposits", raise_exception=True)
def refund(request: HttpRequest, pk: int) -> HttpResponse:
    patron = _to_change(request, pk)
    form = forms.RefundForm(request.POST)
    point = _desk_point(request)
    if not form.is_valid() or point is None:
        messages.error(request, _("Enter the amount refunded."))
        return redirect("patrons:deposits")
    data = form.cleaned_data
    try:
        services.refund_deposit(
            patron,
            amount=data["amount"],
            receipt_number=data["receipt_number"],
            note=data["note"],
            branch=point.branch,
            at=timezone.now(),
            by=request.user,
        )
    except PatronRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Refund registered."))
    return redirect("patrons:deposits")


@login_required
@permission_required("patrons.import_patrons", raise_exception=True)
def import_file(request: HttpRequest) -> HttpResponse:
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = importing.read_table(upload.read(), upload.name)
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            rows = importing.applications(
                table, default_branch=form.cleaned_data["default_branch"], today=timezone.localdate()
            )
            report = services.import_patrons(
                rows, dry_run=form.cleaned_data["dry_run"], at=timezone.now(), by=request.user
            )
    return render(request, "patrons/import.html", {"form": form, "report": report, "columns": importing.COLUMNS})


@require_POST
@login_required
@permission_required(EXPORT, raise_exception=True)
def export(request: HttpRequest) -> HttpResponse:
    form = forms.ExportForm(request.POST)
    include = form.is_valid() and form.cleaned_data["include_personal"]
    readers = scoping.readers_visible_to(request.user).filter(merged_into__isnull=True)
    patrons = list(readers.select_related("category", "home_branch"))
    try:
        rows = services.export(patrons, include_personal=include, at=timezone.now(), by=request.user)
    except PatronRefused as refused:
        messages.error(request, refused.message)
        return redirect("patrons:search")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="readers.csv"'
    header = [str(EXPORT_HEADERS[c]) for c in services.EXPORT_COLUMNS]
    write_rows(response, [header, *([row[c] for c in services.EXPORT_COLUMNS] for row in rows)])
    return response


@login_required
@permission_required(VIEW, raise_exception=True)
def pending(request: HttpRequest) -> HttpResponse:
    pending = scoping.readers_visible_to(request.user).filter(status=Patron.Status.PENDING)
    applications = list(pending.order_by("-registered_at")[:200])
    conflicts = queries.application_conflicts(applications)
    rows = [(patron, patron.pk in conflicts) for patron in applications]
    return render(request, "patrons/pending.html", {"rows": rows})


@login_required
@permission_required("patrons.view_registrationevent", raise_exception=True)
def registrations(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    first = date_param(request.GET, "first", today.replace(month=1, day=1))
    last = date_param(request.GET, "last", today)
    rows = queries.new_cards_by_month(first, last)
    total = sum(r["cards"] for r in rows)
    return render(
        request,
        "patrons/registrations.html",
        {"rows": rows, "first": first, "last": last, "total": total, "channels": dict(Patron.Channel.choices)},
    )


def join(request: HttpRequest) -> HttpResponse:
    """The public online registration form: a pending record, confirmed at the first visit.
    Submissions are limited per client address and per ID number (``throttle``); past a limit the
    page says so with HTTP 429."""
    form = forms.JoinForm(request.POST or None, today=timezone.localdate())
    if request.method != "POST":
        return _join_page(request, form)
    valid = form.is_valid()
    document = form.cleaned_data.get("document") if valid else None
    settings = patron_settings()
    try:
        services.count_join_attempt(
            address=throttle.client_address(request.META, settings.join_client_ip_header),
            id_number=document.number if document else "",
            at=timezone.now(),
        )
    except PatronRefused as refused:
        response = _join_page(request, forms.JoinForm(today=timezone.localdate()), refusal=refused.message, status=429)
        response["Retry-After"] = str(refused.params.get("minutes", 60) * 60)
        return response
    if valid:
        data = form.cleaned_data
        branch = Branch.objects.filter(kind=Branch.Kind.CENTRAL).first() or Branch.objects.first()
        application = services.Application(
            name=data["name"], document=data["document"], phone=data["phone"], pin=data["pin"]
        )
        try:
            services.register_or_existing(
                application, home_branch=branch, channel=Patron.Channel.WEB, at=timezone.now(), by=None
            )
        except PatronRefused as refused:
            form.add_error(None, refused.message)
        else:
            # The same page whether the number was new or known: the form reveals nobody's registration.
            return render(
                request,
                "patrons/join_done.html",
                {"needs_visit": settings.online_needs_visit, "pending_days": settings.pending_days},
            )
    return _join_page(request, form)


def _join_page(request: HttpRequest, form: forms.JoinForm, *, refusal: str = "", status: int = 200) -> HttpResponse:
    settings = patron_settings()
    context = {
        "form": form,
        "refusal": refusal,
        "needs_visit": settings.online_needs_visit,
        "pending_days": settings.pending_days,
    }
    return render(request, "patrons/join.html", context, status=status)
