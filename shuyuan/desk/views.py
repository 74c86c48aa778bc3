"""The lending desk (外借处): one page driven by a scanner and the keyboard, the JSON endpoint its
queue sends scans to, the reader's panel, the receipt, transit slips and the daily tally."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shuyuan.audit import actions, log
from shuyuan.branches.models import ServicePoint
from shuyuan.branches.scoping import branches_for, can_act_in
from shuyuan.circulation import queries as circulation_queries
from shuyuan.desk import acts, services
from shuyuan.desk.models import DeskScan
from shuyuan.inputs import int_param, reads_scanner_input
from shuyuan.patrons import queries as patron_queries
from shuyuan.patrons.masking import mask_card, mask_name
from shuyuan.patrons.models import Patron
from shuyuan.sqlite.grouping import one_commit

DESK_PERMISSION = "circulation.add_loan"
IDLE_SECONDS = 180
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_BODY = 4096
Mode = DeskScan.Mode


def desk_json(view: Callable[..., JsonResponse]) -> Callable[..., JsonResponse]:
    """For the page's requests: an expired login answers 401 (the page keeps its queue and sends it
    after the login) instead of a redirect to the login page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        if not request.user.is_authenticated:
            return JsonResponse({"login": reverse("login") + "?next=" + reverse("desk:desk")}, status=401)
        if not request.user.has_perm(DESK_PERMISSION):
            return JsonResponse({"message": _("You are not allowed to do this.")}, status=403)
        return view(request, *args, **kwargs)

    return wrapped


def service_point_for(request: HttpRequest, code: str = "") -> ServicePoint:
    """The service point the desk works for: the one asked for, the one this browser used last, the
    staff member's default, or the first lending desk of their branches."""
    code = code or request.GET.get("sp", "") or request.session.get("desk_service_point", "")
    points = ServicePoint.objects.select_related("branch").filter(is_active=True)
    point = points.filter(code=code).first() if code else None
    if point is None:
        profile = getattr(request.user, "staff_profile", None)
        point = profile.default_service_point if profile is not None else None
    if point is None:
        point = (
            points.filter(branch__in=branches_for(request.user), kind=ServicePoint.Kind.LENDING_DESK)
            .order_by("branch__code", "code")
            .first()
        )
    if point is None or not can_act_in(request.user, point.branch):
        raise Http404(_("No service point of your branches can lend."))
    if request.session.get("desk_service_point") != point.code:
        request.session["desk_service_point"] = point.code  # a session write only when it changes
    return point


@login_required
@permission_required(DESK_PERMISSION, raise_exception=True)
@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    point = service_point_for(request)
    points = ServicePoint.objects.select_related("branch").filter(is_active=True, branch__in=branches_for(request.user))
    context = {
        "point": point,
        "points": points,
        "modes": Mode.choices[:4],
        "config": {
            "scanUrl": reverse("desk:scan"),
            "panelUrl": reverse("desk:panel", args=[0]),
            "receiptUrl": reverse("desk:receipt", args=["SESSION"]),
            "slipsUrl": reverse("desk:slips", args=["SESSION"]),
            "servicePoint": point.code,
            "csrf": get_token(request),
            "idleSeconds": IDLE_SECONDS,
            "mayOverride": request.user.has_perm(acts.OVERRIDE_PERMISSION),
            "text": page_texts(),
        },
    }
    return render(request, "desk/desk.html", context)


def page_texts() -> dict[str, str]:
    """The sentences the page's script shows, in the page's language."""
    return {
        "waiting": _("waiting"),
        "sending": _("sending"),
        "retrying": _("network trouble, retrying"),
        "loginExpired": _("Your login has expired. Log in again: the %(n)s scans waiting are sent after it."),
        "unknownResult": _("The result of this scan is not known: check the reader's loans."),
        "askCard": _("Reader card"),
        "askItem": _("Book"),
        "overridePrompt": _("Why lend over this refusal? (recorded in the audit log)"),
        "override": _("Lend anyway"),
        "ended": _("Session ended. Scan the next reader's card."),
        "idle": _("The reader's session ended after a pause."),
        "emptiedAt": _("Book drop emptied at"),
    }


def scan_from(request: HttpRequest, data: dict[str, Any], point: ServicePoint, patron: Patron | None) -> acts.Scan:
    emptied = parse_datetime(str(data.get("emptied_at") or "")) if data.get("emptied_at") else None
    if emptied is not None and timezone.is_naive(emptied):
        emptied = timezone.make_aware(emptied)
    now = timezone.now()
    return acts.Scan(
        value=str(data.get("value") or ""),
        mode=str(data.get("mode")),
        at=now,
        user=request.user,
        service_point=point,
        patron=patron,
        as_kind=str(data.get("as") or ""),
        override=str(data.get("override") or "")[:200],
        emptied_at=min(emptied, now) if emptied is not None else None,
    )


def session_patron(session: str) -> Patron | None:
    """The reader a desk session serves: the one its latest answered lending scan left."""
    latest = (
        DeskScan.objects.filter(session=session, mode__in=(Mode.LEND, Mode.RENEW), answered_at__isnull=False)
        .order_by("-pk")
        .values_list("patron_id", flat=True)
        .first()
    )
    return Patron.objects.select_related("category").get(pk=latest) if latest else None


def replay(scan: DeskScan) -> JsonResponse:
    if scan.answer is None:
        return JsonResponse(
            {
                "client_id": scan.client_id,
                "message": _("The result of this scan is not known: check the reader's loans."),
                "ok": False,
                "sound": "refused",
                "kind": "unknown_result",
            },
            status=409,
        )
    return JsonResponse({**scan.answer, "replayed": True})


@reads_scanner_input
@desk_json
@require_POST
def scan(request: HttpRequest) -> JsonResponse:
    """One scan or renewal from the page's queue, acted on once per client id."""
    if len(request.body) > MAX_BODY:
        return JsonResponse({"message": _("The scan is too long to be a card or a barcode; scan again.")}, status=400)
    try:
        data = json.loads(request.body)
    except ValueError:
        return JsonResponse({"message": _("The request could not be read.")}, status=400)
    client_id, session, mode = (str(data.get(k) or "") for k in ("client_id", "session", "mode"))
    action = str(data.get("action") or "scan")
    if not _CLIENT_ID.match(client_id) or not _CLIENT_ID.match(session) or mode not in Mode.values:
        return JsonResponse({"message": _("The request could not be read.")}, status=400)
    point = service_point_for(request, str(data.get("service_point") or ""))
    with one_commit():  # the claim, the act and its answer: synced to disk once, before the answer goes out
        reply = _act_once(request, data, client_id, session, mode, action, point)
    return reply if isinstance(reply, JsonResponse) else JsonResponse(reply)


def _act_once(
    request: HttpRequest,
    data: dict[str, Any],
    client_id: str,
    session: str,
    mode: str,
    action: str,
    point: ServicePoint,
) -> JsonResponse | dict[str, Any]:
    try:
        claimed = services.claim(
            client_id,
            session=session,
            mode=Mode.RENEW if action != "scan" else mode,
            at=timezone.now(),
            by=request.user,
            service_point=point,
        )
    except services.AlreadyClaimed as seen:
        return replay(seen.scan)
    patron = session_patron(session)
    desk_scan = scan_from(request, data, point, patron)
    if action == "renew_all":
        reply, after = acts.renew(patron, None, desk_scan), patron
    elif action == "renew":
        loan = int_param(data, "loan", 0, minimum=0, maximum=2**62)  # a bad value names no loan: refused
        reply, after = acts.renew(patron, loan, desk_scan), patron
    else:
        reply, after = acts.perform(desk_scan)
    reply["client_id"] = client_id
    kept = after if claimed.mode in (Mode.LEND, Mode.RENEW) else None
    services.answer(claimed, reply, patron=kept, at=timezone.now())
    return reply


@login_required
@permission_required(DESK_PERMISSION, raise_exception=True)
@require_GET
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The reader's panel: who they are (masked), where they stand and what they have and owe."""
    patron = get_object_or_404(Patron.objects.select_related("category", "home_branch"), pk=pk)
    point = service_point_for(request)
    now = timezone.now()
    account = circulation_queries.account(patron, at=now)
    context = {
        "patron": patron,
        "loan_rows": loan_rows(account),
        "name": mask_name(patron.name),
        "card": mask_card(patron.card_number),
        "category": patron_queries.effective_category(patron, timezone.localdate(now)),
        "standing": circulation_queries.standing(patron, at=now, branch=point.branch),
        "account": account,
    }
    return render(request, "desk/panel.html", context)


def loan_rows(account: circulation_queries.Account) -> str:
    """The loans' table rows, built here rather than in a template loop: a school's 500 loans
    render in a few milliseconds instead of tens."""
    renew = _("Renew")
    return format_html_join(
        "\n",
        '<tr data-barcode="{}"{}><td class="due">{}</td><td class="title">{}</td><td class="code">{}</td>'
        '<td><button type="button" class="renew" data-loan="{}">{}</button></td></tr>',
        (
            (
                loan.barcode,
                mark_safe(' class="overdue"') if loan.is_overdue else "",
                f"{timezone.localtime(loan.due_at):%Y-%m-%d}",
                loan.title,
                loan.barcode,
                loan.loan_id,
                renew,
            )
            for loan in account.loans
        ),
    )


def answered(session: str, modes: tuple[str, ...]) -> list[DeskScan]:
    return list(
        DeskScan.objects.filter(session=session, ok=True, mode__in=modes)
        .select_related("service_point__branch")
        .order_by("pk")
    )


@login_required
@permission_required(DESK_PERMISSION, raise_exception=True)
@require_GET
def receipt(request: HttpRequest, session: str) -> HttpResponse:
    """The 80 mm slip of a desk session: the items lent, renewed or returned, with due dates; the
    reader by masked name and card, never by ID number."""
    scans = answered(session, (Mode.LEND, Mode.RENEW, Mode.RETURN, Mode.BOOK_DROP))
    lines: list[dict[str, Any]] = []
    for desk_scan in scans:
        answer = desk_scan.answer or {}
        if answer.get("kind") == "renew_all":
            lines.extend({**line, "kind": "renew"} for line in answer.get("lines", []) if line.get("ok"))
        elif answer.get("kind") in ("lend", "renew", "return"):
            lines.append(answer)
    patron = next((s.patron for s in reversed(scans) if s.patron is not None), None)
    context = {
        "lines": lines,
        "point": scans[0].service_point if scans else None,
        "name": mask_name(patron.name) if patron else "",
        "card": mask_card(patron.card_number) if patron else "",
        "now": timezone.localtime(),
        "by": request.user,
    }
    return render(request, "desk/receipt.html", context)


@login_required
@permission_required(DESK_PERMISSION, raise_exception=True)
@require_GET
def slips(request: HttpRequest, session: str) -> HttpResponse:
    """One transit slip per destination branch for the returns of a desk session."""
    groups: dict[str, list[dict[str, Any]]] = {}
    scans = answered(session, (Mode.RETURN, Mode.BOOK_DROP))
    for desk_scan in scans:
        answer = desk_scan.answer or {}
        route = answer.get("route") or {}
        if route.get("kind") == "transit":
            groups.setdefault(route["destination"], []).append(answer)
    context = {
        "groups": sorted(groups.items()),
        "point": scans[0].service_point if scans else None,
        "now": timezone.localtime(),
    }
    return render(request, "desk/slips.html", context)


@login_required
@permission_required(DESK_PERMISSION, raise_exception=True)
@require_GET
def tally(request: HttpRequest) -> HttpResponse:
    """The daily tally (日结) of a desk: for the staff member and for everyone at it."""
    point = service_point_for(request)
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = timezone.localdate()
    first = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    last = first + timedelta(days=1)
    me = str(log.actor_fields(request.user)["actor_label"])[:150]
    per_staff = circulation_queries.tally_by_staff(first=first, last=last, service_point=point)
    cards = patron_queries.new_cards_by_staff(day, day, service_point_code=point.code)
    context = {
        "point": point,
        "day": day,
        "mine": circulation_queries.tally(first=first, last=last, service_point=point, by=request.user),
        "desk": circulation_queries.tally(first=first, last=last, service_point=point),
        "new_cards": sum(cards.values()),
        "my_new_cards": cards.get(me, 0),
        "staff": [
            (actions.actor_label(label), per_staff.get(label), cards.get(label, 0))
            for label in sorted(set(per_staff) | set(cards))
        ],
        "by": request.user,
        "now": timezone.localtime(),
    }
    return render(request, "desk/tally.html", context)
