from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from shuyuan.navigation import NavItem

DESK = [
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
]


class CirculationConfig(AppConfig):
    name = "shuyuan.circulation"
    label = "circulation"
    verbose_name = _("Circulation")
    nav_items = [
        NavItem(_("Overdue list"), "circulation:overdue", "circulation.view_overdue_list"),
        NavItem(_("Loan rules"), "circulation:rules", "circulation.view_loanrule"),
        NavItem(_("Notices"), "circulation:notices", "circulation.view_notice"),
    ]
    role_permissions = {
        "circulation": DESK,
        "reading_room": ["circulation.view_loan", "circulation.view_hold", "circulation.view_loanrule"],
        "statistics": ["circulation.view_circulationevent", "circulation.view_loanrule"],
    }

    def home_figures(self, user: Any) -> list[tuple[Any, Any]]:
        if not user.has_perm("circulation.view_loan"):
            return []
        from django.utils import timezone

        from shuyuan.circulation.models import Loan

        now = timezone.now()
        open_loans = Loan.objects.filter(status=Loan.Status.OPEN)
        return [
            (_("items on loan"), open_loans.count()),
            (_("overdue loans"), open_loans.filter(due_at__lt=now).count()),
        ]
