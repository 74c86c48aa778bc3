"""Staff pages of catalogue search and of copy cataloguing over SRU (thin: parse, call, render)."""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shuyuan.catalog.marc import MarcFormat, MarcXmlReader
from shuyuan.catalog.models import Item
from shuyuan.catalog.search import Field, SearchQuery, records, search
from shuyuan.catalog.search.facets import TITLES, Facet
from shuyuan.catalog.sru import copying
from shuyuan.catalog.sru.servers import configured_servers, server_by_code
from shuyuan.inputs import int_param

PAGE_SIZE = 20
_SIGNING_SALT = "shuyuan.catalog.copy_cataloguing"


@dataclass
class Holdings:
    total: int = 0
    on_shelf: int = 0
    call_numbers: list[str] = field(default_factory=list)
    branches: list[str] = field(default_factory=list)


def holdings_of(record_ids: list[int]) -> dict[int, Holdings]:
    found: dict[int, Holdings] = defaultdict(Holdings)
    rows = Item.objects.filter(record_id__in=record_ids).values_list(
        "record_id", "status", "call_number", "home_branch__name"
    )
    for record_id, status, call_number, branch in rows:
        holding = found[record_id]
        holding.total += 1
        holding.on_shelf += status == Item.Status.ON_SHELF
        for values, value in ((holding.call_numbers, call_number), (holding.branches, branch)):
            if value and value not in values:
                values.append(value)
    return found


MAX_PAGE = 10_000  # far beyond any result anyone pages through; keeps the offset a small number


def _query_from(request: HttpRequest) -> tuple[SearchQuery, int]:
    params = request.GET
    page = int_param(params, "page", 1, minimum=1, maximum=MAX_PAGE)
    chosen = params.get("field", Field.KEYWORD)
    search_field = Field(chosen) if chosen in Field.values else Field.KEYWORD
    filters = {facet.value: params.getlist(facet.value) for facet in Facet if params.getlist(facet.value)}
    query = SearchQuery(
        params.get("q", "").strip()[:200], field=search_field, filters=filters,
        offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
    )  # fmt: skip
    return query, page


def _link(request: HttpRequest, **changes: Any) -> str:
    """The current search's URL with some parameters replaced (None removes one); back to page 1."""
    params = {key: request.GET.getlist(key) for key in request.GET if key != "page"}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value if isinstance(value, list) else [value]
    return "?" + urlencode(params, doseq=True)


def _facet_groups(request: HttpRequest, result: Any) -> list[dict[str, Any]]:
    groups = []
    for facet, values in result.facets.items():
        chosen = request.GET.getlist(facet.value)
        entries = []
        for value in values[:12] if facet != Facet.YEAR else values[:15]:
            wanted = [v for v in chosen if v != value.value] if value.selected else [*chosen, value.value]
            entries.append({"value": value, "url": _link(request, **{facet.value: wanted or None})})
        groups.append({"title": TITLES[facet], "entries": entries})
    return groups


@login_required
@permission_required("catalog.view_record", raise_exception=True)
def search_page(request: HttpRequest) -> HttpResponse:
    query, page = _query_from(request)
    asked = bool(query.text or query.filters)
    result = search(query) if asked else None
    found = records(result) if result else []
    holdings = holdings_of([r.pk for r in found])
    context = {
        "query": query,
        "fields": Field.choices,
        "asked": asked,
        "result": result,
        "rows": [(record, holdings.get(record.pk, Holdings())) for record in found],
        "facet_groups": _facet_groups(request, result) if result else [],
        "page": page,
        "previous_url": _link(request, page=str(page - 1)) if page > 1 else "",
        "next_url": _link(request, page=str(page + 1)) if result and result.total > page * PAGE_SIZE else "",
    }
    return render(request, "catalog/search/search.html", context)


@login_required
@permission_required("catalog.add_record", raise_exception=True)
def copy_cataloguing(request: HttpRequest) -> HttpResponse:
    servers = configured_servers()
    params = request.GET
    server = server_by_code(params.get("server", "")) or (servers[0] if servers else None)
    wanted = {name: params.get(name, "").strip()[:200] for name in ("isbn", "title", "author")}
    found = None
    if server is not None and any(wanted.values()):
        found = copying.find(server, isbn=wanted["isbn"], title=wanted["title"], author=wanted["author"])
    rows = []
    for comparison in found.rows if found else []:
        remote = comparison.remote
        token = signing.dumps(
            {"server": server.code if server else "", "format": remote.marc_format.value, "xml": remote.marcxml,
             "source": f"SRU {server.name if server else ''} {remote.identifier}".strip()},
            salt=_SIGNING_SALT, compress=True,
        )  # fmt: skip
        rows.append({"remote": remote, "ours": comparison.ours, "token": token})
    context = {"servers": servers, "server": server, "wanted": wanted, "found": found, "rows": rows}
    return render(request, "catalog/search/copy.html", context)


@login_required
@permission_required("catalog.add_record", raise_exception=True)
@require_POST
def copy_import(request: HttpRequest) -> HttpResponse:
    try:
        chosen = signing.loads(request.POST.get("token", ""), salt=_SIGNING_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        messages.error(request, _("The record to import could not be read; search again."))
        return redirect("catalog:copy_cataloguing")
    marc_format = MarcFormat(chosen["format"])
    read = next(iter(MarcXmlReader(io.BytesIO(chosen["xml"].encode("utf-8")), marc_format=marc_format)), None)
    if read is None or read.record is None:
        messages.error(request, _("The record to import could not be read; search again."))
        return redirect("catalog:copy_cataloguing")
    record = copying.import_remote(
        read.record, marc_format, source=chosen["source"], at=timezone.now(), by=request.user
    )
    messages.success(request, _("Imported “%(title)s”.") % {"title": record.title})
    return redirect("catalog:record_edit", pk=record.pk)
