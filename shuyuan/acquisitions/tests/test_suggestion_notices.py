"""A suggested book arrives (issue 14 item 4): each reader who asked is told once, by the channel
they chose, through circulation's notices, and send_notices delivers it like any other notice."""

import logging
from datetime import timedelta

import pytest
from django.core import mail

from shuyuan.acquisitions import services
from shuyuan.acquisitions.models import Order, PurchaseSuggestion
from shuyuan.audit import log
from shuyuan.circulation import services as circulation
from shuyuan.circulation.models import Notice
from shuyuan.circulation.tests.test_notices import (  # noqa: F401 (the gateway fixture)
    PHONE,
    SIGNATURE,
    gateway,
    send_notices,
    sent_messages,
)
from shuyuan.lifecycle.services import erase_patron
from shuyuan.patrons import services as patron_services
from shuyuan.patrons.models import Patron
from shuyuan.testing.acquisitions import (
    NOW,
    barcode_list,
    isbn13,
    make_fund,
    make_order,
    make_vendor,
    vendor_marc,
)
from shuyuan.testing.catalog import make_collection, make_item_type
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db

ARRIVED = Notice.Kind.SUGGESTION_ARRIVED
TOMORROW = NOW.date() + timedelta(days=1)


def suggested(patron: Patron, n: int = 1, title: str = "乡土中国") -> PurchaseSuggestion:
    return services.suggest(patron, isbn=isbn13(n), title=title, at=NOW, by=None)


def order_of(suggestions: list[PurchaseSuggestion], quantity: int = 1) -> Order:
    for suggestion in suggestions:  # accepting one answers every reader of its title
        suggestion.refresh_from_db()
        if suggestion.status == PurchaseSuggestion.Status.PENDING:
            services.accept_suggestion(suggestion, at=NOW, by=None)
    accepted = list(PurchaseSuggestion.objects.filter(pk__in=[s.pk for s in suggestions]))
    specs = services.lines_from_suggestions(accepted, collection=make_collection(), item_type=make_item_type())
    for spec in specs:
        spec.quantity = quantity
    return services.place_order(make_vendor(), make_fund(), specs, source=Order.Source.SUGGESTIONS, at=NOW, by=None)


def arrive(suggestions: list[PurchaseSuggestion], quantity: int = 1) -> Order:
    order = order_of(suggestions, quantity)
    for line in order.lines.all():
        services.receive(line, 1, at=NOW, by=None)
    return order


def told() -> list[tuple[int, str, str]]:
    return list(Notice.objects.filter(kind=ARRIVED).order_by("patron_id").values_list("patron_id", "kind", "status"))


def choosing_email(patron: Patron, address: str = "li.si@example.cn") -> Patron:
    return patron_services.set_notice_channel(patron, channel="email", email=address, at=NOW, by=None)


# ---- the notice ---------------------------------------------------------------------------------


def test_receiving_the_book_of_an_accepted_suggestion_writes_a_notice_to_the_reader():
    reader = make_patron(phone=PHONE)
    arrive([suggested(reader)])
    assert told() == [(reader.pk, ARRIVED, Notice.Status.PENDING)]


def test_the_notice_names_the_title_and_the_record_to_place_the_first_hold_on():
    suggestion = suggested(make_patron(phone=PHONE))
    arrive([suggestion])
    suggestion.refresh_from_db()
    assert Notice.objects.get(kind=ARRIVED).detail == {"title": "乡土中国", "record": suggestion.record_id}


def test_every_reader_who_asked_for_the_title_is_told():
    readers = [make_patron(phone=PHONE) for _ in range(3)]
    arrive([suggested(reader) for reader in readers])
    assert [patron for patron, _, _ in told()] == sorted(reader.pk for reader in readers)


def test_a_reader_who_suggested_the_title_twice_is_told_once():
    reader = make_patron(phone=PHONE)
    arrive([suggested(reader), suggested(reader)])
    assert len(told()) == 1


def test_a_second_receipt_of_the_title_does_not_tell_the_reader_again():
    order = order_of([suggested(make_patron(phone=PHONE))], quantity=2)
    line = order.lines.get()
    services.receive(line, 1, at=NOW, by=None)
    services.receive(line, 1, at=NOW + timedelta(days=1), by=None)
    assert len(told()) == 1


def test_a_suggestion_ordered_but_not_yet_received_tells_nobody():
    order_of([suggested(make_patron(phone=PHONE))])
    assert told() == []


def test_only_the_readers_of_the_title_received_are_told():
    first, second = make_patron(phone=PHONE), make_patron(phone=PHONE)
    order = order_of([suggested(first, 1, "乡土中国"), suggested(second, 2, "边城")])
    services.receive(order.lines.get(isbn=isbn13(1)), 1, at=NOW, by=None)
    assert [patron for patron, _, _ in told()] == [first.pk]


def test_a_declined_suggestion_tells_nobody_when_the_library_buys_the_title_anyway():
    services.decline_suggestion(suggested(make_patron(phone=PHONE)), reason="馆藏已有新版", at=NOW, by=None)
    order = make_order([isbn13(1)], quantity=1)
    services.receive(order.lines.get(), 1, at=NOW, by=None)
    assert (told(), order.lines.get().received) == ([], 1)


def test_a_reader_who_chose_no_messages_is_not_told():
    reader = patron_services.set_notice_channel(make_patron(phone=PHONE), channel="none", at=NOW, by=None)
    other = make_patron(phone=PHONE)
    arrive([suggested(reader), suggested(other)])
    assert [patron for patron, _, _ in told()] == [other.pk]


def test_an_erased_reader_is_not_told():
    erased, other = make_patron(phone=PHONE), make_patron(phone=PHONE)
    order = order_of([suggested(erased), suggested(other)])
    erase_patron(erased, at=NOW, by=None, reason="读者申请删除个人信息")
    services.receive(order.lines.get(), 1, at=NOW, by=None)
    assert [patron for patron, _, _ in told()] == [other.pk]


def test_a_reader_merged_into_another_record_is_told_on_the_record_kept():
    from shuyuan.lifecycle import services as lifecycle
    from shuyuan.patrons.models import PatronCategory
    from shuyuan.testing.patrons import make_category

    kept = make_patron(phone=PHONE)
    merged = make_patron(id_number=None, category=make_category(PatronCategory.Kind.GROUP), contact_name="张三")
    order = order_of([suggested(merged)])
    lifecycle.merge(kept, merged, at=NOW, by=None)
    services.receive(order.lines.get(), 1, at=NOW, by=None)
    assert [patron for patron, _, _ in told()] == [kept.pk]


def test_receiving_a_vendors_shipment_tells_the_reader_too():
    reader = make_patron(phone=PHONE)
    order = order_of([suggested(reader)])
    marc = vendor_marc([isbn13(1)], title_of=lambda isbn: "乡土中国")
    services.receive_batch(order, marc, barcode_list([isbn13(1)], 1), at=NOW, by=None)
    assert told() == [(reader.pk, ARRIVED, Notice.Status.PENDING)]


def test_no_notice_stays_when_the_receipt_is_undone(monkeypatch):
    order = order_of([suggested(make_patron(phone=PHONE))])
    record = log.record

    def failing(action, **kwargs):
        if action == "acquisitions.receive":
            raise RuntimeError("the receipt fails after the suggestions were marked arrived")
        return record(action, **kwargs)

    monkeypatch.setattr(log, "record", failing)
    with pytest.raises(RuntimeError):
        services.receive(order.lines.get(), 1, at=NOW, by=None)
    assert (told(), PurchaseSuggestion.objects.get().status) == ([], PurchaseSuggestion.Status.ORDERED)


# ---- delivery ----------------------------------------------------------------------------------


def test_send_notices_texts_the_reader_the_title_and_the_first_hold(gateway):  # noqa: F811
    arrive([suggested(make_patron(phone=PHONE))])
    send_notices(TOMORROW)
    assert sent_messages(gateway) == [f"{SIGNATURE}您荐购的《乡土中国》已到馆，可登录读者账户预约，优先借阅。"]


def test_the_sms_goes_to_the_readers_own_phone_as_a_suggestion_notice(gateway):  # noqa: F811
    arrive([suggested(make_patron(phone=PHONE))])
    send_notices(TOMORROW)
    body = gateway.requests[0]["json"]
    assert (body["phone"], body["kind"], Notice.objects.get(kind=ARRIVED).status) == (PHONE, ARRIVED, "sent")


def test_each_reader_who_asked_gets_their_own_message(gateway):  # noqa: F811
    phones = ["13912345678", "13812345678"]
    arrive([suggested(make_patron(phone=phone)) for phone in phones])
    send_notices(TOMORROW)
    assert sorted(r["json"]["phone"] for r in gateway.requests) == sorted(phones)


def test_a_reader_who_chose_e_mail_is_told_by_e_mail(gateway, settings):  # noqa: F811
    notices = {**settings.SHUYUAN["NOTICES"], "CHANNEL": "sms_http,email", "EMAIL_FROM": "tongzhi@library.cn"}
    settings.SHUYUAN = {**settings.SHUYUAN, "NOTICES": notices}
    arrive([suggested(choosing_email(make_patron(phone=PHONE)))])
    send_notices(TOMORROW)
    message = mail.outbox[0]
    assert (message.to, message.subject, "《乡土中国》" in message.body, gateway.requests) == (
        ["li.si@example.cn"],
        f"{SIGNATURE}荐购图书已到馆",
        True,
        [],
    )


def test_staffs_own_text_for_the_arrival_is_sent(gateway):  # noqa: F811
    circulation.save_notice_template("suggestion_arrived", "好消息：{books}到了，快来预约！", at=NOW, by=None)
    arrive([suggested(make_patron(phone=PHONE))])
    send_notices(TOMORROW)
    assert sent_messages(gateway) == [f"{SIGNATURE}好消息：《乡土中国》到了，快来预约！"]


def test_the_phone_never_reaches_the_log(gateway, caplog):  # noqa: F811
    arrive([suggested(make_patron(phone=PHONE))])
    with caplog.at_level(logging.DEBUG):
        send_notices(TOMORROW)
    assert (len(gateway.requests), PHONE in caplog.text) == (1, False)
