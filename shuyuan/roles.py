"""Staff roles as Django groups, and ROLES: the one table of what each role may do.

The director (馆长/管理员) holds every permission. Each other role lists its permissions here, by
app; a new app adds its permissions to the roles that use it. ``shuyuan migrate`` keeps the groups
in step with this table (``ensure_roles``)."""

from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    DIRECTOR = "director", _("director / administrator")
    CIRCULATION = "circulation", _("circulation")
    CATALOGUING = "cataloguing", _("cataloguing")
    ACQUISITIONS = "acquisitions", _("acquisitions and serials")
    READING_ROOM = "reading_room", _("reading room")
    ACTIVITIES = "activities", _("activities")
    STATISTICS = "statistics", _("statistics (read-only)")


# Building bricks of the table: what one kind of work needs in one app.
VIEW_BRANCHES = (
    "branches.view_library",
    "branches.view_branch",
    "branches.view_servicepoint",
    "branches.view_openinghours",
    "branches.view_publicholiday",
    "branches.view_closure",
)
VIEW_CATALOGUE = ("catalog.view_record", "catalog.view_item", "catalog.view_itemtype", "catalog.view_collection")
IMPORT_RECORDS = ("catalog.view_importbatch", "catalog.add_importbatch")
EDIT_CATALOGUE = (
    "catalog.add_record",
    "catalog.change_record",
    "catalog.add_item",
    "catalog.change_item",
    "catalog.view_oldbarcode",
    "catalog.view_labelprint",
    "catalog.add_labelprint",
    "catalog.view_callnumbercounter",
)
# Shelf work (shuyuan.shelving): scanning, inventories, RFID tags, weeding batches. Approving a
# weeding batch (shelving.approve_weedingbatch) is the director's, and never the drawer-up's own.
SHELF_WORK = (
    "shelving.scan_shelf",
    "shelving.link_rfid",
    "shelving.view_inventory",
    "shelving.add_inventory",
    "shelving.change_inventory",
    "shelving.confirm_inventory",
    "shelving.view_inventoryscan",
    "shelving.view_weedingbatch",
    "shelving.add_weedingbatch",
    "shelving.change_weedingbatch",
    "shelving.view_weedingentry",
)
LENDING_DESK = (
    "circulation.view_loan",
    "circulation.add_loan",
    "circulation.change_loan",
    "circulation.view_hold",
    "circulation.add_hold",
    "circulation.change_hold",
    "circulation.view_loanrule",
    "circulation.view_overdue_list",
    "circulation.view_overduelisting",
    "circulation.view_transfer",
    "circulation.add_transfer",
    "circulation.view_transferbatch",
    "circulation.add_transferbatch",
    "circulation.view_compensation",
    "circulation.add_compensation",
    "circulation.change_compensation",
    "circulation.view_fee",
    "circulation.change_fee",
    "circulation.view_suspension",
    "circulation.view_notice",
    "circulation.view_noticetemplate",
    "circulation.change_noticetemplate",
)
READER_DESK = (
    "patrons.view_patron",
    "patrons.add_patron",
    "patrons.change_patron",
    "patrons.view_patroncard",
    "patrons.add_patronblock",
    "patrons.change_patronblock",
    "patrons.view_patronblock",
    "patrons.view_registrationevent",
    "patrons.manage_deposits",
)
VISITS = (
    "visits.view_visitcount",
    "visits.add_visitcount",
    "visits.change_visitcount",
    "visits.view_counterimport",
    "visits.add_counterimport",
    "visits.view_countermodel",
    "visits.view_computer",
    "visits.view_computersession",
    "visits.add_computersession",
    "visits.change_computersession",
    "visits.view_eresourceplatform",
    "visits.view_eresourceimport",
    "visits.add_eresourceimport",
    "visits.view_eresourceusage",
)
ACTIVITIES = (
    "outreach.view_activity",
    "outreach.add_activity",
    "outreach.change_activity",
    "outreach.check_in_ticket",
    "outreach.view_registration",
    "outreach.add_registration",
    "outreach.change_registration",
    "outreach.add_photo",
    "outreach.view_partner",
    "outreach.add_partner",
    "outreach.view_volunteer",
    "outreach.add_volunteer",
    "outreach.change_volunteer",
    "outreach.view_shift",
    "outreach.add_shift",
    "outreach.change_shift",
    "outreach.view_training",
    "outreach.add_training",
    "outreach.view_branchopening",
    "outreach.add_branchopening",
)
ACQUIRE = tuple(
    f"acquisitions.{verb}_{model}"
    for model in (
        "vendor",
        "fund",
        "order",
        "orderline",
        "receipt",
        "receiptbatch",
        "discrepancy",
        "invoice",
        "invoiceline",
        "claim",
        "purchasesuggestion",
        "campaign",
        "donation",
        "localdocument",
        "exchangefair",
        "poolmovement",
    )
    for verb in ("view", "add", "change")
)
SERIALS = (
    "serials.view_supplier",
    "serials.add_supplier",
    "serials.change_supplier",
    "serials.view_subscription",
    "serials.add_subscription",
    "serials.change_subscription",
    "serials.renew_subscriptions",
    "serials.view_issue",
    "serials.change_issue",
    "serials.view_claim",
    "serials.add_claim",
    "serials.view_boundvolume",
    "serials.add_boundvolume",
)
# The reading room checks in what the post brings and shelves old issues; it does not subscribe.
SERIALS_CHECK_IN = ("serials.view_subscription", "serials.view_issue", "serials.change_issue")
# Tables staff build themselves, their schedules and exports, and the dashboards (issue 18).
STAT_TABLES = (
    "stattables.view_savedtable",
    "stattables.add_savedtable",
    "stattables.change_savedtable",
    "stattables.delete_savedtable",
    "stattables.view_schedule",
    "stattables.add_schedule",
    "stattables.delete_schedule",
    "stattables.export_table",
    "dashboards.view_dashboard",
    "dashboards.view_live_board",
)
# The lobby's live board is put on screen by whoever opens in the morning.
LIVE_BOARD = ("dashboards.view_live_board",)
KIOSK_WATCH = ("sip2.view_devicecounter", "sip2.view_offlineconflict", "sip2.change_offlineconflict")

# Held by the director alone (who holds every permission): exporting readers, and changing readers of
# every branch rather than only those of one's own branches (patrons.scoping). A library may give
# either to another role by adding it to that role's line below.
DIRECTOR_ONLY = ("patrons.export_patron", "patrons.change_any_branch_patron")

ROLES: dict[str, tuple[str, ...]] = {
    # The lending desk's staff reshelve too: they use the shelf scanning page (shelving.scan_shelf).
    Role.CIRCULATION: (
        *VIEW_BRANCHES,
        *VIEW_CATALOGUE,
        *READER_DESK,
        *LENDING_DESK,
        *KIOSK_WATCH,
        *LIVE_BOARD,
        "shelving.scan_shelf",
    ),
    Role.CATALOGUING: (*VIEW_BRANCHES, *VIEW_CATALOGUE, *IMPORT_RECORDS, *EDIT_CATALOGUE, *SHELF_WORK),
    # Acquisitions checks holdings before ordering, loads vendors' MARC files and adds the brief
    # record of a new order; it does not edit the catalogue's records and copies (cataloguing
    # does). Receiving creates copies through the acquisitions app's own permissions.
    Role.ACQUISITIONS: (*VIEW_BRANCHES, *VIEW_CATALOGUE, *IMPORT_RECORDS, "catalog.add_record", *ACQUIRE, *SERIALS),
    Role.READING_ROOM: (
        *VIEW_BRANCHES,
        *VIEW_CATALOGUE,
        "patrons.view_patron",
        "circulation.view_loan",
        "circulation.view_hold",
        "circulation.view_loanrule",
        *VISITS,
        *SERIALS_CHECK_IN,
        "outreach.view_activity",
        "outreach.check_in_ticket",
        *LIVE_BOARD,
    ),
    # Activities staff sign readers up at the desk and check tickets in at the door, so they look
    # readers up by card; they do not edit readers. They also count the exchange pool at the fairs.
    Role.ACTIVITIES: (
        *VIEW_BRANCHES,
        *ACTIVITIES,
        "patrons.view_patron",
        "acquisitions.view_exchangefair",
        "acquisitions.view_poolmovement",
        "acquisitions.add_poolmovement",
    ),
    Role.STATISTICS: (
        *VIEW_BRANCHES,
        *VIEW_CATALOGUE,
        "patrons.view_registrationevent",
        "circulation.view_circulationevent",
        "circulation.view_loanrule",
        "devices.view_device",
        "sip2.view_devicecounter",
        "visits.view_visitcount",
        "visits.view_computersession",
        "visits.view_eresourceusage",
        "outreach.view_activity",
        "outreach.view_volunteer",
        "outreach.view_training",
        "acquisitions.view_order",
        "acquisitions.view_fund",
        "acquisitions.view_donation",
        "acquisitions.view_exchangefair",
        "shelving.view_inventory",
        "shelving.view_weedingbatch",
        "stats.view_statistics",
        # the national return and the work report: read and download; the director writes the
        # report's narratives and changes its template
        "returns.view_return",
        "workreport.view_report",
        "workreport.view_template",
        *STAT_TABLES,
    ),
}


def ensure_roles() -> None:
    """Create the role groups and give each exactly the permissions of the table."""
    permissions = Permission.objects.select_related("content_type")
    all_perms = {f"{p.content_type.app_label}.{p.codename}": p for p in permissions}
    for role in Role.values:
        group, _created = Group.objects.get_or_create(name=role)
        if role == Role.DIRECTOR:
            group.permissions.set(all_perms.values())
        else:
            group.permissions.set([all_perms[p] for p in sorted(set(ROLES[role])) if p in all_perms])


def ensure_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    # Permissions are created app by app after migrate; the last app with models sees them all.
    last = [c for c in apps.get_app_configs() if c.models_module is not None][-1]
    if sender.label == last.label:
        ensure_roles()


def role_label(group_name: str) -> str:
    return str(Role(group_name).label) if group_name in Role.values else group_name
