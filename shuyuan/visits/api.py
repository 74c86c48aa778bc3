"""The devices' API of the visits app, mounted at /api/visits/.

People counters post one gate's count per interval (idempotent: the same post again changes
nothing); the e-reading room's PC client posts sessions. A device acts only in its own branch."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from shuyuan.branches.models import ServicePoint
from shuyuan.devices import queries as device_queries
from shuyuan.devices.authentication import DeviceKey
from shuyuan.devices.models import Device
from shuyuan.patrons import queries as patron_queries
from shuyuan.patrons.errors import PatronRefused
from shuyuan.visits import services
from shuyuan.visits.errors import Reason, VisitsRefused
from shuyuan.visits.grouping import counter_posts
from shuyuan.visits.models import Computer, ComputerSession

router = Router(tags=["visits"])
# The counters' busy path authenticates from the process's copy of the device; post_counter checks
# the copy against the device's row in the transaction that stores the count.
COUNTER = DeviceKey(Device.Kind.PEOPLE_COUNTER, kept=True)
PC_CLIENT = DeviceKey(Device.Kind.E_READING_CLIENT)


class Refusal(Schema):
    detail: str
    reason: str


class CounterCount(Schema):
    gate: str = Field(min_length=1, max_length=60, description="the gate's name as the counter knows it")
    start: datetime = Field(description="start of the interval (ISO 8601, with its offset)")
    end: datetime = Field(description="end of the interval")
    count: int = Field(description="people who came in through the gate in the interval")
    service_point: str | None = Field(None, description="a service point code; the device's own by default")


class CountAnswer(Schema):
    id: int
    created: bool
    revision: int
    day: str
    count: int


def _refusal(exc: VisitsRefused) -> Status[dict[str, str]]:
    return Status(422, {"detail": exc.message, "reason": exc.reason.value})


def _point(device: Device, code: str | None) -> ServicePoint:
    if not code:
        if device.service_point is None:
            raise HttpError(422, _("This device has no service point; name one."))
        return device.service_point
    point = ServicePoint.objects.filter(code=code).select_related("branch").first()
    if point is None or point.branch_id != device.branch_id:
        # Another branch's point, or none at all: the same answer, so a device learns nothing.
        raise HttpError(403, _("This device belongs to another branch."))
    return point


@router.post(
    "/counts",
    auth=COUNTER,
    response={200: CountAnswer, 201: CountAnswer, 401: Refusal, 422: Refusal},
    summary="A people counter's count for one gate and interval (idempotent)",
)
def post_count(request: HttpRequest, payload: CounterCount) -> Status[Any]:
    device: Device = request.auth  # type: ignore[attr-defined]
    point = _point(device, payload.service_point)
    if payload.start.tzinfo is None or payload.end.tzinfo is None:
        zone = timezone.get_current_timezone()
        payload.start, payload.end = payload.start.replace(tzinfo=zone), payload.end.replace(tzinfo=zone)
    try:
        # Answered only once the commit holding this count is on disk (grouping.py).
        posted = counter_posts.call(
            services.post_counter,
            device,
            service_point=point,
            gate=payload.gate.strip(),
            start=payload.start,
            end=payload.end,
            count=payload.count,
            at=timezone.now(),
        )
    except VisitsRefused as exc:
        if exc.reason == Reason.DEVICE_CHANGED:
            device_queries.forget(device)
            return Status(401, {"detail": exc.message, "reason": exc.reason.value})
        return _refusal(exc)
    row = posted.count
    answer = {
        "id": row.pk,
        "created": posted.created,
        "revision": row.revision,
        "day": row.day.isoformat(),
        "count": row.count,
    }
    return Status(201 if posted.created else 200, answer)


class SessionStart(Schema):
    computer: str = Field(min_length=1, max_length=60, description="the PC's name in the room")
    card: str = Field(min_length=1, max_length=40, description="the reader's card or ID number as scanned")
    client_ref: str = Field("", max_length=60, description="the client's own id of the session; makes resending safe")


class SessionRecord(SessionStart):
    started_at: datetime
    ended_at: datetime


class SessionAnswer(Schema):
    id: int
    computer: str
    started_at: datetime
    ended_at: datetime | None
    must_end_at: datetime | None
    end_reason: str
    is_minor: bool


def _computer(device: Device, name: str) -> Computer:
    computer = (
        Computer.objects.filter(service_point=device.service_point, name=name).select_related("service_point").first()
    )
    if computer is None:
        raise HttpError(404, _("No such computer in this room: %(name)s") % {"name": name})
    return computer


def _session_answer(session: ComputerSession) -> dict[str, Any]:
    return {
        "id": session.pk,
        "computer": session.computer.name,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "must_end_at": session.must_end_at,
        "end_reason": session.end_reason,
        "is_minor": session.is_minor,
    }


@router.post(
    "/sessions/start",
    auth=PC_CLIENT,
    response={201: SessionAnswer, 404: Refusal, 422: Refusal},
    summary="A reader sits down at a PC of the e-reading room",
)
def start_session(request: HttpRequest, payload: SessionStart) -> Status[Any]:
    device: Device = request.auth  # type: ignore[attr-defined]
    computer = _computer(device, payload.computer)
    try:
        patron = patron_queries.resolve(payload.card)
        session = services.start_session(computer, patron, at=timezone.now(), by=device, client_ref=payload.client_ref)
    except PatronRefused as refused:
        return Status(422, {"detail": refused.message, "reason": refused.reason.value})
    except VisitsRefused as exc:
        return _refusal(exc)
    return Status(201, _session_answer(session))


@router.post(
    "/sessions/{session_id}/end",
    auth=PC_CLIENT,
    response={200: SessionAnswer, 404: Refusal, 422: Refusal},
    summary="The reader logs out (resending is harmless)",
)
def end_session(request: HttpRequest, session_id: int) -> Status[Any]:
    device: Device = request.auth  # type: ignore[attr-defined]
    session = ComputerSession.objects.filter(pk=session_id, service_point=device.service_point).first()
    if session is None:
        raise HttpError(404, _("No such session in this room."))
    try:
        session = services.end_session(session, at=timezone.now(), by=device)
    except VisitsRefused as exc:
        return _refusal(exc)
    return Status(200, _session_answer(session))


@router.post(
    "/sessions",
    auth=PC_CLIENT,
    response={201: SessionAnswer, 404: Refusal, 422: Refusal},
    summary="A whole session after the fact (a client that was offline)",
)
def record_session(request: HttpRequest, payload: SessionRecord) -> Status[Any]:
    device: Device = request.auth  # type: ignore[attr-defined]
    computer = _computer(device, payload.computer)
    try:
        patron = patron_queries.resolve(payload.card)
        session = services.record_session(
            computer,
            patron,
            started_at=payload.started_at,
            ended_at=payload.ended_at,
            at=timezone.now(),
            by=device,
            client_ref=payload.client_ref,
        )
    except PatronRefused as refused:
        return Status(422, {"detail": refused.message, "reason": refused.reason.value})
    except VisitsRefused as exc:
        return _refusal(exc)
    return Status(201, _session_answer(session))
