"""What real kiosks send that is not textbook SIP2, and that we accept because it is safe."""

from datetime import UTC, datetime, timedelta

from shuyuan.sip2 import messages as m

D = "20160419    122008"


def parse(text: str) -> m.Message:
    return m.parse_message(text.encode()).message


def test_a_message_ending_in_cr_lf_is_accepted():
    assert parse("9300CNkiosk|COpw|\r\n") == m.LoginRequest(login_user_id="kiosk", login_password="pw")


def test_a_message_ending_in_lf_alone_is_accepted():
    assert parse("9300CNkiosk|COpw|\n") == m.LoginRequest(login_user_id="kiosk", login_password="pw")


def test_a_message_with_no_terminator_is_accepted():
    assert parse("941") == m.LoginResponse(ok=True)


def test_variable_fields_may_come_in_any_order():
    assert parse(f"17{D}ABB1|ACpw|AOHN01|").item_id == "B1"


def test_unknown_and_vendor_extension_fields_are_ignored():
    message = parse(f"17{D}AOHN01|ZZsomething|CRADULT|ABB1|XY|")
    assert message == m.ItemInformationRequest(
        transaction_date=datetime(2016, 4, 19, 12, 20, 8), institution_id="HN01", item_id="B1"
    )


def test_a_repeatable_field_keeps_every_occurrence_in_order():
    message = parse(f"66100020000{D}AOHN01|BMB2|BMB1|")
    assert message.renewed_items == ("B2", "B1")


def test_a_field_that_should_occur_once_keeps_its_first_value():
    assert parse(f"17{D}AOHN01|ABfirst|ABsecond|").item_id == "first"


def test_the_last_field_may_lack_its_separator():
    assert parse(f"17{D}AOHN01|ABB1").item_id == "B1"


def test_empty_fields_between_separators_are_skipped():
    assert parse(f"17{D}AOHN01||ABB1|").item_id == "B1"


def test_a_transaction_date_left_out_of_a_date_only_message_is_none():
    assert parse("65AOHN01|AAP1|ADpin|") == m.RenewAllRequest(
        institution_id="HN01", patron_id="P1", patron_password="pin"
    )


def test_an_all_blank_date_is_none():
    assert parse(f"11NN{D}{' ' * 18}AOx|AAP1|ABB1|AC|").nb_due_date is None


def test_a_utc_date_is_read_as_aware_utc():
    assert m.parse_date("20160419   Z042008") == datetime(2016, 4, 19, 4, 20, 8, tzinfo=UTC)


def test_a_zone_letter_is_read_as_its_military_time_zone():
    assert m.parse_date("20160419   Q122008").utcoffset() == timedelta(hours=-4)


def test_a_local_date_is_read_as_naive():
    assert m.parse_date(D).tzinfo is None


def test_lower_case_y_and_n_flags_are_accepted():
    assert parse(f"11yn{D}{' ' * 18}AOx|AAP1|ABB1|AC|").sc_renewal_policy is True


def test_patron_status_written_with_n_for_false_is_accepted():
    message = parse(f"24YNNNNNNNNNNNNN000{D}AOx|AAP1|AE|")
    assert message.patron_status == m.PatronStatus(charge_privileges_denied=True)


def test_the_summary_picks_the_first_list_asked_for():
    message = parse(f"63019{D}   Y Y    AOx|AAP1|")
    assert message.summary_list == "AV"


def test_a_blank_summary_asks_for_counts_only():
    assert parse(f"63019{D}          AOx|AAP1|").summary_list is None


def test_padded_start_and_end_items_are_read_as_numbers():
    message = parse(f"63019{D}  Y       AOx|AAP1|BP00001|BQ00005|")
    assert (message.start_item, message.end_item) == (1, 5)


def test_a_gb18030_value_whose_bytes_contain_the_separator_byte_stays_whole():
    # 亅 (U+4E85) in GB18030 is 0x81 0x7C: its second byte is "|" in ASCII.
    title = "亅"
    assert b"|" in title.encode("gb18030")
    data = m.format_message(m.ItemInformationResponse(item_id="B1", title_id=title), encoding="gb18030")
    assert m.parse_message(data, encoding="gb18030").message.title_id == title
