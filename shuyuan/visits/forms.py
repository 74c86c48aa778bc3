from django import forms
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import ServicePoint
from shuyuan.visits.models import CounterModel, EResourcePlatform


class CounterFileForm(forms.Form):
    counter_model = forms.ModelChoiceField(CounterModel.objects.all(), label=_("people counter model"))
    service_point = forms.ModelChoiceField(ServicePoint.objects.none(), label=_("service point"))
    file = forms.FileField(label=_("CSV file"))

    def __init__(self, *args, points=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["service_point"].queryset = points if points is not None else ServicePoint.objects.none()


class CorrectionForm(forms.Form):
    new_count = forms.IntegerField(label=_("corrected count"), min_value=0)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class UsageFileForm(forms.Form):
    platform = forms.ModelChoiceField(EResourcePlatform.objects.all(), label=_("platform"))
    file = forms.FileField(label=_("CSV file"))
    replace = forms.BooleanField(label=_("replace a period imported before"), required=False)


class SessionStartForm(forms.Form):
    card = forms.CharField(label=_("card or ID number"), max_length=40)
