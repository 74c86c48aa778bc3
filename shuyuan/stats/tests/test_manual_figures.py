from datetime import date
from decimal import Decimal

import pytest

from shuyuan.stats.errors import StatsRefusal
from shuyuan.stats.models import ManualFigure
from shuyuan.stats.services import ImportRefused, enter_figure, import_figures
from shuyuan.stats.tests.factories import local
from shuyuan.testing.branches import make_branch

pytestmark = pytest.mark.django_db
AT = local(2016, 7, 1)


def csv(*lines: str) -> bytes:
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


def test_a_spreadsheet_of_last_years_figures_is_imported_with_its_source():
    branch = make_branch(code="LL01")
    content = csv(
        "指标,开始日期,结束日期,分馆,数值,来源",
        "外借册次,2015-01-01,2015-06-30,,330 000,2015年上半年工作总结",
        "seats,2015-01-01,2015-12-31,LL01,120,馆舍登记表",
    )
    done = import_figures(content, "2015.csv", at=AT, by=None)
    assert [(f.name, f.value, f.branch, f.source) for f in done] == [
        ("loans", Decimal("330000"), None, "2015年上半年工作总结"),
        ("seats", Decimal("120"), branch, "馆舍登记表"),
    ]


def test_every_garbled_cell_is_listed_with_its_reason_and_nothing_is_imported():
    content = csv(
        "指标,开始日期,结束日期,分馆,数值,来源",
        "外借册次,2015-13-01,2015-06-30,,abc,总结",
        "没有这个指标,2015-01-01,2015-06-30,XX99,-5,",
    )
    with pytest.raises(ImportRefused) as refused:
        import_figures(content, "2015.csv", at=AT, by=None)
    cells = [(c.row, c.column) for c in refused.value.cells]
    assert cells == [(2, "开始日期"), (2, "数值"), (3, "指标"), (3, "数值"), (3, "来源"), (3, "分馆")]
    assert all(c.reason for c in refused.value.cells)
    assert not ManualFigure.objects.exists()


def test_an_xlsx_file_is_read_like_a_csv_file():
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["指标", "开始日期", "结束日期", "分馆", "数值", "来源"])
    sheet.append(["area", date(2015, 1, 1), date(2015, 12, 31), None, 3200.5, "房产证"])
    stream = io.BytesIO()
    book.save(stream)
    (figure,) = import_figures(stream.getvalue(), "2015.xlsx", at=AT, by=None)
    assert (figure.name, figure.value, figure.first) == ("area", Decimal("3200.50"), date(2015, 1, 1))


def test_a_file_without_a_source_column_is_refused_naming_the_column():
    with pytest.raises(StatsRefusal) as refused:
        import_figures(csv("指标,开始日期,结束日期,数值", "area,2015-01-01,2015-12-31,1"), "x.csv", at=AT, by=None)
    assert "来源" in refused.value.message


def test_a_figure_without_a_source_is_refused():
    with pytest.raises(StatsRefusal):
        enter_figure("area", date(2015, 1, 1), date(2015, 12, 31), Decimal(1), source=" ", at=AT, by=None)


def test_entering_a_figure_again_replaces_it():
    enter_figure("area", date(2015, 1, 1), date(2015, 12, 31), Decimal(1), source="a", at=AT, by=None)
    enter_figure("area", date(2015, 1, 1), date(2015, 12, 31), Decimal(2), source="b", at=AT, by=None)
    assert list(ManualFigure.objects.values_list("value", "source")) == [(Decimal(2), "b")]
