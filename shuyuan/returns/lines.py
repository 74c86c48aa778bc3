"""The public-library table of the annual culture-and-tourism statistical return (文化和旅游统计年报,
公共图书馆), in its official order of groups and fields, and where each figure comes from:

- ``measure``: counted by the system over the year (``shuyuan.stats.figures``);
- ``stock``: the item ledger as of 31 December;
- ``manual``: entered by hand with its source (``figures.manual``): what the system cannot know, such
  as floor area, staff or spending;
- ``system``: read from the system's settings (branches' seats, the e-reading room's computers).

A figure the system counts may also be entered by hand (a year before the system); the hand-entered
one is then shown beside it, never instead of it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Line:
    code: str
    group: object
    label: object
    unit: object
    source: str  # measure / stock / manual / system
    name: str  # the measure, the manual figure's name or the system figure's name
    filters: tuple[tuple[str, str], ...] = ()


ROW = {key: (("return_row", key),) for key in ("activity", "lecture", "exhibition", "training")}
INSTITUTION = _("institution and staff")
COLLECTION = _("collection")
ADDITIONS = _("additions")
READERS = _("readers")
USE = _("use")
PROGRAMMES = _("programmes for readers")
FACILITIES = _("buildings and equipment")
MONEY = _("income and spending")

VOLUMES, WAN_VOLUMES, TITLES = _("volumes"), _("10 000 volumes"), _("titles")
PEOPLE, TIMES, VISITS = _("people"), _("times"), _("person-times")

LINES: tuple[Line, ...] = (
    Line("01", INSTITUTION, _("institutions (central library and branches)"), _("units"), "system", "branches"),
    Line("02", INSTITUTION, _("staff"), PEOPLE, "manual", "staff"),
    Line("03", INSTITUTION, _("of which senior titles"), PEOPLE, "manual", "staff_senior"),
    Line("04", INSTITUTION, _("of which intermediate titles"), PEOPLE, "manual", "staff_intermediate"),
    Line("05", COLLECTION, _("total collection"), VOLUMES, "stock", "collection_total"),
    Line("06", COLLECTION, _("of which books"), VOLUMES, "manual", "collection_books"),
    Line("07", COLLECTION, _("of which ancient books"), VOLUMES, "manual", "collection_ancient"),
    Line("08", COLLECTION, _("of which newspapers and periodicals"), VOLUMES, "manual", "collection_periodicals"),
    Line("09", COLLECTION, _("of which audiovisual documents"), VOLUMES, "manual", "collection_audiovisual"),
    Line("09a", COLLECTION, _("of which microforms"), VOLUMES, "manual", "collection_microforms"),
    Line("09b", COLLECTION, _("of which other documents"), VOLUMES, "manual", "collection_other"),
    Line("10", COLLECTION, _("open-shelf books and periodicals"), VOLUMES, "manual", "open_shelf"),
    Line("11", COLLECTION, _("e-books"), _("titles"), "manual", "ebooks"),
    Line("12", ADDITIONS, _("additions to the collection this year"), VOLUMES, "measure", "items_added"),
    Line("13", ADDITIONS, _("of which bought"), VOLUMES, "measure", "volumes_bought"),
    Line("14", ADDITIONS, _("of which donated"), VOLUMES, "measure", "volumes_donated"),
    Line("15", ADDITIONS, _("new e-books"), TITLES, "manual", "new_ebooks"),
    Line(
        "16", ADDITIONS, _("newspaper and periodical titles bought this year"), TITLES, "measure", "periodical_titles"
    ),
    Line("17", READERS, _("valid reader cards"), _("cards"), "measure", "valid_cards"),
    Line("18", USE, _("total circulation visits"), VISITS, "measure", "total_circulation_visits"),
    Line("19", USE, _("lending visits (readers with a loan, per day)"), VISITS, "measure", "lending_visits"),
    Line("20", USE, _("loans of books and periodicals"), _("volume-times"), "measure", "loans"),
    Line("21", PROGRAMMES, _("activities for readers: sessions"), TIMES, "measure", "activities", ROW["activity"]),
    Line(
        "22",
        PROGRAMMES,
        _("activities for readers: attendance"),
        VISITS,
        "measure",
        "activity_attendance",
        ROW["activity"],
    ),
    Line("23", PROGRAMMES, _("lectures: sessions"), TIMES, "measure", "activities", ROW["lecture"]),
    Line("24", PROGRAMMES, _("lectures: attendance"), VISITS, "measure", "activity_attendance", ROW["lecture"]),
    Line("25", PROGRAMMES, _("exhibitions: number"), TIMES, "measure", "activities", ROW["exhibition"]),
    Line("26", PROGRAMMES, _("exhibitions: visitors"), VISITS, "measure", "activity_attendance", ROW["exhibition"]),
    Line("27", PROGRAMMES, _("training classes: sessions"), TIMES, "measure", "activities", ROW["training"]),
    Line(
        "28", PROGRAMMES, _("training classes: attendance"), VISITS, "measure", "activity_attendance", ROW["training"]
    ),
    Line("29", FACILITIES, _("floor area in use"), _("m²"), "manual", "area"),
    Line("30", FACILITIES, _("of which stacks"), _("m²"), "manual", "stack_area"),
    Line("31", FACILITIES, _("reading-room seats"), _("seats"), "system", "seats"),
    Line("32", FACILITIES, _("computers"), _("units"), "manual", "computers"),
    Line("33", FACILITIES, _("of which e-reading terminals for readers"), _("units"), "system", "e_terminals"),
    Line("34", FACILITIES, _("total shelf length"), _("metres"), "manual", "shelf_length"),
    Line("35", MONEY, _("income this year"), _("thousand yuan"), "manual", "income"),
    Line("36", MONEY, _("of which public funding"), _("thousand yuan"), "manual", "public_funding"),
    Line("37", MONEY, _("spending this year"), _("thousand yuan"), "manual", "spending"),
    Line("38", MONEY, _("of which acquisitions"), _("thousand yuan"), "manual", "acquisition_spending"),
)
