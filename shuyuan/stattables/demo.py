"""Demo: the tables the statistics desk keeps on 统计报表, saved by the ``statistics`` account and shared with
colleagues, one of them e-mailed every month. Each is checked as a table from the page is (``spec.parse``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from shuyuan.demo import DemoContext
from shuyuan.stattables import services, spec
from shuyuan.stattables.models import SavedTable

HALF = {"period": "custom", "first": "2016-01-01", "last": "2016-06-30"}
TABLES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("2016年上半年各服务点外借册次（按月）", {"measure": "loans", "by": ["service_point", "month"], **HALF}),
    (
        "2016年上半年自助借还机借还时段分布",
        {"measure": "loans_and_returns", "by": ["hour"], "filter": ["channel=kiosk"], **HALF},
    ),
    ("2016年上半年各中图法大类外借册次", {"measure": "loans", "by": ["clc_class"], **HALF}),
    ("2016年上半年外借人次（按读者类型）", {"measure": "lending_visits", "by": ["patron_category"], **HALF}),
    ("2016年上半年各服务点到馆人次", {"measure": "visits", "by": ["service_point"], **HALF}),
    ("上月新办读者证（按渠道）", {"measure": "new_readers", "by": ["channel"], "period": "last_month"}),
)
MONTHLY = "上月新办读者证（按渠道）"


def load(ctx: DemoContext) -> None:
    owner = get_user_model().objects.filter(username="statistics").first()
    if owner is None or SavedTable.objects.exists():
        return
    today = ctx.now.date()
    for name, data in TABLES:
        table = services.save_table(spec.parse(data, today=today), name=name, is_shared=True, at=ctx.now, by=owner)
        if name == MONTHLY:
            services.add_schedule(table, frequency="monthly", recipients="tongji@example.org", at=ctx.now, by=owner)
