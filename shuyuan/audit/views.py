from datetime import date

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shuyuan.audit.models import AuditEntry


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@login_required
@permission_required("audit.view_audit_log", raise_exception=True)
def entry_list(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.all()
    filters = {key: request.GET.get(key, "").strip() for key in ("actor", "action", "object_type", "since", "until")}
    if filters["actor"]:
        entries = entries.filter(actor_label__icontains=filters["actor"])
    if filters["action"]:
        entries = entries.filter(action__startswith=filters["action"])
    if filters["object_type"]:
        entries = entries.filter(object_type=filters["object_type"])
    if since := _day(filters["since"]):
        entries = entries.filter(at__date__gte=since)
    if until := _day(filters["until"]):
        entries = entries.filter(at__date__lte=until)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    object_types = AuditEntry.objects.order_by().values_list("object_type", flat=True).distinct()
    context = {"page": page, "filters": filters, "object_types": sorted(filter(None, object_types))}
    return render(request, "audit/list.html", context)
