"""Whatever a scanner or a keyboard sends, the scan classifier answers one of its kinds."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuyuan.numbering import card_form, item_form
from shuyuan.patrons.scans import Scanned, classify


@pytest.mark.django_db
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.text(max_size=200),
        st.integers(0, 10 ** card_form().digits - 1).map(lambda n: card_form().format(n)),
        st.integers(0, 10 ** item_form().digits - 1).map(lambda n: item_form().format(n)),
        st.text(alphabet="0123456789Xx", min_size=15, max_size=19),
        st.text(max_size=30).map(lambda t: f"\x02{t}\r\n"),
    )
)
def test_any_scan_is_classified_without_a_crash(value):
    assert classify(value) in set(Scanned)
