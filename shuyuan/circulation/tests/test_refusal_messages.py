import re

import pytest
from django.utils import translation

from shuyuan.circulation.errors import CheckoutRefused, Reason


@pytest.mark.parametrize("reason", list(Reason))
def test_every_refusal_has_a_chinese_message(reason):
    with translation.override("zh-hans"):
        assert re.search(r"[\u4e00-\u9fff]", str(reason.label))


def test_a_refusal_carries_its_reason_and_message():
    refusal = CheckoutRefused(Reason.ITEM_ON_LOAN, barcode="0001")
    with translation.override("zh-hans"):
        assert (refusal.reason, refusal.message, refusal.detail) == (
            Reason.ITEM_ON_LOAN,
            "该书已被借出。",
            {"barcode": "0001"},
        )
