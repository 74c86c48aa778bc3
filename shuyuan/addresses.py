"""The client address of a web request, for limits that count per address (the online form, staff
logins): the socket's, or the one our reverse proxy appended to a forwarding header."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any


def client_address(meta: Mapping[str, Any], header: str = "") -> str:
    """The client's address from a request's META: the socket's, or, behind a reverse proxy that
    sets ``header`` (``X-Forwarded-For``), the last address in it, the one our proxy appended (the
    ones before it come from the client and can be forged). An IPv6 client counts by its /64
    network, which one household or phone holds whole."""
    raw = str(meta.get("REMOTE_ADDR", ""))
    if header:
        forwarded = [part.strip() for part in str(meta.get(_meta_name(header), "")).split(",") if part.strip()]
        raw = forwarded[-1] if forwarded else raw
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw[:100]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _meta_name(header: str) -> str:
    return "HTTP_" + header.strip().upper().replace("-", "_")
