"""Demo: 2015 as the seed library brings it, last year's aggregate figures from its paper reports (so that
the 2016 report compares with the same period a year before), the return's figures the system cannot
know, and the roll-ups built up to the demo's yesterday."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from shuyuan.demo import DemoContext
from shuyuan.stats import rollups
from shuyuan.stats.models import ManualFigure
from shuyuan.stats.services import enter_figure

H1_2015 = (date(2015, 1, 1), date(2015, 6, 30))
YEAR_2015 = (date(2015, 1, 1), date(2015, 12, 31))
YEAR_2016 = (date(2016, 1, 1), date(2016, 12, 31))
PAPER = "2015年上半年工作总结（纸质存档）"
ANNUAL = "2015年文化和旅游统计年报（报送稿）"
FIGURES = (
    # name, period, value, source
    ("loans_and_returns", H1_2015, 331_480, PAPER),
    ("new_readers", H1_2015, 174, PAPER),
    ("visits", H1_2015, 187_300, PAPER),
    ("volumes_bought", H1_2015, 3_860, PAPER),
    ("activities", H1_2015, 9, PAPER),
    ("local_document_kinds", H1_2015, 31, PAPER),
    ("local_document_volumes", H1_2015, 77, PAPER),
    ("periodical_titles", YEAR_2015, 96, ANNUAL),
    ("loans_and_returns", YEAR_2015, 648_920, ANNUAL),
    ("total_circulation_visits", YEAR_2015, 402_600, ANNUAL),
    ("area", YEAR_2015, 2_400, "馆舍房产证"),
    ("seats", YEAR_2015, 260, ANNUAL),
    ("e_terminals", YEAR_2015, 30, ANNUAL),
    ("spending", YEAR_2015, 1_860, "财务科 2015 年决算"),
    ("area", YEAR_2016, 2_400, "馆舍房产证"),
    ("seats", YEAR_2016, 280, "2016年座席登记表"),
    ("e_terminals", YEAR_2016, 30, "电子阅览室设备台账"),
    ("population", YEAR_2016, 940_000, "醴陵市2016年国民经济和社会发展统计公报（常住人口）"),
    ("staff", YEAR_2016, 32, "人事科 2016 年末在岗人员名册"),
    ("staff_senior", YEAR_2016, 4, "人事科 2016 年末在岗人员名册"),
    ("staff_intermediate", YEAR_2016, 11, "人事科 2016 年末在岗人员名册"),
)


def load(ctx: DemoContext) -> None:
    if ManualFigure.objects.exists():
        return
    for name, (first, last), value, source in FIGURES:
        enter_figure(name, first, last, Decimal(value), source=source, at=ctx.now, by=None)
    rollups.run(today=ctx.now.date())
