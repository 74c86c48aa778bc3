"""The staff menu: one list, grouped by work area (外借, 采编, 采访与期刊, 阅览, 活动, 统计, 管理).

A new page gets its line here, under the area of the people who use it; a person sees the items
their permissions allow, and an area only when it has an item for them. Areas without pages yet
(acquisitions and serials, reading rooms, activities) are listed so that the plan stays visible.
"""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    permission: str = ""


@dataclass(frozen=True)
class Area:
    key: str
    label: Any
    items: tuple[NavItem, ...]


MENU: tuple[Area, ...] = (
    Area(
        "lending",
        pgettext_lazy("work area", "Lending"),
        (
            NavItem(_("Lending desk"), "desk:desk", "circulation.add_loan"),
            NavItem(_("Readers"), "patrons:search", "patrons.view_patron"),
            NavItem(_("Register a reader"), "patrons:register", "patrons.add_patron"),
            NavItem(_("Overdue list"), "circulation:overdue", "circulation.view_overdue_list"),
            NavItem(_("Overdue call list"), "circulation:call_list", "circulation.view_overdue_list"),
            NavItem(_("Notices"), "circulation:notices", "circulation.view_notice"),
            NavItem(_("Notice texts"), "circulation:notice_templates", "circulation.view_noticetemplate"),
            NavItem(_("Loan rules"), "circulation:rules", "circulation.view_loanrule"),
            NavItem(_("Self-check kiosks"), "sip2:kiosks", "sip2.view_devicecounter"),
        ),
    ),
    Area(
        "cataloguing",
        pgettext_lazy("work area", "Cataloguing"),
        (
            NavItem(_("Catalogue search"), "catalog:search", "catalog.view_record"),
            NavItem(_("New record"), "catalog:record_new", "catalog.add_record"),
            NavItem(_("Copy cataloguing"), "catalog:copy_cataloguing", "catalog.add_record"),
            NavItem(_("Work queue"), "catalog:queue", "catalog.view_item"),
            NavItem(_("Labels"), "catalog:labels", "catalog.add_labelprint"),
            NavItem(_("Shelf scanning"), "shelving:scan", "shelving.scan_shelf"),
            NavItem(_("Inventory"), "shelving:inventories", "shelving.view_inventory"),
            NavItem(_("RFID tags"), "shelving:rfid", "shelving.link_rfid"),
            NavItem(_("Weeding"), "shelving:weeding", "shelving.view_weedingbatch"),
            NavItem(_("Re-cataloguing progress"), "shelving:progress", "catalog.view_item"),
            NavItem(_("CLC classes"), "catalog:clc", "catalog.view_record"),
            NavItem(_("Imports"), "catalog:imports", "catalog.view_importbatch"),
            NavItem(_("MARC export"), "catalog:export", "catalog.view_record"),
        ),
    ),
    Area(
        "acquisitions",
        pgettext_lazy("work area", "Acquisitions and serials"),
        (
            NavItem(_("Acquisitions"), "acquisitions:home", "acquisitions.view_order"),
            NavItem(_("New order"), "acquisitions:new_order", "acquisitions.add_order"),
            NavItem(
                _("Order from readers' suggestions"), "acquisitions:order_from_suggestions", "acquisitions.add_order"
            ),
            NavItem(_("Order from a catalogue search"), "acquisitions:order_from_search", "acquisitions.add_order"),
            NavItem(_("Receive by scan"), "acquisitions:scan", "acquisitions.add_receipt"),
            NavItem(_("Purchase suggestions"), "acquisitions:suggestions", "acquisitions.view_purchasesuggestion"),
            NavItem(_("Funds"), "acquisitions:funds", "acquisitions.view_fund"),
            NavItem(_("Vendors"), "acquisitions:vendors", "acquisitions.view_vendor"),
            NavItem(_("Claims to vendors"), "acquisitions:claims", "acquisitions.view_claim"),
            NavItem(_("Acquisitions report"), "acquisitions:report", "acquisitions.view_order"),
            NavItem(_("Donations and local documents"), "acquisitions:donations", "acquisitions.view_donation"),
            NavItem(_("Book exchange"), "acquisitions:pool", "acquisitions.view_exchangefair"),
            NavItem(_("Periodical subscriptions"), "serials:list", "serials.view_subscription"),
            NavItem(_("Check in periodicals"), "serials:check_in", "serials.change_issue"),
            NavItem(_("Late issues and claims"), "serials:late", "serials.view_issue"),
            NavItem(_("Periodical suppliers"), "serials:suppliers", "serials.view_supplier"),
        ),
    ),
    Area(
        "reading",
        pgettext_lazy("work area", "Reading rooms"),
        (
            NavItem(_("Visits"), "visits:overview", "visits.view_visitcount"),
            NavItem(_("Import people counter file"), "visits:import_counter_file", "visits.add_counterimport"),
            NavItem(_("E-resource usage"), "visits:eresources", "visits.view_eresourceusage"),
        ),
    ),
    Area(
        "activities",
        pgettext_lazy("work area", "Activities"),
        (
            NavItem(_("Activity calendar"), "outreach:calendar", "outreach.view_activity"),
            NavItem(_("Plan an activity"), "outreach:plan", "outreach.add_activity"),
            NavItem(_("Volunteers"), "outreach:volunteers", "outreach.view_volunteer"),
            NavItem(_("Staff training"), "outreach:trainings", "outreach.view_training"),
            NavItem(_("Open a branch at a partner"), "outreach:open_branch", "outreach.add_branchopening"),
        ),
    ),
    Area(
        "statistics",
        pgettext_lazy("work area", "Statistics"),
        (
            NavItem(_("Statistics"), "stats:overview", "stats.view_statistics"),
            NavItem(_("Stock as of a day"), "stats:stock", "stats.view_statistics"),
            NavItem(_("Figures entered by hand"), "stats:manual", "stats.enter_figures"),
            NavItem(_("Statistics dashboard"), "dashboards:dashboard", "dashboards.view_dashboard"),
            NavItem(_("Statistical tables"), "stattables:index", "stattables.view_savedtable"),
            NavItem(_("Live board"), "dashboards:live", "dashboards.view_live_board"),
            NavItem(_("New cards by month"), "patrons:registrations", "patrons.view_registrationevent"),
            NavItem(_("Statistical return"), "returns:return", "returns.view_return"),
            NavItem(_("Assessment indicators"), "returns:indicators", "returns.view_return"),
            NavItem(_("Work report"), "workreport:page", "workreport.view_report"),
        ),
    ),
    Area(
        "administration",
        pgettext_lazy("work area", "Administration"),
        (
            NavItem(_("Branches"), "branches:list", "branches.view_branch"),
            NavItem(_("Calendar of closed days"), "branches:calendar", "branches.view_publicholiday"),
            NavItem(_("Devices"), "devices:list", "devices.view_device"),
            NavItem(_("Audit log"), "audit:list", "audit.view_audit_log"),
        ),
    ),
)


def menu_for(user: Any) -> list[dict[str, Any]]:
    """The areas with the items ``user`` may open, each item as label and address."""
    menu = []
    for area in MENU:
        items = [
            {"label": item.label, "url": reverse(item.url_name)}
            for item in area.items
            if not item.permission or user.has_perm(item.permission)
        ]
        if items:
            menu.append({"key": area.key, "label": area.label, "items": items})
    return menu


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {"menu": []}
    return {"menu": menu_for(user)}
