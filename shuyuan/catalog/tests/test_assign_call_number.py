"""services_cataloguing.assign_call_number: CLC class + 种次号 (or an author number), per library's settings."""

import pytest
from django.test import override_settings

from shuyuan.catalog.book_numbers import author_number, next_accession_number
from shuyuan.catalog.errors import CatalogRefused, Reason
from shuyuan.catalog.models import CallNumberCounter, Item
from shuyuan.catalog.services_cataloguing import assign_call_number
from shuyuan.testing.branches import NOW, make_branch
from shuyuan.testing.catalog import make_item, make_record

pytestmark = pytest.mark.django_db


def assign(record, **kwargs):
    return assign_call_number(record, at=NOW, by=None, **kwargs)


def test_the_first_call_number_of_a_class_takes_number_one():
    assert assign(make_record(clc="I247.5")) == "I247.5/1"


def test_the_next_record_of_the_class_takes_the_next_number():
    assign(make_record(clc="I247.5"))
    assert assign(make_record(clc="I247.5")) == "I247.5/2"


def test_each_class_counts_on_its_own():
    assign(make_record(clc="I247.5"))
    assert assign(make_record(clc="TP311")) == "TP311/1"


def test_numbering_starts_after_the_highest_number_the_classs_copies_carry():
    make_item(call_number="K296.44/102")
    make_item(call_number="K296.44/12:2")
    assert assign(make_record(clc="K296.44")) == "K296.44/103"


def test_a_number_is_never_reused_even_when_its_record_gave_it_up():
    record = make_record(clc="I247.5")
    assign(record)
    record.call_number = ""
    record.save()
    assert assign(make_record(clc="I247.5")) == "I247.5/2"


@override_settings(SHUYUAN={"CATALOG": {"BOOK_NUMBER_SCOPE": "branch"}})
def test_a_library_that_counts_per_branch_gives_each_branch_its_own_series():
    east, west = make_branch(), make_branch()
    assign(make_record(clc="I247.5"), branch=east)
    assert assign(make_record(clc="I247.5"), branch=west) == "I247.5/1"
    assert CallNumberCounter.objects.filter(class_number="I247.5").count() == 2


@override_settings(SHUYUAN={"CATALOG": {"BOOK_NUMBER_SCHEME": "author"}})
def test_a_library_using_author_numbers_gets_class_and_author_number():
    assert assign(make_record(clc="I210", authors="鲁迅")) == "I210/LX"


def test_an_author_number_leaves_out_the_country_and_the_role():
    assert author_number("[英]罗琳著") == "LL"


def test_the_copies_in_processing_take_the_call_number_with_their_volume():
    record = make_record(clc="I247.5")
    make_item(record, call_number="", status=Item.Status.IN_PROCESSING, volume="2")
    assign(record)
    assert Item.objects.get(record=record).call_number == "I247.5/1:2"


def test_a_record_without_a_class_is_refused():
    with pytest.raises(CatalogRefused) as refused:
        assign(make_record(clc=""))
    assert refused.value.reason == Reason.NO_CLC_CLASS


def test_a_record_with_an_unknown_class_is_refused():
    with pytest.raises(CatalogRefused) as refused:
        assign(make_record(clc="W12"))
    assert refused.value.reason == Reason.UNKNOWN_CLC_CLASS


def test_the_counter_hands_out_consecutive_numbers():
    assert [next_accession_number("S511") for _ in range(3)] == [1, 2, 3]


def test_the_number_drawn_is_the_one_the_counter_row_keeps():
    next_accession_number("S511")
    drawn = next_accession_number("S511")
    assert drawn == CallNumberCounter.objects.get(class_number="S511", scope="").last_number == 2
