"""Importing readers from the old system: every row validated, a report of what happened and why."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from shuyuan.patrons import importing, queries, services
from shuyuan.patrons.models import Patron, RegistrationEvent
from shuyuan.patrons.rules import PinResult
from shuyuan.testing.branches import NOW, make_branch
from shuyuan.testing.patrons import make_category, resident_id

pytestmark = pytest.mark.django_db
GOOD = resident_id(date(1975, 5, 5), sequence=77)
HEADER = "卡号,姓名,证件号码,电话,押金,办证日期,密码\n"


def run(text: str, *, dry_run: bool = False) -> services.ImportReport:
    make_category()
    branch = make_branch()
    rows = importing.applications(
        importing.read_table(text.encode(), "old.csv"), default_branch=branch, today=NOW.date()
    )
    return services.import_patrons(rows, dry_run=dry_run, at=NOW, by=None)


def test_a_good_row_is_imported_with_its_old_card() -> None:
    run(HEADER + f"A001,张三,{GOOD},13800001111,50,2012-04-01,\n")
    assert queries.resolve("A001") == Patron.objects.get()


def test_the_old_deposit_and_registration_date_are_kept() -> None:
    run(HEADER + f"A001,张三,{GOOD},,50,2012-04-01,\n")
    patron = Patron.objects.get()
    assert (patron.legacy_deposit, patron.registered_at.date()) == (Decimal("50.00"), date(2012, 4, 1))


def test_an_imported_reader_is_not_counted_as_a_new_card() -> None:
    run(HEADER + f"A001,张三,{GOOD},,,,\n")
    assert RegistrationEvent.objects.get().kind == RegistrationEvent.Kind.IMPORTED


def test_a_row_with_a_wrong_id_number_is_refused_with_the_reason() -> None:
    report = run(HEADER + f"A001,张三,{GOOD[:-1]}{'0' if GOOD[-1] != '0' else '1'},,,,\n")
    assert report.refused[0][0] == 2 and "校验码" in report.refused[0][2]


def test_the_report_masks_the_id_number() -> None:
    report = run(HEADER + f"A001,张三,{GOOD},,,,\nA002,李四,{GOOD},,,,\n")
    assert report.refused[0][1] == f"A002 {GOOD[:4]}{'*' * 12}{GOOD[-2:]}"


def test_a_second_row_of_the_same_person_is_refused() -> None:
    report = run(HEADER + f"A001,张三,{GOOD},,,,\nA002,张三,{GOOD},,,,\n")
    assert (len(report.imported), report.refused[0][2]) == (1, "此人已办理读者证。")


def test_a_dry_run_imports_nothing_but_reports_everything() -> None:
    report = run(HEADER + f"A001,张三,{GOOD},,,,\nA002,,{GOOD},,,,\n", dry_run=True)
    assert (len(report.imported), len(report.refused), Patron.objects.count()) == (1, 1, 0)


def test_an_old_pin_our_rules_refuse_is_kept_with_a_warning() -> None:
    report = run(HEADER + f"A001,张三,{GOOD},,,,000000\n")
    patron = Patron.objects.get()
    assert (len(report.imported), len(report.warnings)) == (1, 1)
    assert services.check_pin(patron, "000000", at=NOW) == PinResult.OK


def test_a_reader_with_a_kept_old_pin_must_change_it_at_the_next_login() -> None:
    run(HEADER + f"A001,张三,{GOOD},,,,6789\n")
    assert Patron.objects.get().pin_change_required is True


def test_an_old_pin_that_meets_the_rules_needs_no_change() -> None:
    run(HEADER + f"A001,张三,{GOOD},,,,250913\n")
    assert Patron.objects.get().pin_change_required is False


def test_changing_a_kept_old_pin_clears_the_request_to_change_it() -> None:
    run(HEADER + f"A001,张三,{GOOD},,,,6789\n")
    patron = services.change_pin(Patron.objects.get(), current="6789", new="250913", at=NOW, by=None)
    assert Patron.objects.get(pk=patron.pk).pin_change_required is False


def test_an_unknown_category_is_refused() -> None:
    report = run("card_number,name,id_number,category\n" + f"A001,张三,{GOOD},VIP\n")
    assert "VIP" in report.refused[0][2]


def test_a_file_without_the_required_columns_is_refused() -> None:
    with pytest.raises(importing.ImportFileError):
        importing.read_table("姓名,电话\n张三,1\n".encode(), "old.csv")


def test_a_gb18030_file_is_read() -> None:
    rows = importing.read_table((HEADER + f"A001,张三,{GOOD},,,,\n").encode("gb18030"), "old.csv")
    assert rows[0]["name"] == "张三"


def test_an_excel_file_is_read() -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["card_number", "name", "id_number", "registered_on"])
    sheet.append(["A001", "张三", GOOD, date(2012, 4, 1)])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = importing.read_table(buffer.getvalue(), "old.xlsx")
    assert (rows[0]["id_number"], rows[0]["registered_on"]) == (GOOD, "2012-04-01")


def test_the_command_prints_one_summary_line(tmp_path) -> None:
    make_category()
    make_branch(kind="central")
    path = tmp_path / "old.csv"
    path.write_text(HEADER + f"A001,张三,{GOOD},,,,\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_patrons", str(path), "--dry-run", stdout=out)
    assert out.getvalue().strip() == "可导入 1 位读者，拒绝 0 行，警告 0 行（仅检查，未写入）"


def test_the_staff_page_imports_a_file() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from shuyuan.testing.branches import make_staff

    make_category()
    branch = make_branch()
    client = Client()
    client.force_login(make_staff("director", branch))
    upload = SimpleUploadedFile("old.csv", (HEADER + f"A001,张三,{GOOD},,,,\n").encode())
    page = client.post("/patrons/import/", {"file": upload, "default_branch": branch.pk}).content.decode()
    assert ("已导入" in page, Patron.objects.count()) == (True, 1)
