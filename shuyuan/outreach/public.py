"""The public pages of activities (mounted at /activities/): the coming activities, signing up
with card and PIN, the ticket with its QR code, and the iCalendar feed. They work without JavaScript."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.outreach import ical, queries, services, tickets
from shuyuan.outreach.errors import OutreachRefused, Reason
from shuyuan.outreach.forms import PublicSignupForm
from shuyuan.outreach.models import Activity, Registration
from shuyuan.patrons import queries as patron_queries
from shuyuan.patrons import services as patron_services
from shuyuan.patrons.errors import PatronRefused
from shuyuan.patrons.rules import PinResult


def coming(request: HttpRequest) -> HttpResponse:
    rows = queries.coming(at=timezone.now())
    return render(request, "outreach/public/coming.html", {"rows": rows})


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(queries.with_counts(Activity.objects.filter(is_public=True)), pk=pk)
    form = PublicSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = _sign_up(found, form.cleaned_data["card"], form.cleaned_data["pin"])
        except (OutreachRefused, PatronRefused) as exc:
            messages.error(request, exc.message)
        else:
            return redirect("activities:ticket", ticket=registration.ticket)
    context = {"activity": found, "status": queries.status_of(found, at=timezone.now()), "form": form}
    return render(request, "outreach/public/detail.html", context)


def _sign_up(activity: Activity, card: str, pin: str) -> Registration:
    now = timezone.now()
    patron = patron_queries.by_card(card)
    # The same sentence for an unknown card and a wrong PIN: the form must not tell which cards exist.
    if patron is None:
        raise OutreachRefused(Reason.CARD_OR_PIN_WRONG)
    result = patron_services.check_pin(patron, pin, at=now, as_read=True)  # by_card read it whole
    if result != PinResult.OK:
        raise OutreachRefused(Reason.CARD_OR_PIN_WRONG)
    return services.sign_up(activity, patron, at=now, by=patron, channel=Registration.Channel.ONLINE)


def ticket(request: HttpRequest, ticket: str) -> HttpResponse:
    found = get_object_or_404(Registration.objects.select_related("activity"), ticket=ticket)
    context = {"registration": found, "activity": found.activity, "qr": tickets.qr_svg(found.ticket)}
    return render(request, "outreach/public/ticket.html", context)


def feed(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    activities = Activity.objects.filter(is_public=True, ends_at__gte=now - timedelta(days=30)).select_related(
        "series", "branch", "service_point"
    )
    body = ical.feed(activities, host=request.get_host().split(":")[0], now=now, name=_("Library activities"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
