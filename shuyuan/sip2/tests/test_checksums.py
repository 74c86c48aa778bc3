"""AY sequence numbers and AZ checksums: verified when present, tolerated when absent."""

import pytest

from shuyuan.sip2 import messages as m

# Published by the PyPI sip2 client as a worked example: the checksum of this message is EB80.
CLIENT_EXAMPLE = b"09N20160419    12200820160419    122008APReading Room 1|AO830|AB830$28170815|AC|AY2AZ"


def test_the_checksum_of_a_published_example_is_eb80():
    assert m.checksum(CLIENT_EXAMPLE) == "EB80"


def test_the_resend_messages_have_their_well_known_checksums():
    assert (m.checksum(b"96AZ"), m.checksum(b"97AZ")) == ("FEF6", "FEF5")


def test_a_message_with_a_correct_checksum_is_accepted_with_its_sequence_number():
    parsed = m.parse_message(CLIENT_EXAMPLE + b"EB80\r")
    assert (parsed.sequence, parsed.has_checksum, parsed.message.item_id) == (2, True, "830$28170815")


def test_lower_case_checksum_digits_are_accepted():
    assert m.parse_message(CLIENT_EXAMPLE + b"eb80\r").has_checksum


def test_a_wrong_checksum_is_a_bad_checksum_error():
    with pytest.raises(m.ParseError) as caught:
        m.parse_message(CLIENT_EXAMPLE + b"EB81\r")
    assert (caught.value.reason, caught.value.code) == (m.ParseErrorReason.BAD_CHECKSUM, "09")


def test_a_checksum_cut_short_in_transit_is_a_bad_checksum_error():
    with pytest.raises(m.ParseError) as caught:
        m.parse_message(CLIENT_EXAMPLE + b"EB\r")
    assert caught.value.reason == m.ParseErrorReason.BAD_CHECKSUM


def test_an_empty_checksum_is_a_bad_checksum_error():
    with pytest.raises(m.ParseError) as caught:
        m.parse_message(CLIENT_EXAMPLE + b"\r")
    assert caught.value.reason == m.ParseErrorReason.BAD_CHECKSUM


def test_a_single_changed_byte_is_detected():
    garbled = CLIENT_EXAMPLE.replace(b"AB830", b"AB831") + b"EB80\r"
    with pytest.raises(m.ParseError) as caught:
        m.parse_message(garbled)
    assert caught.value.reason == m.ParseErrorReason.BAD_CHECKSUM


def test_a_checksum_written_without_zero_padding_is_accepted():
    # A long message whose byte sum lands just under a multiple of 65536 has a checksum below 0x1000.
    body = b"9300CNkiosk|CO" + b"~" * 480 + b"|AZ"
    digits = f"{-sum(body) & 0xFFFF:X}"
    assert len(digits) == 3
    assert m.parse_message(body + digits.encode()).has_checksum


def test_a_message_without_checksum_or_sequence_is_accepted():
    parsed = m.parse_message(b"9900802.00\r")
    assert (parsed.sequence, parsed.has_checksum) == (None, False)


def test_a_sequence_number_without_a_checksum_is_still_read():
    parsed = m.parse_message(b"9900802.00AY5\r")
    assert (parsed.sequence, parsed.has_checksum) == (5, False)


def test_a_sequence_number_written_as_a_terminated_field_is_still_read():
    data = b"9300CNkiosk|COpw|AY3|AZ"
    parsed = m.parse_message(data + m.checksum(data).encode() + b"\r")
    assert (parsed.sequence, parsed.message.login_user_id) == (3, "kiosk")


def test_the_checksum_is_computed_over_the_encoded_bytes():
    message = m.EndSessionResponse(institution_id="书苑", patron_id="P1")
    utf8 = m.format_message(message, sequence=1, with_checksum=True)
    gb = m.format_message(message, sequence=1, with_checksum=True, encoding="gb18030")
    assert m.parse_message(gb, encoding="gb18030").message == m.parse_message(utf8).message
    assert utf8[-5:-1] != gb[-5:-1]


def test_a_formatted_message_verifies_with_the_sum_rule():
    data = m.format_message(m.LoginResponse(ok=True), sequence=0, with_checksum=True)[:-1]
    assert (sum(data[:-4]) + int(data[-4:], 16)) % 65536 == 0


def test_a_checksum_over_characters_instead_of_bytes_is_accepted():
    text = "9300CNkiosk|COpw|CP一楼|AY0AZ"
    digits = f"{-sum(map(ord, text)) & 0xFFFF:04X}"
    assert digits != m.checksum(text.encode())
    assert m.parse_message((text + digits).encode()).message.location_code == "一楼"
