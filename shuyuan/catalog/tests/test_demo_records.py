"""The demo's catalogue as a county library's: thirty thousand records, no title twice, every CLC
class, many publishers, series and multi-volume sets (pure: no database)."""

from __future__ import annotations

import random
from functools import cache

from shuyuan.catalog.demo_records import RecordMaker, holdings_for, volume_labels
from shuyuan.catalog.marc import Bib, MarcFormat

CLC_MAIN_CLASSES = set("ABCDEFGHIJKNOPQRSTUVXZ")


@cache
def full_catalogue() -> tuple[Bib, ...]:
    """The full demo's records, made with the seed ``shuyuan demo`` uses."""
    maker = RecordMaker(random.Random("shuyuan-demo-catalog"))
    return tuple(bib for _kind, bib in maker.records(30_000))


def test_thirty_thousand_demo_records_have_thirty_thousand_titles() -> None:
    assert len({bib.title for bib in full_catalogue()}) == 30_000


def test_the_demo_catalogue_covers_every_main_class_of_the_clc() -> None:
    assert {bib.clc[0] for bib in full_catalogue()} == CLC_MAIN_CLASSES


def test_the_demo_catalogue_comes_from_many_publishers() -> None:
    assert len({bib.publisher for bib in full_catalogue()}) >= 50


def test_some_demo_records_belong_to_a_series() -> None:
    assert sum(1 for bib in full_catalogue() if bib.series) > 1000


def test_the_demo_catalogue_holds_multi_volume_sets() -> None:
    sets = {bib.title: bib.pages for bib in full_catalogue() if bib.pages.endswith("册")}
    assert sets["平凡的世界"] == "3册" and len(sets) >= 10


def test_a_set_of_three_volumes_has_an_item_per_volume() -> None:
    kind = RecordMaker(random.Random(1)).kinds[0]
    bib = Bib(marc_format=MarcFormat.CNMARC, title="平凡的世界", pages="3册")
    assert [h.volume for h in holdings_for(bib, kind, 2)] == ["第1册", "第2册", "第3册"] * 2


def test_a_set_of_two_is_catalogued_as_upper_and_lower_volume() -> None:
    assert volume_labels(Bib(marc_format=MarcFormat.CNMARC, pages="2册")) == ["上册", "下册"]
