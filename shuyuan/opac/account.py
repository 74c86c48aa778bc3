"""The reader's account pages. Every object a URL or a form names is looked up among the logged-in
reader's own rows: another reader's loan or hold id is simply not found (404)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shuyuan.acquisitions import queries as acquisitions_queries
from shuyuan.acquisitions import services as acquisitions
from shuyuan.acquisitions.errors import AcquisitionsRefused
from shuyuan.branches.models import Branch
from shuyuan.catalog.models import Record
from shuyuan.circulation import queries as circulation_queries
from shuyuan.circulation import services as circulation
from shuyuan.circulation.errors import CirculationRefused
from shuyuan.circulation.models import Channel, Hold, Loan, Notice
from shuyuan.opac import qr
from shuyuan.opac.readers import log_in, log_out, reader_of, reader_required
from shuyuan.outreach import queries as outreach_queries
from shuyuan.outreach import services as outreach
from shuyuan.outreach.errors import OutreachRefused
from shuyuan.outreach.models import Registration
from shuyuan.patrons import ecard
from shuyuan.patrons import queries as patron_queries
from shuyuan.patrons import services as patron_services
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.models import Patron
from shuyuan.patrons.rules import PinResult

HOME = "opac:account"


def _wrong_card_or_pin() -> str:
    return _("The card or ID number, or the PIN, is wrong. Readers without a PIN set one at the desk.")


def login(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    if reader_of(request, at=now) is not None:
        return redirect(HOME)
    error = ""
    identifier = ""
    if request.method == "POST":
        identifier = request.POST.get("identifier", "").strip()[:40]
        pin = request.POST.get("pin", "")[:20]
        try:
            patron = patron_queries.resolve(identifier) if identifier else None
        except PatronRefused as refused:
            patron, error = None, "" if refused.reason == Reason.CARD_NOT_FOUND else refused.message
        if patron is None and not error:
            error = _wrong_card_or_pin()
        if patron is not None:
            result = patron_services.check_pin(patron, pin, at=now, as_read=True)  # resolve read it whole
            if result == PinResult.OK:
                log_in(request, patron, at=now)
                wanted = request.POST.get("next", "")
                if not url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
                    wanted = ""
                return redirect(wanted or HOME)
            # Only a lockout is told apart: the form must not tell which cards and ID numbers are registered.
            error = str(result.refusal.label) if result == PinResult.LOCKED else _wrong_card_or_pin()
    return render(
        request,
        "opac/login.html",
        {"error": error, "identifier": identifier, "next": request.GET.get("next", "")},
        status=400 if error else 200,
    )


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    log_out(request)
    messages.info(request, _("You have logged out."))
    return redirect("opac:home")


@reader_required
def account(request: HttpRequest, patron: Patron) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "opac/account.html",
        {
            "patron": patron,
            "account": circulation_queries.account(patron, at=now),
            "notices": Notice.objects.filter(patron=patron).order_by("-created_at")[:5],
            "is_pending": patron.status == Patron.Status.PENDING,
            "suggestions": acquisitions_queries.suggestions_of(patron)[:3],
        },
    )


def _own_loan(patron: Patron, pk: int) -> Loan:
    loan = Loan.objects.filter(pk=pk, patron=patron, status=Loan.Status.OPEN).first()
    if loan is None:
        raise Http404
    return loan


def _own_hold(patron: Patron, pk: int) -> Hold:
    hold = Hold.objects.filter(pk=pk, patron=patron).first()
    if hold is None:
        raise Http404
    return hold


@require_POST
@reader_required
def renew(request: HttpRequest, patron: Patron, pk: int) -> HttpResponse:
    loan = _own_loan(patron, pk)
    try:
        renewed = circulation.renew(loan, at=timezone.now(), by=patron, channel=Channel.OPAC)
    except CirculationRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Renewed: now due on %(day)s.") % {"day": _day(renewed.due_at)})
    return redirect(HOME)


@require_POST
@reader_required
def renew_all(request: HttpRequest, patron: Patron) -> HttpResponse:
    done = circulation.renew_all(patron, at=timezone.now(), by=patron, channel=Channel.OPAC)
    messages.success(request, _("%(n)d loan(s) renewed.") % {"n": len(done.renewed)})
    for loan, reason in done.refused:
        messages.error(request, f"{loan.item.record.title}: {reason.label}")
    return redirect(HOME)


@require_POST
@reader_required
def place_hold(request: HttpRequest, patron: Patron, record_id: int) -> HttpResponse:
    record = Record.objects.filter(pk=record_id).first()
    branch = Branch.objects.filter(code=request.POST.get("pickup_branch", "")[:20], is_active=True).first()
    if record is None:
        raise Http404
    if branch is None:
        messages.error(request, _("Choose the branch where you will collect the book."))
        return redirect("opac:record", pk=record_id)
    try:
        hold = circulation.place_hold(
            record, patron, pickup_branch=branch, at=timezone.now(), by=patron, channel=Channel.OPAC
        )
    except CirculationRefused as refused:
        messages.error(request, refused.message)
        return redirect("opac:record", pk=record_id)
    messages.success(
        request,
        _("Hold placed: you are number %(n)d in the queue.") % {"n": circulation_queries.queue_place(hold)},
    )
    return redirect(HOME)


@require_POST
@reader_required
def cancel_hold(request: HttpRequest, patron: Patron, pk: int) -> HttpResponse:
    hold = _own_hold(patron, pk)
    try:
        circulation.cancel_hold(hold, at=timezone.now(), by=patron, channel=Channel.OPAC)
    except CirculationRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Hold cancelled."))
    return redirect(HOME)


@reader_required
def ecard_page(request: HttpRequest, patron: Patron) -> HttpResponse:
    now = timezone.now()
    value = ecard.value(patron, at=now)
    return render(
        request,
        "opac/ecard.html",
        {"patron": patron, "value": value, "svg": qr.svg(value), "expires_at": ecard.expires_at(now),
         "refresh": ecard.WINDOW},
    )  # fmt: skip


@reader_required
def history(request: HttpRequest, patron: Patron) -> HttpResponse:
    if request.method == "POST":
        keep = request.POST.get("keep") == "1"
        patron = patron_services.update(patron, keeps_reading_history=keep, at=timezone.now(), by=patron)
        messages.success(request, _("Reading history is on.") if keep else _("Reading history is off."))
        return redirect("opac:history")
    loans = circulation_queries.reading_history(patron)[:200] if patron.keeps_reading_history else []
    return render(request, "opac/history.html", {"patron": patron, "loans": loans})


@reader_required
def change_pin(request: HttpRequest, patron: Patron) -> HttpResponse:
    error = ""
    if request.method == "POST":
        new, again = request.POST.get("new", "")[:20], request.POST.get("again", "")[:20]
        if new != again:
            error = _("The two new PINs differ.")
        else:
            try:
                patron_services.change_pin(
                    patron, current=request.POST.get("current", "")[:20], new=new, at=timezone.now(), by=patron
                )
            except PatronRefused as refused:
                error = refused.message
            else:
                messages.success(request, _("Your PIN has been changed."))
                return redirect(HOME)
    return render(request, "opac/pin.html", {"error": error}, status=400 if error else 200)


SUGGESTION_FIELDS = {"isbn": 20, "title": 500, "author": 300, "publisher": 200, "note": 500}


@reader_required
def suggestions(request: HttpRequest, patron: Patron) -> HttpResponse:
    """Suggest a book for the library to buy (荐购), by ISBN or by description, and see the answers."""
    error = ""
    values = {name: "" for name in SUGGESTION_FIELDS}
    if request.method == "POST":
        values = {name: request.POST.get(name, "")[:limit].strip() for name, limit in SUGGESTION_FIELDS.items()}
        try:
            suggestion = acquisitions.suggest(patron, **values, at=timezone.now(), by=patron)
        except AcquisitionsRefused as refused:
            error = refused.message
        else:
            messages.success(
                request,
                _("Thank you: your suggestion of %(title)s was sent to the library.")
                % {"title": f"《{suggestion.title}》" if suggestion.title else suggestion.isbn},
            )
            return redirect("opac:suggestions")
    context = {"error": error, "values": values, "suggestions": acquisitions_queries.suggestions_of(patron)}
    return render(request, "opac/suggestions.html", context, status=400 if error else 200)


@reader_required
def notice_channel(request: HttpRequest, patron: Patron) -> HttpResponse:
    """How the reader wants to be told about due dates, overdues and holds: SMS, e-mail or no messages.
    The address is shown masked; typing a new one replaces it."""
    error = ""
    if request.method == "POST":
        email = request.POST.get("email", "")[:254].strip()
        if request.POST.get("forget_email") == "1":
            email_change: Any = {"email": ""}
        else:
            email_change = {"email": email} if email else {}
        try:
            patron_services.set_notice_channel(
                patron, channel=request.POST.get("channel", "")[:10], **email_change, at=timezone.now(), by=patron
            )
        except PatronRefused as refused:
            error = refused.message
        else:
            messages.success(request, _("Your choice of notices was saved."))
            return redirect(HOME)
    context = {"patron": patron, "error": error, "choices": Patron.NoticeChannel.choices}
    return render(request, "opac/notices.html", context, status=400 if error else 200)


def _day(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


@reader_required
def activity_sign_up(request: HttpRequest, patron: Patron, pk: int) -> HttpResponse:
    """A logged-in reader takes a place at a public activity without typing the card and PIN again: a
    confirmation page, then the ticket."""
    activity = outreach_queries.public_activity(pk)
    if activity is None:
        raise Http404
    if request.method == "POST":
        try:
            registration = outreach.sign_up(
                activity, patron, at=timezone.now(), by=patron, channel=Registration.Channel.ONLINE
            )
        except OutreachRefused as refused:
            messages.error(request, refused.message)
        else:
            return redirect("activities:ticket", ticket=registration.ticket)
    status = outreach_queries.status_of(activity, at=timezone.now())
    return render(request, "opac/activity_signup.html", {"activity": activity, "status": status})
