"""A small library for the tables' tests: two branches with a desk each, a book of class I, and
checkouts written as circulation writes them (the statistics tests' ``make_event``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.catalog.models import Item
from shuyuan.circulation.models import CirculationEvent
from shuyuan.stats.tests.factories import local, make_event
from shuyuan.testing.branches import make_branch
from shuyuan.testing.catalog import make_item, make_record
from shuyuan.testing.circulation import make_desk

__all__ = ["Library", "lend_many", "local", "make_event", "make_library"]


@dataclass
class Library:
    central: Branch
    davinci: Branch
    central_desk: ServicePoint
    davinci_desk: ServicePoint
    novel: Item
    history: Item


def make_library() -> Library:
    central, davinci = make_branch("ZG", name="总馆"), make_branch("DV", name="达芬奇画室分馆")
    central_desk, davinci_desk = make_desk(central, name="总馆外借处"), make_desk(davinci, name="画室外借处")
    novel = make_item(make_record("平凡的世界", clc="I247.5"), branch=central)
    history = make_item(make_record("万历十五年", clc="K248"), branch=davinci)
    return Library(central, davinci, central_desk, davinci_desk, novel, history)


def lend_many(item: Item, point: ServicePoint, n: int, at: datetime) -> None:
    for i in range(n):
        make_event(CirculationEvent.Kind.CHECKOUT, at, point=point, item=item, reader_token=f"t{i}")
