from django import forms
from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.devices.models import Device


class DeviceForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Device.Kind.choices)
    name = forms.CharField(label=_("name"), max_length=100)
    branch = forms.ModelChoiceField(label=_("branch"), queryset=Branch.objects.none())
    service_point = forms.ModelChoiceField(
        label=_("service point"), queryset=ServicePoint.objects.none(), required=False
    )
    username = forms.SlugField(label=_("login name"), max_length=60, required=False)
    password = forms.CharField(
        label=_("password"),
        required=False,
        help_text=_("Leave empty to generate an API key."),
        widget=forms.PasswordInput,
    )
    institution_id = forms.CharField(label=_("SIP2 institution id"), max_length=30, required=False)
    character_set = forms.ChoiceField(label=_("character set"), choices=Device.CharacterSet.choices)
    requires_pin = forms.BooleanField(label=_("requires reader PIN"), required=False)

    def __init__(self, *args: object, branches: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["branch"].queryset = branches  # type: ignore[attr-defined]
        self.fields["service_point"].queryset = ServicePoint.objects.filter(branch__in=branches)  # type: ignore[attr-defined]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if username and Device.objects.filter(username=username).exists():
            raise forms.ValidationError(_("Another device already uses this login name."))
        return username
