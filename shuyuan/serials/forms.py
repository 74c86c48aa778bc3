from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import ServicePoint
from shuyuan.serials.models import Supplier, SupplierContact
from shuyuan.serials.patterns import Frequency, InvalidPattern, Numbering, Pattern, parse_combined, parse_numbers


class SubscriptionForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    issn = forms.CharField(label=_("ISSN"), max_length=12, required=False)
    cn = forms.CharField(label=_("CN number"), max_length=20, required=False)
    postal_code = forms.CharField(label=_("postal distribution code"), max_length=10, required=False)
    supplier = forms.ModelChoiceField(label=_("supplier"), queryset=Supplier.objects.order_by("name"))
    price = forms.DecimalField(label=_("price for the year"), max_digits=10, decimal_places=2, min_value=0)
    service_point = forms.ModelChoiceField(label=_("reading room"), queryset=ServicePoint.objects.none())
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    copies = forms.IntegerField(label=_("copies"), min_value=1, max_value=99, initial=1)
    frequency = forms.ChoiceField(label=_("frequency"), choices=Frequency.choices)
    numbering = forms.ChoiceField(label=_("numbering"), choices=Numbering.choices)
    first_issue_on = forms.DateField(label=_("first issue of the year"))
    first_whole_number = forms.IntegerField(
        label=_("cumulative number of the first issue"), required=False, min_value=1
    )
    volume = forms.IntegerField(label=_("volume"), required=False, min_value=1)
    skipped_months = forms.CharField(label=_("months without issues"), required=False, help_text=_("e.g. 7-8"))
    skipped_weekdays = forms.CharField(
        label=_("weekdays without issues"), required=False, help_text=_("1 = Monday … 7 = Sunday")
    )
    combined = forms.CharField(
        label=_("combined issues"), required=False, help_text=_("e.g. 1-2 for a Spring Festival issue")
    )
    irregular_dates = forms.CharField(
        label=_("publication dates (irregular)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    late_after_days = forms.IntegerField(label=_("late after (days)"), min_value=1, max_value=120, initial=10)

    def __init__(self, *args: Any, service_points: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service_point"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = service_points

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            dates = tuple(date.fromisoformat(d) for d in data.get("irregular_dates", "").split())
            data["pattern"] = Pattern(
                frequency=data["frequency"],
                first_issue_on=data["first_issue_on"],
                numbering=data["numbering"],
                first_whole_number=data.get("first_whole_number"),
                volume=data.get("volume"),
                skipped_months=parse_numbers(data.get("skipped_months", "")),
                skipped_weekdays=parse_numbers(data.get("skipped_weekdays", "")),
                combined=parse_combined(data.get("combined", "")),
                irregular_dates=dates,
            )
        except InvalidPattern as exc:
            raise forms.ValidationError(exc.message) from None
        except ValueError:
            raise forms.ValidationError(_("Publication dates are written 2016-03-01, one a line.")) from None
        return data


class SupplierForm(forms.ModelForm):
    class Meta:
        model = Supplier
        fields = ["name", "kind", "address", "contact", "phone"]

    def validate_unique(self) -> None:
        """The service refuses a name already used, with its own message."""


class ContactForm(forms.ModelForm):
    class Meta:
        model = SupplierContact
        fields = ["name", "role", "phone", "email", "note"]
