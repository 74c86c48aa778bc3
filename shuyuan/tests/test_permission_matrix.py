"""The permission matrix (issue 19 item 4), generated from the URL configuration and the roles table.

Every address of ``shuyuan/urls.py`` has one line in ``RULES`` below saying who may use it; the
test walks ``get_resolver()`` and fails for an address without a line. For every role of ``ROLES``
(a staff member of one branch), for a visitor who is not logged in and, on the API, for devices, the
answer expected follows from the line and the roles table:

- the role holds the permission: the page answers (anything but 401, 403 or the login page);
- it does not: 403; a visitor: the login page (the API: 401);
- ``reader=VIEW``: the page is tried with a reader of the staff member's branch and one of another
  branch, and answers alike (通借通还: every reader can be looked up); ``reader=CHANGE``: the reader
  of another branch gets 403 unless the role may change readers of every branch.

The admin is generated from its registry: each registered model's list answers exactly the roles
that hold its view or change permission.

**Adding a page is one line** in ``RULES``, keyed by the route as ``get_resolver()`` spells it:

    "desk/": page("circulation.add_loan"),
    "desk/<int:pk>/return/": post("circulation.change_loan"),
    "patrons/<int:pk>/notes/": page(VIEW_PATRON, reader=VIEW),
    "api/visits/counts": api("post", Device.Kind.PEOPLE_COUNTER),

A ``<int:pk>`` without ``reader`` is tried with a row that does not exist: the permission check runs
first, so a role that may use the page gets 404 and one that may not gets 403."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from shuyuan.devices.models import Device
from shuyuan.patrons.scoping import CHANGE_ANY_BRANCH
from shuyuan.roles import ROLES, Role
from shuyuan.testing.branches import make_branch, make_service_point, make_staff
from shuyuan.testing.devices import make_device
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db

PUBLIC = "public"  # anyone, not logged in too
STAFF = "staff"  # any staff member
VIEW, CHANGE = "view", "change"
ANY_DEVICE = "any"
MISSING = 999_999


@dataclass(frozen=True)
class Rule:
    permission: str
    method: str = "get"
    reader: str = ""
    device: str = ""  # API: the kind of device admitted, or ANY_DEVICE
    json: bool = False  # a page's own JSON requests: a visitor gets 401 (the page logs in and goes on)


def page(permission: str, *, reader: str = "") -> Rule:
    return Rule(permission, "get", reader)


def post(permission: str, *, reader: str = "") -> Rule:
    return Rule(permission, "post", reader)


def page_json(permission: str) -> Rule:
    return Rule(permission, "post", json=True)


def api(method: str, device: str) -> Rule:
    return Rule("device", method, device=device)


VIEW_PATRON, CHANGE_PATRON = "patrons.view_patron", "patrons.change_patron"

RULES: dict[str, Rule] = {
    "": page(PUBLIC),
    "staff/": page(STAFF),
    "login/": page(PUBLIC),
    "logout/": post(PUBLIC),
    "i18n/setlang/": post(PUBLIC),
    # API
    "api/": page(PUBLIC),
    "api/openapi.json": page(PUBLIC),
    "api/docs": page(PUBLIC),
    "api/health": page(PUBLIC),
    "api/branches/<code>/opening": api("get", ANY_DEVICE),
    "api/patrons/registrations": api("post", Device.Kind.REGISTRATION_KIOSK),
    # foundation
    "branches/": page("branches.view_branch"),
    "branches/calendar/": page("branches.view_publicholiday"),
    "branches/calendar/holidays/": post("branches.add_publicholiday"),
    "branches/calendar/closures/": post("branches.add_closure"),
    "devices/": page("devices.view_device"),
    "devices/add/": page("devices.add_device"),
    "devices/<int:pk>/toggle/": post("devices.change_device"),
    "devices/<int:pk>/reset/": post("devices.change_device"),
    "audit/": page("audit.view_audit_log"),
    # catalogue
    "catalog/imports/": page("catalog.view_importbatch"),
    "catalog/imports/marc/": post("catalog.add_importbatch"),
    "catalog/imports/table/": post("catalog.add_importbatch"),
    "catalog/imports/<int:pk>/": page("catalog.view_importbatch"),
    "catalog/imports/<int:pk>/mapping/": page("catalog.add_importbatch"),
    "catalog/imports/<int:pk>/again/": post("catalog.add_importbatch"),
    "catalog/imports/<int:pk>/report.csv": page("catalog.view_importbatch"),
    "catalog/imports/<int:pk>/barcodes.csv": page("catalog.view_importbatch"),
    "catalog/export/": page("catalog.view_record"),
    "catalog/search/": page("catalog.view_record"),
    "catalog/search/copy/": page("catalog.add_record"),
    "catalog/search/copy/import/": post("catalog.add_record"),
    # readers
    "patrons/": page(VIEW_PATRON),
    "patrons/register/": page("patrons.add_patron"),
    "patrons/id-check/": post("patrons.add_patron"),
    "patrons/join/": page(PUBLIC),
    "patrons/pending/": page(VIEW_PATRON),
    "patrons/deposits/": page("patrons.manage_deposits"),
    "patrons/import/": page("patrons.import_patrons"),
    "patrons/export/": post("patrons.export_patron"),
    "patrons/registrations/": page("patrons.view_registrationevent"),
    "patrons/<int:pk>/": page(VIEW_PATRON, reader=VIEW),
    "patrons/<int:pk>/edit/": page(CHANGE_PATRON, reader=CHANGE),
    "patrons/<int:pk>/confirm/": post(CHANGE_PATRON, reader=CHANGE),
    "patrons/<int:pk>/renew/": post(CHANGE_PATRON, reader=CHANGE),
    "patrons/<int:pk>/block/": post("patrons.add_patronblock", reader=CHANGE),
    "patrons/<int:pk>/replace-card/": post(CHANGE_PATRON, reader=CHANGE),
    "patrons/<int:pk>/pin/": post(CHANGE_PATRON, reader=CHANGE),
    "patrons/<int:pk>/notices/": post(CHANGE_PATRON, reader=CHANGE),
    "patrons/<int:pk>/reveal/": post("patrons.reveal_personal_data", reader=CHANGE),
    "patrons/<int:pk>/card.pdf": page(VIEW_PATRON, reader=VIEW),
    "patrons/<int:pk>/refund/": post("patrons.manage_deposits", reader=CHANGE),
    "patrons/blocks/<int:pk>/lift/": post("patrons.change_patronblock"),
    "patrons/cards/<int:pk>/lost/": post(CHANGE_PATRON),
    "patrons/<int:pk>/merge/": page("patrons.merge_patrons", reader=CHANGE),
    "patrons/<int:pk>/erase/": page("patrons.delete_patron", reader=CHANGE),
    # circulation
    "circulation/rules/": page("circulation.view_loanrule"),
    "circulation/rules/new/": page("circulation.change_loanrule"),
    "circulation/rules/<int:pk>/": page("circulation.change_loanrule"),
    "circulation/rules/<int:pk>/delete/": post("circulation.delete_loanrule"),
    "circulation/overdue/": page("circulation.view_overdue_list"),
    "circulation/overdue-readers/": page("circulation.view_overduelisting"),
    "circulation/overdue-readers/<int:pk>/lift/": post("circulation.change_overduelisting"),
    "circulation/batches/<int:pk>/manifest/": page("circulation.view_transferbatch"),
    "circulation/overdue/calls/": page("circulation.view_overdue_list"),
    "circulation/notices/": page("circulation.view_notice"),
    "circulation/notices/templates/": page("circulation.view_noticetemplate"),
    "circulation/notices/templates/<str:kind>/": page("circulation.change_noticetemplate"),
    "circulation/notices/templates/<str:kind>/preview/": post("circulation.change_noticetemplate"),
    "circulation/notices/templates/<str:kind>/reset/": post("circulation.change_noticetemplate"),
    # adapters
    "sip2/": page("sip2.view_devicecounter"),
    "sip2/<int:pk>/": page("sip2.view_devicecounter"),
    "sip2/conflicts/<int:pk>/resolve/": post("sip2.change_offlineconflict"),
    # the national return and the work report
    "returns/": page("returns.view_return"),
    "returns/indicators/": page("returns.view_return"),
    "returns/export/": page("returns.view_return"),
    "workreport/": page("workreport.view_report"),
    "workreport/narratives/": post("workreport.change_report"),
    "workreport/file/<str:kind>/": page("workreport.view_report"),
    "workreport/template/": post("workreport.add_template"),
    "workreport/template/default/": page("workreport.view_report"),
    # the lending desk
    "desk/": page("circulation.add_loan"),
    "desk/scan/": page_json("circulation.add_loan"),
    "desk/reader/<int:pk>/": page("circulation.add_loan"),
    "desk/receipt/<str:session>/": page("circulation.add_loan"),
    "desk/slips/<str:session>/": page("circulation.add_loan"),
    "desk/tally/": page("circulation.add_loan"),
    # the public catalogue; the reader's account answers readers (opac/tests: only their own data)
    "search/": page(PUBLIC),
    "search/advanced/": page(PUBLIC),
    "record/<int:pk>/": page(PUBLIC),
    "shelf/": page(PUBLIC),
    "classes/": page(PUBLIC),
    "new/": page(PUBLIC),
    "new/feed.atom": page(PUBLIC),
    "libraries/": page(PUBLIC),
    "libraries/<str:code>/": page(PUBLIC),
    "display/": page(PUBLIC),
    "account/": page(PUBLIC),
    "account/login/": page(PUBLIC),
    "account/logout/": post(PUBLIC),
    "account/loans/<int:pk>/renew/": post(PUBLIC),
    "account/loans/renew-all/": post(PUBLIC),
    "account/holds/place/<int:record_id>/": post(PUBLIC),
    "account/holds/<int:pk>/cancel/": post(PUBLIC),
    "account/ecard/": page(PUBLIC),
    "account/history/": page(PUBLIC),
    "account/pin/": page(PUBLIC),
    "account/suggestions/": page(PUBLIC),
    "account/notices/": page(PUBLIC),
    "account/activities/<int:pk>/sign-up/": page(PUBLIC),
    "sru": page(PUBLIC),
    "oai": page(PUBLIC),
    # the cataloguing desk
    "catalog/records/new/": page("catalog.add_record"),
    "catalog/records/<int:pk>/": page("catalog.change_record"),
    "catalog/records/<int:pk>/copies/": post("catalog.add_item"),
    "catalog/records/<int:pk>/call-number/": post("catalog.change_record"),
    "catalog/records/marc-check/": post("catalog.add_record"),
    "catalog/queue/": page("catalog.view_item"),
    "catalog/labels/": page("catalog.add_labelprint"),
    "catalog/clc/": page("catalog.view_record"),
    # shelf work: scanning, inventory, RFID, weeding, the re-cataloguing progress board
    "shelving/scan/": page("shelving.scan_shelf"),
    "shelving/scan/clear/": post("shelving.scan_shelf"),
    "shelving/inventories/": page("shelving.view_inventory"),
    "shelving/inventories/<int:pk>/": page("shelving.view_inventory"),
    "shelving/inventories/<int:pk>/scan/": post("shelving.change_inventory"),
    "shelving/inventories/<int:pk>/file/": post("shelving.change_inventory"),
    "shelving/inventories/<int:pk>/confirm/": post("shelving.confirm_inventory"),
    "shelving/inventories/<int:pk>/report.csv": page("shelving.view_inventory"),
    "shelving/rfid/": page("shelving.link_rfid"),
    "shelving/rfid/file/": post("shelving.link_rfid"),
    "shelving/weeding/": page("shelving.view_weedingbatch"),
    "shelving/weeding/<int:pk>/": page("shelving.view_weedingbatch"),
    "shelving/weeding/<int:pk>/add/": post("shelving.change_weedingbatch"),
    "shelving/weeding/<int:pk>/remove/": post("shelving.change_weedingbatch"),
    "shelving/weeding/<int:pk>/submit/": post("shelving.change_weedingbatch"),
    "shelving/weeding/<int:pk>/approve/": post("shelving.approve_weedingbatch"),
    "shelving/weeding/<int:pk>/send-back/": post("shelving.approve_weedingbatch"),
    "shelving/weeding/<int:pk>/list.csv": page("shelving.view_weedingbatch"),
    "shelving/progress/": page("catalog.view_item"),
    # visits and the e-reading room
    "stats/": page("stats.view_statistics"),
    "stats/figures/<str:name>/": page("stats.view_statistics"),
    "stats/figures/<str:name>/rows/": page("stats.view_statistics"),
    "stats/stock/": page("stats.view_statistics"),
    "stats/manual/": page("stats.view_statistics"),
    "visits/": page("visits.view_visitcount"),
    "visits/points/<str:code>/days/<str:on>/": page("visits.view_visitcount"),
    "visits/points/<str:code>/tally/": page("visits.add_visitcount"),
    "visits/counts/<int:pk>/correct/": page("visits.change_visitcount"),
    "visits/import/": page("visits.add_counterimport"),
    "visits/rooms/<str:code>/board/": page("visits.view_computersession"),
    "visits/rooms/<str:code>/computers/<int:computer>/start/": post("visits.add_computersession"),
    "visits/rooms/<str:code>/sessions/<int:session>/end/": post("visits.change_computersession"),
    "visits/eresources/": page("visits.view_eresourceusage"),
    "api/visits/counts": api("post", Device.Kind.PEOPLE_COUNTER),
    "api/visits/sessions/start": api("post", Device.Kind.E_READING_CLIENT),
    "api/visits/sessions/<session_id>/end": api("post", Device.Kind.E_READING_CLIENT),
    "api/visits/sessions": api("post", Device.Kind.E_READING_CLIENT),
    # activities (staff) and the public list of coming activities
    "outreach/": page("outreach.view_activity"),
    "outreach/plan/": page("outreach.add_activity"),
    "outreach/<int:pk>/": page("outreach.view_activity"),
    "outreach/<int:pk>/sign-up/": post("outreach.add_registration"),
    "outreach/<int:pk>/door/": page("outreach.check_in_ticket"),
    "outreach/<int:pk>/outcome/": post("outreach.change_activity"),
    "outreach/<int:pk>/photos/": post("outreach.add_photo"),
    "outreach/photos/<int:pk>/<str:size>/": page("outreach.view_activity"),
    "outreach/sign-ups/<int:pk>/cancel/": post("outreach.change_registration"),
    "outreach/volunteers/": page("outreach.view_volunteer"),
    "outreach/volunteers/<int:pk>/": page("outreach.view_volunteer"),
    "outreach/volunteers/<int:pk>/certificate/": page("outreach.view_volunteer"),
    "outreach/shifts/<int:pk>/<str:way>/": post("outreach.change_shift"),
    "outreach/training/": page("outreach.view_training"),
    "outreach/branches/": page("outreach.add_branchopening"),
    "outreach/branches/<int:pk>/": page("outreach.view_branchopening"),
    "outreach/branches/<int:pk>/stock/": post("outreach.add_branchopening"),
    "outreach/branches/<int:pk>/donations/": post("outreach.add_branchopening"),
    "activities/": page(PUBLIC),
    "activities/feed.ics": page(PUBLIC),
    "activities/<int:pk>/": page(PUBLIC),
    "activities/tickets/<str:ticket>/": page(PUBLIC),
    # acquisitions, donations and the exchange pool
    "acquisitions/": page("acquisitions.view_order"),
    "acquisitions/vendors/": page("acquisitions.view_vendor"),
    "acquisitions/funds/": page("acquisitions.view_fund"),
    "acquisitions/funds/<int:pk>/rollover/": post("acquisitions.change_fund"),
    "acquisitions/orders/new/": page("acquisitions.add_order"),
    "acquisitions/orders/from-suggestions/": page("acquisitions.add_order"),
    "acquisitions/orders/from-search/": page("acquisitions.add_order"),
    "acquisitions/orders/<int:pk>/": page("acquisitions.view_order"),
    "acquisitions/orders/<int:pk>/batch/": post("acquisitions.change_order"),
    "acquisitions/orders/<int:pk>/invoice/": page("acquisitions.add_invoice"),
    "acquisitions/lines/<int:pk>/<str:action>/": post("acquisitions.change_order"),
    "acquisitions/receive/": page("acquisitions.add_receipt"),
    "acquisitions/claims/": page("acquisitions.view_claim"),
    "acquisitions/vendors/<int:pk>/claim-letter.pdf": page("acquisitions.view_claim"),
    "acquisitions/suggestions/": page("acquisitions.view_purchasesuggestion"),
    "acquisitions/suggestions/<int:pk>/<str:action>/": post("acquisitions.change_purchasesuggestion"),
    "acquisitions/discrepancies/<int:pk>/": post("acquisitions.change_receiptbatch"),
    "acquisitions/report/": page("acquisitions.view_order"),
    "acquisitions/donations/": page("acquisitions.view_donation"),
    "acquisitions/donations/<int:pk>/certificate.pdf": page("acquisitions.view_donation"),
    "acquisitions/exchange/": page("acquisitions.view_exchangefair"),
    # periodicals
    "serials/": page("serials.view_subscription"),
    "serials/add/": page("serials.add_subscription"),
    "serials/<int:pk>/": page("serials.view_subscription"),
    "serials/<int:pk>/bind/": post("serials.add_boundvolume"),
    "serials/check-in/": page("serials.change_issue"),
    "serials/late/": page("serials.view_issue"),
    "serials/claims/": page("serials.view_claim"),
    "serials/claims/<int:pk>/letter.pdf": page("serials.view_claim"),
    "serials/subscription-list.pdf": page("serials.view_subscription"),
    "serials/shelve/": post("serials.change_issue"),
    "serials/renew/": post("serials.renew_subscriptions"),
    "serials/suppliers/": page("serials.view_supplier"),
    "serials/suppliers/<int:pk>/": page("serials.view_supplier"),
    "serials/suppliers/<int:pk>/contacts/": post("serials.change_supplier"),
    "serials/suppliers/<int:pk>/contacts/<int:contact>/remove/": post("serials.change_supplier"),
    # tables staff build themselves, and the dashboards (statistics)
    "tables/": page("stattables.view_savedtable"),
    "tables/build/": page("stattables.view_savedtable"),
    "tables/save/": post("stattables.add_savedtable"),
    "tables/<int:pk>/": page("stattables.view_savedtable"),
    "tables/<int:pk>/delete/": post("stattables.delete_savedtable"),
    "tables/<int:pk>/schedule/": post("stattables.add_schedule"),
    "tables/schedules/<int:pk>/remove/": post("stattables.delete_schedule"),
    "tables/ready/<str:code>/": page("stattables.view_savedtable"),
    "dashboards/": page("dashboards.view_dashboard"),
    "dashboards/live/": page("dashboards.view_live_board"),
    "dashboards/live/data.json": page("dashboards.view_live_board"),
}


def routes(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def site_routes() -> list[str]:
    """Every route but the admin's, which the admin's registry covers (``test_the_admin_…``)."""
    return [route for route in routes() if not route.startswith("admin/")]


def test_every_address_has_a_rule():
    assert [route for route in site_routes() if route not in RULES] == []


def test_every_rule_names_an_address_that_exists():
    assert sorted(set(RULES) - set(site_routes())) == []


def test_every_permission_in_the_rules_exists():
    known = {f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")}
    named = {rule.permission for rule in RULES.values()} - {PUBLIC, STAFF, "device"}
    assert sorted(named - known) == []


def holds(role: str, permission: str) -> bool:
    return role == Role.DIRECTOR or permission in ROLES[role]


@dataclass
class Library:
    own: object
    other: object
    readers: dict[str, list[tuple[int, bool]]]


@pytest.fixture
def library() -> Library:
    own, other = make_branch(name="本馆"), make_branch(name="他馆")
    make_service_point(own)
    ours = make_patron("王本馆", branch=own, service_point=make_service_point(own))
    theirs = make_patron("李他馆", branch=other, service_point=make_service_point(other))
    return Library(own, other, {"own": [(ours.pk, True)], "both": [(ours.pk, True), (theirs.pk, False)]})


def staff_requests(route: str, rule: Rule, library: Library) -> Iterator[tuple[str, bool]]:
    """The addresses to try for a route, each with whether its reader is of the staff member's branch."""
    if rule.reader:
        for pk, own in library.readers["both"]:
            yield concrete(route.replace("<int:pk>", str(pk))), own
    else:
        yield concrete(route), True


def concrete(route: str) -> str:
    """The route with a row that does not exist in each of its parts."""
    return re.sub(r"<int:\w+>", str(MISSING), re.sub(r"<(str:)?\w+>", "none", route.replace("<int:pk>", str(MISSING))))


def expected(role: str, rule: Rule, own: bool) -> bool:
    if rule.permission == PUBLIC or rule.permission == STAFF:
        return True
    if not holds(role, rule.permission):
        return False
    return own or rule.reader != CHANGE or holds(role, CHANGE_ANY_BRANCH)


def answered(response, rule: Rule | None = None) -> bool:
    """The page answered: not refused and not sent to the login page (where logging out may lead)."""
    to_login = response.status_code == 302 and response.get("Location", "").startswith("/login/?")
    return response.status_code not in (401, 403) and not (to_login and rule is not None and rule.permission != PUBLIC)


@pytest.mark.parametrize("role", Role.values)
def test_each_role_gets_exactly_the_answers_its_permissions_and_branch_allow(role, library):
    user = make_staff(role, library.own)
    client = Client()
    wrong = []
    for route, rule in RULES.items():
        if rule.device:
            continue
        for path, own in staff_requests(route, rule, library):
            client.force_login(user)  # logout/ is on the list too
            response = getattr(client, rule.method)("/" + path)
            if answered(response, rule) != expected(role, rule, own):
                wrong.append(f"{rule.method.upper()} /{path} {response.status_code}")
            elif not answered(response, rule) and response.status_code != 403:
                wrong.append(f"{rule.method.upper()} /{path} {response.status_code} (not 403)")
    assert wrong == []


def test_a_visitor_is_sent_to_the_login_page_everywhere_but_the_public_pages(library):
    client = Client()
    wrong = []
    for route, rule in RULES.items():
        path = "/" + concrete(route.replace("<code>", library.own.code))  # type: ignore[attr-defined]
        response = getattr(client, rule.method)(path)
        if rule.permission == PUBLIC:
            ok = answered(response, rule)
        elif rule.device or rule.json:
            ok = response.status_code == 401
        else:
            ok = response.status_code == 302 and response["Location"].startswith("/login/")
        if not ok:
            wrong.append(f"{rule.method.upper()} {path} {response.status_code}")
    assert wrong == []


def device_rules() -> list[tuple[str, Rule]]:
    return [(route, rule) for route, rule in RULES.items() if rule.device]


@pytest.mark.parametrize("kind", Device.Kind.values)
def test_each_kind_of_device_reaches_exactly_its_endpoints_and_only_for_its_branch(kind, library):
    _device, key = make_device(kind, branch=library.own)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    wrong = []
    for route, rule in device_rules():
        admitted = rule.device in (ANY_DEVICE, kind)
        for branch, own in ((library.own, True), (library.other, False)):
            if "<code>" not in route and not own:
                continue
            path = "/" + route.replace("<code>", branch.code)  # type: ignore[attr-defined]
            response = getattr(client, rule.method)(path, content_type="application/json")
            if answered(response) != (admitted and own):
                wrong.append(f"{rule.method.upper()} {path} {response.status_code}")
    assert wrong == []


def test_a_staff_login_is_no_key_to_the_api(library):
    client = Client()
    client.force_login(make_staff(Role.DIRECTOR, all_branches=True))
    answers = {
        route: getattr(client, rule.method)("/" + route.replace("<code>", library.own.code)).status_code  # type: ignore[attr-defined]
        for route, rule in device_rules()
    }
    assert set(answers.values()) == {401}


def admin_lists() -> list[tuple[str, str, str]]:
    """Each registered model's list in the admin, with its view and change permissions."""
    return [
        (
            f"/admin/{model._meta.app_label}/{model._meta.model_name}/",
            f"{model._meta.app_label}.view_{model._meta.model_name}",
            f"{model._meta.app_label}.change_{model._meta.model_name}",
        )
        for model in admin.site._registry
    ]


@pytest.mark.parametrize("role", Role.values)
def test_the_admin_shows_each_role_exactly_the_lists_its_permissions_allow(role, library):
    client = Client()
    client.force_login(make_staff(role, library.own))
    wrong = []
    for path, view, change in admin_lists():
        response = client.get(path)
        allowed = holds(role, view) or holds(role, change)
        if (response.status_code == 200) != allowed or response.status_code not in (200, 403):
            wrong.append(f"{path} {response.status_code}")
    assert wrong == []
