"""send_notices: reminders it creates, and delivery to a real SMS gateway over HTTP on 127.0.0.1."""

import json
import logging
import threading
import time as clock
from datetime import date, datetime, time, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from shuyuan.circulation import services, sms
from shuyuan.circulation.models import Channel, Loan, Notice
from shuyuan.circulation.rules import reminder_windows
from shuyuan.keys import encrypt
from shuyuan.roles import Role
from shuyuan.testing.branches import make_staff
from shuyuan.testing.catalog import make_item, make_record
from shuyuan.testing.circulation import give_back, lend, make_rule
from shuyuan.testing.patrons import make_patron

PHONE = "13912345678"
SIGNATURE = "【醴陵市图书馆】"


# ---- a real SMS gateway ------------------------------------------------------------------------


class Gateway(ThreadingHTTPServer):
    """Records every request; answers each with the next of ``answers`` (then ``default``):
    "ok" (200), "error" (500), "refuse" (200 with ok: false) or "timeout" (answers too late)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), GatewayHandler)
        self.requests: list[dict] = []
        self.answers: list[str] = []
        self.default = "ok"
        self.main_connection = connections["default"]  # this thread's connection, not the proxy
        self.in_transaction: list[bool] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/sms/send"

    def next_answer(self) -> str:
        return self.answers.pop(0) if self.answers else self.default

    def handle_error(self, request, client_address) -> None:
        pass  # the client hung up on a late answer: that is the point of the timeout test


class GatewayHandler(BaseHTTPRequestHandler):
    server: Gateway

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"path": self.path, "headers": dict(self.headers), "json": body})
        self.server.in_transaction.append(self.server.main_connection.in_atomic_block)
        answer = self.server.next_answer()
        if answer == "timeout":
            clock.sleep(1.0)
        status, reply = {
            "ok": (200, {"ok": True, "id": "m1"}),
            "timeout": (200, {"ok": True}),
            "error": (500, {"error": "internal"}),
            "refuse": (200, {"ok": False, "error": "isv.MOBILE_NUMBER_ILLEGAL", "phone": body["phone"]}),
        }[answer]
        data = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def gateway(settings):
    server = Gateway()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SHUYUAN = {**settings.SHUYUAN, "NOTICES": sms_settings(server.url)}
    yield server
    server.shutdown()
    server.server_close()


def sms_settings(url: str, **changes) -> dict:
    return {
        "CHANNEL": "sms_http",
        "SMS_URL": url,
        "SMS_TOKEN": "t0ken",
        "SMS_SIGNATURE": SIGNATURE,
        "TIMEOUT": 0.3,
        "DUE_SOON_DAYS": 3,
        "OVERDUE_EVERY_DAYS": 7,
        "OVERDUE_MAX": 3,
        "MAX_ATTEMPTS": 3,
        **changes,
    }


# ---- helpers -----------------------------------------------------------------------------------


@pytest.fixture
def phoned_reader(branch, desk):
    return make_patron("赵六", branch=branch, service_point=desk, phone=PHONE)


@pytest.fixture
def loan(branch, desk, phoned_reader, now) -> Loan:
    make_rule(loan_days=30)
    item = make_item(branch=branch, record=make_record(title="平凡的世界（全三册）茅盾文学奖获奖作品"))
    return lend(item, phoned_reader, at=now, service_point=desk)


def due_day(loan: Loan) -> date:
    return timezone.localdate(loan.due_at)


def nine(day: date) -> datetime:
    return datetime.combine(day, time(9), tzinfo=timezone.get_current_timezone())


def remind(day: date, **settings) -> services.notices.Created:
    return services.create_reminders(at=nine(day), by=None, **settings)


def send_notices(day: date) -> str:
    out = StringIO()
    call_command("send_notices", at=nine(day).isoformat(), stdout=out)
    return out.getvalue()


def sent_messages(gateway: Gateway) -> list[str]:
    return [r["json"]["message"] for r in gateway.requests]


# ---- reminders ---------------------------------------------------------------------------------


def test_a_loan_due_in_three_days_gets_a_due_soon_reminder(loan):
    remind(due_day(loan) - timedelta(days=3))
    assert list(Notice.objects.values_list("kind", "loan", "step")) == [(Notice.Kind.DUE_SOON, loan.pk, 0)]


def test_a_loan_due_in_four_days_gets_no_reminder_yet(loan):
    assert remind(due_day(loan) - timedelta(days=4)).total == 0


def test_running_the_reminders_twice_a_day_creates_nothing_more(loan):
    remind(due_day(loan) - timedelta(days=3))
    again = remind(due_day(loan) - timedelta(days=3))
    assert (again.total, Notice.objects.count()) == (0, 1)


def test_a_day_without_the_job_is_caught_up_with_one_reminder(loan):
    remind(due_day(loan) - timedelta(days=2))
    remind(due_day(loan) - timedelta(days=1))
    assert Notice.objects.filter(kind=Notice.Kind.DUE_SOON).count() == 1


def test_the_database_refuses_a_second_reminder_for_the_same_loan_and_step(loan, now):
    fields = {"patron": loan.patron, "kind": Notice.Kind.OVERDUE, "loan": loan, "due_at": loan.due_at, "step": 1}
    Notice.objects.create(created_at=now, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(created_at=now, **fields)


def test_a_loan_made_today_gets_no_due_soon_reminder_today(branch, desk, phoned_reader, now):
    make_rule(loan_days=2)
    lend(make_item(branch=branch), phoned_reader, at=now, service_point=desk)
    assert remind(timezone.localdate(now)).total == 0


def test_the_first_overdue_reminder_comes_the_day_after_the_due_date(loan):
    on_due_day = remind(due_day(loan)).overdue
    next_day = remind(due_day(loan) + timedelta(days=1)).overdue
    assert (on_due_day, next_day) == (0, 1)


def test_overdue_reminders_repeat_every_seven_days_three_times_at_most(loan):
    days = [due_day(loan) + timedelta(days=n) for n in range(1, 40)]
    reminded = [n for n, day in enumerate(days, start=1) if remind(day, due_soon_days=0).overdue]
    assert reminded == [1, 8, 15]


def test_the_overdue_interval_and_count_follow_the_settings(loan):
    days = [due_day(loan) + timedelta(days=n) for n in range(1, 20)]
    reminded = [n for n, day in enumerate(days, start=1) if remind(day, overdue_every_days=2, overdue_max=2).overdue]
    assert reminded == [1, 3]


def test_a_renewed_loan_is_reminded_again_before_its_new_due_date(loan, now):
    remind(due_day(loan) - timedelta(days=3))
    renewed = services.renew(loan, at=nine(due_day(loan) - timedelta(days=2)), by=None, channel=Channel.OPAC)
    remind(due_day(renewed) - timedelta(days=3))
    assert Notice.objects.filter(kind=Notice.Kind.DUE_SOON).count() == 2


def test_group_loans_get_reminders_like_any_loan(branch, desk, station, now):
    make_rule(patron_category=station.category, loan_days=90, max_loans=500, max_loans_of_type=500)
    items = [make_item(branch=branch) for _ in range(3)]
    loans = services.group_checkout(items, station, at=now, by=None, service_point=desk, channel=Channel.DESK)
    assert remind(due_day(loans[0]) - timedelta(days=3)).due_soon == 3


def test_the_reminder_windows_of_the_default_settings():
    windows = reminder_windows(date(2016, 3, 31), due_soon_days=3, overdue_every_days=7, overdue_max=3)
    assert [(w.kind, w.step, w.first.isoformat(), w.last.isoformat()) for w in windows] == [
        ("due_soon", 0, "2016-03-31", "2016-04-03"),
        ("overdue", 1, "2016-03-24", "2016-03-30"),
        ("overdue", 2, "2016-03-17", "2016-03-23"),
        ("overdue", 3, "2016-03-10", "2016-03-16"),
    ]


# ---- delivery ----------------------------------------------------------------------------------


def test_a_due_soon_reminder_is_posted_to_the_gateway_with_the_readers_phone(gateway, loan):
    send_notices(due_day(loan) - timedelta(days=3))
    body = gateway.requests[0]["json"]
    assert (body["phone"], body["kind"], body["reference"]) == (PHONE, "due_soon", f"notice-{Notice.objects.get().pk}")


def test_the_gateway_gets_the_token_as_a_bearer_authorization(gateway, loan):
    send_notices(due_day(loan) - timedelta(days=3))
    assert gateway.requests[0]["headers"]["Authorization"] == "Bearer t0ken"


def test_the_text_is_chinese_with_signature_short_title_and_due_date(gateway, loan):
    send_notices(date(2016, 3, 28))
    assert sent_messages(gateway) == [
        f"{SIGNATURE}您借阅的《平凡的世界（全三册）茅…》将于3月31日到期，请按时归还或续借。"
    ]


def test_the_text_fits_in_one_sms(gateway, loan):
    send_notices(due_day(loan) - timedelta(days=3))
    assert len(sent_messages(gateway)[0]) <= 70


def test_an_overdue_reminder_says_which_reminder_it_is(gateway, loan):
    send_notices(due_day(loan) + timedelta(days=8))
    assert "（第2次催还）" in sent_messages(gateway)[0]


def test_a_delivered_notice_is_recorded_as_sent(gateway, loan):
    send_notices(due_day(loan) - timedelta(days=3))
    notice = Notice.objects.get()
    assert (notice.status, notice.channel, notice.attempts, notice.sent_at) == (
        Notice.Status.SENT,
        "sms_http",
        1,
        nine(due_day(loan) - timedelta(days=3)),
    )


def test_a_sent_notice_is_not_sent_again_on_the_next_run(gateway, loan):
    send_notices(due_day(loan) - timedelta(days=3))
    send_notices(due_day(loan) - timedelta(days=2))
    assert len(gateway.requests) == 1


def test_reminders_of_one_reader_due_the_same_day_go_out_as_one_sms(gateway, branch, desk, phoned_reader, now):
    make_rule(loan_days=30)
    loans = [lend(make_item(branch=branch), phoned_reader, at=now, service_point=desk) for _ in range(3)]
    send_notices(due_day(loans[0]) - timedelta(days=3))
    assert (len(gateway.requests), "等3册" in sent_messages(gateway)[0]) == (1, True)


def test_a_hold_ready_notice_is_delivered_with_its_pickup_branch(gateway, branch, desk, phoned_reader, reader, now):
    book = make_item(branch=branch, record=make_record(title="活着"))
    lend(book, reader, at=now, service_point=desk)
    services.place_hold(book.record, phoned_reader, pickup_branch=branch, at=now, by=None, channel=Channel.OPAC)
    give_back(book, at=now + timedelta(days=5), service_point=desk)
    send_notices(date(2016, 3, 6))
    assert sent_messages(gateway) == [f"{SIGNATURE}您预约的《活着》已到{branch.name}，请于3月13日前借取。"]


def test_a_failed_notice_is_retried_on_the_next_run(gateway, loan):
    gateway.answers = ["error"]
    send_notices(due_day(loan) - timedelta(days=3))
    first = Notice.objects.get()
    send_notices(due_day(loan) - timedelta(days=2))
    notice = Notice.objects.get()
    assert (first.status, first.last_error, notice.status, notice.attempts, len(gateway.requests)) == (
        Notice.Status.FAILED,
        "HTTP 500",
        Notice.Status.SENT,
        2,
        2,
    )


def test_a_failed_notice_is_not_retried_within_the_same_run(gateway, loan):
    gateway.default = "error"
    send_notices(due_day(loan) - timedelta(days=3))
    assert len(gateway.requests) == 1


def test_a_notice_is_given_up_after_the_last_attempt(gateway, loan):
    gateway.default = "error"
    for n in (3, 2, 1, 0):
        send_notices(due_day(loan) - timedelta(days=n))
    notice = Notice.objects.get()
    assert (notice.status, notice.attempts, len(gateway.requests), notice.given_up_at is not None) == (
        Notice.Status.GIVEN_UP,
        3,
        3,
        True,
    )


def test_a_gateway_that_answers_too_late_is_a_failure(gateway, loan):
    gateway.answers = ["timeout"]
    send_notices(due_day(loan) - timedelta(days=3))
    notice = Notice.objects.get()
    assert (notice.status, notice.last_error) == (Notice.Status.FAILED, "timeout")


def test_a_refusal_in_the_gateways_answer_is_a_failure(gateway, loan):
    gateway.answers = ["refuse"]
    send_notices(due_day(loan) - timedelta(days=3))
    notice = Notice.objects.get()
    assert (notice.status, notice.last_error) == (
        Notice.Status.FAILED,
        "refused by the gateway (HTTP 200, isv.MOBILE_NUMBER_ILLEGAL)",
    )


def test_a_gateway_that_is_down_is_a_failure(settings, loan):
    settings.SHUYUAN = {**settings.SHUYUAN, "NOTICES": sms_settings("http://127.0.0.1:9/sms")}
    send_notices(due_day(loan) - timedelta(days=3))
    notice = Notice.objects.get()
    assert (notice.status, notice.last_error) == (Notice.Status.FAILED, "connection refused")


def test_one_failed_notice_does_not_stop_the_others(gateway, branch, desk, now):
    make_rule(loan_days=30)
    readers = [make_patron(f"读者{n}", branch=branch, service_point=desk, phone=f"1381234000{n}") for n in range(3)]
    loans = [lend(make_item(branch=branch), reader, at=now, service_point=desk) for reader in readers]
    gateway.answers = ["error"]
    send_notices(due_day(loans[0]) - timedelta(days=3))
    statuses = sorted(Notice.objects.values_list("status", flat=True))
    assert statuses == [Notice.Status.FAILED, Notice.Status.SENT, Notice.Status.SENT]


def test_a_reader_without_a_phone_is_marked_so_and_not_retried(gateway, branch, desk, reader, now):
    make_rule(loan_days=30)
    loan = lend(make_item(branch=branch), reader, at=now, service_point=desk)
    send_notices(due_day(loan) - timedelta(days=3))
    send_notices(due_day(loan) - timedelta(days=2))
    notice = Notice.objects.get()
    assert (notice.status, notice.attempts, gateway.requests) == (Notice.Status.NO_PHONE, 1, [])


def test_a_landline_cannot_receive_an_sms():
    assert sms.mobile_number(encrypt("0731-23456789")) is None


def test_a_minor_without_a_phone_is_reached_on_the_guardians_mobile():
    assert sms.mobile_number("", encrypt("+86 139 1234 5678")) == PHONE


def test_a_notice_about_a_returned_book_is_withdrawn_not_sent(gateway, loan, desk):
    gateway.answers = ["error"]
    send_notices(due_day(loan) - timedelta(days=3))
    give_back(loan.item, at=nine(due_day(loan) - timedelta(days=2)), service_point=desk)
    send_notices(due_day(loan) - timedelta(days=2))
    assert (Notice.objects.get().status, len(gateway.requests)) == (Notice.Status.WITHDRAWN, 1)


def test_a_batch_whose_notices_were_all_withdrawn_does_not_end_the_run(gateway, branch, desk, now):
    make_rule(loan_days=30)
    readers = [make_patron(f"读者{n}", branch=branch, service_point=desk, phone=f"1381234000{n}") for n in range(2)]
    loans = [lend(make_item(branch=branch), reader, at=now, service_point=desk) for reader in readers]
    day = due_day(loans[0]) - timedelta(days=3)
    remind(day)
    give_back(loans[0].item, at=nine(day), service_point=desk)
    config = sms.load_config()
    services.deliver_notices(sms.channels_for(config), at=nine(day), signature=SIGNATURE, max_attempts=3, batch=1)
    assert sorted(Notice.objects.values_list("status", flat=True)) == [Notice.Status.SENT, Notice.Status.WITHDRAWN]


def test_the_phone_number_never_reaches_the_log(gateway, branch, desk, phoned_reader, now, caplog):
    make_rule(loan_days=30)
    loans = [
        lend(make_item(branch=branch), phoned_reader, at=now + timedelta(days=n), service_point=desk) for n in range(4)
    ]
    gateway.answers = ["error", "refuse", "timeout", "ok"]
    with caplog.at_level(logging.DEBUG):
        out = "".join(send_notices(due_day(loan) - timedelta(days=3)) for loan in loans)
    errors = "".join(Notice.objects.values_list("last_error", flat=True))
    assert (len(caplog.records) >= 4, PHONE in caplog.text + out + errors) == (True, False)


def test_the_gateway_is_called_outside_any_database_transaction(transactional_db, settings, gateway):
    from shuyuan.testing.branches import NOW, make_branch
    from shuyuan.testing.circulation import make_desk

    desk = make_desk(make_branch())
    make_rule(loan_days=30)
    patron = make_patron("钱七", branch=desk.branch, service_point=desk, phone=PHONE)
    loan = lend(make_item(branch=desk.branch), patron, at=NOW, service_point=desk)
    send_notices(due_day(loan) - timedelta(days=3))
    assert gateway.in_transaction == [False]


# ---- the command -------------------------------------------------------------------------------


def test_the_summary_counts_created_sent_failed_and_no_phone_in_chinese(gateway, branch, desk, reader, loan, now):
    lend(make_item(branch=branch), reader, at=now, service_point=desk)
    out = send_notices(due_day(loan) - timedelta(days=3))
    assert out.strip() == (
        "已生成提醒：即将到期 2 条，逾期催还 0 条。 已发送：1 条（短信 1 条，电子邮件 0 封）；"
        "发送失败：0 条（下次运行时重试）；已放弃：0 条；无手机号：1 条；"
        "无电子邮件地址：0 条；不接收通知：0 条；已无需发送：0 条。"
    )


def test_with_the_channel_none_notices_wait_unsent(settings, loan):
    settings.SHUYUAN = {**settings.SHUYUAN, "NOTICES": {"CHANNEL": "none"}}
    out = send_notices(due_day(loan) - timedelta(days=3))
    assert (Notice.objects.get().status, "1 条通知未发送" in out) == (Notice.Status.PENDING, True)


def test_an_unknown_channel_is_a_configuration_error(settings, db):
    settings.SHUYUAN = {**settings.SHUYUAN, "NOTICES": {"CHANNEL": "fax"}}
    with pytest.raises(CommandError, match="fax"):
        call_command("send_notices", stdout=StringIO())


def test_an_sms_channel_without_a_gateway_address_is_a_configuration_error(settings, db):
    settings.SHUYUAN = {**settings.SHUYUAN, "NOTICES": sms_settings("")}
    with pytest.raises(CommandError, match="SMS_URL"):
        call_command("send_notices", stdout=StringIO())


def test_an_sms_channel_without_a_signature_is_a_configuration_error():
    with pytest.raises(sms.ImproperlyConfigured, match="SMS_SIGNATURE"):
        sms.load_config(sms_settings("http://sms.example.cn/send", SMS_SIGNATURE=""))


def test_notices_older_than_the_retention_period_are_deleted(loan, now):
    remind(due_day(loan) - timedelta(days=3))
    services.purge_notices(at=nine(due_day(loan) + timedelta(days=60)), by=None)
    kept = Notice.objects.count()
    services.purge_notices(at=nine(due_day(loan) + timedelta(days=90)), by=None)
    assert (kept, Notice.objects.count()) == (1, 0)


# ---- the staff page ----------------------------------------------------------------------------


def test_the_staff_page_lists_notices_with_masked_phones(client, branch, loan):
    remind(due_day(loan) - timedelta(days=3))
    client.force_login(make_staff(Role.CIRCULATION, branch))
    page = client.get("/circulation/notices/").content.decode()
    assert ("139****5678" in page, PHONE in page, "即将到期" in page) == (True, False, True)


def test_the_staff_page_says_why_a_notice_failed_in_chinese(client, branch, loan):
    remind(due_day(loan) - timedelta(days=3))
    Notice.objects.update(status=Notice.Status.FAILED, last_error="refused by the gateway (HTTP 200, quota.exceeded)")
    client.force_login(make_staff(Role.CIRCULATION, branch))
    page = client.get("/circulation/notices/").content.decode()
    assert "短信网关拒收此短信（HTTP 200，错误代码 quota.exceeded）" in page


@pytest.mark.parametrize(
    ("stored", "chinese", "english"),
    [
        ("HTTP 503", "短信网关返回 HTTP 503", "the SMS gateway answered HTTP 503"),
        ("timeout", "短信网关未在规定时间内应答", "the SMS gateway did not answer in time"),
        ("connection refused", "短信网关拒绝连接", "the SMS gateway refused the connection"),
        ("network error (OSError)", "网络错误（OSError）", "network error (OSError)"),
        (
            "refused by the gateway (HTTP 200)",
            "短信网关拒收此短信（HTTP 200）",
            "the SMS gateway refused the message (HTTP 200)",
        ),
        ("interrupted", "发送过程被中断", "the sending run was interrupted"),
        ("something else", "something else", "something else"),
    ],
)
def test_a_stored_delivery_error_is_said_in_the_staffs_language(stored, chinese, english):
    from django.utils import translation

    with translation.override("zh-hans"):
        assert sms.describe_error(stored) == chinese
    with translation.override("en"):
        assert sms.describe_error(stored) == english


def test_the_staff_page_filters_by_kind(client, branch, loan):
    remind(due_day(loan) - timedelta(days=3))
    client.force_login(make_staff(Role.CIRCULATION, branch))
    page = client.get("/circulation/notices/?kind=overdue").content.decode()
    assert "139****5678" not in page


def test_the_staff_page_needs_the_permission_to_view_notices(client, branch):
    client.force_login(make_staff(Role.CATALOGUING, branch))
    assert client.get("/circulation/notices/").status_code == 403
