"""Read-mostly admin: changes go through the services (the staff pages), so the admin only shows
circulation rows, and edits the library's circulation policy."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from shuyuan.circulation import services
from shuyuan.circulation.models import (
    CirculationEvent,
    CirculationPolicy,
    Compensation,
    Fee,
    Hold,
    Loan,
    LoanRule,
    OverdueListing,
    Suspension,
    Transfer,
    TransferBatch,
)
from shuyuan.patrons.scoping import ScopedToVisibleReaders


@admin.register(CirculationPolicy)
class CirculationPolicyAdmin(admin.ModelAdmin):
    list_display = ["library", "charges_fees", "suspension_days_per_overdue_day", "retention_days"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.save_policy(obj, at=timezone.now(), by=request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadersRowsAdmin(ScopedToVisibleReaders, ReadOnlyAdmin):
    """Rows of a reader: staff of one branch see those of their branch's readers (patrons.scoping)."""


@admin.register(Loan)
class LoanAdmin(ReadersRowsAdmin):
    list_display = ["item", "patron", "status", "checked_out_at", "due_at", "renewals", "branch"]
    list_filter = ["status", "branch", "is_group_loan", "is_migrated"]
    raw_id_fields = ["item", "patron"]


@admin.register(Hold)
class HoldAdmin(ReadersRowsAdmin):
    list_display = ["record", "patron", "position", "status", "pickup_branch", "placed_at"]
    list_filter = ["status", "pickup_branch"]


@admin.register(LoanRule)
class LoanRuleAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "loan_days", "max_loans", "max_loans_of_type", "max_renewals", "max_holds"]


for model in (Transfer, TransferBatch):
    admin.site.register(model, ReadOnlyAdmin)
for readers_model in (Suspension, OverdueListing, Compensation, Fee):
    admin.site.register(readers_model, ReadersRowsAdmin)


@admin.register(CirculationEvent)
class CirculationEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "channel", "branch", "service_point", "item_type", "patron_category", "age_band"]
    list_filter = ["kind", "channel", "branch"]
    date_hierarchy = "at"
