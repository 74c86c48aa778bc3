"""A small SRU 1.2 server (WSGI) answering searchRetrieve with MARCXML from a fixed set of records.

The copy-cataloguing tests start it on 127.0.0.1 and search it through the real client over HTTP;
until the OPAC answers SRU for our own catalogue, it is also a way to offer a MARC file to another
library (``python -m shuyuan.catalog.sru.server FILE [PORT]``). It understands the CQL that copy
cataloguing sends: ``index = "term"`` (also ``any``/``all``/``exact``) joined by ``and``, ``or``,
``not`` and brackets, on ISBN, title, author, subject and any field, and reports anything else as
an SRU diagnostic.
"""

from __future__ import annotations

import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from xml.sax.saxutils import escape

from pymarc import Record

from shuyuan.catalog.marc import Bib, MarcFormat, read_marc, record_to_xml, to_bib
from shuyuan.catalog.marc.numbers import isbn_key
from shuyuan.catalog.search.text import compact

from .cql import Boolean, Clause, CqlError, Node, parse

SRW = "http://www.loc.gov/zing/srw/"
DIAGNOSTICS = "info:srw/diagnostic/1/"
SCHEMAS = {"marcxml", "marc21", "unimarcxml", "info:srw/schema/1/marcxml-v1.1", "info:srw/schema/8/unimarcxml-v0.1"}


@dataclass(frozen=True)
class Entry:
    identifier: str
    record: Record
    bib: Bib

    def matches(self, index: str, term: str) -> bool:
        wanted = compact(term)
        if index in ("bath.isbn", "isbn", "dc.identifier", "rec.identifier"):
            return bool(wanted) and isbn_key(term) in {isbn_key(i) for i in self.bib.isbns}
        if index in ("dc.title", "title", "bath.title"):
            texts = [self.bib.title, *self.bib.other_titles]
        elif index in ("dc.creator", "dc.author", "author", "bath.author", "bath.name"):
            texts = [self.bib.responsibility, *self.bib.authors]
        elif index in ("dc.subject", "subject", "bath.subject"):
            texts = list(self.bib.subjects)
        elif index in ("cql.serverchoice", "cql.anywhere", "cql.keywords", "anywhere", "keyword"):
            texts = [self.bib.title, *self.bib.other_titles, self.bib.responsibility, *self.bib.authors,
                     self.bib.publisher, *self.bib.subjects, *self.bib.isbns]  # fmt: skip
        else:
            raise UnsupportedIndex(index)
        return bool(wanted) and any(wanted in compact(text) for text in texts)


class UnsupportedIndex(Exception):
    pass


def entries_from(records: Iterable[tuple[Record, MarcFormat]]) -> list[Entry]:
    found = []
    for number, (record, marc_format) in enumerate(records, 1):
        control = record.get("001")
        identifier = control.data if control is not None and control.data else str(number)
        found.append(Entry(identifier, record, to_bib(record, marc_format)))
    return found


def entries_from_file(path: str) -> list[Entry]:
    with open(path, "rb") as stream:
        read = [(r.record, r.marc_format) for r in read_marc(stream) if r.record is not None and r.marc_format]
    return entries_from(read)


def _evaluate(node: Node, entry: Entry) -> bool:
    if isinstance(node, Clause):
        if node.relation in ("any", "all"):
            words = node.term.split()
            hits = [entry.matches(node.index, word) for word in words]
            return any(hits) if node.relation == "any" else all(hits)
        return entry.matches(node.index, node.term)
    assert isinstance(node, Boolean)
    left = _evaluate(node.left, entry)
    if node.operator == "and":
        return left and _evaluate(node.right, entry)
    if node.operator == "or":
        return left or _evaluate(node.right, entry)
    return left and not _evaluate(node.right, entry)


class SruApp:
    def __init__(self, entries: list[Entry], *, database_name: str = "Shuyuan") -> None:
        self.entries = entries
        self.database_name = database_name
        self.requests: list[dict[str, str]] = []  # what was asked, for tests and logs

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterator[bytes]:
        params = {k: v[-1] for k, v in urllib.parse.parse_qs(environ.get("QUERY_STRING", "")).items()}
        self.requests.append(params)
        body = self.respond(params)
        start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(body)))])
        return iter([body])

    def respond(self, params: dict[str, str]) -> bytes:
        operation = params.get("operation", "explain")
        if operation == "explain":
            return _document("explainResponse", f"<version>1.2</version><record><recordData>"
                             f"<databaseInfo><title>{escape(self.database_name)}</title></databaseInfo>"
                             "</recordData></record>")  # fmt: skip
        if operation != "searchRetrieve":
            return _diagnostic(4, "Unsupported operation", operation)
        if "query" not in params:
            return _diagnostic(7, "Mandatory parameter not supplied", "query")
        schema = params.get("recordSchema", "marcxml").lower()
        if schema not in SCHEMAS:
            return _diagnostic(66, "Unknown schema for retrieval", schema)
        try:
            start = int(params.get("startRecord", "1"))
            maximum = int(params.get("maximumRecords", "10"))
        except ValueError:
            return _diagnostic(6, "Unsupported parameter value", "startRecord/maximumRecords")
        try:
            query = parse(params["query"])
            hits = [entry for entry in self.entries if _evaluate(query, entry)]
        except CqlError as error:
            return _diagnostic(10, "Query syntax error", str(error))
        except UnsupportedIndex as error:
            return _diagnostic(16, "Unsupported index", str(error))
        return self._records(hits, start, maximum, schema)

    def _records(self, hits: list[Entry], start: int, maximum: int, schema: str) -> bytes:
        page = hits[max(start, 1) - 1 : max(start, 1) - 1 + max(maximum, 0)]
        parts = [f"<version>1.2</version><numberOfRecords>{len(hits)}</numberOfRecords><records>"]
        for position, entry in enumerate(page, max(start, 1)):
            parts.append(
                f"<record><recordSchema>{escape(schema)}</recordSchema><recordPacking>xml</recordPacking>"
                f"<recordData>{record_to_xml(entry.record)}</recordData>"
                f"<recordIdentifier>{escape(entry.identifier)}</recordIdentifier>"
                f"<recordPosition>{position}</recordPosition></record>"
            )
        parts.append("</records>")
        following = max(start, 1) + len(page)
        if page and following <= len(hits):
            parts.append(f"<nextRecordPosition>{following}</nextRecordPosition>")
        return _document("searchRetrieveResponse", "".join(parts))


def _document(root: str, content: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{SRW}">{content}</{root}>\n'.encode()


def _diagnostic(number: int, message: str, details: str) -> bytes:
    return _document(
        "searchRetrieveResponse",
        "<version>1.2</version><numberOfRecords>0</numberOfRecords><diagnostics>"
        f'<diagnostic xmlns="http://www.loc.gov/zing/srw/diagnostic/"><uri>{DIAGNOSTICS}{number}</uri>'
        f"<details>{escape(details)}</details><message>{escape(message)}</message></diagnostic></diagnostics>",
    )


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(app: SruApp, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run the server in a thread for the duration of the block; yields its base URL."""
    server: WSGIServer = make_server(host, port, app, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}/sru"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit("usage: python -m shuyuan.catalog.sru.server FILE [PORT]")
    import django

    django.setup()
    app = SruApp(entries_from_file(argv[0]))
    port = int(argv[1]) if len(argv) > 1 else 2100
    with make_server("127.0.0.1", port, app) as server:
        print(f"SRU: http://127.0.0.1:{port}/sru ({len(app.entries)} records)")
        server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
