"""The Excel workbook of the tables behind the report: exact numbers (not number forms), one sheet per
table, text cells neutralised against formulas (``shuyuan.spreadsheets.safe_row``)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from shuyuan.spreadsheets import safe_row
from shuyuan.workreport import sentences
from shuyuan.workreport.content import Content, period_text


def render(content: Content) -> bytes:
    book = Workbook(write_only=True)

    def sheet(title: str, header: list[str], rows: Sequence[Sequence[Any]]) -> None:
        ws = book.create_sheet(title=title[:31])
        ws.append(safe_row(header))
        for row in rows:
            ws.append(safe_row(row))

    sheet(
        _("Summary"),
        [_("figure"), _("unit"), _("this period"), _("same period last year"), _("source"), _("definition")],
        [[_("period"), "", period_text(content.period), period_text(content.before), "", ""]]
        + [[c.label, c.unit, c.value, c.before, c.before_source or "", c.definition] for c in content.compared]
        + [
            [_("loans and returns, print and electronic"), _("volumes"), content.loans_and_returns, None, "", ""],
            [_("periodical titles subscribed"), _("titles"), content.periodical_titles, None, "", ""],
            [_("local documents, kinds"), _("kinds"), content.local_kinds, None, "", ""],
            [_("local documents, volumes"), _("volumes"), content.local_volumes, None, "", ""],
        ],
    )
    sheet(
        _("New cards"),
        [_("service point"), _("how"), _("new cards")],
        [[name, channel, count] for name, _key, channel, count in content.new_readers_by_point]
        + [[_("total"), "", content.new_readers]],
    )
    sheet(
        _("Visits per window"),
        [_("window"), _("visits"), _("same period last year")],
        [[w.name, w.visits, w.before] for w in content.windows] + [[_("total"), content.visits, None]],
    )
    sheet(
        _("Loans and returns"),
        [_("month"), _("print loans and returns"), _("same period last year")],
        [[label, value, before] for label, value, before in content.circulation_by_month]
        + [
            [_("print loans"), content.loans, None],
            [_("print returns"), content.returns, None],
            [_("renewals"), content.renewals, None],
            [_("electronic lendings"), content.e_lendings, None],
            [_("loans and returns, print and electronic"), content.loans_and_returns, None],
        ],
    )
    sheet(
        _("New books"),
        [_("vendor"), _("city"), _("titles"), _("volumes")],
        [[v.name, v.city, v.kinds, v.volumes] for v in content.vendors]
        + [[_("total"), "", None, content.volumes_bought]],
    )
    sheet(
        _("Activities"),
        [_("date"), _("last date"), _("activity"), _("kind"), _("place"), _("sessions"), _("attendance"),
         _("volunteers"), _("figures"), _("narrative")],
        [
            [a.day, a.last_day, a.title, a.kind, a.place, a.sessions, a.attendance, a.volunteers,
             "；".join(f"{label}{number}{unit}" for label, number, unit in a.figures), a.narrative]
            for a in content.activities
        ],
    )  # fmt: skip
    sheet(
        _("Branch openings"),
        [_("branch"), _("partner"), _("opens on"), _("area (m²)"), _("desks"), _("benches"), _("shelves"),
         _("donated books"), _("books moved"), _("visits on the first day"), _("loans on the first day")],
        [[o.branch, o.partner, o.opens_on, o.area_m2, o.desks, o.benches, o.shelves, o.donated, o.moved, o.visits,
          o.loans] for o in content.openings],
    )  # fmt: skip
    sheet(
        _("Training"),
        [_("first day"), _("last day"), _("training"), _("organiser"), _("place"), _("staff"), _("hours")],
        [[t.first_day, t.last_day, t.title, t.organiser, t.place, t.staff, float(t.hours)] for t in content.trainings],
    )
    sheet(
        _("Local documents"),
        [_("kinds"), _("volumes"), _("sentence")],
        [[content.local_kinds, content.local_volumes, sentences.local_documents(content)]],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
