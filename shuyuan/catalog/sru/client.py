"""SRU searchRetrieve over HTTP GET, reading the MARCXML records of the response.

Responses of SRU 1.1/1.2 (``http://www.loc.gov/zing/srw/``) and 2.0 are read alike, by local
element names; a record packed as a string (``recordPacking=string``) is unescaped first. The
MARC inside is read by the catalogue's own MARCXML reader, whatever its namespace (MARC21 slim,
dp2's ``unimarcxml``), and its format (MARC21 or CNMARC) told from its tags unless the server's
configuration says.
"""

from __future__ import annotations

import io
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from pymarc import Record

from shuyuan.catalog.marc import Bib, MarcFormat, MarcXmlReader, record_to_xml, to_bib

from .servers import SruServer

USER_AGENT = "Shuyuan/0.1 (SRU copy cataloguing)"
MAX_RESPONSE_BYTES = 20 * 1024 * 1024  # a page of records is kilobytes; anything this big is not one


class SruError(Exception):
    """The server could not be reached, or answered with something that is not an SRU response."""


@dataclass
class RemoteRecord:
    position: int
    identifier: str
    record: Record
    marc_format: MarcFormat
    bib: Bib

    @property
    def marcxml(self) -> str:
        return record_to_xml(self.record)


@dataclass
class SruResult:
    total: int
    records: list[RemoteRecord] = field(default_factory=list)
    diagnostics: list[str] = field(default_factory=list)
    next_position: int | None = None


def request_url(server: SruServer, query: str, *, start: int = 1, maximum: int | None = None) -> str:
    params = {
        "operation": "searchRetrieve",
        "version": server.version,
        "query": query,
        "startRecord": str(max(start, 1)),
        "maximumRecords": str(maximum or server.page_size),
        "recordSchema": server.record_schema,
    }
    if not server.version.startswith("2"):
        params["recordPacking"] = "xml"
    separator = "&" if "?" in server.url else "?"
    return server.url + separator + urllib.parse.urlencode(params)


def search_retrieve(server: SruServer, query: str, *, start: int = 1, maximum: int | None = None) -> SruResult:
    url = request_url(server, query, start=start, maximum=maximum)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/xml, text/xml"})
    try:
        with urllib.request.urlopen(request, timeout=server.timeout) as response:
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise SruError(f"{server.name}: {getattr(error, 'reason', error)}") from error
    if len(body) > MAX_RESPONSE_BYTES:
        raise SruError(f"{server.name}: response larger than {MAX_RESPONSE_BYTES} bytes")
    return read_response(body, server)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((child for child in element if _local(child.tag) == name), None)


def _text(element: ET.Element, name: str) -> str:
    child = _child(element, name)
    return (child.text or "").strip() if child is not None else ""


def read_response(body: bytes, server: SruServer) -> SruResult:
    try:
        root = ET.fromstring(body.lstrip(b"\xef\xbb\xbf"))
    except ET.ParseError as error:
        raise SruError(f"{server.name}: {error}") from error
    if _local(root.tag) != "searchRetrieveResponse":
        raise SruError(f"{server.name}: {_local(root.tag)}")
    total = int(_text(root, "numberOfRecords") or 0)
    result = SruResult(total, diagnostics=_diagnostics(root))
    records = _child(root, "records")
    for number, element in enumerate(records if records is not None else [], 1):
        remote = _read_record(element, number, server)
        if remote is not None:
            result.records.append(remote)
    following = _text(root, "nextRecordPosition")
    result.next_position = int(following) if following.isdigit() else None
    return result


def _diagnostics(root: ET.Element) -> list[str]:
    found = _child(root, "diagnostics")
    if found is None:
        return []
    messages = []
    for diagnostic in found:
        parts = [_text(diagnostic, "message"), _text(diagnostic, "details"), _text(diagnostic, "uri")]
        messages.append(" — ".join(part for part in parts if part))
    return messages


def _read_record(element: ET.Element, number: int, server: SruServer) -> RemoteRecord | None:
    data = _child(element, "recordData")
    if data is None:
        return None
    if _text(element, "recordPacking") == "string" or len(data) == 0:
        xml = (data.text or "").strip().encode("utf-8")
    else:
        xml = ET.tostring(data[0], encoding="utf-8")
    forced = MarcFormat.parse(server.marc_format) if server.marc_format else None
    read = next(iter(MarcXmlReader(io.BytesIO(xml), marc_format=forced)), None)
    if read is None or read.record is None or read.marc_format is None:
        return None
    position = _text(element, "recordPosition")
    return RemoteRecord(
        position=int(position) if position.isdigit() else number,
        identifier=_text(element, "recordIdentifier"),
        record=read.record,
        marc_format=read.marc_format,
        bib=to_bib(read.record, read.marc_format),
    )
