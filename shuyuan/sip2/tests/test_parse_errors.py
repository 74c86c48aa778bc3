"""Messages we cannot accept raise ParseError with a precise reason, code and field."""

import pytest

from shuyuan.sip2 import messages as m

D = "20160419    122008"
R = m.ParseErrorReason


def error_of(data: bytes, encoding: str = "utf-8") -> m.ParseError:
    with pytest.raises(m.ParseError) as caught:
        m.parse_message(data, encoding=encoding)
    return caught.value


def test_an_empty_line_is_empty():
    assert error_of(b"\r\n").reason == R.EMPTY


def test_a_single_character_is_truncated():
    assert error_of(b"9\r").reason == R.TRUNCATED


def test_an_unknown_command_code_is_named_in_the_error():
    error = error_of(b"XX123|\r")
    assert (error.reason, error.code) == (R.UNKNOWN_COMMAND, "XX")


def test_a_response_code_we_do_not_know_is_an_unknown_command():
    assert error_of(b"42foo|\r").reason == R.UNKNOWN_COMMAND


def test_fixed_fields_cut_short_are_truncated_at_the_field_that_is_missing():
    error = error_of(b"11YN20160419\r")
    assert (error.reason, error.code, error.field) == (R.TRUNCATED, "11", "transaction_date")


def test_a_flag_that_is_not_y_or_n_is_a_bad_fixed_field():
    error = error_of(f"11XN{D}{' ' * 18}AOx|AAP1|ABB1|AC|".encode())
    assert (error.reason, error.field) == (R.BAD_FIXED_FIELD, "sc_renewal_policy")


def test_an_impossible_date_is_a_bad_fixed_field():
    error = error_of(f"17{D.replace('0419', '0431')}AOx|ABB1|".encode())
    assert (error.reason, error.field) == (R.BAD_FIXED_FIELD, "transaction_date")


def test_a_date_with_letters_in_it_is_a_bad_fixed_field():
    error = error_of(b"1720160419    12ab08AOx|ABB1|\r")
    assert (error.reason, error.field) == (R.BAD_FIXED_FIELD, "transaction_date")


def test_an_unknown_hold_mode_is_a_bad_fixed_field():
    error = error_of(f"15?{D}AOx|AAP1|".encode())
    assert (error.reason, error.field) == (R.BAD_FIXED_FIELD, "hold_mode")


def test_a_checkout_without_an_item_is_a_missing_field():
    error = error_of(f"11NN{D}{' ' * 18}AOx|AAP1|AC|".encode())
    assert (error.reason, error.code, error.field) == (R.MISSING_FIELD, "11", "AB")


def test_a_login_without_a_password_is_a_missing_field():
    error = error_of(b"9300CNkiosk|\r")
    assert (error.reason, error.field) == (R.MISSING_FIELD, "CO")


def test_a_non_numeric_start_item_is_a_bad_field():
    error = error_of(f"63019{D}  Y       AOx|AAP1|BPone|".encode())
    assert (error.reason, error.field) == (R.BAD_FIELD, "BP")


def test_a_fee_amount_that_is_not_a_number_is_a_bad_field():
    error = error_of(f"37{D}0100CNYBVten|AOx|AAP1|".encode())
    assert (error.reason, error.field) == (R.BAD_FIELD, "BV")


def test_bytes_that_are_not_utf_8_are_a_bad_encoding():
    error = error_of(f"17{D}AOx|AB".encode() + b"\xff\xfe|\r")
    assert (error.reason, error.code) == (R.BAD_ENCODING, "17")


def test_gbk_bytes_sent_to_a_utf_8_account_are_a_bad_encoding():
    error = error_of(f"17{D}AOx|AB".encode() + "书".encode("gbk") + b"|\r")
    assert error.reason == R.BAD_ENCODING


def test_the_error_message_names_the_reason_and_the_place():
    assert str(error_of(b"9300CNkiosk|\r")) == "missing_field (message 93 field CO)"
