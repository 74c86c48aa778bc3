"""The public catalogue's pages: search, record, shelf, classes, new arrivals, most borrowed,
branches and the large-type switch. Server-rendered; nothing here needs JavaScript."""

from __future__ import annotations

from datetime import date, timedelta

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shuyuan.branches.models import Branch
from shuyuan.catalog.models import Record
from shuyuan.catalog.search import Field, SearchQuery, search
from shuyuan.catalog.search.facets import CLC_CLASSES, TITLES, Facet
from shuyuan.opac import catalogue, fragments
from shuyuan.opac.readers import reader_of
from shuyuan.outreach.queries import coming

PAGE_SIZE = 20
MAX_QUERY = 200  # characters searched; a longer query is cut, and the reader told so
MAX_PAGE = 50  # deep pages cost the search more than a reader ever reads
TITLE_SORT_LIMIT = 500  # title order sorts this many matches at most
PUBLIC_FIELDS = [f for f in Field if f not in (Field.BARCODE, Field.OLD_BARCODE)]
SORTS = {"relevance": "", "newest": "", "title": ""}
LARGE_COOKIE = "opac_large"


def _sort_labels() -> dict[str, str]:
    return {"relevance": _("Relevance"), "newest": _("Newest"), "title": _("Title (pinyin)")}


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "opac/home.html",
        {
            "fields": PUBLIC_FIELDS,
            "branches": catalogue.public_branches(),
            "reader": reader_of(request, at=timezone.now()),
        },
    )


def _page_number(request: HttpRequest) -> int:
    try:
        return min(max(int(request.GET.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        return 1


def search_page(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    text = raw.strip()[:MAX_QUERY]
    notes = []
    if len(raw.strip()) > MAX_QUERY:
        notes.append(_("Your search was very long: only its first %(n)d characters were searched.") % {"n": MAX_QUERY})
    try:
        field = Field(request.GET.get("field", Field.KEYWORD))
    except ValueError:
        field = Field.KEYWORD
    if field not in PUBLIC_FIELDS:
        field = Field.KEYWORD
    sort = request.GET.get("sort", "relevance")
    if sort not in SORTS:
        sort = "relevance"
    filters = {
        f.value: values for f in Facet if (values := [v[:40] for v in request.GET.getlist(f.value)[:10] if v.strip()])
    }
    number = _page_number(request)
    context: dict[str, object] = {
        "q": text, "field": field, "sort": sort, "fields": PUBLIC_FIELDS, "sorts": _sort_labels(), "notes": notes,
    }  # fmt: skip
    if not text and not filters:
        if raw:
            notes.append(_("Type a word of the title, an author, an ISBN or pinyin to search."))
        return render(request, "opac/search.html", context)
    if sort == "title":
        found = search(SearchQuery(text, field, filters, offset=0, limit=TITLE_SORT_LIMIT, public=True))
        ids = catalogue.title_order(found.record_ids)[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        if found.total > TITLE_SORT_LIMIT:
            notes.append(
                _("Title order covers the first %(n)d matches; narrow the search to see all.") % {"n": TITLE_SORT_LIMIT}
            )
        found.record_ids = ids
    else:
        found = search(
            SearchQuery(
                text,
                field,
                filters,
                offset=(number - 1) * PAGE_SIZE,
                limit=PAGE_SIZE,
                newest_first=sort == "newest",
                public=True,
            )
        )
    if not found.total and not any(c.isalnum() for c in text):
        notes.append(_("Only punctuation was typed: nothing to search for."))
    pages = min((found.total + PAGE_SIZE - 1) // PAGE_SIZE, MAX_PAGE)
    keep = request.GET.copy()
    keep.pop("page", None)
    facets = [(TITLES[f], f.value, values) for f, values in found.facets.items()]
    context.update(
        found=found,
        results_html=fragments.results(_page_records(found.record_ids)),
        facets=facets,
        facets_html=fragments.facets(facets, base_query=keep.urlencode(), filters=filters),
        page=number,
        pages=pages,
        previous_url=f"?{keep.urlencode()}&page={number - 1}" if number > 1 else "",
        next_url=f"?{keep.urlencode()}&page={number + 1}" if number < pages else "",
        filters=filters,
        base_query=keep.urlencode(),
    )
    return render(request, "opac/search.html", context)


def advanced(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "opac/advanced.html",
        {"fields": PUBLIC_FIELDS, "classes": CLC_CLASSES.items(), "branches": catalogue.public_branches()},
    )


RESULT_FIELDS = ("title", "responsibility", "publisher", "year", "call_number")


def _page_records(ids: list[int]) -> list[Record]:
    """The records of a page of results, in its order, with the fields the page shows: the whole
    row (its MARC above all) costs the results page more than its search (bench.opac)."""
    found = Record.objects.only(*RESULT_FIELDS).in_bulk(ids)
    return [found[i] for i in ids if i in found]


def record(request: HttpRequest, pk: int) -> HttpResponse:
    the_record = get_object_or_404(Record.objects.defer("marc"), pk=pk)
    copies = catalogue.holdings(the_record)
    if copies.is_hidden:
        raise Http404
    reader = reader_of(request, at=timezone.now())
    return render(
        request,
        "opac/record.html",
        {
            "record": the_record,
            "holdings": copies,
            "reader": reader,
            "branches": catalogue.public_branches,  # read by the template only for a reader's hold form
            "subjects": [s for s in the_record.subjects.splitlines() if s.strip()],
        },
    )


def shelf(request: HttpRequest) -> HttpResponse:
    call_number = request.GET.get("call_number", "").strip()[:100]
    branch = request.GET.get("branch", "")[:20]
    entries = catalogue.shelf_around(call_number, branch_code=branch) if call_number else []
    return render(request, "opac/shelf.html", {"call_number": call_number, "entries": entries, "branch": branch})


def classes(request: HttpRequest) -> HttpResponse:
    counts = catalogue.class_counts()
    rows = [(code, label, counts.get(code, 0)) for code, label in CLC_CLASSES.items()]
    return render(request, "opac/classes.html", {"rows": rows})


def _month(request: HttpRequest) -> date:
    try:
        year, month = (int(p) for p in request.GET.get("month", "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def new_arrivals(request: HttpRequest) -> HttpResponse:
    month = _month(request)
    branch = request.GET.get("branch", "")[:20]
    return render(
        request,
        "opac/new.html",
        {
            "month": month,
            "branch": branch,
            "branches": catalogue.public_branches(),
            "arrivals": catalogue.new_arrivals(month, branch_code=branch),
            "popular": catalogue.most_borrowed(month, branch_code=branch),
            "previous": (month.replace(day=1) - timedelta(days=1)).strftime("%Y-%m"),
        },
    )


@require_GET
def new_arrivals_feed(request: HttpRequest) -> HttpResponse:
    month = _month(request)
    branch = request.GET.get("branch", "")[:20]
    feed = feedgenerator.Atom1Feed(
        title=_("New arrivals"),
        link=request.build_absolute_uri(reverse("opac:new")),
        description="",
        language="zh-hans",
    )
    for entry in catalogue.new_arrivals(month, branch_code=branch):
        link = request.build_absolute_uri(reverse("opac:record", args=[entry.pk]))
        feed.add_item(
            title=entry.title,
            link=link,
            description=" / ".join(p for p in (entry.responsibility, entry.publisher, str(entry.year or "")) if p),
            unique_id=link,
            updateddate=entry.created_at,
        )
    return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


def branches(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    pages = [catalogue.branch_page(b, at=now, ahead=0) for b in catalogue.public_branches()]
    return render(request, "opac/branches.html", {"pages": pages})


def branch(request: HttpRequest, code: str) -> HttpResponse:
    found = Branch.objects.filter(code=code, is_active=True).first()
    if found is None:
        raise Http404
    now = timezone.now()
    activities = [row.activity for row in coming(at=now, limit=200) if row.activity.branch_id == found.pk]
    return render(
        request, "opac/branch.html", {"page": catalogue.branch_page(found, at=now), "activities": activities[:10]}
    )


def large_type(request: HttpRequest) -> HttpResponse:
    """Switch large type on or off (a cookie, so that it works without an account or JavaScript)."""
    back = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    response = HttpResponseRedirect(back)
    if request.GET.get("on") == "1":
        response.set_cookie(LARGE_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(LARGE_COOKIE)
    return response
