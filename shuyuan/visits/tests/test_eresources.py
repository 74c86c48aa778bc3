"""E-resource usage: COUNTER 5 names or a mapping, file and period kept, e-book lendings apart."""

from datetime import date

import pytest

from shuyuan.testing.branches import NOW
from shuyuan.visits import queries, services
from shuyuan.visits.errors import Reason, VisitsRefused
from shuyuan.visits.models import EResourceImport, EResourcePlatform, EResourceUsage

pytestmark = pytest.mark.django_db
REPORT = "Month,Total_Item_Requests,Ebook_Loans\n2016-01,500,120\n2016-02,450,80\n"


def platform(**mapping: str) -> EResourcePlatform:
    return EResourcePlatform.objects.create(code="CX", name="超星", column_mapping=mapping)


def test_a_counter_report_is_stored_with_its_file_and_period():
    batch = services.import_usage(REPORT, platform=platform(), file_name="cx-2016.csv", at=NOW, by=None)
    assert (batch.file_name, batch.first_month, batch.last_month) == ("cx-2016.csv", date(2016, 1, 1), date(2016, 2, 1))
    assert EResourceUsage.objects.count() == 4


def test_a_platforms_own_column_names_follow_its_mapping():
    services.import_usage(
        "月份,借阅次数,下载量\n2016-03,30,70\n",
        platform=platform(借阅次数="Ebook_Loans", 下载量="Downloads"),
        file_name="x.csv",
        at=NOW,
        by=None,
    )
    assert queries.electronic_lendings(date(2016, 3, 1), date(2016, 3, 31)) == 30


def test_an_unknown_column_is_refused_and_nothing_is_stored():
    with pytest.raises(VisitsRefused) as refused:
        services.import_usage("月份,点击\n2016-03,30\n", platform=platform(), file_name="x.csv", at=NOW, by=None)
    assert refused.value.message == "列 点击 既不是 COUNTER 5 指标名，也不在该平台的列名对照中。"
    assert not EResourceImport.objects.exists()


def test_a_period_imported_before_is_replaced_only_when_asked_and_the_old_import_stays():
    cx = platform()
    services.import_usage(REPORT, platform=cx, file_name="a.csv", at=NOW, by=None)
    with pytest.raises(VisitsRefused) as refused:
        services.import_usage(REPORT.replace("120", "100"), platform=cx, file_name="b.csv", at=NOW, by=None)
    assert refused.value.reason == Reason.PERIOD_IMPORTED
    services.import_usage(REPORT.replace("120", "100"), platform=cx, file_name="b.csv", at=NOW, by=None, replace=True)
    assert EResourceImport.objects.count() == 2
    assert queries.electronic_lendings(date(2016, 1, 1), date(2016, 2, 29)) == 180


def test_e_book_lendings_are_counted_apart_and_with_print_loans():
    services.import_usage(REPORT, platform=platform(), file_name="a.csv", at=NOW, by=None)
    lendings = queries.lendings(date(2016, 1, 1), date(2016, 6, 30))
    assert (lendings.electronic, lendings.total) == (200, lendings.print_checkouts + lendings.print_checkins + 200)
