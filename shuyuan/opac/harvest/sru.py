"""SRU 1.2 at ``/sru`` over the real catalogue: explain and searchRetrieve.

CQL is read by the catalogue's own reader (``catalog.sru.cql``, as the test server and copy
cataloguing use it): title, author, ISBN, ISSN, subject and anywhere; ``and``/``or``/``not`` and
brackets; word matching (``=``, ``all``, ``any``, ``adj``) through the catalogue search, exact
matching (``==``, ``exact``) on the whole field. Records go out as MARCXML in MARC21 or
UNIMARC/CNMARC, as the request's ``recordSchema`` asks, or as Dublin Core. Every error is an SRU
diagnostic in a 200 answer, as the standard says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from shuyuan.catalog.marc import MarcFormat
from shuyuan.catalog.models import Record
from shuyuan.catalog.search import Field, SearchQuery, search
from shuyuan.catalog.search.text import compact
from shuyuan.catalog.sru.cql import Boolean, Clause, CqlError, Node, parse

from .records import dublin_core, marcxml

SRW = "http://www.loc.gov/zing/srw/"
DIAG = "http://www.loc.gov/zing/srw/diagnostic/"
MAX_RECORDS = 100
MAX_QUERY = 2000
SET_LIMIT = 5000  # matches of one clause combined with another by and/or/not

INDEXES: dict[str, Field] = {
    **dict.fromkeys(("dc.title", "title", "bath.title", "rec.title"), Field.TITLE),
    **dict.fromkeys(("dc.creator", "dc.author", "author", "bath.author", "bath.name", "creator"), Field.AUTHOR),
    **dict.fromkeys(("bath.isbn", "isbn", "dc.identifier", "rec.identifier"), Field.ISBN),
    **dict.fromkeys(("bath.issn", "issn"), Field.ISSN),
    **dict.fromkeys(("dc.subject", "subject", "bath.subject"), Field.SUBJECT),
    **dict.fromkeys(
        ("cql.serverchoice", "cql.anywhere", "cql.keywords", "cql.any", "anywhere", "keyword", "any"), Field.KEYWORD
    ),
}
WORD_RELATIONS = {"=", "all", "any", "adj"}
EXACT_RELATIONS = {"==", "exact"}


@dataclass(frozen=True)
class Schema:
    name: str
    identifier: str
    render: Callable[[Record], str]


SCHEMAS: dict[str, Schema] = {}
for _names, _schema in (
    (
        ("marcxml", "marc21", "marc21xml", "info:srw/schema/1/marcxml-v1.1"),
        Schema("marcxml", "info:srw/schema/1/marcxml-v1.1", lambda r: marcxml(r, MarcFormat.MARC21)),
    ),
    (
        ("unimarc", "unimarcxml", "cnmarc", "cnmarcxml", "info:srw/schema/8/unimarcxml-v0.1"),
        Schema("unimarcxml", "info:srw/schema/8/unimarcxml-v0.1", lambda r: marcxml(r, MarcFormat.CNMARC)),
    ),
    (
        ("dc", "oai_dc", "info:srw/schema/1/dc-v1.1", "info:srw/schema/1/dc-schema"),
        Schema("dc", "info:srw/schema/1/dc-v1.1", lambda r: dublin_core(r, root="srw_dc:dc")),
    ),
):
    for _name in _names:
        SCHEMAS[_name] = _schema


class Diagnostic(Exception):
    def __init__(self, number: int, message: str, details: str = "") -> None:
        super().__init__(message)
        self.number, self.message, self.details = number, message, details


@require_GET
def endpoint(request: HttpRequest) -> HttpResponse:
    params = {key: request.GET.get(key, "") for key in request.GET}
    operation = params.get("operation") or ("searchRetrieve" if "query" in params else "explain")
    root = "searchRetrieveResponse" if operation == "searchRetrieve" else "explainResponse"
    try:
        if operation == "explain":
            body = explain(request)
        elif operation == "searchRetrieve":
            body = search_retrieve(params)
        else:
            raise Diagnostic(4, "Unsupported operation", operation[:100])
    except Diagnostic as diagnostic:
        body = _diagnostic_body(diagnostic, with_count=root == "searchRetrieveResponse")
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{SRW}">{body}</{root}>\n'
    return HttpResponse(xml.encode(), content_type="text/xml; charset=utf-8")


def _diagnostic_body(diagnostic: Diagnostic, *, with_count: bool) -> str:
    count = "<numberOfRecords>0</numberOfRecords>" if with_count else ""
    return (
        f'<version>1.2</version>{count}<diagnostics><diagnostic xmlns="{DIAG}">'
        f"<uri>info:srw/diagnostic/1/{diagnostic.number}</uri><details>{escape(diagnostic.details)}</details>"
        f"<message>{escape(diagnostic.message)}</message></diagnostic></diagnostics>"
    )


def explain(request: HttpRequest) -> str:
    host = request.get_host()
    name, _sep, port = host.partition(":")
    indexes = "".join(
        f'<index><title>{label}</title><map><name set="{prefix}">{index}</name></map></index>'
        for label, prefix, index in (
            ("title", "dc", "title"), ("author", "dc", "creator"), ("subject", "dc", "subject"),
            ("ISBN", "bath", "isbn"), ("ISSN", "bath", "issn"), ("anywhere", "cql", "serverChoice"),
        )
    )  # fmt: skip
    schemas = "".join(
        f'<schema identifier="{s.identifier}" name="{s.name}"><title>{s.name}</title></schema>'
        for s in {s.name: s for s in SCHEMAS.values()}.values()
    )
    return (
        "<version>1.2</version><record><recordSchema>http://explain.z3950.org/dtd/2.0/</recordSchema>"
        "<recordPacking>xml</recordPacking><recordData>"
        '<explain xmlns="http://explain.z3950.org/dtd/2.0/">'
        f'<serverInfo protocol="SRU" version="1.2"><host>{escape(name)}</host><port>{escape(port or "80")}</port>'
        "<database>sru</database></serverInfo>"
        '<databaseInfo><title lang="zh" primary="true">书苑 Shuyuan</title></databaseInfo>'
        '<indexInfo><set identifier="info:srw/cql-context-set/1/dc-v1.1" name="dc"/>'
        '<set identifier="http://zing.z3950.org/cql/bath/2.0/" name="bath"/>'
        f'<set identifier="info:srw/cql-context-set/1/cql-v1.2" name="cql"/>{indexes}</indexInfo>'
        f"<schemaInfo>{schemas}</schemaInfo>"
        f'<configInfo><default type="numberOfRecords">10</default><setting type="maximumRecords">{MAX_RECORDS}'
        "</setting></configInfo></explain></recordData></record>"
    )


def _number(params: dict[str, str], name: str, default: int) -> int:
    text = params.get(name, "") or str(default)
    if not text.isdigit():
        raise Diagnostic(6, "Unsupported parameter value", name)
    return int(text)


def search_retrieve(params: dict[str, str]) -> str:
    query = params.get("query", "")
    if not query.strip():
        raise Diagnostic(7, "Mandatory parameter not supplied", "query")
    if len(query) > MAX_QUERY:
        raise Diagnostic(10, "Query syntax error", f"query longer than {MAX_QUERY} characters")
    schema = SCHEMAS.get((params.get("recordSchema") or "marcxml").lower())
    if schema is None:
        raise Diagnostic(66, "Unknown schema for retrieval", params.get("recordSchema", "")[:100])
    packing = params.get("recordPacking") or "xml"
    if packing not in ("xml", "string"):
        raise Diagnostic(71, "Unsupported record packing", packing[:50])
    start = _number(params, "startRecord", 1)
    maximum = _number(params, "maximumRecords", 10)
    if start < 1:
        raise Diagnostic(6, "Unsupported parameter value", "startRecord")
    if maximum > MAX_RECORDS:
        raise Diagnostic(60, "Too many records requested", str(MAX_RECORDS))
    try:
        tree = parse(query)
    except CqlError as error:
        raise Diagnostic(10, "Query syntax error", str(error)[:200]) from None
    total, ids = _find(tree, start - 1, maximum)
    if total and start > total:
        raise Diagnostic(61, "First record position out of range", str(start))
    found = Record.objects.in_bulk(ids)
    parts = [f"<version>1.2</version><numberOfRecords>{total}</numberOfRecords><records>"]
    for position, pk in enumerate(ids, start):
        if pk not in found:
            continue
        data = schema.render(found[pk])
        if packing == "string":
            data = escape(data)
        parts.append(
            f"<record><recordSchema>{schema.identifier}</recordSchema><recordPacking>{packing}</recordPacking>"
            f"<recordData>{data}</recordData><recordPosition>{position}</recordPosition></record>"
        )
    parts.append("</records>")
    if ids and start + len(ids) <= total:
        parts.append(f"<nextRecordPosition>{start + len(ids)}</nextRecordPosition>")
    return "".join(parts)


def _find(tree: Node, offset: int, limit: int) -> tuple[int, list[int]]:
    """The total and one page of record ids, newest first where clauses are combined."""
    if isinstance(tree, Clause) and tree.relation in WORD_RELATIONS - {"any"}:
        field, term = _checked(tree)
        result = search(SearchQuery(term, field, offset=offset, limit=limit, with_facets=False, public=True))
        return result.total, result.record_ids
    ids = sorted(_ids(tree), reverse=True)
    return len(ids), ids[offset : offset + limit]


def _checked(clause: Clause) -> tuple[Field, str]:
    field = INDEXES.get(clause.index.lower())
    if field is None:
        raise Diagnostic(16, "Unsupported index", clause.index[:100])
    if clause.relation not in WORD_RELATIONS | EXACT_RELATIONS:
        raise Diagnostic(19, "Unsupported relation", clause.relation[:20])
    if not compact(clause.term):
        raise Diagnostic(27, "Empty term unsupported", clause.term[:100])
    return field, clause.term


def _ids(node: Node) -> set[int]:
    if isinstance(node, Boolean):
        left, right = _ids(node.left), _ids(node.right)
        if node.operator == "and":
            return left & right
        if node.operator == "or":
            return left | right
        return left - right
    field, term = _checked(node)
    if node.relation == "any":
        found: set[int] = set()
        for word in term.split():
            found |= set(search(SearchQuery(word, field, limit=SET_LIMIT, with_facets=False, public=True)).record_ids)
        return found
    ids = search(SearchQuery(term, field, limit=SET_LIMIT, with_facets=False, public=True)).record_ids
    if node.relation in EXACT_RELATIONS:
        return _exactly(ids, field, term)
    return set(ids)


def _exactly(ids: list[int], field: Field, term: str) -> set[int]:
    """The records whose whole title, author, subject heading or number is the term."""
    wanted = compact(term)
    keep = set()
    for record in Record.objects.filter(pk__in=ids).only(
        "title", "other_titles", "authors", "responsibility", "subjects", "isbn", "issn"
    ):
        values = {
            Field.TITLE: [record.title, *record.other_titles.splitlines()],
            Field.AUTHOR: [record.responsibility, *record.authors.splitlines()],
            Field.SUBJECT: record.subjects.splitlines(),
            Field.ISBN: [record.isbn],
            Field.ISSN: [record.issn],
        }.get(field, [record.title, record.responsibility, *record.authors.splitlines(), *record.subjects.splitlines()])
        if any(compact(v) == wanted for v in values):
            keep.add(record.pk)
    return keep
