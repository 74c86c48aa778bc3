from django.test import Client

from .conftest import Library


def test_the_record_page_says_where_each_copy_is(client: Client, library: Library) -> None:
    page = client.get(f"/record/{library.record.pk}/").content.decode()
    assert "总馆二楼 综合书库 I242.4/12" in page


def test_a_copy_on_loan_shows_its_due_date_and_the_holds(client: Client, library: Library) -> None:
    page = client.get(f"/record/{library.record.pk}/").content.decode()
    due = library.loan.due_at
    assert f"{due.year}年" in page and "借出" in page


def test_an_unknown_record_is_a_404(client: Client, library: Library) -> None:
    assert client.get("/record/999999/").status_code == 404


def test_the_shelf_lists_the_neighbours_in_shelving_order(client: Client, library: Library) -> None:
    page = client.get("/shelf/", {"call_number": "I242.4/12"}).content.decode()
    assert page.index("红楼梦") < page.index("西游记")
