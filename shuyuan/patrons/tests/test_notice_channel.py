"""The reader's choice of notice channel (SMS, e-mail, none) and their e-mail address: encrypted at
rest, masked on screen, revealed only through the audited reveal, never in the audit log."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation

from shuyuan.audit.models import AuditEntry
from shuyuan.keys import decrypt
from shuyuan.patrons import services
from shuyuan.patrons.errors import PatronRefused, Reason
from shuyuan.patrons.masking import mask_email
from shuyuan.patrons.models import Patron
from shuyuan.testing.branches import NOW, make_staff
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db
ADDRESS = "zhangsan@163.com"


def choose(patron: Patron, channel: str, **email: str) -> Patron:
    return services.set_notice_channel(patron, channel=channel, **email, at=NOW, by=None)


def refusal(patron: Patron, channel: str, **email: str) -> PatronRefused:
    with pytest.raises(PatronRefused) as refused:
        choose(patron, channel, **email)
    return refused.value


def test_a_reader_is_told_by_sms_unless_they_choose_otherwise() -> None:
    assert make_patron().notice_channel == Patron.NoticeChannel.SMS


def test_choosing_e_mail_keeps_the_address_encrypted_and_masked() -> None:
    patron = choose(make_patron(), "email", email=ADDRESS)
    row = Patron.objects.filter(pk=patron.pk).values().get()
    assert (decrypt(patron.email_encrypted), patron.email_masked, patron.notice_channel) == (
        ADDRESS,
        "z*******@163.com",
        "email",
    )
    assert not [k for k, v in row.items() if isinstance(v, str) and ADDRESS in v]


def test_an_address_typed_with_an_input_method_is_cleaned() -> None:
    patron = choose(make_patron(), "email", email=" ｚｈａｎｇｓａｎ＠ＥＸＡＭＰＬＥ.cn ")
    assert decrypt(patron.email_encrypted) == "zhangsan@example.cn"


def test_e_mail_without_an_address_is_refused_in_chinese() -> None:
    refused = refusal(make_patron(), "email")
    with translation.override("zh-hans"):
        assert (refused.reason, refused.message) == (
            Reason.EMAIL_REQUIRED,
            "选择电子邮件接收通知，需要填写电子邮件地址。",
        )


@pytest.mark.parametrize("address", ["zhangsan", "zhang@", "@163.com", "张三@163", "a b@163.com\n"])
def test_an_address_that_is_no_address_is_refused_in_chinese(address: str) -> None:
    refused = refusal(make_patron(), "email", email=address + "@@")
    with translation.override("zh-hans"):
        assert refused.message == "这不是有效的电子邮件地址。"


def test_an_unknown_channel_is_refused() -> None:
    assert refusal(make_patron(), "wechat").reason == Reason.CHANNEL_UNKNOWN


def test_a_refused_choice_changes_nothing() -> None:
    patron = choose(make_patron(), "email", email=ADDRESS)
    refusal(patron, "email", email="not an address")
    patron.refresh_from_db()
    assert (patron.notice_channel, decrypt(patron.email_encrypted)) == ("email", ADDRESS)


def test_the_stored_address_serves_when_none_is_typed() -> None:
    patron = choose(choose(make_patron(), "email", email=ADDRESS), "none")
    assert choose(patron, "email").notice_channel == "email"


def test_removing_the_address_of_a_reader_told_by_e_mail_is_refused() -> None:
    patron = choose(make_patron(), "email", email=ADDRESS)
    assert refusal(patron, "email", email="").reason == Reason.EMAIL_REQUIRED


def test_choosing_no_messages_is_audited_without_the_address() -> None:
    patron = choose(make_patron(), "email", email=ADDRESS)
    choose(patron, "none", email="")
    details = list(
        AuditEntry.objects.filter(action="patron.notice_channel").order_by("pk").values_list("detail", flat=True)
    )
    assert details == [{"channel": "email", "email_changed": True}, {"channel": "none", "email_changed": True}]
    assert ADDRESS not in str(list(AuditEntry.objects.values_list("detail", "object_repr")))


def test_revealing_the_address_is_audited() -> None:
    patron = choose(make_patron(), "email", email=ADDRESS)
    user = make_staff("circulation")
    user.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
    user = type(user).objects.get(pk=user.pk)
    assert services.reveal(patron, what="email", reason="核对邮箱", at=NOW, by=user) == ADDRESS
    assert AuditEntry.objects.get(action="patron.reveal").detail == {"field": "email", "reason": "核对邮箱"}


def test_the_staff_reader_page_shows_the_masked_address_and_the_choice(client) -> None:
    patron = choose(make_patron(), "email", email=ADDRESS)
    client.force_login(make_staff("circulation", patron.home_branch))
    page = client.get(f"/patrons/{patron.pk}/").content.decode()
    assert ("z*******@163.com" in page, ADDRESS in page, "电子邮件" in page) == (True, False, True)


@pytest.mark.parametrize(
    ("address", "masked"), [("zhangsan@163.com", "z*******@163.com"), ("a@qq.com", "*@qq.com"), ("nobody", "******")]
)
def test_an_address_is_masked_but_for_its_first_character_and_domain(address: str, masked: str) -> None:
    assert mask_email(address) == masked
