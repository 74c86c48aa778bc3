"""Figures entered by hand: last years' figures of any measure (from before the system), and the
return's figures the system cannot know."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from shuyuan.branches.models import Branch
from shuyuan.stats.models import ManualFigure

if TYPE_CHECKING:
    from shuyuan.stats.figures import Period


@dataclass(frozen=True)
class ManualName:
    name: str
    label: Any
    unit: str


MANUAL_FIGURES: dict[str, ManualName] = {
    m.name: m
    for m in (
        ManualName("population", _("resident population served"), "人"),
        ManualName("staff", _("staff at the end of the year"), "人"),
        ManualName("staff_senior", _("staff with senior professional titles"), "人"),
        ManualName("staff_intermediate", _("staff with intermediate professional titles"), "人"),
        ManualName("collection_total", _("collection at the end of the year"), "册"),
        ManualName("collection_books", _("collection: books (braille included)"), "册"),
        ManualName("collection_ancient", _("collection: ancient books (rare books included)"), "册"),
        ManualName("collection_periodicals", _("collection: newspapers and periodicals"), "册"),
        ManualName("collection_audiovisual", _("collection: audiovisual documents"), "件"),
        ManualName("collection_microforms", _("collection: microforms"), "件"),
        ManualName("collection_other", _("collection: other documents"), "件"),
        ManualName("open_shelf", _("open-shelf books and periodicals"), "册"),
        ManualName("ebooks", _("e-books"), "种"),
        ManualName("new_ebooks", _("new e-books this year"), "种"),
        ManualName("area", _("building area"), "m²"),
        ManualName("stack_area", _("building area: stacks"), "m²"),
        ManualName("seats", _("reader seats"), "个"),
        ManualName("computers", _("computers"), "台"),
        ManualName("e_terminals", _("e-reading terminals"), "台"),
        ManualName("shelf_length", _("total shelf length"), "米"),
        ManualName("income", _("total income"), "千元"),
        ManualName("public_funding", _("income: public funding"), "千元"),
        ManualName("spending", _("total spending"), "千元"),
        ManualName("acquisition_spending", _("spending on new acquisitions"), "千元"),
    )
}


def known_names() -> dict[str, Any]:
    """Every name a hand-entered figure may have: the return's figures, then the measures."""
    from shuyuan.stats.figures import MEASURES

    return {**{n: m.label for n, m in MANUAL_FIGURES.items()}, **{n: m.label for n, m in MEASURES.items()}}


def manual(name: str, period_or_year: Period | int, *, branch: Branch | None = None) -> ManualFigure | None:
    """The figure entered for exactly this period (a year: 1 January to 31 December) and branch
    (None: the whole library), with its source; None when nobody entered one."""
    if isinstance(period_or_year, int):
        first, last = date(period_or_year, 1, 1), date(period_or_year, 12, 31)
    else:
        first, last = period_or_year.first, period_or_year.last
    return ManualFigure.objects.filter(name=name, first=first, last=last, branch=branch).first()
