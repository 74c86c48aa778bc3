"""Every message formats to exactly the bytes a kiosk expects: widths, order, terminators."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from shuyuan.sip2 import messages as m

T = datetime(2016, 4, 19, 12, 20, 8)
D = "20160419    122008"
DUE = datetime(2016, 5, 19, 23, 59, 59)

CASES = [
    (
        m.LoginRequest(login_user_id="kiosk1", login_password="secret", location_code="lib"),
        b"9300CNkiosk1|COsecret|CPlib|",
    ),
    (m.LoginResponse(ok=True), b"941"),
    (m.ScStatus(status_code="0", max_print_width=40, protocol_version="2.00"), b"9900402.00"),
    (
        m.AcsStatus(
            timeout_period=30,
            retries_allowed=3,
            date_time_sync=T,
            institution_id="HN01",
            library_name="书苑图书馆",
            supported_messages="YYYYYYYYYYYYYYYY",
            terminal_location="一楼",
        ),
        f"98YYYYNN030003{D}2.00AOHN01|AM书苑图书馆|BXYYYYYYYYYYYYYYYY|AN一楼|".encode(),
    ),
    (m.RequestAcsResend(), b"97"),
    (m.RequestScResend(), b"96"),
    (
        m.PatronStatusRequest(
            language="019",
            transaction_date=T,
            institution_id="HN01",
            patron_id="P1",
            terminal_password="",
            patron_password="1234",
        ),
        f"23019{D}AOHN01|AAP1|AC|AD1234|".encode(),
    ),
    (
        m.PatronStatusResponse(
            patron_status=m.PatronStatus(charge_privileges_denied=True, card_reported_lost=True),
            language="019",
            transaction_date=T,
            institution_id="HN01",
            patron_id="P1",
            personal_name="张三",
            valid_patron=True,
            valid_patron_password=False,
            currency_type="CNY",
            fee_amount=Decimal("2.50"),
            screen_messages=("密码错误",),
        ),
        f"24Y   Y         019{D}AOHN01|AAP1|AE张三|BLY|CQN|BHCNY|BV2.50|AF密码错误|".encode(),
    ),
    (
        m.PatronInformationRequest(
            language="019",
            transaction_date=T,
            summary="  Y       ",
            institution_id="HN01",
            patron_id="P1",
            patron_password="1234",
            start_item=1,
            end_item=5,
        ),
        f"63019{D}  Y       AOHN01|AAP1|AD1234|BP1|BQ5|".encode(),
    ),
    (
        m.PatronInformationResponse(
            language="019",
            transaction_date=T,
            hold_items_count=1,
            charged_items_count=2,
            institution_id="HN01",
            patron_id="P1",
            personal_name="张三",
            charged_items_limit=10,
            valid_patron=True,
            valid_patron_password=True,
            charged_items=("B1", "B2"),
            screen_messages=("欢迎",),
        ),
        f"64              019{D}000100000002000000000000AOHN01|AAP1|AE张三|CB0010|BLY|CQY|AUB1|AUB2|AF欢迎|".encode(),
    ),
    (
        m.PatronEnableRequest(transaction_date=T, institution_id="HN01", patron_id="P1"),
        f"25{D}AOHN01|AAP1|".encode(),
    ),
    (
        m.PatronEnableResponse(
            language="019",
            transaction_date=T,
            institution_id="HN01",
            patron_id="P1",
            personal_name="张三",
            valid_patron=True,
        ),
        f"26              019{D}AOHN01|AAP1|AE张三|BLY|".encode(),
    ),
    (
        m.BlockPatron(
            card_retained=True,
            transaction_date=T,
            institution_id="HN01",
            blocked_card_message="card left",
            patron_id="P1",
        ),
        f"01Y{D}AOHN01|ALcard left|AAP1|AC|".encode(),
    ),
    (
        m.EndPatronSessionRequest(transaction_date=T, institution_id="HN01", patron_id="P1"),
        f"35{D}AOHN01|AAP1|".encode(),
    ),
    (
        m.EndSessionResponse(end_session=True, transaction_date=T, institution_id="HN01", patron_id="P1"),
        f"36Y{D}AOHN01|AAP1|".encode(),
    ),
    (
        m.CheckoutRequest(
            sc_renewal_policy=True,
            transaction_date=T,
            institution_id="HN01",
            patron_id="P1",
            item_id="B1",
            patron_password="1234",
            fee_acknowledged=False,
        ),
        f"11YN{D}{' ' * 18}AOHN01|AAP1|ABB1|AC|AD1234|BON|".encode(),
    ),
    (
        m.CheckoutResponse(
            ok=True,
            renewal_ok=False,
            magnetic_media=False,
            desensitize=True,
            transaction_date=T,
            institution_id="HN01",
            patron_id="P1",
            item_id="B1",
            title_id="红楼梦",
            due_date="20160519    235959",
            media_type="001",
            print_lines=("红楼梦 2016-05-19",),
        ),
        f"121NNY{D}AOHN01|AAP1|ABB1|AJ红楼梦|AH20160519    235959|CK001|AG红楼梦 2016-05-19|".encode(),
    ),
    (
        m.CheckinRequest(
            transaction_date=T, return_date=T, current_location="desk", institution_id="HN01", item_id="B1"
        ),
        f"09N{D}{D}APdesk|AOHN01|ABB1|AC|".encode(),
    ),
    (
        m.CheckinResponse(
            ok=True,
            resensitize=True,
            magnetic_media=False,
            alert=True,
            transaction_date=T,
            institution_id="HN01",
            item_id="B1",
            permanent_location="总馆外借处",
            sort_bin="2",
            destination_location="画室分馆",
            alert_type="04",
        ),
        f"101YNY{D}AOHN01|ABB1|AQ总馆外借处|CL2|CT画室分馆|CV04|".encode(),
    ),
    (
        m.ItemInformationRequest(transaction_date=T, institution_id="HN01", item_id="B1"),
        f"17{D}AOHN01|ABB1|".encode(),
    ),
    (
        m.ItemInformationResponse(
            circulation_status="04",
            security_marker="02",
            fee_type="01",
            transaction_date=T,
            hold_queue_length=0,
            due_date="20160519    235959",
            item_id="B1",
            title_id="红楼梦",
            permanent_location="总馆外借处",
        ),
        f"18040201{D}CF0|AH20160519    235959|ABB1|AJ红楼梦|AQ总馆外借处|".encode(),
    ),
    (
        m.ItemStatusUpdateRequest(transaction_date=T, institution_id="HN01", item_id="B1", item_properties="tag"),
        f"19{D}AOHN01|ABB1|CHtag|".encode(),
    ),
    (
        m.ItemStatusUpdateResponse(item_properties_ok=True, transaction_date=T, item_id="B1", item_properties="tag"),
        f"201{D}ABB1|CHtag|".encode(),
    ),
    (
        m.RenewRequest(transaction_date=T, nb_due_date=DUE, institution_id="HN01", patron_id="P1", item_id="B1"),
        f"29NN{D}20160519    235959AOHN01|AAP1|ABB1|".encode(),
    ),
    (
        m.RenewResponse(
            ok=False,
            renewal_ok=False,
            transaction_date=T,
            institution_id="HN01",
            patron_id="P1",
            item_id="B1",
            screen_messages=("已达续借次数上限",),
        ),
        f"300NUU{D}AOHN01|AAP1|ABB1|AJ|AH|AF已达续借次数上限|".encode(),
    ),
    (
        m.RenewAllRequest(transaction_date=T, institution_id="HN01", patron_id="P1"),
        f"65{D}AOHN01|AAP1|".encode(),
    ),
    (
        m.RenewAllResponse(
            ok=True,
            renewed_count=2,
            unrenewed_count=1,
            transaction_date=T,
            institution_id="HN01",
            renewed_items=("B1", "B2"),
            unrenewed_items=("B3",),
        ),
        f"66100020001{D}AOHN01|BMB1|BMB2|BNB3|".encode(),
    ),
    (
        m.HoldRequest(
            hold_mode="+",
            transaction_date=T,
            expiration_date=DUE,
            pickup_location="总馆",
            hold_type="2",
            institution_id="HN01",
            patron_id="P1",
            title_id="红楼梦",
        ),
        f"15+{D}BW20160519    235959|BS总馆|BY2|AOHN01|AAP1|AJ红楼梦|".encode(),
    ),
    (
        m.HoldResponse(
            ok=True,
            available=False,
            transaction_date=T,
            queue_position=3,
            institution_id="HN01",
            patron_id="P1",
            title_id="红楼梦",
        ),
        f"161N{D}BR3|AOHN01|AAP1|AJ红楼梦|".encode(),
    ),
    (
        m.FeePaidRequest(
            transaction_date=T,
            fee_type="04",
            payment_type="00",
            currency_type="CNY",
            fee_amount=Decimal("1.00"),
            institution_id="HN01",
            patron_id="P1",
            transaction_id="T9",
        ),
        f"37{D}0400CNYBV1.00|AOHN01|AAP1|BKT9|".encode(),
    ),
    (
        m.FeePaidResponse(
            payment_accepted=True,
            transaction_date=T,
            institution_id="HN01",
            patron_id="P1",
            transaction_id="T9",
        ),
        f"38Y{D}AOHN01|AAP1|BKT9|".encode(),
    ),
]


def test_the_table_covers_every_message_of_sip2_2_00():
    assert {type(message).code for message, _ in CASES} == set(m.MESSAGE_TYPES)


@pytest.mark.parametrize(("message", "expected"), CASES, ids=[type(c[0]).__name__ for c in CASES])
def test_each_message_formats_to_its_exact_bytes(message, expected):
    assert m.format_message(message) == expected + b"\r"


@pytest.mark.parametrize(("message", "expected"), CASES, ids=[type(c[0]).__name__ for c in CASES])
def test_each_message_parses_back_from_its_exact_bytes(message, expected):
    assert m.parse_message(expected + b"\r").message == message


def test_a_response_carries_the_sequence_number_and_checksum_when_asked():
    data = m.format_message(m.LoginResponse(ok=True), sequence=7, with_checksum=True)
    assert data == b"941AY7AZFDF6\r"  # 65536 - sum(b"941AY7AZ") = 65536 - 522


def test_resend_messages_never_carry_a_sequence_number():
    assert m.format_message(m.RequestScResend(), sequence=4, with_checksum=True) == b"96AZFEF6\r"


def test_the_terminator_can_be_cr_lf_for_kiosks_that_want_it():
    assert m.format_message(m.LoginResponse(ok=False), terminator=b"\r\n") == b"940\r\n"


def test_gb18030_kiosks_get_gb18030_bytes():
    data = m.format_message(
        m.EndSessionResponse(transaction_date=T, institution_id="书苑", patron_id="P1"), encoding="gb18030"
    )
    assert data == f"36Y{D}AO".encode() + "书苑".encode("gb18030") + b"|AAP1|\r"


def test_a_value_never_carries_the_field_separator_or_a_line_break():
    message = m.ItemInformationResponse(transaction_date=T, item_id="B1", title_id="a|b\r\nc")
    assert m.format_message(message) == f"18010001{D}ABB1|AJa｜b  c|".encode() + b"\r"


def test_optional_fields_left_empty_are_not_sent_but_required_ones_are():
    message = m.CheckinResponse(transaction_date=T)
    assert m.format_message(message) == f"100NUN{D}AO|AB|AQ|".encode() + b"\r"


def test_a_utc_date_is_written_with_a_z_zone():

    assert m.format_date(datetime(2016, 4, 19, 4, 20, 8, tzinfo=UTC)) == "20160419   Z042008"


def test_a_date_in_beijing_time_is_written_with_its_military_zone_letter():
    from datetime import timedelta, timezone

    beijing = timezone(timedelta(hours=8))
    assert m.format_date(datetime(2016, 4, 19, 12, 20, 8, tzinfo=beijing)) == "20160419   H122008"


def test_a_fixed_field_of_the_wrong_width_is_refused_rather_than_sent():
    with pytest.raises(ValueError, match="width 2"):
        m.format_message(m.ItemInformationResponse(circulation_status="4", transaction_date=T))


def test_a_count_too_large_for_four_digits_is_refused_rather_than_sent():
    with pytest.raises(ValueError, match="4 digits"):
        m.format_message(m.RenewAllResponse(renewed_count=10000, transaction_date=T))
