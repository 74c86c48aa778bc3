from django import forms
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch, Closure


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(
        min_value=1900,
        max_value=2100,
        error_messages={
            "invalid": _("The year should be a number from 1900 to 2100."),
            "min_value": _("The year should be a number from 1900 to 2100."),
            "max_value": _("The year should be a number from 1900 to 2100."),
        },
    )


class HolidayScheduleForm(forms.Form):
    file = forms.FileField(label=_("holiday schedule (CSV: date,kind,name)"))


class ClosureForm(forms.Form):
    branch = forms.ModelChoiceField(label=_("branch"), queryset=Branch.objects.none())
    first_day = forms.DateField(label=_("first day"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label=_("last day"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("kind"), choices=Closure.Kind.choices)
    reason = forms.CharField(label=_("reason"), max_length=200)

    def __init__(self, *args: object, branches: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["branch"].queryset = branches  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:  # type: ignore[operator]
            raise forms.ValidationError(_("The last day is before the first day."))
        return data
