from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch
from shuyuan.branches.scoping import acts_everywhere, branches_for
from shuyuan.stats.manual import known_names


class FigureForm(forms.Form):
    name = forms.ChoiceField(label=_("figure"))
    first = forms.DateField(label=_("from"), widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))
    branch = forms.ModelChoiceField(Branch.objects.none(), label=_("branch"), required=False)
    value = forms.DecimalField(label=_("value"), max_digits=14, decimal_places=2, min_value=0)
    source = forms.CharField(label=_("source"), max_length=200, help_text=_("Such as: 2015 年报表（纸质）, 财务科"))
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_field = self.fields["name"]
        assert isinstance(name_field, forms.ChoiceField)
        name_field.choices = [(k, str(v)) for k, v in known_names().items()]
        branch_field = self.fields["branch"]
        assert isinstance(branch_field, forms.ModelChoiceField)
        branch_field.queryset = branches_for(user).order_by("code")
        branch_field.required = not acts_everywhere(user)
        branch_field.empty_label = str(_("the whole library"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("spreadsheet (.xlsx or .csv)"))
