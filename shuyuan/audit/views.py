from datetime import date

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shuyuan.audit import actions
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
    rows = [
        {
            "entry": entry,
            "actor": actions.actor_label(entry.actor_label),
            "action": actions.action_label(entry.action),
            "object_type": actions.object_type_label(entry.object_type) if entry.object_type else "",
            "detail": actions.detail_text(entry.detail),
        }
        for entry in page
    ]
    object_types = AuditEntry.objects.order_by().values_list("object_type", flat=True).distinct()
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "actions": sorted(((code, str(label)) for code, label in actions.ACTIONS.items()), key=lambda a: a[1]),
        "object_types": sorted((t, actions.object_type_label(t)) for t in object_types if t),
    }
    return render(request, "audit/list.html", context)
