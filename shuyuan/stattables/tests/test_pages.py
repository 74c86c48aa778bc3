"""The table pages: injection through every parameter is refused before anything is counted, a branch
account sees only its branch, and a table is saved, opened again and exported."""

import csv
import io

import pytest
from openpyxl import load_workbook

from shuyuan.audit.models import AuditEntry
from shuyuan.roles import Role
from shuyuan.stats.figures import MEASURES
from shuyuan.stattables.models import SavedTable
from shuyuan.stattables.tests.factories import lend_many, local, make_library
from shuyuan.testing.branches import make_staff

pytestmark = pytest.mark.django_db

BUILD = "/tables/build/"
TABLE = {"measure": "loans", "by": "branch", "period": "custom", "first": "2016-03-01", "last": "2016-03-31"}
PAYLOADS = ["' OR '1'='1", "loans; DROP TABLE circulation_loan; --", "branch) FROM auth_user --", "<script>x</script>"]


@pytest.fixture
def library():
    library = make_library()
    lend_many(library.novel, library.central_desk, 3, local(2016, 3, 2))
    lend_many(library.history, library.davinci_desk, 2, local(2016, 3, 3))
    return library


@pytest.fixture
def director(client):
    client.force_login(make_staff(Role.DIRECTOR, all_branches=True))
    return client


def table_cells(page: str) -> str:
    return page.split('class="result"', 1)[1].split("</table>", 1)[0] if 'class="result"' in page else ""


@pytest.mark.parametrize("parameter", ["measure", "by", "filter", "filter_name", "period", "first", "last", "branch"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_through_any_parameter_is_refused_and_counts_nothing(director, library, parameter, payload):
    query = {**TABLE, parameter: payload}
    if parameter == "filter_name":
        query["filter_value"] = "I"
    response = director.get(BUILD, query)
    page = response.content.decode()
    assert (response.status_code, 'id="refusal"' in page, table_cells(page)) == (400, True, "")


def test_a_filter_value_with_sql_is_refused(director, library):
    response = director.get(BUILD, {**TABLE, "filter_name": "clc_class", "filter_value": "I' OR 1=1 --"})
    assert (response.status_code, "不是列表中的代码" in response.content.decode()) == (400, True)


def test_the_director_sees_every_branch(director, library):
    page = director.get(BUILD, TABLE).content.decode()
    cells = table_cells(page)
    assert ("总馆" in cells, "达芬奇画室分馆" in cells, "<th>5</th>" in cells) == (True, True, True)


def test_a_branch_account_sees_only_its_branch(client, library):
    client.force_login(make_staff(Role.STATISTICS, library.davinci))
    cells = table_cells(client.get(BUILD, {**TABLE, "branch": ""}).content.decode())
    assert ("达芬奇画室分馆" in cells, "总馆" in cells, "<td>2</td>" in cells) == (True, False, True)


def test_a_branch_account_asking_for_another_branch_is_refused(client, library):
    client.force_login(make_staff(Role.STATISTICS, library.davinci))
    response = client.get(BUILD, {**TABLE, "branch": library.central.code})
    page = response.content.decode()
    assert (response.status_code, "您只能查看本分馆的统计数据。" in page, table_cells(page)) == (400, True, "")


def test_a_saved_table_of_the_whole_library_shows_a_branch_account_its_branch_only(client, director, library):
    director.post("/tables/save/", {**TABLE, "branch": "", "name": "三月外借", "is_shared": "1"})
    saved = SavedTable.objects.get(name="三月外借")
    client.force_login(make_staff(Role.STATISTICS, library.davinci))
    cells = table_cells(client.get(f"/tables/{saved.pk}/").content.decode())
    assert ("达芬奇画室分馆" in cells, "总馆" in cells) == (True, False)


def test_saving_keeps_only_the_allowed_names(director, library):
    response = director.post("/tables/save/", {**TABLE, "name": "按分馆"})
    saved = SavedTable.objects.get()
    assert (response.status_code, saved.measure, saved.dimensions, saved.period) == (302, "loans", ["branch"], "custom")


def test_saving_a_table_with_an_injected_figure_saves_nothing(director, library):
    director.post("/tables/save/", {**TABLE, "measure": "loans'--", "name": "坏表"})
    assert SavedTable.objects.count() == 0


def test_a_saved_row_altered_in_the_database_is_refused_when_opened(director, library):
    director.post("/tables/save/", {**TABLE, "name": "按分馆"})
    SavedTable.objects.update(dimensions=["branch_id) FROM auth_user --"])
    page = director.get(f"/tables/{SavedTable.objects.get().pk}/").content.decode()
    assert ("不能按" in page, table_cells(page)) == (True, "")


def test_the_excel_file_reads_back_with_the_figures_and_the_definition(director, library):
    response = director.get(BUILD, {**TABLE, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]
    loans = MEASURES["loans"]
    assert (rows[4], rows[5], rows[6], rows[7], rows[9]) == (
        ["分馆", f"{loans.label}（{loans.unit}）"],
        ["总馆", 3],
        ["达芬奇画室分馆", 2],
        ["合计", 5],
        ["统计口径", str(loans.definition)],
    )


def test_the_csv_file_reads_back_with_the_figures(director, library):
    response = director.get(BUILD, {**TABLE, "export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (rows[2], rows[5:8]) == (["分馆", "全部分馆"], [["总馆", "3"], ["达芬奇画室分馆", "2"], ["合计", "5"]])


def test_each_download_is_in_the_audit_log(director, library):
    director.get(BUILD, {**TABLE, "export": "csv"})
    assert AuditEntry.objects.filter(action="stattables.export", detail__format="csv").count() == 1
