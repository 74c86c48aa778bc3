"""Forms of shelf work: they read the input only; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch
from shuyuan.catalog.models import Collection
from shuyuan.shelving.models import WeedingBatch
from shuyuan.shelving.rules import Action

# A handheld reader's file of 100 000 codes is about 2 MB; a little room for extra columns.
MAX_FILE_BYTES = 20 * 1024 * 1024


class ScanForm(forms.Form):
    action = forms.ChoiceField(label=_("What to do"), choices=Action.choices, initial=Action.SHELVE)
    code = forms.CharField(
        label=_("Barcode or RFID tag"), max_length=100, required=False,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )  # fmt: skip
    codes = forms.CharField(
        label=_("Or many at once, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 30})
    )

    def code_list(self) -> list[str]:
        data = self.cleaned_data
        return [code for code in [data["code"], *data["codes"].splitlines()] if code.strip()]


class InventoryForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100, required=False)
    branch = forms.ModelChoiceField(label=_("branch"), queryset=Branch.objects.order_by("code"))
    collection = forms.ModelChoiceField(
        label=_("collection (empty: the whole branch)"), queryset=Collection.objects.select_related("branch"),
        required=False,
    )  # fmt: skip
    call_number_from = forms.CharField(label=_("from call number"), max_length=100, required=False)
    call_number_to = forms.CharField(label=_("to call number"), max_length=100, required=False)

    def __init__(self, *args: Any, branches: QuerySet[Branch], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches.order_by("code")  # type: ignore[attr-defined]
        self.fields["collection"].queryset = Collection.objects.filter(  # type: ignore[attr-defined]
            branch__in=branches
        ).select_related("branch")


class InventoryScanForm(forms.Form):
    code = forms.CharField(
        label=_("Barcode or RFID tag"), max_length=100,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )  # fmt: skip


class _TextFile(forms.Form):
    """A form whose ``file`` is a text file from a handheld reader or a conversion station."""

    def text(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        raw = upload.read()
        # Handheld terminals write UTF-8 or GBK; a byte that is neither makes its line garbled, not the file.
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return raw.decode("gb18030", errors="replace")


class ReaderFileForm(_TextFile):
    file = forms.FileField(label=_("Handheld reader file (one barcode or RFID tag per line)"))


class LinkTagForm(forms.Form):
    tag = forms.CharField(label=_("RFID tag"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    barcode = forms.CharField(
        label=_("Barcode"), max_length=100, required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class TagFileForm(_TextFile):
    file = forms.FileField(label=_("Conversion station file (tag,barcode per line)"))


class WeedingForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    reason = forms.ChoiceField(label=_("reason"), choices=WeedingBatch.Reason.choices)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class WeedingScanForm(forms.Form):
    codes = forms.CharField(
        label=_("Barcodes, one per line"), widget=forms.Textarea(attrs={"rows": 3, "cols": 30, "autofocus": True})
    )


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("note"), max_length=300, required=False)
