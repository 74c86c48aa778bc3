"""Every audit action with the label a person reads, listed in one file, and the readable form of an
entry's details. A service records a code (``patron.register``); the audit log and the reader's
history show its label (办理读者证) and the details as labelled values, never a code or a dict."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS: dict[str, Promise] = {
    "stattables.save": _("statistical table saved"),
    "stattables.delete": _("statistical table deleted"),
    "stattables.schedule": _("statistical table scheduled for e-mail"),
    "stattables.unschedule": _("statistical table no longer e-mailed"),
    "stattables.export": _("statistical table downloaded"),
    "stattables.send_scheduled": _("scheduled statistical table e-mailed"),
    "visits.correct_count": _("visit count corrected"),
    "visits.import_counter_file": _("people counter file imported"),
    "visits.import_eresources": _("e-resource usage imported"),
    "acquisitions.add_fund": _("fund added"),
    "acquisitions.add_vendor": _("vendor added"),
    "acquisitions.allocate": _("fund budget changed"),
    "acquisitions.answer_suggestion": _("purchase suggestion answered"),
    "acquisitions.campaign": _("solicitation campaign added"),
    "acquisitions.cancel": _("ordered copies cancelled"),
    "acquisitions.claim": _("missing copies claimed from the vendor"),
    "acquisitions.discrepancy": _("copy not on the order decided"),
    "acquisitions.donation": _("donation recorded"),
    "acquisitions.fair": _("book-exchange fair added"),
    "acquisitions.invoice": _("invoice recorded"),
    "acquisitions.place_order": _("order placed"),
    "acquisitions.pool": _("books counted in or out of the exchange pool"),
    "acquisitions.receive": _("copies received"),
    "acquisitions.receive_batch": _("vendor shipment received"),
    "acquisitions.rollover": _("fund rolled over to next year"),
    "acquisitions.suggest": _("purchase suggested by a reader"),
    "acquisitions.suggestion_arrived": _("suggested book arrived, reader told"),
    "audit.redact": _("ID and phone numbers masked in the audit log"),
    "branch.edit": _("branch details changed"),
    "calendar.close_branch": _("closed days set for a branch"),
    "calendar.import_holidays": _("public holiday schedule imported"),
    "catalog.add_copies": _("copies added"),
    "catalog.assign_call_number": _("call number given"),
    "catalog.change_record": _("record changed"),
    "catalog.configure_import": _("MARC import options chosen"),
    "catalog.create_record": _("record created"),
    "catalog.create_import": _("MARC import started"),
    "catalog.finish_import": _("MARC import finished"),
    "catalog.import_records": _("records imported"),
    "catalog.item_relocated": _("item moved to another branch or collection"),
    "catalog.print_labels": _("labels printed"),
    "catalog.link_rfid_tag": _("RFID tag linked to an item"),
    "circulation.add_loan_rule": _("loan rule added"),
    "circulation.change_loan_rule": _("loan rule changed"),
    "circulation.delete_loan_rule": _("loan rule deleted"),
    "circulation.change_policy": _("circulation settings changed"),
    "circulation.anonymise": _("old loans and holds anonymised"),
    "circulation.claim_returned": _("reader says the book was returned"),
    "circulation.create_reminders": _("reminders prepared"),
    "circulation.deliver_notices": _("notices sent"),
    "circulation.expire_holds": _("holds not collected expired"),
    "circulation.export_overdue_list": _("overdue list downloaded"),
    "circulation.save_notice_template": _("notice text changed"),
    "circulation.reset_notice_template": _("notice text back to the built-in one"),
    "circulation.group_checkout": _("group loan to a deposit station"),
    "circulation.import_holds": _("holds imported from the old system"),
    "circulation.import_loans": _("loans imported from the old system"),
    "circulation.item_found": _("missing item found"),
    "circulation.lift_overdue_listing": _("reader taken off the long-overdue list"),
    "circulation.lift_suspension": _("borrowing suspension lifted"),
    "circulation.mark_lost": _("item recorded as lost"),
    "circulation.refusal_overridden": _("lent over a refusal"),
    "circulation.merge_readers": _("loans and holds moved to the kept reader record"),
    "circulation.overdue_listed": _("reader put on the long-overdue list"),
    "circulation.purge_notices": _("old notices deleted"),
    "circulation.receive_batch": _("transfer batch received"),
    "circulation.record_compensation": _("compensation recorded"),
    "circulation.settle_compensation": _("compensation settled"),
    "circulation.transfer_batch": _("transfer batch sent"),
    "circulation.fee_paid": _("fee paid"),
    "circulation.fee_waived": _("fee waived"),
    "device.add": _("device added"),
    "device.disable": _("device disabled"),
    "device.enable": _("device enabled"),
    "device.reset_credentials": _("device key reset"),
    "outreach.plan": _("activity planned"),
    "outreach.plan_series": _("activity series planned"),
    "outreach.outcome": _("activity outcome recorded"),
    "outreach.photo": _("activity photo stored"),
    "outreach.sign_up": _("reader signed up for an activity"),
    "outreach.cancel": _("activity sign-up cancelled"),
    "outreach.check_in": _("activity ticket checked in"),
    "outreach.volunteer": _("volunteer registered"),
    "outreach.shift": _("volunteer shift completed"),
    "outreach.training": _("staff training recorded"),
    "outreach.open_branch": _("branch opened at a partner"),
    "outreach.branch_stock": _("books moved to a partner branch"),
    "outreach.branch_donations": _("donated books catalogued into a partner branch"),
    "patron.application_conflict": _("ID card did not match the online application"),
    "patron.block": _("reader blocked"),
    "patron.unblock": _("reader's block lifted"),
    "patron.card_lost": _("card reported lost"),
    "patron.card_replaced": _("card replaced"),
    "patron.confirm": _("registration confirmed"),
    "patron.demo_load": _("demo readers loaded"),
    "patron.deposit_refund": _("deposit refunded"),
    "patron.erase": _("reader's personal data erased"),
    "patron.export": _("readers exported"),
    "patron.import": _("readers imported"),
    "patron.kiosk_lookup": _("registration kiosk asked about a registered reader"),
    "patron.merge": _("reader records merged"),
    "patron.notice_channel": _("notice channel chosen"),
    "patron.pin_changed": _("PIN changed by the reader"),
    "patron.pin_locked": _("PIN locked after wrong tries"),
    "patron.pin_reset": _("PIN set by staff"),
    "patron.promote_children": _("children's cards turned into adult cards"),
    "patron.purge_applications": _("unconfirmed applications deleted"),
    "patron.qr_card": _("QR e-card issued"),
    "patron.register": _("reader registered"),
    "patron.renew": _("card renewed"),
    "patron.reveal": _("full personal data shown"),
    "patron.update": _("reader details changed"),
    "serials.bound": _("periodical issues bound into a volume"),
    "serials.claimed": _("missing periodical issues claimed"),
    "serials.marked_late": _("periodical issues marked late"),
    "serials.renewed": _("periodical subscriptions renewed for the next year"),
    "serials.subscribed": _("periodical subscribed"),
    "shelving.change_status": _("item statuses changed by scanning"),
    "shelving.start_inventory": _("inventory started"),
    "shelving.import_reader_file": _("handheld reader file read into an inventory"),
    "shelving.confirm_inventory": _("inventory confirmed, missing items marked"),
    "shelving.start_weeding": _("weeding batch started"),
    "shelving.submit_weeding": _("weeding batch sent for approval"),
    "shelving.approve_weeding": _("weeding batch approved, its items withdrawn"),
    "shelving.send_back_weeding": _("weeding batch sent back"),
    "serials.supplier_added": _("periodical supplier added"),
    "serials.supplier_changed": _("periodical supplier changed"),
    "serials.supplier_contact_added": _("periodical supplier's contact added"),
    "serials.supplier_contact_removed": _("periodical supplier's contact removed"),
    "sip2.item_properties": _("item properties for kiosks changed"),
    "sip2.offline_conflict": _("kiosk offline transaction in conflict"),
    "sip2.offline_conflict_resolved": _("kiosk offline conflict resolved"),
    "staff.login_failed": _("staff login failed"),
    "system.rotate_pii_key": _("personal data encrypted again with a new key"),
    "workreport.template_uploaded": _("work report template uploaded"),
}

_KEY = "audit detail"
DETAIL_KEYS: dict[str, Promise] = {
    "action": pgettext_lazy(_KEY, "action"),
    "found": pgettext_lazy(_KEY, "found again"),
    "missing": pgettext_lazy(_KEY, "marked missing"),
    "name": pgettext_lazy(_KEY, "name"),
    "scanned": pgettext_lazy(_KEY, "read"),
    "address": pgettext_lazy(_KEY, "address"),
    "amount": pgettext_lazy(_KEY, "amount"),
    "applications": pgettext_lazy(_KEY, "applications"),
    "barcode": pgettext_lazy(_KEY, "barcode"),
    "barcodes": pgettext_lazy(_KEY, "barcodes"),
    "before": pgettext_lazy(_KEY, "before"),
    "branch": pgettext_lazy(_KEY, "branch"),
    "card": pgettext_lazy(_KEY, "card"),
    "call_number": pgettext_lazy(_KEY, "call number"),
    "cause": pgettext_lazy(_KEY, "cause"),
    "changed": pgettext_lazy(_KEY, "changed"),
    "channel": pgettext_lazy(_KEY, "channel"),
    "command": pgettext_lazy(_KEY, "command"),
    "compensations": pgettext_lazy(_KEY, "compensations"),
    "contact": pgettext_lazy(_KEY, "phone and PIN"),
    "count": pgettext_lazy(_KEY, "count"),
    "created": pgettext_lazy(_KEY, "created"),
    "days": pgettext_lazy(_KEY, "days"),
    "deleted": pgettext_lazy(_KEY, "deleted"),
    "deposit_refunds": pgettext_lazy(_KEY, "deposit refunds"),
    "device": pgettext_lazy(_KEY, "device"),
    "dry_run": pgettext_lazy(_KEY, "trial run"),
    "email_changed": pgettext_lazy(_KEY, "e-mail address changed"),
    "emails": pgettext_lazy(_KEY, "e-mails"),
    "due_soon": pgettext_lazy(_KEY, "due-soon reminders"),
    "entries": pgettext_lazy(_KEY, "entries"),
    "expired": pgettext_lazy(_KEY, "expired"),
    "expires_on": pgettext_lazy(_KEY, "valid until"),
    "failed": pgettext_lazy(_KEY, "failed"),
    "fees": pgettext_lazy(_KEY, "fees"),
    "field": pgettext_lazy(_KEY, "field"),
    "fields": pgettext_lazy(_KEY, "fields"),
    "format": pgettext_lazy(_KEY, "file format"),
    "from": pgettext_lazy(_KEY, "from"),
    "from_branch": pgettext_lazy(_KEY, "from branch"),
    "from_collection": pgettext_lazy(_KEY, "from collection"),
    "full_numbers": pgettext_lazy(_KEY, "full numbers"),
    "given_up": pgettext_lazy(_KEY, "given up"),
    "holds": pgettext_lazy(_KEY, "holds"),
    "holds_cancelled": pgettext_lazy(_KEY, "holds cancelled"),
    "imported": pgettext_lazy(_KEY, "imported"),
    "items": pgettext_lazy(_KEY, "items"),
    "kind": pgettext_lazy(_KEY, "kind"),
    "kinds": pgettext_lazy(_KEY, "kinds of label"),
    "length": pgettext_lazy(_KEY, "length"),
    "listings": pgettext_lazy(_KEY, "long-overdue listings"),
    "loans": pgettext_lazy(_KEY, "loans"),
    "locked": pgettext_lazy(_KEY, "locked"),
    "long_overdues": pgettext_lazy(_KEY, "long overdues"),
    "merged": pgettext_lazy(_KEY, "merged card"),
    "messages": pgettext_lazy(_KEY, "text messages"),
    "no_email": pgettext_lazy(_KEY, "without e-mail address"),
    "no_phone": pgettext_lazy(_KEY, "without phone"),
    "note": pgettext_lazy(_KEY, "note"),
    "notices": pgettext_lazy(_KEY, "notices"),
    "opted_out": pgettext_lazy(_KEY, "no messages wanted"),
    "overdue": pgettext_lazy(_KEY, "overdue reminders"),
    "permanent": pgettext_lazy(_KEY, "permanent"),
    "problems": pgettext_lazy(_KEY, "problems"),
    "readers": pgettext_lazy(_KEY, "readers"),
    "reader_token": pgettext_lazy(_KEY, "statistics token"),
    "reason": pgettext_lazy(_KEY, "reason"),
    "records": pgettext_lazy(_KEY, "records"),
    "refused": pgettext_lazy(_KEY, "refused"),
    "repeats": pgettext_lazy(_KEY, "repeated records"),
    "rows": pgettext_lazy(_KEY, "rows"),
    "sent": pgettext_lazy(_KEY, "sent"),
    "service_point": pgettext_lazy(_KEY, "service point"),
    "settlement": pgettext_lazy(_KEY, "settlement"),
    "skipped": pgettext_lazy(_KEY, "skipped"),
    "status": pgettext_lazy(_KEY, "status"),
    "suspensions": pgettext_lazy(_KEY, "suspensions"),
    "title": pgettext_lazy(_KEY, "title"),
    "to": pgettext_lazy(_KEY, "to"),
    "to_branch": pgettext_lazy(_KEY, "to branch"),
    "to_collection": pgettext_lazy(_KEY, "to collection"),
    "until": pgettext_lazy(_KEY, "until"),
    "updated": pgettext_lazy(_KEY, "updated"),
    "username": pgettext_lazy(_KEY, "user name"),
    "wards": pgettext_lazy(_KEY, "children in care"),
    "was": pgettext_lazy(_KEY, "was"),
    "withdrawn": pgettext_lazy(_KEY, "withdrawn"),
    "years": pgettext_lazy(_KEY, "years"),
}

# Codes that details carry as values (a channel, a status), shown by their label.
DETAIL_VALUES: dict[str, Promise | str] = {
    "desk": pgettext_lazy(_KEY, "desk"),
    "kiosk": pgettext_lazy(_KEY, "kiosk"),
    "web": pgettext_lazy(_KEY, "online"),
    "sip2": pgettext_lazy(_KEY, "self-service kiosk"),
    "migration": pgettext_lazy(_KEY, "old system"),
    "active": pgettext_lazy(_KEY, "active"),
    "pending": pgettext_lazy(_KEY, "waiting for confirmation"),
    "csv": "CSV",
    "online": pgettext_lazy(_KEY, "kept as given online"),
    "discarded": pgettext_lazy(_KEY, "discarded"),
    "account": pgettext_lazy(_KEY, "account"),
    "address": pgettext_lazy(_KEY, "computer"),
    "xlsx": "Excel",
    "form": pgettext_lazy(_KEY, "the record form"),
    # the msgids of shelving.rules.Action and shelving.WeedingBatch.Reason
    "take_off": _("Take off the shelf for re-cataloguing"),
    "shelve": _("Put back on the shelf"),
    "binding": _("Send to binding"),
    "worn": _("worn out"),
    "outdated": _("outdated"),
    "transferred": _("transferred to another library"),
    "exchange_pool": _("given to the book-exchange pool"),
    "tag_editor": pgettext_lazy(_KEY, "the MARC tag editor"),
    # the msgids of devices.Device.Kind, patrons.PatronBlock.Kind and catalog.ImportBatch.Kind
    "sip2_kiosk": _("self-check kiosk (SIP2)"),
    "registration_kiosk": _("registration kiosk"),
    "people_counter": _("people counter"),
    "e_reading_client": _("e-reading room PC client"),
    "manual": _("set by staff"),
    "conduct": _("conduct"),
    "damage": _("damaged or lost books"),
    "documents": _("documents to be checked"),
    "marc": _("MARC records"),
    "table": _("old-system table (CSV/Excel)"),
}


def actor_label(label: str) -> str:
    """The recorded actor; the system itself (a job, the demo) is named in the reader's language."""
    return _g("system") if label == "system" else label


def action_label(code: str) -> str:
    """The label of an action; a code recorded by a newer version without a label shows as it is."""
    label = ACTIONS.get(code)
    return str(label) if label is not None else code


def detail_text(detail: dict[str, Any]) -> str:
    """``{"readers": 206, "dry_run": False}`` → ``试运行：否；读者数：206``, in the order of the keys,
    since PostgreSQL's jsonb does not keep the order they were written in."""
    return "；".join(f"{_key(key)}：{_value(detail[key])}" for key in sorted(detail))


def object_type_label(label: str) -> str:
    """``patrons.patron`` → the model's name (读者)."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def _key(key: str) -> str:
    label = DETAIL_KEYS.get(key)
    return str(label) if label is not None else key.replace("_", " ")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return _g("yes") if value else _g("no")
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        return "，".join(f"{_key(k)} {_value(value[k])}" for k in sorted(value))
    if isinstance(value, list | tuple):
        return "、".join(_value(v) for v in value) or "—"
    if isinstance(value, str) and value in DETAIL_VALUES:
        return str(DETAIL_VALUES[value])
    return str(value)
