"""Staff's own notice texts: placeholders checked before saving, the last good text kept, the
editor's preview, and send_notices using the saved text."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import translation

from shuyuan.audit.models import AuditEntry
from shuyuan.circulation import notice_texts, services
from shuyuan.circulation.errors import TemplateRefused
from shuyuan.circulation.models import Notice, NoticeTemplate
from shuyuan.circulation.tests.test_notices import due_day, send_notices
from shuyuan.patrons import services as patron_services
from shuyuan.roles import Role
from shuyuan.testing.branches import NOW, make_staff
from shuyuan.testing.catalog import make_item, make_record
from shuyuan.testing.circulation import lend, make_rule
from shuyuan.testing.patrons import make_patron


def refusal(kind: str, text: str) -> str:
    with pytest.raises(TemplateRefused) as refused, translation.override("zh-hans"):
        notice_texts.check(kind, text)
    with translation.override("zh-hans"):
        return refused.value.message


# ---- checking and filling (no database) --------------------------------------------------------


def test_a_template_fills_its_placeholders():
    text = notice_texts.check("due_soon", "您借的{books}请在{due}前归还。")
    assert notice_texts.render(text, {"books": "《活着》", "due": "3月31日"}) == "您借的《活着》请在3月31日前归还。"


def test_an_unknown_placeholder_is_refused_naming_it():
    assert refusal("due_soon", "您借的{bookz}到期了") == "未知的占位符 {bookz}。"


def test_a_placeholder_of_another_kind_is_refused_saying_which_it_can_use():
    assert refusal("due_soon", "请到{branch}取书") == "这种通知没有占位符 {branch} 的值；可用的占位符：{books}、{due}。"


def test_an_unclosed_brace_is_refused_saying_where():
    assert refusal("due_soon", "{books}将于{due到期") == "第 10 个字符处的“{”没有配对的“}”。要写花括号本身，请写 {{。"


def test_a_lone_closing_brace_is_refused_saying_where():
    assert "第 3 个字符处的“}”前面没有“{”" in refusal("overdue", "请尽}快归还{books}")


def test_doubled_braces_are_braces_themselves():
    text = notice_texts.check("hold_expired", "{{提示}}{books}已过期")
    assert notice_texts.render(text, {"books": "《活着》"}) == "{提示}《活着》已过期"


@pytest.mark.parametrize("text", ["{books.__class__}", "{due:>30}", "{books!r}", "{0}", "{}"])
def test_the_format_language_is_not_understood(text):
    assert refusal("due_soon", text).startswith("未知的占位符")


def test_an_empty_template_is_refused():
    assert refusal("suspended", "   ") == "模板是空的。"


def test_a_template_with_control_characters_is_refused():
    assert refusal("suspended", "暂停借阅\x07{first}") == "模板含有控制字符。"


def test_a_too_long_template_is_refused():
    assert refusal("hold_expired", "很" * 301) == "模板超过 300 个字符。"


def test_the_built_in_texts_pass_their_own_check():
    with translation.override("zh-hans"):
        assert all(notice_texts.check(kind, notice_texts.default_template(kind)) for kind in notice_texts.DEFAULTS)


# ---- the service --------------------------------------------------------------------------------


def test_saving_a_template_is_audited_with_the_text_it_replaced(db):
    services.save_notice_template("hold_expired", "您对{books}的预约已过期。", at=NOW, by=None)
    entry = AuditEntry.objects.get(action="circulation.save_notice_template")
    assert entry.detail["kind"] == "hold_expired" and "{books}" in entry.detail["was"]


def test_a_refused_template_keeps_the_last_good_one(db):
    services.save_notice_template("due_soon", "{books}将于{due}到期。", at=NOW, by=None)
    with pytest.raises(TemplateRefused):
        services.save_notice_template("due_soon", "{books}将于{when}到期。", at=NOW, by=None)
    assert NoticeTemplate.objects.get(kind="due_soon").text == "{books}将于{due}到期。"


def test_resetting_goes_back_to_the_built_in_text(db):
    services.save_notice_template("due_soon", "{books}将于{due}到期。", at=NOW, by=None)
    services.reset_notice_template("due_soon", at=NOW, by=None)
    assert NoticeTemplate.objects.count() == 0


def test_send_notices_uses_the_saved_template(settings, branch, desk):
    settings.SHUYUAN = {**settings.SHUYUAN, "NOTICES": {"CHANNEL": "email", "SMS_SIGNATURE": "【书苑】"}}
    reader = make_patron("赵六", branch=branch, service_point=desk)
    patron_services.set_notice_channel(reader, channel="email", email="zhao6@example.cn", at=NOW, by=None)
    make_rule(loan_days=30)
    loan = lend(make_item(branch=branch, record=make_record(title="活着")), reader, at=NOW, service_point=desk)
    services.save_notice_template("due_soon", "亲爱的读者：{books}请在{due}前还。", at=NOW, by=None)
    send_notices(due_day(loan) - timedelta(days=3))
    assert mail.outbox[0].body == f"【书苑】亲爱的读者：《活着》请在{due_day(loan).month}月{due_day(loan).day}日前还。"


# ---- the editor ----------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, branch):
    client.force_login(make_staff(Role.CIRCULATION, branch))
    return client


def test_the_editor_shows_the_built_in_text_and_its_preview(staff_client):
    page = staff_client.get("/circulation/notices/templates/due_soon/").content.decode()
    assert ("{books}" in page, "《平凡的世界》" in page, "条短信" in page) == (True, True, True)


def test_the_live_preview_fills_a_draft_with_sample_values(staff_client):
    answer = staff_client.post("/circulation/notices/templates/overdue/preview/", {"text": "第{step}次催还{books}"})
    assert (answer.json()["ok"], answer.json()["text"].endswith("第2次催还《平凡的世界》")) == (True, True)


def test_the_live_preview_names_an_unknown_placeholder(staff_client):
    answer = staff_client.post("/circulation/notices/templates/overdue/preview/", {"text": "{书名}逾期了"})
    assert answer.json() == {"ok": False, "error": "未知的占位符 {书名}。"}


def test_the_editor_refuses_a_broken_template_and_says_the_old_one_stays(staff_client):
    response = staff_client.post("/circulation/notices/templates/due_soon/", {"text": "{books", "action": "save"})
    page = response.content.decode()
    assert (response.status_code, "没有配对的“}”" in page, "仍使用系统内置的文字" in page) == (400, True, True)
    assert NoticeTemplate.objects.count() == 0


def test_the_editor_saves_a_good_template(staff_client):
    staff_client.post("/circulation/notices/templates/hold_ready/", {"text": "{books}已到{branch}", "action": "save"})
    assert NoticeTemplate.objects.get(kind="hold_ready").text == "{books}已到{branch}"


def test_the_preview_button_does_not_save(staff_client):
    staff_client.post("/circulation/notices/templates/hold_ready/", {"text": "{books}已到馆", "action": "preview"})
    assert NoticeTemplate.objects.count() == 0


def test_an_unknown_kind_of_notice_is_not_found(staff_client):
    assert staff_client.get("/circulation/notices/templates/birthday/").status_code == 404


def test_the_list_of_texts_shows_who_changed_one(staff_client, branch):
    staff_client.post("/circulation/notices/templates/hold_ready/", {"text": "{books}已到{branch}", "action": "save"})
    page = staff_client.get("/circulation/notices/templates/").content.decode()
    assert ("{books}已到{branch}" in page, "系统内置文字" in page) == (True, True)


def test_the_editor_needs_the_permission_to_change_notice_texts(client, branch):
    client.force_login(make_staff(Role.CATALOGUING, branch))
    assert client.get("/circulation/notices/templates/due_soon/").status_code == 403


def test_notice_kinds_keep_their_placeholders_in_step_with_the_texts():
    assert set(notice_texts.ALLOWED) == set(notice_texts.DEFAULTS) == set(Notice.Kind.values)


def test_a_date_placeholder_reads_as_a_chinese_date():
    from shuyuan.circulation import sms

    with translation.override("zh-hans"):
        text = sms.compose("suspended", titles=[], detail={"first": "2016-03-01", "last": date(2016, 3, 9)}, step=0,
                           signature="", template="{first}至{last}暂停借阅")  # fmt: skip
    assert text == "3月1日至3月9日暂停借阅"


def test_every_kind_of_notice_has_an_e_mail_subject():
    assert set(notice_texts.SUBJECTS) == set(Notice.Kind.values)


# ---- the arrival of a suggested book (issue 14) -------------------------------------------------


def test_the_list_of_texts_shows_the_built_in_text_for_a_suggested_book(staff_client):
    page = staff_client.get("/circulation/notices/templates/").content.decode()
    assert ("荐购图书已到馆" in page, "您荐购的{books}已到馆，可登录读者账户预约，优先借阅。" in page) == (True, True)


def test_the_editor_saves_staffs_own_text_for_a_suggested_book(staff_client):
    text = "您荐购的{books}到了，请登录读者账户预约。"
    staff_client.post("/circulation/notices/templates/suggestion_arrived/", {"text": text, "action": "save"})
    assert NoticeTemplate.objects.get(kind="suggestion_arrived").text == text


def test_a_suggested_book_has_no_due_date_to_name():
    assert refusal("suggestion_arrived", "{books}请于{due}前借阅") == (
        "这种通知没有占位符 {due} 的值；可用的占位符：{books}。"
    )
