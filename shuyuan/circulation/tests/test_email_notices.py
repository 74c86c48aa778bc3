"""E-mail beside SMS: send_notices honours each reader's choice (SMS, e-mail, no messages), sends
e-mail through Django's mail backend, and never lets an address reach a log or an error text."""

import logging
import smtplib
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command

from shuyuan.circulation import services, sms
from shuyuan.circulation.models import Notice
from shuyuan.circulation.tests.test_notices import (  # noqa: F401 (the gateway fixture)
    PHONE,
    SIGNATURE,
    due_day,
    gateway,
    nine,
    send_notices,
    sent_messages,
    sms_settings,
)
from shuyuan.patrons import services as patron_services
from shuyuan.patrons.models import Patron
from shuyuan.testing.branches import NOW
from shuyuan.testing.catalog import make_item, make_record
from shuyuan.testing.circulation import lend, make_rule
from shuyuan.testing.patrons import make_patron

ADDRESS = "zhao.liu@example.cn"


def email_only(settings, **changes):
    settings.SHUYUAN = {
        **settings.SHUYUAN,
        "NOTICES": {"CHANNEL": "email", "SMS_SIGNATURE": SIGNATURE, "EMAIL_FROM": "tongzhi@library.cn", **changes},
    }


def reader_choosing(channel: str, branch, desk, *, email: str = ADDRESS, name: str = "赵六") -> Patron:
    reader = make_patron(name, branch=branch, service_point=desk, phone=PHONE)
    if email:
        return patron_services.set_notice_channel(reader, channel=channel, email=email, at=NOW, by=None)
    Patron.objects.filter(pk=reader.pk).update(notice_channel=channel)
    reader.refresh_from_db()
    return reader


@pytest.fixture(autouse=True)
def rule(db):
    return make_rule(loan_days=30)


def lend_to(reader, branch, desk, title="活着"):
    return lend(make_item(branch=branch, record=make_record(title=title)), reader, at=NOW, service_point=desk)


def test_a_reader_who_chose_e_mail_gets_the_notice_by_e_mail(settings, branch, desk):
    email_only(settings)
    loan = lend_to(reader_choosing("email", branch, desk), branch, desk)
    send_notices(due_day(loan) - timedelta(days=3))
    message = mail.outbox[0]
    assert (message.to, message.from_email, message.subject) == (
        [ADDRESS],
        "tongzhi@library.cn",
        f"{SIGNATURE}借阅即将到期",
    )


def test_the_e_mail_says_what_the_sms_would_say(settings, branch, desk):
    email_only(settings)
    loan = lend_to(reader_choosing("email", branch, desk), branch, desk)
    send_notices(due_day(loan) - timedelta(days=3))
    assert mail.outbox[0].body.startswith(f"{SIGNATURE}您借阅的《活着》将于")


def test_a_sent_e_mail_is_recorded_with_its_channel(settings, branch, desk):
    email_only(settings)
    loan = lend_to(reader_choosing("email", branch, desk), branch, desk)
    send_notices(due_day(loan) - timedelta(days=3))
    assert Notice.objects.values_list("status", "channel").get() == (Notice.Status.SENT, "email")


def test_a_reader_who_chose_e_mail_without_an_address_is_marked_so(settings, branch, desk):
    email_only(settings)
    loan = lend_to(reader_choosing("email", branch, desk, email=""), branch, desk)
    out = send_notices(due_day(loan) - timedelta(days=3))
    assert (Notice.objects.get().status, len(mail.outbox), "无电子邮件地址：1 条" in out) == (
        Notice.Status.NO_EMAIL,
        0,
        True,
    )


def test_a_reader_who_chose_no_messages_gets_none_and_still_sees_the_notice(settings, branch, desk):
    email_only(settings)
    loan = lend_to(reader_choosing("none", branch, desk), branch, desk)
    send_notices(due_day(loan) - timedelta(days=3))
    assert (Notice.objects.get().status, len(mail.outbox)) == (Notice.Status.OPTED_OUT, 0)


def test_a_reader_whose_channel_is_not_configured_keeps_the_notice_waiting(settings, branch, desk):
    email_only(settings)
    loan = lend_to(make_patron("赵六", branch=branch, service_point=desk, phone=PHONE), branch, desk)
    out = send_notices(due_day(loan) - timedelta(days=3))
    assert (Notice.objects.get().status, "1 条通知等待尚未配置的通知方式" in out) == (Notice.Status.PENDING, True)


def test_with_both_channels_each_reader_is_told_their_way(settings, gateway, branch, desk):  # noqa: F811
    settings.SHUYUAN["NOTICES"]["CHANNEL"] = "sms_http,email"
    by_sms = make_patron("钱七", branch=branch, service_point=desk, phone=PHONE)
    by_email = reader_choosing("email", branch, desk)
    loans = [lend_to(by_sms, branch, desk, "活着"), lend_to(by_email, branch, desk, "围城")]
    send_notices(due_day(loans[0]) - timedelta(days=3))
    assert ("《活着》" in sent_messages(gateway)[0], len(gateway.requests), mail.outbox[0].to) == (True, 1, [ADDRESS])


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({ADDRESS: (550, f"<{ADDRESS}>: mailbox unavailable".encode())})


def test_a_refused_e_mail_is_retried_and_its_address_never_reaches_a_log(settings, branch, desk, caplog):
    email_only(settings)
    settings.EMAIL_BACKEND = "shuyuan.circulation.tests.test_email_notices.RefusingBackend"
    loan = lend_to(reader_choosing("email", branch, desk), branch, desk)
    with caplog.at_level(logging.DEBUG):
        out = send_notices(due_day(loan) - timedelta(days=3))
    notice = Notice.objects.get()
    assert (notice.status, notice.last_error) == (Notice.Status.FAILED, "mail: refused")
    assert ADDRESS not in caplog.text + out + notice.last_error


def test_the_staff_page_says_why_an_e_mail_failed_in_chinese():
    from django.utils import translation

    with translation.override("zh-hans"):
        assert (sms.describe_error("mail: refused"), sms.describe_error("mail: error (SMTPDataError)")) == (
            "邮件服务器拒收此邮件",
            "邮件发送出错（SMTPDataError）",
        )


def test_an_unknown_channel_in_the_list_is_a_configuration_error(settings, db):
    settings.SHUYUAN = {**settings.SHUYUAN, "NOTICES": {"CHANNEL": "sms_http,fax"}}
    with pytest.raises(CommandError, match="fax"):
        call_command("send_notices", stdout=StringIO())


def test_a_sender_that_is_no_address_is_a_configuration_error():
    with pytest.raises(sms.ImproperlyConfigured, match="EMAIL_FROM"):
        sms.load_config({"CHANNEL": "email", "EMAIL_FROM": "the library"})


def test_the_channel_list_is_read_with_spaces_and_without_repeats():
    config = sms.load_config(sms_settings("http://sms.example.cn/send", CHANNEL=" sms_http , email,sms_http"))
    assert config.channels == ("sms_http", "email")


def test_a_notice_claimed_for_a_channel_that_is_not_configured_is_tried_again_later(settings, branch, desk):
    from shuyuan.circulation.services.notices import bundles, claim_notices, deliver

    email_only(settings)
    loan = lend_to(reader_choosing("email", branch, desk), branch, desk)
    services.create_reminders(at=nine(due_day(loan) - timedelta(days=3)), by=None)
    claimed = claim_notices(at=nine(due_day(loan) - timedelta(days=3)), max_attempts=3)
    result = deliver(bundles(claimed.notices)[0], sms.channels_for(sms.load_config({"CHANNEL": "none"})), signature="")
    assert (result.status, result.error) == (Notice.Status.FAILED, "channel not configured")
