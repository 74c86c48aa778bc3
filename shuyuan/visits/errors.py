"""Why a visits service refuses; each reason has the Chinese sentence staff or a device see."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyuan.refusals import Refused


class Reason(models.TextChoices):
    NEGATIVE_COUNT = "negative_count", _("A visit count cannot be negative.")
    COUNT_TOO_LARGE = "count_too_large", _("A count of %(count)s visits is not plausible; check the figure.")
    FUTURE = "future", _("The day or time %(when)s is in the future.")
    INTERVAL_REVERSED = "interval_reversed", _("The interval ends before it starts.")
    INTERVAL_TOO_LONG = "interval_too_long", _("An interval of a people counter lasts at most one day.")
    OVERLAPPING = (
        "overlapping",
        _("Gate %(gate)s: the interval from %(start)s overlaps another one of the same gate."),
    )
    DEVICE_CHANGED = (
        "device_changed",
        _("This device has been disabled or given a new key since it was last seen; send the count again."),
    )
    FOREIGN_POINT = "foreign_point", _("This service point belongs to another branch.")
    NO_SERVICE_POINT = "no_service_point", _("No such service point: %(code)s.")
    ALREADY_CORRECTED = "already_corrected", _("This count has already been corrected; correct the latest one.")
    BAD_FILE = "bad_file", _("Line %(line)s: %(problem)s")
    EMPTY_FILE = "empty_file", _("The file holds no counts.")
    MISSING_COLUMN = "missing_column", _("The file has no column %(column)s.")
    NOT_E_READING_ROOM = "not_e_reading_room", _("This is not an e-reading room.")
    COMPUTER_DISABLED = "computer_disabled", _("This computer is out of service.")
    COMPUTER_BUSY = "computer_busy", _("This computer is in use.")
    READER_BUSY = "reader_busy", _("This reader is already at computer %(computer)s.")
    READER_NOT_ACTIVE = "reader_not_active", _("This reader's card cannot be used.")
    ROOM_CLOSED = "room_closed", _("The room is closed now.")
    SESSION_REVERSED = "session_reversed", _("The session ends before it starts.")
    SESSION_CLOSED = "session_closed", _("This session has already ended.")
    MINOR_TIME_USED = (
        "minor_time_used",
        _("Readers under 18 may use the computers %(minutes)s minutes a day; this reader has no time left today."),
    )
    MINOR_TIME_EXCEEDED = (
        "minor_time_exceeded",
        _("Readers under 18 may use the computers %(minutes)s minutes a day; this session would go beyond it."),
    )
    UNKNOWN_METRIC = (
        "unknown_metric",
        _("Column %(column)s is neither a COUNTER 5 metric nor in the platform's mapping."),
    )
    PERIOD_IMPORTED = (
        "period_imported",
        _("Usage of this platform for %(months)s was imported before; choose to replace it."),
    )


class VisitsRefused(Refused):
    """A visits service said no."""
