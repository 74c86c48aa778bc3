from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from shuyuan.catalog.models import Item
from shuyuan.circulation import cutover, queries, services
from shuyuan.circulation.errors import CirculationRefused, Reason
from shuyuan.circulation.models import CirculationEvent, Hold, Loan
from shuyuan.testing.catalog import make_item

TZ = ZoneInfo("Asia/Shanghai")


def loans_csv(*lines):
    return "barcode,card_number,checked_out_at,due_on,renewals\n" + "\n".join(lines) + "\n"


def import_loans(text, now):
    return services.import_loans(cutover.parse_loans(text, TZ), at=now, by=None)


def test_imported_loans_keep_their_original_dates(book, reader, now):
    import_loans(loans_csv(f"{book.barcode},{reader.card_number},2015-12-20 15:30,2016/01/19,1"), now)
    loan = Loan.objects.get()
    assert (loan.checked_out_at, timezone.localdate(loan.due_at), loan.renewals, loan.is_migrated) == (
        datetime(2015, 12, 20, 15, 30, tzinfo=TZ),
        timezone.datetime(2016, 1, 19).date(),
        1,
        True,
    )


def test_an_imported_loan_puts_the_item_on_loan(book, reader, now):
    import_loans(loans_csv(f"{book.barcode},{reader.card_number},2015-12-20,2016-01-19"), now)
    book.refresh_from_db()
    assert book.status == Item.Status.ON_LOAN


def test_imported_loans_are_not_counted_as_checkouts(book, reader, now):
    import_loans(loans_csv(f"{book.barcode},{reader.card_number},2015-12-20,2016-01-19"), now)
    assert list(CirculationEvent.objects.values_list("kind", flat=True)) == [CirculationEvent.Kind.LOAN_MIGRATED]


def test_one_bad_row_refuses_the_whole_file_and_names_every_problem(book, reader, now):
    text = loans_csv(
        f"{book.barcode},{reader.card_number},2015-12-20,2016-01-19",
        f"NOPE,{reader.card_number},2015-12-20,2016-01-19",
        f"{make_item().barcode},000,2015-12-20,2016-01-19",
    )
    with pytest.raises(CirculationRefused) as refused:
        import_loans(text, now)
    assert (refused.value.reason, len(refused.value.detail["problems"]), Loan.objects.count()) == (
        Reason.BAD_IMPORT,
        2,
        0,
    )


def test_a_file_without_the_required_columns_is_refused():
    with pytest.raises(cutover.BadFile):
        cutover.parse_loans("barcode,card\nX,Y\n", TZ)


def test_a_row_with_an_unreadable_date_names_its_line():
    with pytest.raises(cutover.BadFile) as bad:
        cutover.parse_loans(loans_csv("B1,C1,去年,2016-01-19"), TZ)
    assert bad.value.problems[0].startswith("第2行")


def test_imported_holds_queue_in_the_order_they_were_placed(book, reader, second_reader, branch, now):
    text = (
        "card_number,barcode,record,pickup_branch,placed_at\n"
        f"{reader.card_number},,{book.record.control_number or 'X'},{branch.code},2015-12-02\n"
        f"{second_reader.card_number},{book.barcode},,{branch.code},2015-12-01\n"
    )
    book.record.control_number = "X"
    book.record.save()
    services.import_holds(cutover.parse_holds(text, TZ), at=now, by=None)
    first, second = Hold.objects.get(patron=second_reader), Hold.objects.get(patron=reader)
    assert (queries.queue_place(first), queries.queue_place(second), first.item) == (1, 2, book)


def test_the_import_command_imports_a_file(book, reader, now, tmp_path):
    path = tmp_path / "loans.csv"
    path.write_text(loans_csv(f"{book.barcode},{reader.card_number},2015-12-20,2016-01-19"), encoding="gb18030")
    call_command("import_circulation", loans=path, encoding="gb18030")
    assert Loan.objects.filter(is_migrated=True).count() == 1


def test_the_import_command_reports_the_problems(reader, tmp_path):
    path = tmp_path / "loans.csv"
    path.write_text(loans_csv(f"NOPE,{reader.card_number},2015-12-20,2016-01-19"))
    with pytest.raises(CommandError, match="第2行"):
        call_command("import_circulation", loans=path)
