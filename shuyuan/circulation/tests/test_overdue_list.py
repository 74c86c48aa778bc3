"""The overdue list (催还) at county scale: paged, filtered, exported without full personal numbers."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from shuyuan.audit.models import AuditEntry
from shuyuan.circulation import queries
from shuyuan.roles import Role
from shuyuan.testing.branches import make_staff
from shuyuan.testing.catalog import make_item, make_record
from shuyuan.testing.circulation import lend
from shuyuan.testing.patrons import make_patron


@pytest.fixture
def desk_staff(client, branch):
    user = make_staff(Role.CIRCULATION, branch)
    client.force_login(user)
    return user


@pytest.fixture
def today_reader(desk):
    return make_patron(
        "孙八", branch=desk.branch, service_point=desk, phone="13812345678", at=timezone.now() - timedelta(days=90)
    )


def lend_overdue(reader, desk, *, days_ago=40, **item_fields):
    item = make_item(branch=desk.branch, **item_fields)
    lend(item, reader, at=timezone.now() - timedelta(days=days_ago), service_point=desk)
    return item


def test_the_overdue_list_shows_one_page_at_a_time(desk_staff, client, today_reader, desk, monkeypatch):
    monkeypatch.setattr("shuyuan.circulation.views.OVERDUE_PAGE_SIZE", 2)
    items = [lend_overdue(today_reader, desk) for _ in range(3)]
    first = client.get("/circulation/overdue/").content.decode()
    second = client.get("/circulation/overdue/?page=2").content.decode()
    assert ([i.barcode in first for i in items].count(True), [i.barcode in second for i in items].count(True)) == (2, 1)


def test_the_next_page_link_keeps_the_filter(desk_staff, client, today_reader, desk, monkeypatch):
    monkeypatch.setattr("shuyuan.circulation.views.OVERDUE_PAGE_SIZE", 1)
    lend_overdue(today_reader, desk)
    lend_overdue(today_reader, desk)
    page = client.get("/circulation/overdue/?min_days=5").content.decode()
    assert "?min_days=5&amp;page=2" in page


def test_the_overdue_list_counts_loans_and_readers_over_all_pages(desk_staff, client, today_reader, desk, monkeypatch):
    monkeypatch.setattr("shuyuan.circulation.views.OVERDUE_PAGE_SIZE", 1)
    lend_overdue(today_reader, desk)
    lend_overdue(today_reader, desk)
    assert "共2册逾期，涉及1位读者" in client.get("/circulation/overdue/").content.decode()


def test_the_overdue_list_leaves_out_loans_overdue_by_fewer_days_than_asked(today_reader, desk):
    late = lend_overdue(today_reader, desk, days_ago=60)
    lend_overdue(today_reader, desk, days_ago=35)  # due 30 days after lending: 5 days overdue
    loans = queries.overdue_loans(at=timezone.now(), min_days=20)
    assert [loan.item_id for loan in loans] == [late.pk]


def test_the_overdue_list_filters_by_the_readers_home_branch(today_reader, desk, other_desk):
    lend_overdue(today_reader, desk)
    elsewhere = make_patron("周九", branch=other_desk.branch, service_point=other_desk, at=timezone.now())
    lend_overdue(elsewhere, other_desk)
    loans = queries.overdue_loans(at=timezone.now(), branch=other_desk.branch)
    assert [loan.patron_id for loan in loans] == [elsewhere.pk]


def test_the_overdue_list_exports_as_csv_with_masked_phones(desk_staff, client, today_reader, desk):
    item = lend_overdue(today_reader, desk)
    response = client.get("/circulation/overdue/?export=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (response["Content-Type"].startswith("text/csv"), rows[1][:4], "13812345678" in str(rows)) == (
        True,
        [today_reader.card_number, "孙八", "138****5678", item.barcode],
        False,
    )


def test_the_overdue_list_exports_as_excel_with_masked_phones(desk_staff, client, today_reader, desk):
    item = lend_overdue(today_reader, desk)
    response = client.get("/circulation/overdue/?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert (rows[1][:4], "13812345678" in str(rows)) == (
        [today_reader.card_number, "孙八", "138****5678", item.barcode],
        False,
    )


def test_a_card_number_that_is_an_id_number_is_masked_in_the_export(desk_staff, client, desk):
    reader = make_patron(
        "吴十",
        branch=desk.branch,
        service_point=desk,
        card_number="43028119800517123X",
        is_legacy_card=True,
        at=timezone.now(),
    )
    lend_overdue(reader, desk)
    text = client.get("/circulation/overdue/?export=csv").content.decode("utf-8-sig")
    assert ("43028119800517123X" in text, "4302************3X" in text) == (False, True)


def test_a_title_that_looks_like_a_formula_is_exported_as_text(desk_staff, client, today_reader, desk):
    lend_overdue(today_reader, desk, record=make_record(title='=HYPERLINK("http://x.example","点我")'))
    text = client.get("/circulation/overdue/?export=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(" in text


@pytest.mark.parametrize("value", ["=1+1", "+86", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_cell_starting_with_a_formula_sign_gets_an_apostrophe(value):
    from shuyuan.spreadsheets import safe_cell

    assert safe_cell(value) == "'" + value


def test_an_ordinary_cell_is_left_as_it_is():
    from shuyuan.spreadsheets import safe_cell

    assert (safe_cell("鲁迅全集"), safe_cell(12)) == ("鲁迅全集", 12)


def test_an_export_of_the_overdue_list_is_audited(desk_staff, client, today_reader, desk):
    lend_overdue(today_reader, desk)
    client.get("/circulation/overdue/?export=xlsx")
    entry = AuditEntry.objects.get(action="circulation.export_overdue_list")
    assert (entry.detail["rows"], entry.detail["format"]) == (1, "xlsx")
