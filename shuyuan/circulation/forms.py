from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch
from shuyuan.branches.scoping import acts_everywhere, branches_for
from shuyuan.circulation.configuration import TERM_COLUMNS
from shuyuan.circulation.models import LoanRule


class LoanRuleForm(forms.ModelForm):
    class Meta:
        model = LoanRule
        fields = ["patron_category", "item_type", "branch", *TERM_COLUMNS]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in ("patron_category", "item_type", "branch"):
            self.fields[name].empty_label = str(_("any"))  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        total, of_type = data.get("max_loans"), data.get("max_loans_of_type")
        if isinstance(total, int) and isinstance(of_type, int) and of_type > total:
            self.add_error("max_loans_of_type", _("Cannot be more than the maximum loans in total."))
        return data


class MatrixBranchForm(forms.Form):
    branch = forms.ModelChoiceField(
        Branch.objects.all(), required=False, empty_label=_("all branches (library-wide rules)"), label=_("branch")
    )


class OverdueFilterForm(forms.Form):
    branch = forms.ModelChoiceField(
        Branch.objects.all(), required=False, empty_label=_("all branches"), label=_("readers of branch")
    )
    min_days = forms.IntegerField(min_value=1, initial=1, required=False, label=_("overdue by at least (days)"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches_for(user)  # type: ignore[attr-defined]
        if not acts_everywhere(user):
            self.fields["branch"].empty_label = str(_("all my branches"))  # type: ignore[attr-defined]


class LiftForm(forms.Form):
    note = forms.CharField(max_length=200, label=_("reason for lifting"))
