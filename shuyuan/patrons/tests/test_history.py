"""The reader's history on the staff page is written for people: labels, not action codes."""

import pytest

from shuyuan.patrons import queries
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db


def test_the_history_names_the_registration_instead_of_its_action_code():
    reader = make_patron("张晓明")
    whats = [entry.what for entry in queries.history(reader)]
    assert ("办理读者证" in whats, "patron.register" in whats) == (True, False)


def test_the_history_gives_the_details_of_an_entry_as_labelled_values():
    reader = make_patron("张晓明")
    details = [entry.detail for entry in queries.history(reader)]
    assert "渠道：服务台；状态：有效" in details
