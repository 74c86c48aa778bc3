from django import forms
from django.utils.translation import gettext_lazy as _

from shuyuan.workreport.models import Section


class PeriodForm(forms.Form):
    first = forms.DateField(label=_("first day"), widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("last day"), widget=forms.DateInput(attrs={"type": "date"}))
    branch = forms.CharField(label=_("branch"), required=False)


class NarrativesForm(forms.Form):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for value, label in Section.choices:
            self.fields[value] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000
            )


class TemplateForm(forms.Form):
    file = forms.FileField(label=_("Word template (.docx)"))
