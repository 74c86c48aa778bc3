from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shuyuan.circulation.models import Hold
from shuyuan.opac.readers import SEEN_KEY
from shuyuan.patrons.models import Patron

from .conftest import Library, log_in


def test_a_reader_logs_in_with_card_and_pin_and_sees_the_loans(reader_client: Client, library: Library) -> None:
    page = reader_client.get("/account/").content.decode()
    assert "红楼梦" in page and "李四" in page


def test_a_wrong_pin_is_refused_and_locks_after_five_tries(client: Client, library: Library) -> None:
    for _try in range(5):
        response = log_in(client, library.reader, "000000")
        assert response.status_code == 400
    assert "锁定" in response.content.decode()
    assert log_in(client, library.reader).status_code == 400  # even the right PIN, while locked


def test_an_unknown_card_is_refused_with_a_message(client: Client, library: Library) -> None:
    response = client.post("/account/login/", {"identifier": "<b>' OR 1=1", "pin": "1"})
    assert response.status_code == 400 and "不正确" in response.content.decode()


def test_the_login_does_not_tell_an_unknown_card_from_a_wrong_pin(client: Client, library: Library) -> None:
    def error(identifier: str) -> str:
        page = client.post("/account/login/", {"identifier": identifier, "pin": "000000"}).content.decode()
        return page[page.index('role="alert"') :].split("</p>")[0]

    assert error(library.reader.card_number) == error("LLR99999990")


def test_the_account_asks_for_a_login_without_one(client: Client, library: Library) -> None:
    assert client.get("/account/")["Location"].startswith("/account/login/")


def test_an_idle_session_expires_with_a_message(reader_client: Client, library: Library) -> None:
    session = reader_client.session
    session[SEEN_KEY] = (timezone.now() - timedelta(hours=1)).timestamp()
    session.save()
    response = reader_client.get("/account/", follow=True)
    assert "登录已过期" in response.content.decode()


def test_a_staff_login_is_no_reader_login(admin_client: Client, library: Library) -> None:
    assert admin_client.get("/account/").status_code == 302


def test_renewing_one_loan_moves_its_due_date(reader_client: Client, library: Library) -> None:
    before = library.loan.due_at
    reader_client.post(f"/account/loans/{library.loan.pk}/renew/")
    library.loan.refresh_from_db()
    assert library.loan.due_at > before


def test_renew_all_renews_the_readers_loans(reader_client: Client, library: Library) -> None:
    reader_client.post("/account/loans/renew-all/")
    library.loan.refresh_from_db()
    library.other_loan.refresh_from_db()
    assert library.loan.renewals == 1 and library.other_loan.renewals == 0


def test_a_hold_is_placed_with_a_pickup_branch_and_shows_its_place(reader_client: Client, library: Library) -> None:
    response = reader_client.post(
        f"/account/holds/place/{library.other_record.pk}/", {"pickup_branch": library.branch.code}, follow=True
    )
    assert Hold.objects.filter(patron=library.reader, record=library.other_record).exists()
    assert "排队第 1 位" in response.content.decode()


def test_the_reader_cancels_their_own_hold(reader_client: Client, library: Library) -> None:
    reader_client.post(f"/account/holds/place/{library.other_record.pk}/", {"pickup_branch": library.branch.code})
    hold = Hold.objects.get(patron=library.reader)
    reader_client.post(f"/account/holds/{hold.pk}/cancel/")
    hold.refresh_from_db()
    assert hold.status == Hold.Status.CANCELLED


@pytest.mark.parametrize(
    "url",
    ["/account/holds/{hold}/cancel/", "/account/loans/{loan}/renew/"],
)
def test_another_readers_loan_or_hold_is_not_found(reader_client: Client, library: Library, url: str) -> None:
    response = reader_client.post(url.format(hold=library.other_hold.pk, loan=library.other_loan.pk))
    assert response.status_code == 404
    library.other_hold.refresh_from_db()
    library.other_loan.refresh_from_db()
    assert library.other_hold.status == Hold.Status.WAITING and library.other_loan.renewals == 0


@pytest.mark.parametrize(
    "url",
    [
        "/account/",
        "/account/ecard/",
        "/account/history/",
        "/account/pin/",
        "/account/suggestions/",
        "/account/notices/",
    ],
)
def test_no_account_page_shows_another_readers_data(reader_client: Client, library: Library, url: str) -> None:
    page = reader_client.get(url, {"patron": library.other.pk, "id": library.other.pk}).content.decode()
    assert "王五" not in page and library.other.card_number not in page and "西游记" not in page


def test_reading_history_is_off_by_default_and_the_reader_turns_it_on(reader_client: Client, library: Library) -> None:
    assert library.reader.keeps_reading_history is False
    reader_client.post("/account/history/", {"keep": "1"})
    assert Patron.objects.get(pk=library.reader.pk).keeps_reading_history is True


def test_the_reader_changes_the_pin(reader_client: Client, library: Library) -> None:
    reader_client.post("/account/pin/", {"current": "802461", "new": "518273", "again": "518273"})
    reader_client.post("/account/logout/")
    assert log_in(reader_client, library.reader, "518273").status_code == 302


def test_a_pending_reader_is_told_to_confirm_at_the_desk(client: Client, library: Library) -> None:
    Patron.objects.filter(pk=library.reader.pk).update(status=Patron.Status.PENDING)
    log_in(client, library.reader)
    assert "待确认" in client.get("/account/").content.decode()


def test_account_pages_are_never_cached(reader_client: Client, library: Library) -> None:
    assert "no-store" in reader_client.get("/account/")["Cache-Control"]


def test_the_ecard_page_reloads_itself_without_an_inline_script(reader_client: Client, library: Library) -> None:
    page = reader_client.get("/account/ecard/").content.decode()
    assert 'data-refresh="60"' in page and "ecard.js" in page and "<script>" not in page


def test_a_reader_whose_old_pin_must_change_changes_it_first(client: Client, library: Library) -> None:
    Patron.objects.filter(pk=library.reader.pk).update(pin_change_required=True)
    log_in(client, library.reader)
    assert client.get("/account/")["Location"] == "/account/pin/"
    client.post("/account/pin/", {"current": "802461", "new": "518273", "again": "518273"})
    assert client.get("/account/").status_code == 200
