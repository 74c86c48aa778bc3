import pytest

from shuyuan.serials.identifiers import (
    InvalidNumber,
    issn_from_scan,
    normalise_cn,
    normalise_issn,
    normalise_postal_code,
)


def test_a_valid_issn_is_written_with_its_hyphen():
    assert normalise_issn("02544164") == "0254-4164"


def test_an_issn_with_a_wrong_check_digit_is_refused_in_chinese():
    with pytest.raises(InvalidNumber, match="校验位"):
        normalise_issn("0254-4165")


def test_a_cn_number_is_normalised():
    assert normalise_cn("cn 11-1234/g4") == "CN11-1234/G4"


@pytest.mark.parametrize("value", ["CN11-123/G4", "CN99-1234/G4", "CN11-6000/G4", "CN11-1234", "11-1234/G4"])
def test_a_malformed_cn_number_is_refused(value):
    with pytest.raises(InvalidNumber):
        normalise_cn(value)


def test_postal_distribution_codes_are_read_with_spaces():
    assert normalise_postal_code("82 - 123") == "82-123"


def test_a_postal_code_without_its_hyphen_is_refused():
    with pytest.raises(InvalidNumber):
        normalise_postal_code("82123")


def test_a_periodical_barcode_gives_its_issn_and_issue_number():
    # EAN-13 of ISSN 0254-4164: 977 + 0254416 + 00 + check digit, add-on 03.
    assert issn_from_scan("977025441600" + "5" + "03") == ("0254-4164", 3)
