"""Circulation services: every state change of circulation is one of these functions, each a
durable transaction that locks the rows it changes and writes its events in the same transaction.

Each takes model instances (adapters resolve barcodes and card numbers first, see queries.py) and
keyword-only ``at`` (aware datetime), ``by`` (staff user, Device, reader or None) and, where the act
happens somewhere, ``service_point`` and ``channel`` (models.Channel). Refusals raise
errors.CirculationRefused subclasses with a ``reason``. ``checkin`` and ``checkout`` also take the
codes scanned (``catalog.queries.Scan``, ``patrons.queries.Card``) and look them up with their
locks; a card is then refused as ``patrons.queries.resolve`` refuses it (``PatronRefused``).

``notify_suggestion_arrived`` is a building block, not a service (it opens no transaction): another
domain's service calls it inside its own, as acquisitions does when a suggested book arrives.
"""

from shuyuan.circulation.services.charges import (
    claim_returned,
    lift_overdue_listing,
    lift_suspension,
    mark_lost,
    pay_fee,
    record_compensation,
    settle_compensation,
    waive_fee,
)
from shuyuan.circulation.services.cutover import import_holds, import_loans
from shuyuan.circulation.services.holds import cancel_hold, expire_holds, place_hold
from shuyuan.circulation.services.loans import (
    CheckinResult,
    Renewals,
    checkin,
    checkout,
    group_checkout,
    renew,
    renew_all,
)
from shuyuan.circulation.services.notices import (
    OVERDUE_EXPORT_COLUMNS,
    claim_notices,
    create_reminders,
    deliver_notices,
    export_overdue_list,
    notify_suggestion_arrived,
    purge_notices,
    record_deliveries,
    reset_notice_template,
    save_notice_template,
)
from shuyuan.circulation.services.retention import anonymise_loans
from shuyuan.circulation.services.rulebook import delete_loan_rule, save_loan_rule, save_policy
from shuyuan.circulation.services.transfers import receive, receive_batch, transfer, transfer_batch
from shuyuan.circulation.services.usage import record_in_house_use
from shuyuan.circulation.steps import Route

__all__ = [
    "OVERDUE_EXPORT_COLUMNS",
    "CheckinResult",
    "Renewals",
    "Route",
    "anonymise_loans",
    "cancel_hold",
    "checkin",
    "checkout",
    "claim_notices",
    "claim_returned",
    "create_reminders",
    "delete_loan_rule",
    "deliver_notices",
    "expire_holds",
    "export_overdue_list",
    "group_checkout",
    "import_holds",
    "import_loans",
    "lift_overdue_listing",
    "lift_suspension",
    "mark_lost",
    "notify_suggestion_arrived",
    "pay_fee",
    "place_hold",
    "purge_notices",
    "receive",
    "receive_batch",
    "record_compensation",
    "record_deliveries",
    "record_in_house_use",
    "renew",
    "renew_all",
    "reset_notice_template",
    "save_loan_rule",
    "save_notice_template",
    "save_policy",
    "settle_compensation",
    "transfer",
    "transfer_batch",
    "waive_fee",
]
