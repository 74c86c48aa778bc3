from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.outreach.models import Audience, Kind, Partner, Training


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class DateInput(forms.DateInput):
    input_type = "date"


class ActivityForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("activity", "title"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices)
    starts_at = forms.DateTimeField(label=_("starts at"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("ends at"), widget=DateTimeInput)
    branch = forms.ModelChoiceField(label=_("branch"), queryset=Branch.objects.filter(is_active=True))
    service_point = forms.ModelChoiceField(
        label=_("service point"), queryset=ServicePoint.objects.filter(is_active=True), required=False
    )
    place_name = forms.CharField(label=_("outside place"), max_length=100, required=False)
    place_address = forms.CharField(label=_("address of the outside place"), max_length=200, required=False)
    partners = forms.ModelMultipleChoiceField(label=_("partners"), queryset=Partner.objects.all(), required=False)
    audience = forms.ChoiceField(label=_("audience"), choices=Audience.choices)
    age_min = forms.IntegerField(label=_("youngest age"), min_value=0, max_value=120, required=False)
    age_max = forms.IntegerField(label=_("oldest age"), min_value=0, max_value=120, required=False)
    needs_signup = forms.BooleanField(label=_("sign-up needed"), required=False)
    capacity = forms.IntegerField(label=_("places"), min_value=1, required=False)
    waiting_list_size = forms.IntegerField(label=_("waiting-list places"), min_value=0, initial=0)
    signup_opens_at = forms.DateTimeField(label=_("sign-up opens at"), widget=DateTimeInput, required=False)
    rrule = forms.CharField(
        label=_("repeat (RFC 5545 rule)"),
        max_length=200,
        required=False,
        help_text=_("For a series, e.g. FREQ=WEEKLY;COUNT=10; leave empty for one activity."),
    )
    narrative = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean_rrule(self) -> str:
        from dateutil.rrule import rrulestr

        value = self.cleaned_data["rrule"].strip().upper()
        if value.startswith("RRULE:"):
            value = value[6:]
        if value:
            if "COUNT=" not in value and "UNTIL=" not in value:
                raise forms.ValidationError(_("Give the rule a COUNT or an UNTIL."))
            try:
                rrulestr(value)
            except (ValueError, TypeError) as exc:
                raise forms.ValidationError(_("This is not a recurrence rule RFC 5545 knows.")) from exc
        return value


class CardForm(forms.Form):
    card = forms.CharField(label=pgettext_lazy("activity", "card number"), max_length=40)


class PublicSignupForm(forms.Form):
    card = forms.CharField(label=pgettext_lazy("activity", "card number"), max_length=40)
    pin = forms.CharField(label=_("PIN"), max_length=12, widget=forms.PasswordInput)


class TicketForm(forms.Form):
    ticket = forms.CharField(label=_("ticket number"), max_length=40)


class OutcomeForm(forms.Form):
    walk_ins = forms.IntegerField(label=_("attendance without tickets"), min_value=0)
    books_handed_out = forms.IntegerField(label=_("books handed out"), min_value=0)
    books_exchanged = forms.IntegerField(label=_("books exchanged"), min_value=0)
    books_lent = forms.IntegerField(label=_("books lent"), min_value=0)
    figures = forms.CharField(
        label=_("other figures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: label, number, unit (灯笼 400 盏)."),
    )
    narrative = forms.CharField(label=_("narrative"), widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def clean_figures(self) -> list[tuple[str, int, str]]:
        figures = []
        for line in self.cleaned_data["figures"].splitlines():
            parts = line.split()
            if not parts:
                continue
            if len(parts) not in (2, 3) or not parts[1].isdigit():
                raise forms.ValidationError(_("Each line is a label, a number and a unit: %(line)s") % {"line": line})
            figures.append((parts[0], int(parts[1]), parts[2] if len(parts) == 3 else ""))
        return figures


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("photo"))
    caption = forms.CharField(label=_("caption"), max_length=200, required=False)


class VolunteerForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=100)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    birth_date = forms.DateField(label=_("birth date"), widget=DateInput, required=False)
    guardian_name = forms.CharField(label=_("guardian"), max_length=100, required=False)
    guardian_phone = forms.CharField(label=_("guardian's phone"), max_length=20, required=False)
    joined_on = forms.DateField(label=_("joined on"), widget=DateInput)
    skills = forms.CharField(label=_("skills"), max_length=200, required=False)
    group = forms.CharField(label=_("group"), max_length=100, required=False)
    card = forms.CharField(label=_("reader card (if a reader)"), max_length=40, required=False)


class ShiftForm(forms.Form):
    start = forms.DateTimeField(label=_("planned start"), widget=DateTimeInput)
    end = forms.DateTimeField(label=_("planned end"), widget=DateTimeInput)
    task = forms.CharField(label=_("task"), max_length=100, required=False)
    service_point = forms.ModelChoiceField(
        label=_("service point"), queryset=ServicePoint.objects.filter(is_active=True), required=False
    )


class TrainingForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("activity", "title"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=Training.Kind.choices)
    organiser = forms.CharField(label=_("organiser"), max_length=100)
    place = forms.CharField(label=_("place"), max_length=100, required=False)
    first_day = forms.DateField(label=pgettext_lazy("activity", "first day"), widget=DateInput)
    last_day = forms.DateField(label=pgettext_lazy("activity", "last day"), widget=DateInput)
    hours = forms.DecimalField(label=_("hours"), min_value=0, max_digits=5, decimal_places=1)
    attendees: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("staff who attended"), queryset=None
    )

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = users  # type: ignore[attr-defined]


class BranchOpeningForm(forms.Form):
    partner = forms.CharField(label=_("partner"), max_length=100)
    code = forms.SlugField(label=_("branch code"), max_length=20)
    name = forms.CharField(label=_("branch name"), max_length=100)
    address = forms.CharField(label=_("address"), max_length=200)
    agreement = forms.CharField(label=_("partner agreement"), widget=forms.Textarea(attrs={"rows": 3}))
    agreement_signed_on = forms.DateField(label=_("agreement signed on"), widget=DateInput, required=False)
    area_m2 = forms.IntegerField(label=_("area (m²)"), min_value=1)
    desks = forms.IntegerField(label=_("desks"), min_value=0)
    benches = forms.IntegerField(label=_("benches"), min_value=0)
    shelves = forms.IntegerField(label=_("shelves"), min_value=0)
    opens_on = forms.DateField(label=_("opens on"), widget=DateInput)
    opens_at = forms.TimeField(label=_("opens at"), initial="09:00")
    closes_at = forms.TimeField(label=pgettext_lazy("activity", "closes at"), initial="18:00")
    closed_weekdays = forms.CharField(
        label=_("weekly closing days"), max_length=7, required=False, help_text=_("Monday = 0, e.g. 0.")
    )


class BarcodesForm(forms.Form):
    barcodes = forms.CharField(
        label=_("barcodes of the books to move"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One a line, or scanned one after another."),
    )

    def clean_barcodes(self) -> list[str]:
        return [b for b in self.cleaned_data["barcodes"].split() if b]


class DonationsForm(forms.Form):
    lines = forms.CharField(
        label=_("donated books"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One a line: the record number in the catalogue and the number of copies."),
    )

    def clean_lines(self) -> list[tuple[int, int]]:
        found = []
        for line in self.cleaned_data["lines"].splitlines():
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 2 or not all(p.isdigit() for p in parts) or int(parts[1]) < 1:
                raise forms.ValidationError(
                    _("Each line is a record number and a number of copies: %(line)s") % {"line": line}
                )
            found.append((int(parts[0]), int(parts[1])))
        return found
