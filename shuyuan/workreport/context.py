"""The values a report template sees: the figures in Chinese number forms, the sentences, the tables'
rows, the narratives split into paragraphs, the charts. ``VARIABLES`` documents them for whoever
edits the template in Word or WPS (the staff page lists it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuyuan.stats.figures import Period
from shuyuan.workreport import charts, numbers, sentences
from shuyuan.workreport.content import Compared, Content
from shuyuan.workreport.models import Section

VARIABLES = (
    ("title", gettext_lazy("the report's title")),
    ("library", gettext_lazy("the library's name")),
    ("period_text", gettext_lazy("the period, such as 2016年1月1日至6月30日")),
    ("narratives.preface … narratives.closing", gettext_lazy("the narrative sections, each a list of paragraphs")),
    ("s.new_cards, s.windows, s.circulation, s.acquisitions, s.local_documents", gettext_lazy("the sentences")),
    ("n.loans_and_returns, n.visits_wan …", gettext_lazy("single figures in Chinese number forms")),
    ("windows", gettext_lazy("rows: name, visits, before, change")),
    ("activities", gettext_lazy("rows: number, date_text, title, text")),
    ("openings, trainings", gettext_lazy("paragraphs")),
    ("compared", gettext_lazy("rows: label, value, before, change, source")),
    ("charts.visits, charts.circulation", gettext_lazy("charts (in a paragraph of their own)")),
)


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _before(value: int | None) -> str:
    return "—" if value is None else numbers.grouped(value)


def compared_row(figure: Compared) -> dict[str, str]:
    return {
        "label": figure.label,
        "unit": figure.unit,
        "value": numbers.grouped(figure.value),
        "before": _before(figure.before),
        "change": figure.change,
        "source": figure.before_source or (_("the system's records") if figure.before is not None else ""),
        "definition": figure.definition,
    }


def chart_images(content: Content) -> dict[str, bytes]:
    """The report's charts as PNG images."""
    this, last = _("this period"), _("same period last year")
    return {
        "visits": charts.bars(
            _("Visits per window"),
            [w.name for w in content.windows],
            [(this, [w.visits for w in content.windows]), (last, [w.before for w in content.windows])],
            unit=_("visits"),
        ),
        "circulation": charts.bars(
            _("Print loans and returns per month"),
            [label for label, _value, _before in content.circulation_by_month],
            [
                (this, [value for _label, value, _before in content.circulation_by_month]),
                (last, [before for _label, _value, before in content.circulation_by_month]),
            ],
            unit=_("loans and returns"),
        ),
    }


def values(content: Content) -> dict[str, Any]:
    """The template's context, charts excepted (each renderer makes its own image objects)."""
    narratives = {section: paragraphs(content.narratives.get(section, "")) for section in Section.values}
    return {
        "title": content.title,
        "library": content.library,
        "branch": content.branch,
        "period_text": period_text(content.period),
        "first": content.period.first.isoformat(),
        "last": content.period.last.isoformat(),
        "empty": content.empty,
        "empty_text": sentences.empty(content) if content.empty else "",
        "narratives": narratives,
        "s": {
            "new_cards": sentences.new_cards(content),
            "windows": sentences.windows(content),
            "circulation": sentences.circulation(content),
            "acquisitions": sentences.acquisitions(content),
            "local_documents": sentences.local_documents(content),
        },
        "n": {
            "new_readers": numbers.grouped(content.new_readers),
            "visits": numbers.grouped(content.visits),
            "visits_wan": numbers.wan(content.visits),
            "loans": numbers.grouped(content.loans),
            "returns": numbers.grouped(content.returns),
            "renewals": numbers.grouped(content.renewals),
            "e_lendings": numbers.grouped(content.e_lendings),
            "loans_and_returns": numbers.grouped(content.loans_and_returns),
            "volumes_bought": numbers.grouped(content.volumes_bought),
            "periodical_titles": numbers.grouped(content.periodical_titles),
            "local_kinds": str(content.local_kinds),
            "local_volumes": str(content.local_volumes),
        },
        "new_cards": [
            {"name": name, "channel": channel, "count": numbers.grouped(count)}
            for name, _key, channel, count in content.new_readers_by_point
        ],
        "windows": [
            {
                "name": w.name,
                "visits": numbers.grouped(w.visits),
                "visits_wan": numbers.wan(w.visits),
                "before": _before(w.before),
                "change": numbers.change(w.visits, w.before),
            }
            for w in content.windows
        ],
        "vendors": [
            {"name": v.name, "city": v.city, "kinds": v.kinds, "volumes": numbers.grouped(v.volumes)}
            for v in content.vendors
        ],
        "activities": [
            {"number": n, "date_text": a.date_text, "title": a.title, "text": sentences.activity(a)}
            for n, a in enumerate(content.activities, start=1)
        ],
        "openings": [sentences.opening(o) for o in content.openings],
        "trainings": [sentences.training(t) for t in content.trainings],
        "compared": [compared_row(c) for c in content.compared],
        "before_text": period_text(content.before),
    }


def period_text(period: Period) -> str:
    from shuyuan.workreport.content import period_text as text

    return text(period)


def sample() -> dict[str, Any]:
    """A context of the right shape, without the database, to try a template before using it."""
    day = date(2000, 1, 1)
    content = Content(
        period=Period(day, day),
        before=Period(day, day),
        library="",
        branch="",
        title="",
        new_readers=0,
        new_readers_by_point=[],
        windows=[],
        loans=0,
        returns=0,
        renewals=0,
        e_lendings=0,
        loans_and_returns=0,
        circulation_by_month=[],
        volumes_bought=0,
        vendors=[],
        periodical_titles=0,
        local_kinds=0,
        local_volumes=0,
        activities=[],
        trainings=[],
        openings=[],
        compared=[
            Compared(name, "", "", 0, None, "", "")
            for name in ("new_readers", "visits", "loans_and_returns", "volumes_bought")
        ],
    )
    return values(content)
