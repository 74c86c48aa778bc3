"""The SIP2 2.00 messages, one frozen dataclass each, fields in wire order."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from .fields import (
    COUNT,
    DATE,
    DIGITS,
    OK,
    YN,
    YNU,
    Amount,
    Chars,
    Date,
    Message,
    Number,
    PatronStatus,
    PatronStatusKind,
    YesNo,
    fixed,
    message,
    print_lines,
    repeated,
    screen_messages,
    shared_layout,
    var,
)


@message("93")
class LoginRequest(Message):
    uid_algorithm: str = fixed(Chars(1), "0")
    pwd_algorithm: str = fixed(Chars(1), "0")
    login_user_id: str = var("CN", required=True, essential=True)
    login_password: str = var("CO", required=True, essential=True)
    location_code: str = var("CP")


@message("94")
class LoginResponse(Message):
    ok: bool = fixed(OK, False)


@message("99")
class ScStatus(Message):
    status_code: str = fixed(Chars(1, "012"), "0")
    max_print_width: int | None = fixed(Number(3, blank_ok=True), 80)
    protocol_version: str = fixed(Chars(4, DIGITS + ". "), "2.00")


@message("98")
class AcsStatus(Message):
    online_status: bool = fixed(YN, True)
    checkin_ok: bool = fixed(YN, True)
    checkout_ok: bool = fixed(YN, True)
    acs_renewal_policy: bool = fixed(YN, True)
    status_update_ok: bool = fixed(YN, False)
    offline_ok: bool = fixed(YN, False)
    timeout_period: int = fixed(Number(3), 0)
    retries_allowed: int = fixed(Number(3), 999)
    date_time_sync: datetime | None = fixed(DATE, None)
    protocol_version: str = fixed(Chars(4, DIGITS + ". "), "2.00")
    institution_id: str = var("AO", required=True)
    library_name: str = var("AM")
    supported_messages: str = var("BX", required=True)
    terminal_location: str = var("AN")
    screen_messages: tuple[str, ...] = screen_messages()
    print_lines: tuple[str, ...] = print_lines()


@message("97")
class RequestAcsResend(Message):
    pass


@message("96")
class RequestScResend(Message):
    pass


@message("23")
class PatronStatusRequest(Message):
    language: str = fixed(Chars(3), "000")
    transaction_date: datetime | None = fixed(DATE, None)
    institution_id: str = var("AO", required=True)
    patron_id: str = var("AA", required=True, essential=True)
    terminal_password: str = var("AC", required=True)
    patron_password: str = var("AD", required=True)


@message("24")
class PatronStatusResponse(Message):
    patron_status: PatronStatus = fixed(PatronStatusKind(), PatronStatus())
    language: str = fixed(Chars(3), "000")
    transaction_date: datetime | None = fixed(DATE, None)
    institution_id: str = var("AO", required=True)
    patron_id: str = var("AA", required=True)
    personal_name: str = var("AE", required=True)
    valid_patron: bool | None = var("BL", YesNo(None))
    valid_patron_password: bool | None = var("CQ", YesNo(None))
    currency_type: str = var("BH")
    fee_amount: Decimal | None = var("BV", Amount())
    screen_messages: tuple[str, ...] = screen_messages()
    print_lines: tuple[str, ...] = print_lines()


# Positions 1-6 of the 63 summary choose which list 64 carries.
SUMMARY_LISTS = ("AS", "AT", "AU", "AV", "BU", "CD")


@message("63")
class PatronInformationRequest(Message):
    language: str = fixed(Chars(3), "000")
    transaction_date: datetime | None = fixed(DATE, None)
    summary: str = fixed(Chars(10), " " * 10)
    institution_id: str = var("AO", required=True)
    patron_id: str = var("AA", required=True, essential=True)
    terminal_password: str = var("AC")
    patron_password: str = var("AD")
    start_item: int | None = var("BP", Number())
    end_item: int | None = var("BQ", Number())

    @property
    def summary_list(self) -> str | None:
        """The field ID of the item list asked for (the first Y wins), or None for counts only."""
        for position, flag in enumerate(self.summary[: len(SUMMARY_LISTS)]):
            if flag in "Yy":
                return SUMMARY_LISTS[position]
        return None


@message("64")
class PatronInformationResponse(Message):
    patron_status: PatronStatus = fixed(PatronStatusKind(), PatronStatus())
    language: str = fixed(Chars(3), "000")
    transaction_date: datetime | None = fixed(DATE, None)
    hold_items_count: int | None = fixed(COUNT, 0)
    overdue_items_count: int | None = fixed(COUNT, 0)
    charged_items_count: int | None = fixed(COUNT, 0)
    fine_items_count: int | None = fixed(COUNT, 0)
    recall_items_count: int | None = fixed(COUNT, 0)
    unavailable_holds_count: int | None = fixed(COUNT, 0)
    institution_id: str = var("AO", required=True)
    patron_id: str = var("AA", required=True)
    personal_name: str = var("AE", required=True)
    hold_items_limit: int | None = var("BZ", Number(4))
    overdue_items_limit: int | None = var("CA", Number(4))
    charged_items_limit: int | None = var("CB", Number(4))
    valid_patron: bool | None = var("BL", YesNo(None))
    valid_patron_password: bool | None = var("CQ", YesNo(None))
    currency_type: str = var("BH")
    fee_amount: Decimal | None = var("BV", Amount())
    fee_limit: Decimal | None = var("CC", Amount())
    hold_items: tuple[str, ...] = repeated("AS")
    overdue_items: tuple[str, ...] = repeated("AT")
    charged_items: tuple[str, ...] = repeated("AU")
    fine_items: tuple[str, ...] = repeated("AV")
    recall_items: tuple[str, ...] = repeated("BU")
    unavailable_hold_items: tuple[str, ...] = repeated("CD")
    home_address: str = var("BD")
    email_address: str = var("BE")
    home_phone_number: str = var("BF")
    screen_messages: tuple[str, ...] = screen_messages()
    print_lines: tuple[str, ...] = print_lines()


@message("25")
class PatronEnableRequest(Message):
    transaction_date: datetime | None = fixed(DATE, None)
    institution_id: str = var("AO", required=True)
    patron_id: str = var("AA", required=True, essential=True)
    terminal_password: str = var("AC")
    patron_password: str = var("AD")


@message("26")
class PatronEnableResponse(Message):
    patron_status: PatronStatus = fixed(PatronStatusKind(), PatronStatus())
    language: str = fixed(Chars(3), "000")
    transaction_date: datetime | None = fixed(DATE, None)
    institution_id: str = var("AO", required=True)
    patron_id: str = var("AA", required=True)
    personal_name: str = var("AE", required=True)
    valid_patron: bool | None = var("BL", YesNo(None))
    valid_patron_password: bool | None = var("CQ", YesNo(None))
    screen_messages: tuple[str, ...] = screen_messages()
    print_lines: tuple[str, ...] = print_lines()


@message("01")
class BlockPatron(Message):
    card_retained: bool = fixed(YN, False)
    transaction_date: datetime | None = fixed(DATE, None)
    institution_id: str = var("AO", required=True)
    blocked_card_message: str = var("AL", required=True)
    patron_id: str = var("AA", required=True, essential=True)
    terminal_password: str = var("AC", required=True)


@message("35")
class EndPatronSessionRequest(Message):
    transaction_date: datetime | None = fixed(DATE, None)
    institution_id: str = var("AO", required=True)
    patron_id: str = var("AA", required=True, essential=True)
    terminal_password: str = var("AC")
    patron_password: str = var("AD")


@message("36")
class EndSessionResponse(Message):
    end_session: bool = fixed(YN, True)
    transaction_date: datetime | None = fixed(DATE, None)
    institution_id: str = var("AO", required=True)
    patron_id: str = var("AA", required=True)
    screen_messages: tuple[str, ...] = screen_messages()
    print_lines: tuple[str, ...] = print_lines()


@message("11")
class CheckoutRequest(Message):
    sc_renewal_policy: bool = fixed(YN, False)
    no_block: bool = fixed(YN, False)
    transaction_date: datetime | None = fixed(DATE, None)
    nb_due_date: datetime | None = fixed(DATE, None)
    institution_id: str = var("AO", required=True)
    patron_id: str = var("AA", required=True, essential=True)
    item_id: str = var("AB", required=True, essential=True)
    terminal_password: str = var("AC", required=True)
    item_properties: str = var("CH")
    patron_password: str = var("AD")
    fee_acknowledged: bool | None = var("BO", YesNo(None))
    cancel: bool | None = var("BI", YesNo(None))


@shared_layout
class _LoanResponse(Message):
    """The layout 12 (checkout) and 30 (renew) share."""

    ok: bool = fixed(OK, False)
    renewal_ok: bool = fixed(YN, False)
    magnetic_media: bool | None = fixed(YNU, None)
    desensitize: bool | None = fixed(YNU, None)
    transaction_date: datetime | None = fixed(DATE, None)
    institution_id: str = var("AO", required=True)
    patron_id: str = var("AA", required=True)
    item_id: str = var("AB", required=True)
    title_id: str = var("AJ", required=True)
    due_date: str = var("AH", required=True)
    fee_type: str = var("BT")
    security_inhibit: bool | None = var("CI", YesNo(None))
    currency_type: str = var("BH")
    fee_amount: Decimal | None = var("BV", Amount())
    media_type: str = var("CK")
    item_properties: str = var("CH")
    transaction_id: str = var("BK")
    screen_messages: tuple[str, ...] = screen_messages()
    print_lines: tuple[str, ...] = print_lines()


@message("12")
class CheckoutResponse(_LoanResponse):
    pass


@message("09")
class CheckinRequest(Message):
    no_block: bool = fixed(YN, False)
    transaction_date: datetime | None = fixed(DATE, None)
    return_date: datetime | None = fixed(DATE, None)
    current_location: str = var("AP", required=True)
    institution_id: str = var("AO", required=True)
    item_id: str = var("AB", required=True, essential=True)
    terminal_password: str = var("AC", required=True)
    item_properties: str = var("CH")
    cancel: bool | None = var("BI", YesNo(None))


@message("10")
class CheckinResponse(Message):
    ok: bool = fixed(OK, False)
    resensitize: bool = fixed(YN, False)
    magnetic_media: bool | None = fixed(YNU, None)
    alert: bool = fixed(YN, False)
    transaction_date: datetime | None = fixed(DATE, None)
    institution_id: str = var("AO", required=True)
    item_id: str = var("AB", required=True)
    permanent_location: str = var("AQ", required=True)
    title_id: str = var("AJ")
    sort_bin: str = var("CL")
    patron_id: str = var("AA")
    media_type: str = var("CK")
    item_properties: str = var("CH")
    # 3M extensions that returns sorters act on.
    collection_code: str = var("CR")
    call_number: str = var("CS")
    destination_location: str = var("CT")
    alert_type: str = var("CV")
    screen_messages: tuple[str, ...] = screen_messages()
    print_lines: tuple[str, ...] = print_lines()


@message("17")
class ItemInformationRequest(Message):
    transaction_date: datetime | None = fixed(DATE, None)
    institution_id: str = var("AO", required=True)
    item_id: str = var("AB", required=True, essential=True)
    terminal_password: str = var("AC")


@message("18")
class ItemInformationResponse(Message):
    circulation_status: str = fixed(Chars(2, DIGITS), "01")
    security_marker: str = fixed(Chars(2, DIGITS), "00")
    fee_type: str = fixed(Chars(2, DIGITS), "01")
    transaction_date: datetime | None = fixed(DATE, None)
    hold_queue_length: int | None = var("CF", Number())
    due_date: str = var("AH")
    recall_date: datetime | None = var("CJ", Date(None))
    hold_pickup_date: datetime | None = var("CM", Date(None))
    item_id: str = var("AB", required=True)
    title_id: str = var("AJ", required=True)
    owner: str = var("BG")
    currency_type: str = var("BH")
    fee_amount: Decimal | None = var("BV", Amount())
    media_type: str = var("CK")
    permanent_location: str = var("AQ")
    current_location: str = var("AP")
    item_properties: str = var("CH")
    collection_code: str = var("CR")
    call_number: str = var("CS")
    destination_location: str = var("CT")
    screen_messages: tuple[str, ...] = screen_messages()
    print_lines: tuple[str, ...] = print_lines()


@message("19")
class ItemStatusUpdateRequest(Message):
    transaction_date: datetime | None = fixed(DATE, None)
    institution_id: str = var("AO", required=True)
    item_id: str = var("AB", required=True, essential=True)
    terminal_password: str = var("AC")
    item_properties: str = var("CH", required=True)


@message("20")
class ItemStatusUpdateResponse(Message):
    item_properties_ok: bool = fixed(OK, False)
    transaction_date: datetime | None = fixed(DATE, None)
    item_id: str = var("AB", required=True)
    title_id: str = var("AJ")
    item_properties: str = var("CH")
    screen_messages: tuple[str, ...] = screen_messages()
    print_lines: tuple[str, ...] = print_lines()


@message("29")
class RenewRequest(Message):
    third_party_allowed: bool = fixed(YN, False)
    no_block: bool = fixed(YN, False)
    transaction_date: datetime | None = fixed(DATE, None)
    nb_due_date: datetime | None = fixed(DATE, None)
    institution_id: str = var("AO", required=True)
    patron_id: str = var("AA", required=True, essential=True)
    patron_password: str = var("AD")
    item_id: str = var("AB")
    title_id: str = var("AJ")
    terminal_password: str = var("AC")
    item_properties: str = var("CH")
    fee_acknowledged: bool | None = var("BO", YesNo(None))


@message("30")
class RenewResponse(_LoanResponse):
    pass


@message("65")
class RenewAllRequest(Message):
    transaction_date: datetime | None = fixed(DATE, None)
    institution_id: str = var("AO", required=True)
    patron_id: str = var("AA", required=True, essential=True)
    patron_password: str = var("AD")
    terminal_password: str = var("AC")
    fee_acknowledged: bool | None = var("BO", YesNo(None))


@message("66")
class RenewAllResponse(Message):
    ok: bool = fixed(OK, False)
    renewed_count: int | None = fixed(COUNT, 0)
    unrenewed_count: int | None = fixed(COUNT, 0)
    transaction_date: datetime | None = fixed(DATE, None)
    institution_id: str = var("AO", required=True)
    renewed_items: tuple[str, ...] = repeated("BM")
    unrenewed_items: tuple[str, ...] = repeated("BN")
    screen_messages: tuple[str, ...] = screen_messages()
    print_lines: tuple[str, ...] = print_lines()


@message("15")
class HoldRequest(Message):
    hold_mode: str = fixed(Chars(1, "+-*"), "+")
    transaction_date: datetime | None = fixed(DATE, None)
    expiration_date: datetime | None = var("BW", Date(None))
    pickup_location: str = var("BS")
    hold_type: str = var("BY")
    institution_id: str = var("AO", required=True)
    patron_id: str = var("AA", required=True, essential=True)
    patron_password: str = var("AD")
    item_id: str = var("AB")
    title_id: str = var("AJ")
    terminal_password: str = var("AC")
    fee_acknowledged: bool | None = var("BO", YesNo(None))


@message("16")
class HoldResponse(Message):
    ok: bool = fixed(OK, False)
    available: bool = fixed(YN, False)
    transaction_date: datetime | None = fixed(DATE, None)
    expiration_date: datetime | None = var("BW", Date(None))
    queue_position: int | None = var("BR", Number())
    pickup_location: str = var("BS")
    institution_id: str = var("AO", required=True)
    patron_id: str = var("AA", required=True)
    item_id: str = var("AB")
    title_id: str = var("AJ")
    screen_messages: tuple[str, ...] = screen_messages()
    print_lines: tuple[str, ...] = print_lines()


@message("37")
class FeePaidRequest(Message):
    transaction_date: datetime | None = fixed(DATE, None)
    fee_type: str = fixed(Chars(2, DIGITS), "01")
    payment_type: str = fixed(Chars(2, DIGITS), "00")
    currency_type: str = fixed(Chars(3), "CNY")
    fee_amount: Decimal | None = var("BV", Amount(), required=True, essential=True)
    institution_id: str = var("AO", required=True)
    patron_id: str = var("AA", required=True, essential=True)
    terminal_password: str = var("AC")
    patron_password: str = var("AD")
    fee_identifier: str = var("CG")
    transaction_id: str = var("BK")


@message("38")
class FeePaidResponse(Message):
    payment_accepted: bool = fixed(YN, False)
    transaction_date: datetime | None = fixed(DATE, None)
    institution_id: str = var("AO", required=True)
    patron_id: str = var("AA", required=True)
    transaction_id: str = var("BK")
    screen_messages: tuple[str, ...] = screen_messages()
    print_lines: tuple[str, ...] = print_lines()
