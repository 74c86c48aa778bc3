from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch
from shuyuan.catalog.exporting import HoldingsMode
from shuyuan.catalog.models import Collection, Item, ItemType
from shuyuan.catalog.old_catalog import Column

FORMAT_CHOICES = [("", _("detect")), ("cnmarc", "CNMARC / UNIMARC"), ("marc21", "MARC 21")]
ENCODING_CHOICES = [("", _("detect")), ("utf-8", "UTF-8"), ("gb18030", "GB18030 / GBK"), ("marc-8", "MARC-8")]


class PlacementForm(forms.Form):
    """Where copies go when the file does not say; shared by the MARC and the table upload."""

    branch = forms.ModelChoiceField(
        Branch.objects.all(),
        required=False,
        to_field_name="code",
        label=_("default branch"),
        empty_label=_("central library"),
    )
    collection = forms.ModelChoiceField(
        Collection.objects.select_related("branch"),
        required=False,
        to_field_name="code",
        label=_("default collection"),
        empty_label=_("first collection of the branch"),
    )
    item_type = forms.ModelChoiceField(
        ItemType.objects.all(),
        required=False,
        to_field_name="code",
        label=_("default item type"),
        empty_label=_("first item type"),
    )
    status = forms.ChoiceField(
        choices=Item.Status.choices, initial=Item.Status.ON_SHELF, label=_("status of new items")
    )
    dry_run = forms.BooleanField(required=False, label=_("dry run: report what would happen, store nothing"))

    def placement_options(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "branch_code": data["branch"].code if data["branch"] else "",
            "collection_code": data["collection"].code if data["collection"] else "",
            "item_type_code": data["item_type"].code if data["item_type"] else "",
            "item_status": data["status"],
        }


class MarcUploadForm(PlacementForm):
    file = forms.FileField(label=_("MARC file (ISO 2709 .iso/.mrc or MARCXML)"))
    marc_format = forms.ChoiceField(choices=FORMAT_CHOICES, required=False, label=_("MARC format"))
    encoding = forms.ChoiceField(choices=ENCODING_CHOICES, required=False, label=_("character encoding"))

    field_order = ["file", "marc_format", "encoding"]


class TableUploadForm(PlacementForm):
    file = forms.FileField(label=_("old system's export (CSV or Excel .xlsx)"))
    barcode_prefix = forms.CharField(
        required=False,
        max_length=20,
        label=_("prefix for new barcodes"),
        help_text=_("Copies with only an old barcode get a new one from this sequence; empty keeps the old one."),
    )
    marc_format = forms.ChoiceField(
        choices=FORMAT_CHOICES[1:], initial="cnmarc", required=False, label=_("MARC format of the records made")
    )

    field_order = ["file", "barcode_prefix", "marc_format"]


class MappingForm(forms.Form):
    """For each column the system knows, the header of the file that holds it."""

    dry_run = forms.BooleanField(
        required=False, initial=True, label=_("dry run: report what would happen, store nothing")
    )

    def __init__(self, *args: Any, headers: list[str], guessed: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((header, header) for header in headers)]
        for column in Column:
            self.fields[f"column_{column.value}"] = forms.ChoiceField(
                choices=choices, required=False, label=column.label, initial=guessed.get(column.value, "")
            )
        self.order_fields([f"column_{column.value}" for column in Column] + ["dry_run"])

    def mapping(self) -> dict[str, str]:
        return {
            name.removeprefix("column_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("column_") and value
        }


class ExportForm(forms.Form):
    marc_format = forms.ChoiceField(choices=FORMAT_CHOICES[1:], initial="cnmarc", label=_("MARC format"))
    syntax = forms.ChoiceField(
        choices=[("iso2709", _("ISO 2709")), ("marcxml", "MARCXML")], initial="iso2709", label=_("file format")
    )
    encoding = forms.ChoiceField(
        choices=[("utf-8", "UTF-8"), ("gb18030", "GB18030")], initial="utf-8", label=_("encoding (ISO 2709)")
    )
    holdings = forms.ChoiceField(
        choices=[
            (HoldingsMode.ITEMS.value, _("current copies")),
            (HoldingsMode.SOURCE.value, _("holdings as imported")),
            (HoldingsMode.NONE.value, _("no holdings")),
        ],
        initial=HoldingsMode.ITEMS.value,
        label=_("holdings"),
    )
    q = forms.CharField(required=False, label=_("search result of"), help_text=_("Export what this search finds."))
    clc = forms.CharField(required=False, max_length=20, label=_("CLC class starts with"))
    collection = forms.ModelChoiceField(
        Collection.objects.all(), required=False, to_field_name="code", label=_("collection")
    )
    year_from = forms.IntegerField(required=False, label=_("published from"))
    year_to = forms.IntegerField(required=False, label=_("published until"))
