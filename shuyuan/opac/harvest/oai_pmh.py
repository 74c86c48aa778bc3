"""OAI-PMH 2.0 at ``/oai``: Identify, ListMetadataFormats, ListSets, ListIdentifiers, ListRecords
(with resumption tokens and from/until) and GetRecord, in ``oai_dc`` and ``marcxml``.

Records are listed in primary-key order, a page at a time; the resumption token carries the format,
the date range and the last key, so that a harvest needs no state on the server and any web process
answers the next page."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

from django.db.models import Min
from django.http import HttpRequest, HttpResponse

from shuyuan.catalog.marc import MarcFormat
from shuyuan.catalog.models import Record
from shuyuan.catalog.queries import withdrawn_record_ids

from .records import MARC_SLIM, dublin_core, marcxml

OAI = "http://www.openarchives.org/OAI/2.0/"
PAGE = 200
PREFIX = "oai:shuyuan:"
FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", "http://www.openarchives.org/OAI/2.0/oai_dc/"),
    "marcxml": ("http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd", MARC_SLIM),
}
ARGUMENTS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}


class OaiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def endpoint(request: HttpRequest) -> HttpResponse:
    params = request.GET if request.method == "GET" else request.POST
    verb = params.get("verb", "")
    shown = {k: params.get(k, "")[:200] for k in params if k != "verb"}
    try:
        body = _answer(request, verb, params)
        attributes = "".join(f" {k}={quoteattr(v)}" for k, v in sorted(shown.items()))
        request_line = f"<request verb={quoteattr(verb)}{attributes}>{escape(_base(request))}</request>"
    except OaiError as error:
        body = f"<error code={quoteattr(error.code)}>{escape(error.message)}</error>"
        request_line = f"<request>{escape(_base(request))}</request>"
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="{OAI}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">'
        f"<responseDate>{_stamp(datetime.now(UTC))}</responseDate>{request_line}{body}</OAI-PMH>\n"
    )
    return HttpResponse(xml.encode(), content_type="text/xml; charset=utf-8")


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri(request.path)


def _answer(request: HttpRequest, verb: str, params: object) -> str:
    if verb not in ARGUMENTS:
        raise OaiError("badVerb", "Illegal or missing verb.")
    given = {k for k in params if k != "verb"}  # type: ignore[attr-defined]
    if any(len(params.getlist(k)) > 1 for k in given):  # type: ignore[attr-defined]
        raise OaiError("badArgument", "An argument is repeated.")
    required, optional = ARGUMENTS[verb]
    if "resumptionToken" in given and given != {"resumptionToken"}:
        raise OaiError("badArgument", "resumptionToken is an exclusive argument.")
    if not given <= required | optional or ("resumptionToken" not in given and not required <= given):
        raise OaiError("badArgument", "Missing or illegal arguments.")
    args = {k: params.get(k, "") for k in given}  # type: ignore[attr-defined]
    if verb == "Identify":
        return _identify(request)
    if verb == "ListMetadataFormats":
        if "identifier" in args:
            _record(args["identifier"])
        return (
            "<ListMetadataFormats>"
            + "".join(
                f"<metadataFormat><metadataPrefix>{p}</metadataPrefix><schema>{s}</schema>"
                f"<metadataNamespace>{n}</metadataNamespace></metadataFormat>"
                for p, (s, n) in FORMATS.items()
            )
            + "</ListMetadataFormats>"
        )
    if verb == "ListSets":
        raise OaiError("noSetHierarchy", "This repository does not support sets.")
    if verb == "GetRecord":
        prefix = _prefix(args["metadataPrefix"])
        found = _record(args["identifier"])
        return f"<GetRecord>{_record_xml(found, prefix, deleted=bool(withdrawn_record_ids([found.pk])))}</GetRecord>"
    return _list(verb, args)


def _identify(request: HttpRequest) -> str:
    earliest = Record.objects.aggregate(first=Min("updated_at"))["first"] or datetime(2000, 1, 1, tzinfo=UTC)
    return (
        "<Identify><repositoryName>书苑 Shuyuan</repositoryName>"
        f"<baseURL>{escape(_base(request))}</baseURL><protocolVersion>2.0</protocolVersion>"
        "<adminEmail>library@example.org</adminEmail>"
        f"<earliestDatestamp>{_stamp(earliest)}</earliestDatestamp><deletedRecord>transient</deletedRecord>"
        "<granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify>"
    )


def _prefix(prefix: str) -> str:
    if prefix not in FORMATS:
        raise OaiError("cannotDisseminateFormat", "This metadata format is not offered.")
    return prefix


def _record(identifier: str) -> Record:
    number = identifier.removeprefix(PREFIX)
    record = (
        Record.objects.filter(pk=int(number)).first() if identifier.startswith(PREFIX) and number.isdigit() else None
    )
    if record is None:
        raise OaiError("idDoesNotExist", "No record has this identifier.")
    return record


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _header(record: Record, *, deleted: bool = False) -> str:
    """A record whose every copy is withdrawn (剔旧) is kept here but gone from the public catalogue:
    harvesters see it deleted (``deletedRecord`` transient: it may come back with a new copy)."""
    stamp = _stamp(record.updated_at)
    status = ' status="deleted"' if deleted else ""
    return f"<header{status}><identifier>{PREFIX}{record.pk}</identifier><datestamp>{stamp}</datestamp></header>"


def _record_xml(record: Record, prefix: str, *, deleted: bool = False) -> str:
    if deleted:
        return f"<record>{_header(record, deleted=True)}</record>"
    metadata = dublin_core(record) if prefix == "oai_dc" else marcxml(record, MarcFormat.MARC21)
    return f"<record>{_header(record)}<metadata>{metadata}</metadata></record>"


def _moment(text: str, *, end: bool) -> datetime | None:
    if not text:
        return None
    for pattern, length in (("%Y-%m-%dT%H:%M:%SZ", 20), ("%Y-%m-%d", 10)):
        if len(text) == length:
            try:
                moment = datetime.strptime(text, pattern).replace(tzinfo=UTC)
            except ValueError:
                break
            if length == 10 and end:
                moment = moment.replace(hour=23, minute=59, second=59)
            return moment
    raise OaiError("badArgument", "from and until are dates (YYYY-MM-DD) or times (YYYY-MM-DDThh:mm:ssZ).")


def _token(prefix: str, since: str, until: str, after: int) -> str:
    return base64.urlsafe_b64encode(f"{prefix}|{since}|{until}|{after}".encode()).decode()


def _untoken(token: str) -> tuple[str, str, str, int]:
    try:
        prefix, since, until, after = base64.urlsafe_b64decode(token.encode()).decode().split("|")
        return prefix, since, until, int(after)
    except (ValueError, UnicodeDecodeError):
        raise OaiError("badResumptionToken", "The resumption token is invalid.") from None


def _list(verb: str, args: dict[str, str]) -> str:
    if "resumptionToken" in args:
        prefix, since, until, after = _untoken(args["resumptionToken"])
        if prefix not in FORMATS:
            raise OaiError("badResumptionToken", "The resumption token is invalid.")
    else:
        prefix, since, until, after = _prefix(args["metadataPrefix"]), args.get("from", ""), args.get("until", ""), 0
        if args.get("set"):
            raise OaiError("noSetHierarchy", "This repository does not support sets.")
    start, end = _moment(since, end=False), _moment(until, end=True)
    if since and until and len(since) != len(until):
        raise OaiError("badArgument", "from and until have different granularities.")
    records = Record.objects.filter(pk__gt=after).order_by("pk")
    if start is not None:
        records = records.filter(updated_at__gte=start)
    if end is not None:
        records = records.filter(updated_at__lte=end.replace(microsecond=999999))
    if verb == "ListIdentifiers":
        records = records.only("pk", "updated_at")
    page = list(records[: PAGE + 1])
    if not page:
        if after:
            return f"<{verb}><resumptionToken/></{verb}>"
        raise OaiError("noRecordsMatch", "No records match.")
    more = len(page) > PAGE
    page = page[:PAGE]
    gone = withdrawn_record_ids(r.pk for r in page)
    items = (
        "".join(_header(r, deleted=r.pk in gone) for r in page)
        if verb == "ListIdentifiers"
        else "".join(_record_xml(r, prefix, deleted=r.pk in gone) for r in page)
    )
    token = _token(prefix, since, until, page[-1].pk) if more else ""
    return f"<{verb}>{items}<resumptionToken>{token}</resumptionToken></{verb}>"
