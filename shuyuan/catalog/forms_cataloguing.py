"""Forms of the cataloguing desk: the record editor, copies, labels. Validation that is a rule of the
catalogue (ISBN, CLC class, barcodes) lives in services_cataloguing; these only read the input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shuyuan.catalog import labels
from shuyuan.catalog.cip import CipBlock
from shuyuan.catalog.conf import catalog_settings
from shuyuan.catalog.models import Collection, ItemType, Record

TEXTAREA = {"rows": 3, "cols": 40}


class RecordForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=500)
    other_titles = forms.CharField(
        label=_("parallel and other titles"), required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
        help_text=_("One title per line."),
    )  # fmt: skip
    responsibility = forms.CharField(label=_("statement of responsibility"), max_length=500, required=False)
    authors = forms.CharField(
        label=_("authors"), required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
        help_text=_("One name per line."),
    )  # fmt: skip
    edition = forms.CharField(label=_("edition"), max_length=100, required=False)
    place = forms.CharField(label=_("place of publication"), max_length=100, required=False)
    publisher = forms.CharField(label=_("publisher"), max_length=200, required=False)
    year = forms.IntegerField(label=_("year"), min_value=1, max_value=32766, required=False)
    pages = forms.CharField(label=_("pages and size"), max_length=100, required=False)
    isbn = forms.CharField(label=_("ISBN"), max_length=20, required=False)
    price = forms.CharField(label=_("price"), max_length=40, required=False)
    issn = forms.CharField(label=_("ISSN"), max_length=12, required=False)
    series = forms.CharField(label=_("series"), max_length=300, required=False)
    subjects = forms.CharField(
        label=_("subjects"), required=False, widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("One heading per line; subdivisions after --."),
    )  # fmt: skip
    clc = forms.CharField(
        label=_("CLC class"), max_length=60, required=False, widget=forms.TextInput(attrs={"list": "clc-classes"})
    )
    summary = forms.CharField(label=_("summary"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    language = forms.CharField(label=_("language"), max_length=3, required=False, initial="chi")
    material_type = forms.ChoiceField(
        label=_("material type"), choices=Record.MaterialType.choices, initial=Record.MaterialType.BOOK
    )

    @classmethod
    def initial_of(cls, record: Record) -> dict[str, Any]:
        return {name: getattr(record, name) for name in cls.base_fields}

    @staticmethod
    def initial_of_cip(block: CipBlock) -> dict[str, Any]:
        return {
            "title": block.title,
            "other_titles": "\n".join(block.other_titles),
            "responsibility": block.responsibility,
            "edition": block.edition,
            "place": block.place,
            "publisher": block.publisher,
            "year": block.year,
            "isbn": block.isbn,
            "price": block.price,
            "series": block.series,
            "subjects": "\n".join(block.subjects),
            "clc": block.clc,
            "language": "chi",
            "material_type": Record.MaterialType.BOOK,
        }


class CipForm(forms.Form):
    text = forms.CharField(
        label=_("CIP block"), widget=forms.Textarea(attrs={"rows": 8, "cols": 60}),
        help_text=_("Paste the 图书在版编目(CIP)数据 block from the back of the title page."),
    )  # fmt: skip


class MarcForm(forms.Form):
    text = forms.CharField(
        label=_("MARC"), widget=forms.Textarea(attrs={"rows": 22, "cols": 90, "spellcheck": "false"}), strip=False
    )


class CopiesForm(forms.Form):
    count = forms.IntegerField(label=_("number of copies"), min_value=1, max_value=500, initial=1)
    collection = forms.ModelChoiceField(Collection.objects.select_related("branch"), label=_("collection"))
    item_type = forms.ModelChoiceField(ItemType.objects.all(), label=_("item type"))
    volume = forms.CharField(label=_("volume"), max_length=50, required=False)
    barcodes = forms.CharField(
        label=_("barcodes already on the copies"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Scan one a line; leave empty to take the next barcodes of the sequence."),
    )  # fmt: skip

    def barcode_list(self) -> list[str]:
        return self.cleaned_data["barcodes"].split()


class LabelsForm(forms.Form):
    barcodes = forms.CharField(
        label=_("barcodes"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Scan one a line."),
    )  # fmt: skip
    import_batch = forms.IntegerField(label=_("every copy of import no."), required=False, min_value=1)
    reason = forms.CharField(label=_("copies made with the reason"), required=False, max_length=100)
    queue = forms.BooleanField(label=_("the work queue's copies waiting for labels"), required=False)
    kind = forms.ChoiceField(
        label=_("labels"),
        choices=[
            (labels.Kind.BOTH, _("barcode and spine labels")),
            (labels.Kind.BARCODE, _("barcode labels")),
            (labels.Kind.SPINE, _("spine labels")),
        ],
    )
    sheet = forms.ChoiceField(label=_("sheet or roll"), choices=[])
    start = forms.IntegerField(
        label=_("first free cell"), min_value=1, initial=1, help_text=_("On a partly used sheet: 1 is top left.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sheet_field = self.fields["sheet"]
        assert isinstance(sheet_field, forms.ChoiceField)
        sheet_field.choices = [(sheet.name, _sheet_label(sheet)) for sheet in catalog_settings().label_sheets]


def _sheet_label(sheet: Any) -> str:
    if sheet.is_roll:
        size = {"width": sheet.page_width_mm, "height": sheet.page_height_mm}
        return str(_("roll, %(width)g × %(height)g mm") % size)
    return str(_("A4 sheet, %(columns)d × %(rows)d") % {"columns": sheet.columns, "rows": sheet.rows})
