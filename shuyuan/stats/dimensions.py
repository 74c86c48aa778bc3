"""The dimensions a figure may be broken down by: each turns a key (always a string) into what a person
reads, and a key from a request into a value the database compares, refusing anything else."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.catalog.clc import TOP_CLASSES
from shuyuan.catalog.models import Collection, ItemType
from shuyuan.circulation.models import Channel
from shuyuan.outreach.models import Kind as ActivityKind
from shuyuan.patrons.models import Patron, PatronCategory
from shuyuan.stats.errors import Reason, StatsRefusal

WEEKDAYS = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))


class ReturnRow:
    """The four activity rows of the national return."""

    ACTIVITY = "activity"
    LECTURE = "lecture"
    EXHIBITION = "exhibition"
    TRAINING = "training"
    LABELS = {
        ACTIVITY: pgettext_lazy("return row", "activities"),
        LECTURE: pgettext_lazy("return row", "lectures"),
        EXHIBITION: pgettext_lazy("return row", "exhibitions"),
        TRAINING: pgettext_lazy("return row", "training"),
    }
    OF_KIND = {
        ActivityKind.LECTURE: LECTURE,
        ActivityKind.EXHIBITION: EXHIBITION,
        ActivityKind.TRAINING_CLASS: TRAINING,
    }

    @classmethod
    def of(cls, kind: str) -> str:
        return cls.OF_KIND.get(kind, cls.ACTIVITY)  # type: ignore[call-overload]


def _names(model: type[Model], field: str = "name") -> Callable[[Iterable[str]], dict[str, str]]:
    def labels(keys: Iterable[str]) -> dict[str, str]:
        ids = [int(k) for k in keys if k.isdigit()]
        return {str(pk): str(name) for pk, name in model._default_manager.filter(pk__in=ids).values_list("pk", field)}

    return labels


def _choices(*choices: Iterable[tuple[str, Any]]) -> Callable[[Iterable[str]], dict[str, str]]:
    def labels(keys: Iterable[str]) -> dict[str, str]:
        known = {value: str(label) for group in choices for value, label in group}
        return {k: known.get(k, k) for k in keys}

    return labels


def _plain(keys: Iterable[str]) -> dict[str, str]:
    return {k: k for k in keys}


def _hours(keys: Iterable[str]) -> dict[str, str]:
    return {k: f"{int(k):02d}时" for k in keys if k.isdigit()}


def _weekdays(keys: Iterable[str]) -> dict[str, str]:
    return {k: str(WEEKDAYS[int(k) - 1]) for k in keys if k.isdigit() and 1 <= int(k) <= 7}


def _months(keys: Iterable[str]) -> dict[str, str]:
    return {k: f"{k[:4]}年{int(k[5:])}月" for k in keys if len(k) == 7}


def _classes(keys: Iterable[str]) -> dict[str, str]:
    return {k: f"{k} {TOP_CLASSES[k]}" if k in TOP_CLASSES else (k or str(_("unclassified"))) for k in keys}


def _return_rows(keys: Iterable[str]) -> dict[str, str]:
    return {k: str(ReturnRow.LABELS.get(k, k)) for k in keys}


def _int_key(key: str) -> int:
    if not key.isdigit() or len(key) > 12:
        raise ValueError(key)
    return int(key)


def _day_key(key: str) -> date:
    return date.fromisoformat(key)


def _month_key(key: str) -> int:
    if len(key) != 7 or key[4] != "-":
        raise ValueError(key)
    year, month = int(key[:4]), int(key[5:])
    if not 1 <= month <= 12:
        raise ValueError(key)
    return year * 100 + month


def _text_key(key: str) -> str:
    if len(key) > 60:
        raise ValueError(key)
    return key


def _range_key(low: int, high: int) -> Callable[[str], int]:
    def parse(key: str) -> int:
        value = _int_key(key)
        if not low <= value <= high:
            raise ValueError(key)
        return value

    return parse


@dataclass(frozen=True)
class Dimension:
    name: str
    label: Any  # lazy text
    labels_of: Callable[[Iterable[str]], dict[str, str]]
    parse_key: Callable[[str], Any]

    def labels(self, keys: Iterable[str]) -> dict[str, str]:
        keys = list(keys)
        known = self.labels_of(keys)
        return {k: known.get(k) or (k if k else str(_("none"))) for k in keys}

    def parse(self, key: str) -> Any:
        """The database value of a key from a request; an empty key stands for "none"."""
        if key == "":
            return None
        try:
            return self.parse_key(key)
        except (ValueError, KeyError, IndexError) as error:
            raise StatsRefusal(Reason.BAD_KEY, value=key[:40], dimension=self.label) from error


def key_of(value: Any, dimension: str) -> str:
    """The string key of a database value."""
    if value is None:
        return ""
    if dimension == "month" and isinstance(value, int):
        return f"{value // 100:04d}-{value % 100:02d}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


DIMENSIONS: dict[str, Dimension] = {
    d.name: d
    for d in (
        Dimension("branch", pgettext_lazy("dimension", "branch"), _names(Branch), _int_key),
        Dimension("service_point", pgettext_lazy("dimension", "service point"), _names(ServicePoint), _int_key),
        Dimension(
            "channel",
            pgettext_lazy("dimension", "channel"),
            _choices(Channel.choices, Patron.Channel.choices),
            _text_key,
        ),
        Dimension("item_type", pgettext_lazy("dimension", "item type"), _names(ItemType), _int_key),
        Dimension("collection", pgettext_lazy("dimension", "collection"), _names(Collection), _int_key),
        Dimension("clc_class", pgettext_lazy("dimension", "CLC class"), _classes, _text_key),
        Dimension(
            "patron_category",
            pgettext_lazy("dimension", "reader category"),
            lambda keys: {**_names(PatronCategory)(keys), **_choices(PatronCategory.Kind.choices)(keys)},
            _text_key,
        ),
        Dimension("age_band", pgettext_lazy("dimension", "age band"), _plain, _text_key),
        Dimension("hour", pgettext_lazy("dimension", "hour"), _hours, _range_key(0, 23)),
        Dimension("day", pgettext_lazy("dimension", "day"), _plain, _day_key),
        Dimension("weekday", pgettext_lazy("dimension", "weekday"), _weekdays, _range_key(1, 7)),
        Dimension("month", pgettext_lazy("dimension", "month"), _months, _month_key),
        Dimension("item_home_branch", pgettext_lazy("dimension", "item's home branch"), _names(Branch), _int_key),
        Dimension(
            "activity_kind", pgettext_lazy("dimension", "kind of activity"), _choices(ActivityKind.choices), _text_key
        ),
        Dimension("return_row", pgettext_lazy("dimension", "row of the national return"), _return_rows, _text_key),
        Dimension("source", pgettext_lazy("dimension", "source"), _plain, _text_key),
    )
}
