"""The reader's QR e-card (电子读者证) at the desk: a fresh value serves the reader, an expired or
forged one is refused with a Chinese message."""

from datetime import timedelta

from django.utils import timezone

from shuyuan.patrons import ecard


def test_a_fresh_ecard_value_serves_the_reader(send, reader):
    answer = send(ecard.value(reader, at=timezone.now()))
    assert (answer["kind"], answer["name"]) == ("reader", "李**")


def test_an_expired_ecard_value_is_refused_in_chinese(send, reader):
    answer = send(ecard.value(reader, at=timezone.now() - timedelta(minutes=10)))
    assert (answer["ok"], "过期" in answer["message"]) == (False, True)


def test_a_forged_ecard_value_is_refused_in_chinese(send, reader):
    genuine = ecard.value(reader, at=timezone.now())
    forged = genuine[:-4] + ("0000" if not genuine.endswith("0000") else "1111")
    answer = send(forged)
    assert (answer["ok"], answer["kind"] != "reader", any("\u4e00" <= c <= "\u9fff" for c in answer["message"])) == (
        False,
        True,
        True,
    )
