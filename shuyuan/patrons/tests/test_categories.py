"""A child becomes an adult reader by itself on the birthday that reaches the age limit."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from shuyuan.patrons import queries, services
from shuyuan.patrons.models import Patron, PatronCategory
from shuyuan.testing.patrons import make_category, make_child_category, make_patron, resident_id

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def a_child_born(birth: date) -> Patron:
    child = make_child_category(max_age=14)
    parent = make_patron("张大")
    return make_patron("张小明", id_number=resident_id(birth), category=child, guardian=parent, guardian_consent=True)


def test_a_child_is_still_a_child_the_day_before_the_birthday() -> None:
    patron = a_child_born(date(2002, 3, 10))
    assert queries.effective_category(patron, date(2016, 3, 9)).kind == PatronCategory.Kind.CHILD


def test_a_child_is_an_adult_reader_on_the_birthday() -> None:
    patron = a_child_born(date(2002, 3, 10))
    assert queries.effective_category(patron, date(2016, 3, 10)).kind == PatronCategory.Kind.ADULT


def test_the_age_limit_is_the_categorys_own() -> None:
    adult = make_category()
    teens = make_category(PatronCategory.Kind.CHILD, code="TEEN", max_age=16, next_category=adult)
    patron = make_patron("李青", id_number=resident_id(date(2001, 1, 1)), category=teens)
    assert queries.effective_category(patron, date(2016, 12, 31)) == teens


def test_promoting_children_stores_the_new_category() -> None:
    patron = a_child_born(date(2002, 3, 10))
    services.promote_children(at=datetime(2016, 3, 10, 8, tzinfo=SHANGHAI), by=None)
    patron.refresh_from_db()
    assert patron.category.kind == PatronCategory.Kind.ADULT


def test_promoting_children_leaves_younger_ones() -> None:
    patron = a_child_born(date(2002, 3, 10))
    moved = services.promote_children(at=datetime(2016, 3, 9, 8, tzinfo=SHANGHAI), by=None)
    patron.refresh_from_db()
    assert (moved, patron.category.kind) == (0, PatronCategory.Kind.CHILD)
