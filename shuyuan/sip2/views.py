from datetime import timedelta

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuyuan.branches.scoping import branches_for, can_act_in
from shuyuan.devices.models import Device
from shuyuan.sip2 import queries, services
from shuyuan.sip2.models import OfflineConflict

DAYS = 7
CONFLICTS_SHOWN = 200


@login_required
@permission_required("sip2.view_devicecounter", raise_exception=True)
def kiosk_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    devices = Device.objects.filter(branch__in=branches_for(request.user))
    rows = zip(
        queries.kiosk_figures(devices, today, today),
        queries.kiosk_figures(devices, today - timedelta(days=DAYS - 1), today),
        strict=True,
    )
    conflicts = OfflineConflict.objects.filter(device__in=devices, resolved_at__isnull=True).select_related(
        "device", "patron"
    )
    context = {"rows": list(rows), "days": DAYS, "conflicts": conflicts[:CONFLICTS_SHOWN]}
    return render(request, "sip2/kiosks.html", context)


@login_required
@permission_required("sip2.change_offlineconflict", raise_exception=True)
@require_POST
def conflict_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    conflict = get_object_or_404(OfflineConflict.objects.select_related("device__branch"), pk=pk)
    if not can_act_in(request.user, conflict.device.branch):
        raise PermissionDenied
    services.resolve_conflict(conflict, at=timezone.now(), by=request.user)
    return redirect("sip2:kiosks")


@login_required
@permission_required("sip2.view_devicecounter", raise_exception=True)
def kiosk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    device = get_object_or_404(Device, pk=pk, kind=Device.Kind.SIP2_KIOSK)
    if not can_act_in(request.user, device.branch):
        raise PermissionDenied
    today = timezone.localdate()
    context = {
        "device": device,
        "commands": queries.command_figures(device, today - timedelta(days=DAYS - 1), today),
        "days": DAYS,
    }
    return render(request, "sip2/kiosk.html", context)
