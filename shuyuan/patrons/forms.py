from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.patrons import iddocs
from shuyuan.patrons.models import PatronBlock, PatronCategory

MACHINE_TYPES = [(t.value, t.label) for t in iddocs.DocType if t in iddocs.PERSONAL_MACHINE_TYPES]
PIN_HELP = _("Six digits; not all the same, not 123456, not the end of the ID number.")


def parsed_document(number: str, doc_type: str, today: date) -> iddocs.IdDocument:
    try:
        return iddocs.parse(number, doc_type=doc_type or None, today=today)
    except iddocs.InvalidIdNumber as invalid:
        raise forms.ValidationError(invalid.message, code=invalid.reason.value) from None


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Card, ID number (or its last six), phone, name or pinyin"), max_length=60, required=False
    )


class RegisterForm(forms.Form):
    id_type = forms.ChoiceField(label=_("ID document type"), choices=iddocs.DocType.choices, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)
    document_checked = forms.BooleanField(
        label=_("I compared the document with its holder (passports and other documents)"), required=False
    )
    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=100)
    sex = forms.ChoiceField(
        label=_("sex (only for documents that do not show it)"),
        choices=[("", "—"), ("F", _("female")), ("M", _("male"))],
        required=False,
    )
    phone = forms.CharField(label=_("phone"), max_length=30, required=False)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    category = forms.ModelChoiceField(
        label=_("category"),
        queryset=PatronCategory.objects.all(),
        required=False,
        help_text=_("Leave empty to choose by age."),
    )
    home_branch = forms.ModelChoiceField(label=_("home branch"), queryset=Branch.objects.none())
    service_point = forms.ModelChoiceField(label=_("service point"), queryset=ServicePoint.objects.none())
    card_number = forms.CharField(
        label=_("pre-printed card number"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to issue the next number."),
    )
    pin = forms.CharField(label=_("PIN"), max_length=12, required=False, widget=forms.PasswordInput, help_text=PIN_HELP)
    contact_name = forms.CharField(label=_("contact person (group borrowers)"), max_length=100, required=False)
    guardian_card = forms.CharField(
        label=_("guardian's card or ID number, if the guardian is a reader"), max_length=40, required=False
    )
    guardian_name = forms.CharField(label=_("guardian's name"), max_length=100, required=False)
    guardian_id_number = forms.CharField(label=_("guardian's ID number"), max_length=40, required=False)
    guardian_phone = forms.CharField(label=_("guardian's phone"), max_length=30, required=False)
    guardian_relation = forms.CharField(label=_("relation to the reader"), max_length=20, required=False)
    guardian_consent = forms.BooleanField(
        label=_("The guardian consents to the processing of the child's personal information"), required=False
    )
    keeps_reading_history = forms.BooleanField(label=_("keep my reading history"), required=False)

    def __init__(self, *args: Any, branches: QuerySet[Branch], today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["home_branch"].queryset = branches  # type: ignore[attr-defined]
        self.fields["service_point"].queryset = ServicePoint.objects.filter(  # type: ignore[attr-defined]
            branch__in=branches, is_active=True
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = data.get("id_number", "")
        data["document"] = None
        if number:
            try:
                data["document"] = parsed_document(number, data.get("id_type", ""), self.today)
            except forms.ValidationError as error:
                self.add_error("id_number", error)
        if data.get("guardian_id_number"):
            try:
                data["guardian_document"] = parsed_document(data["guardian_id_number"], "", self.today)
            except forms.ValidationError as error:
                self.add_error("guardian_id_number", error)
        return data


class EditForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=100)
    phone = forms.CharField(
        label=_("new phone"), max_length=30, required=False, help_text=_("Leave empty to keep the phone.")
    )
    clear_phone = forms.BooleanField(label=_("remove the phone"), required=False)
    address = forms.CharField(
        label=_("new address"), max_length=200, required=False, help_text=_("Leave empty to keep the address.")
    )
    category = forms.ModelChoiceField(label=_("category"), queryset=PatronCategory.objects.all())
    home_branch = forms.ModelChoiceField(label=_("home branch"), queryset=Branch.objects.all())
    contact_name = forms.CharField(label=_("contact person (group borrowers)"), max_length=100, required=False)
    keeps_reading_history = forms.BooleanField(label=_("keeps reading history"), required=False)

    def __init__(self, *args: Any, branches: QuerySet[Branch] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if branches is not None:
            self.fields["home_branch"].queryset = branches  # type: ignore[attr-defined]


class BlockForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=PatronBlock.Kind.choices)
    reason = forms.CharField(label=_("reason"), max_length=200)


class PinForm(forms.Form):
    pin = forms.CharField(label=_("new PIN"), max_length=12, widget=forms.PasswordInput, help_text=PIN_HELP)
    pin_again = forms.CharField(label=_("new PIN again"), max_length=12, widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("pin") != data.get("pin_again"):
            raise forms.ValidationError(_("The two PINs differ."))
        return data


class RevealForm(forms.Form):
    what = forms.ChoiceField(
        label=_("what"),
        choices=[
            ("id_number", _("ID number")),
            ("phone", _("phone")),
            ("email", _("e-mail address")),
            ("address", _("address")),
            ("guardian_id", _("guardian's ID number")),
            ("guardian_phone", _("guardian's phone")),
        ],
    )
    reason = forms.CharField(label=_("why (recorded in the audit log)"), max_length=200)


class MergeForm(forms.Form):
    other = forms.CharField(label=_("card or ID number of the other record"), max_length=40)


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=200,
        help_text=_("For example: the reader asked for it in writing on 2016-05-03. Do not write names or numbers."),
    )
    card_number = forms.CharField(label=_("type the card number to confirm"), max_length=40)

    def __init__(self, *args: Any, card_number: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected = card_number

    def clean_card_number(self) -> str:
        typed = "".join(self.cleaned_data["card_number"].split()).upper()
        if typed != self.expected.upper():
            raise forms.ValidationError(_("This is not the reader's card number."))
        return typed


class RefundForm(forms.Form):
    amount = forms.DecimalField(label=_("amount (yuan)"), min_value=Decimal("0.01"), max_digits=8, decimal_places=2)
    receipt_number = forms.CharField(label=_("receipt number"), max_length=40, required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"))
    default_branch = forms.ModelChoiceField(
        label=_("home branch when the file gives none"), queryset=Branch.objects.all()
    )
    dry_run = forms.BooleanField(label=_("check only, import nothing"), required=False, initial=True)


class ExportForm(forms.Form):
    include_personal = forms.BooleanField(
        label=_("include full ID and phone numbers (administrators only; recorded in the audit log)"),
        required=False,
    )


class JoinForm(forms.Form):
    id_type = forms.ChoiceField(label=_("ID document type"), choices=MACHINE_TYPES)
    id_number = forms.CharField(label=_("ID number"), max_length=40)
    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=100)
    phone = forms.CharField(label=_("mobile phone"), max_length=30)
    pin = forms.CharField(label=_("PIN"), max_length=12, widget=forms.PasswordInput, help_text=PIN_HELP)
    pin_again = forms.CharField(label=_("PIN again"), max_length=12, widget=forms.PasswordInput)
    agrees = forms.BooleanField(
        label=_("I agree that the library stores my ID number (encrypted) and phone to run my reader card.")
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("pin") != data.get("pin_again"):
            self.add_error("pin_again", _("The two PINs differ."))
        if data.get("id_number"):
            try:
                data["document"] = parsed_document(data["id_number"], data.get("id_type", ""), self.today)
            except forms.ValidationError as error:
                self.add_error("id_number", error)
        return data
