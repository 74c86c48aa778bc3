from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shuyuan.branches.scoping import branches_for, can_act_in
from shuyuan.devices import services
from shuyuan.devices.errors import DeviceRefused
from shuyuan.devices.forms import DeviceForm
from shuyuan.devices.models import Device


@login_required
@permission_required("devices.view_device", raise_exception=True)
def device_list(request: HttpRequest) -> HttpResponse:
    devices = Device.objects.filter(branch__in=branches_for(request.user)).select_related("branch", "service_point")
    return render(request, "devices/list.html", {"devices": devices})


@login_required
@permission_required("devices.add_device", raise_exception=True)
def device_add(request: HttpRequest) -> HttpResponse:
    form = DeviceForm(request.POST or None, branches=branches_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            device, credential = services.add(
                kind=data["kind"],
                name=data["name"],
                branch=data["branch"],
                service_point=data["service_point"],
                username=data["username"],
                password=data["password"],
                institution_id=data["institution_id"],
                character_set=data["character_set"],
                requires_pin=data["requires_pin"],
                at=timezone.now(),
                by=request.user,
            )
        except DeviceRefused as exc:
            form.add_error(None, exc.message)
        else:
            return render(request, "devices/credential.html", {"device": device, "credential": credential})
    return render(request, "devices/add.html", {"form": form})


def _device_in_scope(request: HttpRequest, pk: int) -> Device:
    device = get_object_or_404(Device, pk=pk)
    if not can_act_in(request.user, device.branch):
        raise PermissionDenied
    return device


@require_POST
@login_required
@permission_required("devices.change_device", raise_exception=True)
def device_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    device = _device_in_scope(request, pk)
    services.set_enabled(device, not device.is_enabled, at=timezone.now(), by=request.user)
    messages.success(request, _("Device enabled.") if device.is_enabled else _("Device disabled."))
    return redirect("devices:list")


@require_POST
@login_required
@permission_required("devices.change_device", raise_exception=True)
def device_reset(request: HttpRequest, pk: int) -> HttpResponse:
    device = _device_in_scope(request, pk)
    credential = services.reset_credentials(device, at=timezone.now(), by=request.user)
    return render(request, "devices/credential.html", {"device": device, "credential": credential})
