"""The Chinese sentence each refusal shows."""

from datetime import date

import pytest
from django.utils import translation

from shuyuan.patrons.iddocs import DocType, InvalidIdNumber, compose_resident_id, parse

TODAY = date(2016, 6, 1)


def message_of(raw: str, **kwargs: object) -> str:
    with translation.override("zh-hans"), pytest.raises(InvalidIdNumber) as caught:
        parse(raw, today=TODAY, **kwargs)  # type: ignore[arg-type]
    with translation.override("zh-hans"):
        return caught.value.message


def test_a_short_number_says_how_many_digits_it_has_and_needs() -> None:
    assert message_of("43028119600101123") == "号码为17位，居民身份证号码应为18位（旧版15位）。"


def test_a_bad_character_says_where_it_is() -> None:
    assert message_of("4302811960A1011235") == "第11位字符无效：号码只能由数字组成，最后一位可以是X。"


def test_an_unknown_region_says_which_digits() -> None:
    assert message_of(compose_resident_id("439999", date(1990, 1, 1), 1)) == (
        "号码中的地区代码（第1–6位）不是有效的行政区划代码。"
    )


def test_an_impossible_birth_date_says_which_digits() -> None:
    assert message_of("430281196002301235") == "号码中的出生日期（第7–14位）不是有效日期。"


def test_a_future_birth_date_says_so() -> None:
    assert message_of(compose_resident_id("430281", date(2017, 1, 1), 1)) == "号码中的出生日期晚于今天。"


def test_a_wrong_check_digit_asks_to_check_the_number() -> None:
    assert message_of("430281196001011236") == "最后一位校验码与前面的号码不符，可能有数字输错，请核对。"


def test_a_document_type_mismatch_names_both_documents() -> None:
    permit = compose_resident_id("830000", date(1980, 1, 1), 1)
    assert message_of(permit, doc_type=DocType.RESIDENT_ID) == "这是台湾居民居住证号码，不是居民身份证号码。"


def test_an_empty_number_asks_for_one() -> None:
    assert message_of("") == "请输入证件号码。"
