"""The fast path (``shuyuan.fastsql``) reads, makes and writes what the ORM does, field by field.

Values are compared with their types, so a 0/1 where the ORM gives a bool, a naive timestamp or a
float where it gives a Decimal fails. The suite runs on SQLite and on PostgreSQL."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Model

from shuyuan import fastsql
from shuyuan.catalog.models import Item, OldBarcode
from shuyuan.catalog.queries import ITEM_COLUMNS, ITEM_RELATED, item_by_barcode
from shuyuan.circulation import rows, steps
from shuyuan.circulation.models import CirculationEvent, Fee, Loan
from shuyuan.patrons import queries as patron_queries
from shuyuan.patrons.models import Patron
from shuyuan.sip2.models import KioskItemProperties
from shuyuan.testing.branches import NOW, make_branch
from shuyuan.testing.catalog import make_item
from shuyuan.testing.circulation import lend, make_desk, make_rule
from shuyuan.testing.patrons import make_child_category, make_patron

pytestmark = pytest.mark.django_db


def typed(obj: Model, names: Any) -> dict[str, tuple[type, Any]]:
    return {name: (type(getattr(obj, name)), getattr(obj, name)) for name in names}


def loaded(obj: Model) -> list[str]:
    """The fields a fast read loaded (the others load on access)."""
    return [f.attname for f in type(obj)._meta.concrete_fields if f.attname in obj.__dict__]


def assert_reads_as_the_orm(fast: Model, names: Any) -> None:
    """``fast`` loaded exactly ``names``, each equal, type and value, to the ORM's read of the row."""
    orm = type(fast)._default_manager.get(pk=fast.pk)
    assert sorted(loaded(fast)) == sorted(names)
    assert typed(fast, names) == typed(orm, names)


@pytest.fixture
def branch():
    return make_branch()


@pytest.fixture
def child(branch):
    """A child reader, whose category moves on to the adult one: every column circulation reads is set."""
    category = make_child_category()
    parent = make_patron("张大", branch=branch)
    patron = make_patron(
        "张小明", birth=date(2008, 3, 2), branch=branch, category=category, guardian=parent, guardian_consent=True
    )
    Patron.objects.filter(pk=patron.pk).update(expires_on=date(2018, 3, 1), keeps_reading_history=True)
    return patron


@pytest.fixture
def loan(branch, child):
    make_rule()
    item = make_item(branch=branch, price=Decimal("38.50"))
    return lend(item, child, service_point=make_desk(branch))


def test_the_item_look_up_reads_the_item_as_the_orm_does(branch):
    make_item(branch=branch, barcode="LL00000001", rfid_tag="TAG1")
    assert_reads_as_the_orm(item_by_barcode("LL00000001"), ITEM_COLUMNS)


def test_the_item_look_up_reads_its_record_type_collection_and_branches_as_the_orm_does(branch):
    make_item(branch=branch, barcode="LL00000002")
    fast = item_by_barcode("LL00000002")
    for name, _model, names in ITEM_RELATED:
        assert_reads_as_the_orm(getattr(fast, name), names)


def test_the_item_look_up_by_an_old_barcode_reads_the_same_item(branch):
    item = make_item(branch=branch, barcode="LL00000003")
    OldBarcode.objects.create(barcode="0003", item=item, created_at=NOW)
    assert typed(item_by_barcode("0003"), ITEM_COLUMNS) == typed(item_by_barcode("LL00000003"), ITEM_COLUMNS)


def test_a_row_kept_beside_the_item_reads_as_the_orm_does(branch):
    item = make_item(branch=branch, barcode="LL00000004")
    KioskItemProperties.objects.create(item=item, properties="tag", updated_at=NOW)
    fast = item_by_barcode("LL00000004", also=(KioskItemProperties,))
    assert_reads_as_the_orm(fast.sip2_properties, fastsql.all_columns(KioskItemProperties))


def test_items_locked_for_a_checkout_read_as_the_orm_does(branch):
    item = make_item(branch=branch)
    with transaction.atomic():
        (fast,) = rows.items_for_update([item.pk])
    assert_reads_as_the_orm(fast, ITEM_COLUMNS)
    assert_reads_as_the_orm(fast.item_type, ITEM_RELATED[1][2])
    assert_reads_as_the_orm(fast.collection, ITEM_RELATED[2][2])


def test_a_reader_read_for_circulation_reads_as_the_orm_does(child):
    with transaction.atomic():
        fast, _values = rows.patron_row(child.pk)
    assert_reads_as_the_orm(fast, rows.PATRON_COLUMNS)


def test_a_readers_category_and_the_next_one_read_as_the_orm_does(child):
    fast, _values = rows.patron_row(child.pk, lock=False)
    assert_reads_as_the_orm(fast.category, rows.CATEGORY_COLUMNS)
    assert_reads_as_the_orm(fast.category.next_category, rows.CATEGORY_COLUMNS)


def open_loan_as_checkin_locks_it(loan: Loan) -> Loan | None:
    """The loan as a check-in reads it: with the item's lock and the hold probe, one round trip."""
    with transaction.atomic():
        _item, fast, _first_hold = steps.lock_for_checkin(Item(pk=loan.item_id), today=NOW.date())
    return fast


def test_an_open_loan_reads_as_the_orm_does(loan):
    assert_reads_as_the_orm(open_loan_as_checkin_locks_it(loan), rows.LOAN_COLUMNS)


def test_the_reader_of_an_open_loan_reads_as_the_orm_does(loan):
    assert_reads_as_the_orm(open_loan_as_checkin_locks_it(loan).patron, rows.PATRON_COLUMNS)


def test_a_card_look_up_reads_the_whole_reader_as_the_orm_does(child):
    fast = patron_queries.by_card(child.card_number)
    assert_reads_as_the_orm(fast, fastsql.all_columns(Patron))


@pytest.mark.parametrize("model", [Item, Patron, Loan, CirculationEvent, Fee])
def test_a_whole_row_of_every_kind_of_field_reads_as_the_orm_does(loan, model):
    Fee.objects.create(patron=loan.patron, loan=loan, amount=Decimal("1.5"), overdue_days=3, created_at=NOW)
    names = fastsql.all_columns(model)
    columns = ", ".join(fastsql.select_list("t", model, names))
    (row,) = fastsql.fetch_all(f"SELECT {columns} FROM {fastsql.table(model)} t ORDER BY t.id LIMIT 1", [])
    assert_reads_as_the_orm(fastsql.build(model, names, row), names)


def test_a_field_not_read_loads_on_access(branch):
    make_item(branch=branch, barcode="LL00000005", note="有水渍")
    assert item_by_barcode("LL00000005").note == "有水渍"


def an_event(loan: Loan) -> CirculationEvent:
    return CirculationEvent(
        at=NOW, kind=CirculationEvent.Kind.CHECKOUT, channel="desk", branch_id=loan.branch_id, detail={"a": [1, "二"]}
    )


def test_an_insert_writes_what_the_orm_writes(loan):
    fast, orm = fastsql.insert(an_event(loan)), an_event(loan)
    orm.save()
    names = [name for name in fastsql.all_columns(CirculationEvent) if name != "id"]
    assert typed(CirculationEvent.objects.get(pk=fast.pk), names) == typed(
        CirculationEvent.objects.get(pk=orm.pk), names
    )


def test_a_new_instance_is_what_the_models_constructor_makes(loan):
    values = dict(item=loan.item, patron=loan.patron, branch_id=loan.branch_id, due_at=NOW, checked_out_at=NOW)
    fast, orm = fastsql.new(Loan, **values), Loan(**values)
    names = fastsql.all_columns(Loan)
    assert typed(fast, names) == typed(orm, names)
    assert fast._state.adding and fast._state.db is None


def test_a_new_instance_keeps_the_related_instances_it_was_given(loan, django_assert_num_queries):
    fast = fastsql.new(Loan, item=loan.item, patron=loan.patron)
    with django_assert_num_queries(0):
        assert (fast.item, fast.patron) == (loan.item, loan.patron)


def test_new_instances_do_not_share_a_mutable_default(loan):
    first, second = fastsql.new(CirculationEvent), fastsql.new(CirculationEvent)
    first.detail["a"] = 1
    assert second.detail == {}


def test_a_new_instance_of_an_unknown_field_is_refused():
    with pytest.raises(TypeError):
        fastsql.new(Loan, itme_id=1)


def test_an_update_writes_what_the_orm_writes(loan, branch):
    other = lend(make_item(branch=branch), loan.patron, service_point=loan.service_point)
    names = ("status", "closed_at", "return_branch", "overdue_days")
    for each in (loan, other):
        each.status, each.closed_at, each.return_branch, each.overdue_days = "returned", NOW + timedelta(3), branch, 2
    fastsql.update(loan, *names)
    other.save(update_fields=names)
    names = ("status", "closed_at", "return_branch_id", "overdue_days")
    assert typed(Loan.objects.get(pk=loan.pk), names) == typed(Loan.objects.get(pk=other.pk), names)


def test_a_multi_row_insert_writes_what_the_orm_reads_back(loan):
    stamp = fastsql.db_datetime(NOW)
    columns = ("patron_id", "amount", "overdue_days", "status", "created_at", "closed_by", "note")
    values = [(loan.patron_id, "1.20", 2, "open", stamp, "", ""), (loan.patron_id, "0.40", 1, "open", stamp, "", "")]
    ids = fastsql.insert_rows(Fee, columns, values, returning_ids=True)
    read = [typed(Fee.objects.get(pk=pk), ["amount", "overdue_days", "created_at"]) for pk in ids]
    assert read == [
        {"amount": (Decimal, Decimal("1.20")), "overdue_days": (int, 2), "created_at": (type(NOW), NOW)},
        {"amount": (Decimal, Decimal("0.40")), "overdue_days": (int, 1), "created_at": (type(NOW), NOW)},
    ]


def test_copied_rows_are_what_the_orm_reads_back(loan):
    stamp = fastsql.db_datetime(NOW)
    columns = ("patron_id", "amount", "overdue_days", "status", "created_at", "closed_by", "note")
    before = set(Fee.objects.values_list("pk", flat=True))
    fastsql.copy_rows(Fee, columns, [(loan.patron_id, "1.20", 2, "open", stamp, "", "迟还")])
    read = [typed(fee, ["amount", "overdue_days", "created_at", "note"]) for fee in Fee.objects.exclude(pk__in=before)]
    assert read == [
        {
            "amount": (Decimal, Decimal("1.20")),
            "overdue_days": (int, 2),
            "created_at": (type(NOW), NOW),
            "note": (str, "迟还"),
        }
    ]
