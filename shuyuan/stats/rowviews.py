"""How a row of each counted model reads in the row list: when, where, what, and a detail. Readers
appear by their statistics token only, never by name or document."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from shuyuan.acquisitions.models import Donation, LocalDocument, Receipt
from shuyuan.catalog.models import Item, ItemStatusChange
from shuyuan.circulation.models import CirculationEvent
from shuyuan.outreach.models import Activity, Shift, Training
from shuyuan.patrons.masking import mask_card
from shuyuan.patrons.models import Patron, RegistrationEvent
from shuyuan.serials.models import Subscription
from shuyuan.visits.models import EResourceUsage, VisitCount


def _at(value: Any) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def _token(token: str) -> str:
    return f"{token[:6]}…" if token else ""


def describe(row: Any) -> dict[str, Any]:
    if isinstance(row, CirculationEvent):
        return {
            "when": _at(row.at),
            "where": " · ".join(str(x) for x in (row.branch, row.service_point) if x),
            "what": f"{row.get_kind_display()} {row.item.barcode if row.item else ''}",
            "detail": " · ".join(
                x
                for x in (
                    row.get_channel_display(),
                    str(row.patron_category or ""),
                    row.age_band,
                    _token(row.reader_token),
                )
                if x
            ),
        }
    if isinstance(row, RegistrationEvent):
        where = " · ".join(str(x) for x in (row.branch, row.service_point) if x)
        detail = " · ".join(x for x in (row.get_channel_display(), row.get_category_kind_display(), row.age_band) if x)
        return {"when": _at(row.at), "where": where, "what": row.get_kind_display(), "detail": detail}
    if isinstance(row, VisitCount):
        return {
            "when": row.day.isoformat(),
            "where": str(row.service_point),
            "what": str(row.count),
            "detail": " · ".join(x for x in (row.get_source_display(), row.gate, row.note) if x),
        }
    if isinstance(row, Activity):
        return {
            "when": _at(row.starts_at),
            "where": str(row.branch),
            "what": row.title,
            "detail": row.get_kind_display(),
        }
    if isinstance(row, Shift):
        return {
            "when": _at(row.checked_in_at),
            "where": str(row.service_point or ""),
            "what": row.task,
            "detail": _at(row.checked_out_at),
        }
    if isinstance(row, Training):
        return {"when": row.first_day.isoformat(), "where": row.place, "what": row.title, "detail": f"{row.hours}"}
    if isinstance(row, Item):
        return {
            "when": _at(row.created_at),
            "where": str(row.home_branch),
            "what": row.barcode,
            "detail": row.record.title,
        }
    if isinstance(row, ItemStatusChange):
        return {"when": _at(row.at), "where": "", "what": row.item.barcode, "detail": row.reason}
    if isinstance(row, Receipt):
        return {"when": _at(row.received_at), "where": "", "what": row.line.title, "detail": str(row.quantity)}
    if isinstance(row, Donation):
        return {
            "when": row.received_on.isoformat(),
            "where": "",
            "what": row.number,
            "detail": f"{row.kinds} / {row.volumes}",
        }
    if isinstance(row, LocalDocument):
        return {"when": row.received_on.isoformat(), "where": "", "what": row.title, "detail": str(row.volumes)}
    if isinstance(row, Subscription):
        return {"when": str(row.year), "where": str(row.service_point), "what": row.title, "detail": row.issn}
    if isinstance(row, EResourceUsage):
        return {"when": f"{row.month:%Y-%m}", "where": str(row.platform), "what": row.metric, "detail": str(row.count)}
    if isinstance(row, Patron):
        return {
            "when": _at(row.registered_at),
            "where": str(row.home_branch),
            "what": mask_card(row.card_number),
            "detail": str(row.category),
        }
    return {"when": "", "where": "", "what": str(row), "detail": ""}
