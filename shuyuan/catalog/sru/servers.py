"""The SRU servers a library copies records from, as configured in settings:

    SHUYUAN = {..., "SRU_SERVERS": [
        {"code": "nlc", "name": "国家图书馆", "url": "http://example.org/sru",
         "record_schema": "marcxml", "marc_format": "cnmarc",
         "indexes": {"isbn": "bath.isbn", "title": "dc.title", "author": "dc.creator"}},
    ]}

``record_schema`` is what the server calls MARCXML (``marcxml``, ``unimarcxml``, ...);
``marc_format`` (``marc21`` / ``cnmarc``) is guessed from each record's tags when left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

DEFAULT_INDEXES = {"isbn": "bath.isbn", "title": "dc.title", "author": "dc.creator"}


@dataclass(frozen=True)
class SruServer:
    code: str
    name: str
    url: str
    version: str = "1.2"
    record_schema: str = "marcxml"
    marc_format: str = ""
    indexes: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_INDEXES))
    timeout: float = 15.0
    page_size: int = 10

    @classmethod
    def from_setting(cls, values: Mapping[str, Any]) -> SruServer:
        known = {name for name in cls.__dataclass_fields__}
        options = {name: value for name, value in values.items() if name in known}
        options["indexes"] = {**DEFAULT_INDEXES, **dict(values.get("indexes", {}))}
        return cls(**options)


def configured_servers() -> list[SruServer]:
    return [SruServer.from_setting(values) for values in getattr(settings, "SHUYUAN", {}).get("SRU_SERVERS", [])]


def server_by_code(code: str) -> SruServer | None:
    return next((server for server in configured_servers() if server.code == code), None)
