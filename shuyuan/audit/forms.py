from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuyuan.addresses import client_address
from shuyuan.audit import logins


class StaffLoginForm(AuthenticationForm):
    """Django's login form with the throttle of ``audit.logins``; the staff page and the admin use it."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong user name or password. Please try again."),
        "locked": _("Too many failed logins: this account or this computer may try again in %(minutes)d minutes."),
    }

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "")
        address = client_address(self.request.META if self.request else {}, logins.login_settings().client_ip_header)
        at = timezone.now()
        minutes = logins.minutes_locked(username, address, at=at)
        if minutes:
            logins.fail(username, address, at=at)
            raise forms.ValidationError(self.error_messages["locked"], code="locked", params={"minutes": minutes})
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            logins.fail(username, address, at=at)
            raise
        logins.succeed(username, at=at)
        return cleaned
