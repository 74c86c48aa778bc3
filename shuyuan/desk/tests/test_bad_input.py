"""Every kind of bad input at the desk gets a clear Chinese message and changes nothing."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from shuyuan.circulation.models import CirculationEvent, Loan
from shuyuan.patrons import services as patron_services
from shuyuan.patrons.models import Patron
from shuyuan.testing.patrons import make_patron


def nothing_happened() -> bool:
    return (
        not Loan.objects.exists()
        and not CirculationEvent.objects.exclude(kind="checkout").filter(kind__in=["checkin", "in_house_use"]).exists()
    )


def test_an_unknown_barcode_says_so(send, reader):
    send(reader.card_number)
    answer = send("BK999999")
    assert not answer["ok"] and answer["message"] == "没有这个条码的单册。"
    assert nothing_happened()


def test_a_reader_card_scanned_in_returns_mode_is_refused(send, reader):
    answer = send(reader.card_number, mode="return")
    assert not answer["ok"] and answer["message"] == "这是读者证：此模式下请扫描图书。"
    assert nothing_happened()


def test_an_item_scanned_where_a_reader_is_expected_asks_for_the_card(send, books):
    answer = send(books[0].barcode)
    assert not answer["ok"] and answer["message"] == "请先扫描读者证，再扫描图书。"
    assert nothing_happened()


def test_a_card_reported_lost_is_refused_and_no_reader_is_served(send, reader, books):
    card = reader.cards.get(value=reader.card_number)
    patron_services.report_lost(card, replace=False, at=timezone.now(), by=None)
    answer = send(reader.card_number)
    assert not answer["ok"] and answer["message"] == "此证已挂失。"
    assert send(books[0].barcode)["kind"] == "no_reader"
    assert nothing_happened()


def test_an_expired_reader_is_shown_but_may_not_borrow(send, reader, books):
    Patron.objects.filter(pk=reader.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    answer = send(reader.card_number)
    assert answer["kind"] == "reader" and not answer["ok"] and "读者证已过期。" in answer["reasons"]
    lent = send(books[0].barcode)
    assert not lent["ok"] and lent["message"] == "读者证已过期。"
    assert nothing_happened()


def test_an_erased_reader_is_not_found(send, reader, clerk):
    from shuyuan.lifecycle.services import erase_patron

    card = reader.card_number
    erase_patron(reader, at=timezone.now(), by=clerk, reason="读者申请删除")
    answer = send(card)
    assert not answer["ok"]
    assert answer["message"] in ("没有读者使用此证号或证件号码。", "没有此读者证，也没有此条码的单册。")
    assert nothing_happened()


def test_an_item_on_loan_to_someone_else_is_refused(send, reader, books, branch, point):
    from shuyuan.testing.circulation import lend

    other = make_patron("王五", branch=branch, service_point=point, at=timezone.now())
    lend(books[0], other, at=timezone.now(), service_point=point)
    send(reader.card_number)
    answer = send(books[0].barcode)
    assert not answer["ok"] and answer["message"] == "该书已被借出。"
    assert Loan.objects.get(item=books[0]).patron == other


def test_control_characters_in_a_scan_are_refused(send, reader):
    send(reader.card_number)
    answer = send("LL0000\x00\x1b0001")
    assert not answer["ok"] and answer["message"] == "扫描内容含有控制字符，请重新扫描。"
    assert nothing_happened()


def test_a_scan_of_two_hundred_characters_is_refused(send, reader):
    send(reader.card_number)
    answer = send("9" * 200)
    assert not answer["ok"] and answer["message"] == "扫描内容太长，不是读者证或条码，请重新扫描。"
    assert nothing_happened()


def test_a_scanners_prefix_and_suffix_do_not_stop_the_loan(send, reader, books):
    send(reader.card_number)
    answer = send(f"]C1{books[0].barcode}\r\n")
    assert answer["ok"] and Loan.objects.filter(item=books[0]).count() == 1


def test_a_double_submission_acts_once(send, reader, books):
    send(reader.card_number)
    send(books[0].barcode, client_id="twice-000001")
    send(books[0].barcode, client_id="twice-000001")
    assert Loan.objects.filter(item=books[0]).count() == 1
    assert CirculationEvent.objects.filter(kind="checkout").count() == 1


def test_a_scan_after_the_login_expired_is_answered_401_and_not_acted_on(point, books):
    response = Client().post(
        "/desk/scan/",
        {"client_id": "expired-00001", "session": "session-1", "mode": "lend", "value": books[0].barcode},
        content_type="application/json",
    )
    assert response.status_code == 401 and response.json()["login"].startswith("/login/")
    assert nothing_happened()


def test_a_request_without_a_client_id_is_refused(client_in):
    response = client_in.post("/desk/scan/", {"session": "session-1", "mode": "lend"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["message"] == "无法读取此请求。"
