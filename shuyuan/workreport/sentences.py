"""The report's sentences, written from the figures in the Chinese number forms; the .docx template
and the PDF both show these (the narratives staff write stand beside them)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from shuyuan.workreport import numbers
from shuyuan.workreport.content import ActivityLine, Compared, Content, Opening, TrainingLine


def _join(parts: list[str]) -> str:
    return _("; ").join(parts)


def compared_text(figure: Compared) -> str:
    """', up 12.5% on the same period last year' (or nothing to compare with)."""
    if figure.before is None:
        return ""
    if not figure.change:
        return ""
    return _(", %(change)s on the same period last year (%(before)s)") % {
        "change": figure.change,
        "before": numbers.grouped(figure.before),
    }


def new_cards(content: Content) -> str:
    parts = [
        _("%(place)s (%(channel)s) %(count)s") % {"place": place, "channel": channel, "count": count}
        for place, _key, channel, count in content.new_readers_by_point
    ]
    text = _("In this period %(count)s new reader cards were issued") % {"count": numbers.grouped(content.new_readers)}
    if parts:
        text += _(" (%(parts)s)") % {"parts": _join(parts)}
    return text + compared_text(content.figure("new_readers")) + _(".")


def windows(content: Content) -> str:
    parts = [
        _("%(window)s served %(visits)s visits") % {"window": w.name, "visits": numbers.wan(w.visits)}
        for w in content.windows
    ]
    if not parts:
        return _("No visits were recorded in this period.")
    total = _("together %(visits)s visits") % {"visits": numbers.wan(content.visits)}
    return _("Visits at each window: %(parts)s; %(total)s") % {"parts": _join(parts), "total": total} + (
        compared_text(content.figure("visits")) + _(".")
    )


def circulation(content: Content) -> str:
    return (
        _(
            "Print loans %(loans)s and returns %(returns)s, electronic lendings %(electronic)s: "
            "loans and returns of print and electronic documents came to %(total)s (renewals, %(renewals)s, "
            "counted apart)"
        )
        % {
            "loans": numbers.grouped(content.loans),
            "returns": numbers.grouped(content.returns),
            "electronic": numbers.grouped(content.e_lendings),
            "total": numbers.grouped(content.loans_and_returns),
            "renewals": numbers.grouped(content.renewals),
        }
        + compared_text(content.figure("loans_and_returns"))
        + _(".")
    )


def acquisitions(content: Content) -> str:
    cities = []
    for vendor in content.vendors:
        if vendor.city and vendor.city not in cities:
            cities.append(vendor.city)
    text = _("%(volumes)s new volumes were bought") % {"volumes": numbers.grouped(content.volumes_bought)}
    if cities:
        text = _("From %(cities)s we bought %(volumes)s new volumes") % {
            "cities": _("、").join(cities),
            "volumes": numbers.grouped(content.volumes_bought),
        }
    text += compared_text(content.figure("volumes_bought")) + _(".")
    if content.periodical_titles:
        text += _("Newspapers and periodicals subscribed: %(titles)s titles.") % {"titles": content.periodical_titles}
    return text


def activity(line: ActivityLine) -> str:
    head = _("%(date)s, %(title)s (%(place)s).") % {"date": line.date_text, "title": line.title, "place": line.place}
    facts = []
    if line.sessions > 1:
        facts.append(
            _("%(sessions)s sessions, about %(each)s each")
            % {"sessions": line.sessions, "each": line.attendance // line.sessions}
        )
    if line.attendance:
        facts.append(_("%(people)s attendances") % {"people": numbers.grouped(line.attendance)})
    facts += [f"{label}{number}{unit}" for label, number, unit in line.figures]
    if line.volunteers:
        facts.append(_("%(volunteers)s volunteers") % {"volunteers": line.volunteers})
    text = head
    if line.narrative:
        text += line.narrative
    if facts:
        text += _("Figures: %(facts)s.") % {"facts": _join(facts)}
    return text


def opening(line: Opening) -> str:
    return _(
        "On %(date)s the %(branch)s opened with %(partner)s: %(area)s m², %(desks)s desks, %(benches)s benches, "
        "%(shelves)s shelves; %(donated)s donated books and %(moved)s books chosen by the central library. "
        "On its first day it had %(visits)s visits and lent %(loans)s books."
    ) % {
        "date": f"{line.opens_on.month}月{line.opens_on.day}日",
        "branch": line.branch,
        "partner": line.partner,
        "area": line.area_m2,
        "desks": line.desks,
        "benches": line.benches,
        "shelves": line.shelves,
        "donated": line.donated,
        "moved": line.moved,
        "visits": line.visits,
        "loans": line.loans,
    }


def training(line: TrainingLine) -> str:
    place = _(" at %(place)s") % {"place": line.place} if line.place else ""
    return _("%(date)s: %(staff)s staff attended %(title)s, held by %(organiser)s%(place)s (%(hours)s hours).") % {
        "date": line.date_text,
        "staff": line.staff,
        "title": line.title,
        "organiser": line.organiser,
        "place": place,
        "hours": line.hours,
    }


def local_documents(content: Content) -> str:
    return _("In this period we collected %(kinds)s kinds, %(volumes)s volumes of local documents.") % {
        "kinds": content.local_kinds,
        "volumes": content.local_volumes,
    }


def empty(content: Content) -> str:
    return _("Nothing was recorded in this period (%(first)s – %(last)s): no cards, visits, loans or activities.") % {
        "first": content.period.first.isoformat(),
        "last": content.period.last.isoformat(),
    }
