"""Forms of the acquisitions staff pages."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from shuyuan.acquisitions.models import Campaign, Donation, ExchangeFair, Fund, PoolMovement, Vendor
from shuyuan.catalog.models import Collection, ItemType


class VendorForm(forms.ModelForm):
    class Meta:
        model = Vendor
        fields = ["name", "city", "contact", "phone", "email", "discount", "note"]


class FundForm(forms.Form):
    code = forms.CharField(label=_("code"), max_length=30)
    name = forms.CharField(label=_("name"), max_length=100)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    allocated = forms.DecimalField(label=_("allocated"), max_digits=12, decimal_places=2, min_value=Decimal("0"))


class OrderForm(forms.Form):
    SOURCES = [
        ("isbn_list", _("ISBN list")),
        ("vendor_list", _("vendor's list (征订目录)")),
        ("vendor_marc", _("vendor's MARC file")),
    ]
    vendor = forms.ModelChoiceField(Vendor.objects.all(), label=_("vendor"))
    fund = forms.ModelChoiceField(Fund.objects.filter(is_closed=False), label=_("fund"))
    collection = forms.ModelChoiceField(Collection.objects.select_related("branch"), label=_("collection"))
    item_type = forms.ModelChoiceField(ItemType.objects.all(), label=_("item type"))
    source = forms.ChoiceField(choices=SOURCES, label=_("built from"))
    quantity = forms.IntegerField(label=_("copies of each title"), min_value=1, max_value=999, initial=1)
    isbns = forms.CharField(
        label=_("ISBN list"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One a line: ISBN[,copies[,price[,title]]]"),
    )
    file = forms.FileField(label=_("file (Excel list or MARC)"), required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class PlaceForm(forms.Form):
    """Where an order built on a page goes: vendor, fund, collection and item type."""

    vendor = forms.ModelChoiceField(Vendor.objects.all(), label=_("vendor"))
    fund = forms.ModelChoiceField(Fund.objects.filter(is_closed=False), label=_("fund"))
    collection = forms.ModelChoiceField(Collection.objects.select_related("branch"), label=_("collection"))
    item_type = forms.ModelChoiceField(ItemType.objects.all(), label=_("item type"))
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class ScanForm(forms.Form):
    code = forms.CharField(label=_("ISBN or order-line code"), max_length=40)
    request_key = forms.CharField(widget=forms.HiddenInput, required=False)


class BatchForm(forms.Form):
    marc = forms.FileField(label=_("vendor's MARC file"))
    barcodes = forms.FileField(label=_("barcode list (ISBN,barcode per line)"))


class LineActionForm(forms.Form):
    quantity = forms.IntegerField(label=_("copies"), min_value=1)


class InvoiceForm(forms.Form):
    number = forms.CharField(label=_("invoice number"), max_length=50)
    issued_on = forms.DateField(label=_("date"))


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)


class ReportForm(forms.Form):
    GROUPS = [("fund", _("fund")), ("vendor", _("vendor")), ("clc", _("CLC class")), ("month", _("month"))]
    start = forms.DateField(label=_("from"))
    end = forms.DateField(label=_("to"))
    group = forms.ChoiceField(choices=GROUPS, label=_("by"), initial="fund")


class DonationForm(forms.Form):
    donor = forms.CharField(label=_("donor"), max_length=200)
    donor_kind = forms.ChoiceField(choices=Donation.DonorKind.choices, label=_("donor is"))
    publish_name = forms.BooleanField(label=_("name may be published"), required=False)
    received_on = forms.DateField(label=_("date"))
    kinds = forms.IntegerField(label=_("kinds"), min_value=1, required=False)
    volumes = forms.IntegerField(label=_("volumes"), min_value=1, required=False)
    destination = forms.ChoiceField(choices=Donation.Destination.choices, label=_("went to"))
    campaign = forms.ModelChoiceField(Campaign.objects.all(), label=_("campaign"), required=False)
    local_titles = forms.CharField(
        label=_("local documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One a line: title,volumes"),
    )
    description = forms.CharField(label=_("what was given"), max_length=500, required=False)


class PoolForm(forms.Form):
    kind = forms.ChoiceField(choices=PoolMovement.Kind.choices, label=_("kind"))
    count = forms.IntegerField(label=_("books"), min_value=1)
    fair = forms.ModelChoiceField(ExchangeFair.objects.all(), label=_("fair"), required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)
