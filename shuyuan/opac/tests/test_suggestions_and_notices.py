"""The reader's purchase suggestions (荐购) and choice of notice channels in the OPAC account."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from shuyuan.acquisitions import services as acquisitions
from shuyuan.acquisitions.models import PurchaseSuggestion
from shuyuan.keys import decrypt
from shuyuan.patrons.models import Patron

from .conftest import Library


def suggest(client: Client, **fields: str):
    return client.post("/account/suggestions/", {"isbn": "", "title": "", **fields}, follow=True)


def test_a_reader_suggests_a_book_by_isbn(reader_client: Client, library: Library) -> None:
    suggest(reader_client, isbn="978-7-5366-9293-0")
    assert list(PurchaseSuggestion.objects.values_list("patron", "isbn")) == [(library.reader.pk, "9787536692930")]


def test_a_reader_suggests_a_book_by_description(reader_client: Client, library: Library) -> None:
    page = suggest(reader_client, title="三体", author="刘慈欣", note="孩子们想看").content.decode()
    assert ("谢谢" in page and "《三体》" in page, PurchaseSuggestion.objects.get().author) == (True, "刘慈欣")


def test_a_wrong_isbn_is_refused_in_chinese_and_nothing_is_kept(reader_client: Client, library: Library) -> None:
    response = suggest(reader_client, isbn="9787020002208", title="红楼梦")
    assert (response.status_code, "ISBN 无效" in response.content.decode(), PurchaseSuggestion.objects.count()) == (
        400,
        True,
        0,
    )


def test_a_suggestion_without_isbn_or_title_is_refused_in_chinese(reader_client: Client, library: Library) -> None:
    response = suggest(reader_client, author="刘慈欣")
    assert (response.status_code, "请填写 ISBN 或题名" in response.content.decode()) == (400, True)


def test_a_refused_suggestion_keeps_what_the_reader_typed(reader_client: Client, library: Library) -> None:
    page = suggest(reader_client, isbn="12345", author="刘慈欣").content.decode()
    assert 'value="刘慈欣"' in page


def test_markup_in_a_suggestion_is_kept_as_text(reader_client: Client, library: Library) -> None:
    page = suggest(reader_client, title="<script>alert(1)</script>").content.decode()
    assert "<script>alert(1)" not in page and PurchaseSuggestion.objects.get().title.startswith("<script>")


def test_the_reader_sees_the_librarys_answer(reader_client: Client, library: Library) -> None:
    suggest(reader_client, title="三体")
    acquisitions.decline_suggestion(PurchaseSuggestion.objects.get(), reason="馆内已有", at=timezone.now(), by=None)
    page = reader_client.get("/account/suggestions/").content.decode()
    assert "馆内已有" in page and "未采纳" in page


def test_the_account_page_shows_the_latest_suggestions_and_their_state(reader_client: Client, library: Library) -> None:
    suggest(reader_client, title="三体")
    page = reader_client.get("/account/").content.decode()
    assert "三体 · 待答复" in page


def test_another_readers_suggestions_are_not_shown(reader_client: Client, library: Library) -> None:
    acquisitions.suggest(library.other, title="王五想看的书", at=timezone.now(), by=library.other)
    page = reader_client.get("/account/suggestions/").content.decode()
    assert "王五想看的书" not in page and "还没有推荐过" in page


def test_suggesting_needs_a_reader_login(client: Client, library: Library) -> None:
    response = client.post("/account/suggestions/", {"title": "三体"})
    assert (response.status_code, PurchaseSuggestion.objects.count()) == (302, 0)


# ---- notice channels ----------------------------------------------------------------------------


def choose(client: Client, **fields: str):
    return client.post("/account/notices/", fields, follow=True)


def test_a_reader_chooses_e_mail_with_an_address(reader_client: Client, library: Library) -> None:
    choose(reader_client, channel="email", email="lisi@example.cn")
    reader = Patron.objects.get(pk=library.reader.pk)
    assert (reader.notice_channel, decrypt(reader.email_encrypted)) == ("email", "lisi@example.cn")


def test_the_address_shows_masked_afterwards(reader_client: Client, library: Library) -> None:
    choose(reader_client, channel="email", email="lisi@example.cn")
    page = reader_client.get("/account/notices/").content.decode()
    assert ("l***@example.cn" in page, "lisi@example.cn" in page) == (True, False)


def test_e_mail_without_an_address_is_refused_in_chinese(reader_client: Client, library: Library) -> None:
    response = choose(reader_client, channel="email")
    assert (response.status_code, "需要填写电子邮件地址" in response.content.decode()) == (400, True)


def test_a_wrong_address_is_refused_in_chinese(reader_client: Client, library: Library) -> None:
    response = choose(reader_client, channel="email", email="lisi@@example")
    assert (response.status_code, "不是有效的电子邮件地址" in response.content.decode()) == (400, True)


@pytest.mark.parametrize("channel", ["", "wechat", "<b>sms</b>"])
def test_an_unknown_channel_is_refused_in_chinese(reader_client: Client, library: Library, channel: str) -> None:
    response = choose(reader_client, channel=channel)
    assert (response.status_code, "请选择短信、电子邮件或不接收通知" in response.content.decode()) == (400, True)


def test_a_reader_turns_notices_off(reader_client: Client, library: Library) -> None:
    page = choose(reader_client, channel="none").content.decode()
    assert (Patron.objects.get(pk=library.reader.pk).notice_channel, "不接收通知" in page) == ("none", True)


def test_a_reader_removes_their_address(reader_client: Client, library: Library) -> None:
    choose(reader_client, channel="email", email="lisi@example.cn")
    choose(reader_client, channel="sms", forget_email="1")
    reader = Patron.objects.get(pk=library.reader.pk)
    assert (reader.notice_channel, reader.email_encrypted, reader.email_masked) == ("sms", "", "")


def test_a_form_field_cannot_change_another_readers_choice(reader_client: Client, library: Library) -> None:
    choose(reader_client, channel="none", patron=str(library.other.pk), pk=str(library.other.pk))
    assert Patron.objects.get(pk=library.other.pk).notice_channel == "sms"


def test_the_suggestions_page_writes_dates_in_the_readers_language(reader_client: Client, library: Library) -> None:
    suggest(reader_client, title="三体")
    PurchaseSuggestion.objects.update(created_at=timezone.make_aware(timezone.datetime(2026, 3, 5, 10)))
    chinese = reader_client.get("/account/suggestions/").content.decode()
    reader_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = reader_client.get("/account/suggestions/").content.decode()
    assert ("2026年3月5日" in chinese, "March 5, 2026" in english, "2026年3月5日" in english) == (True, True, False)


def test_an_arrived_suggestion_leads_the_reader_to_its_record_to_place_the_first_hold(
    reader_client: Client, library: Library
) -> None:
    suggest(reader_client, title="红楼梦")
    PurchaseSuggestion.objects.update(status=PurchaseSuggestion.Status.ARRIVED, record=library.record)
    page = reader_client.get("/account/suggestions/").content.decode()
    assert f'href="/record/{library.record.pk}/">抢先预约此书</a>' in page
