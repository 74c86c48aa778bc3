"""The readers of the demo: the seed library's figures and a coherent readership."""

from datetime import date

import pytest

from shuyuan.branches import demo as branches_demo
from shuyuan.demo import DemoContext
from shuyuan.devices import demo as devices_demo
from shuyuan.keys import decrypt
from shuyuan.patrons import demo, iddocs, queries
from shuyuan.patrons.models import Patron, PatronCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> None:
    ctx = DemoContext(small=True, say=lambda _line: None)
    branches_demo.load(ctx)
    devices_demo.load(ctx)
    demo.load(ctx)


def test_the_lending_desk_issued_206_new_cards_to_june_12(loaded: None) -> None:
    assert queries.new_cards(date(2016, 1, 1), date(2016, 6, 12), channel="desk", service_point_code="LL01-DESK") == 206


def test_the_registration_kiosk_issued_cards_of_its_own(loaded: None) -> None:
    assert queries.new_cards(date(2016, 1, 1), date(2016, 7, 7), channel="kiosk") == demo.KIOSK_CARDS


def test_every_demo_id_number_is_valid_and_from_liling_or_zhuzhou(loaded: None) -> None:
    numbers = [
        decrypt(t) for t in Patron.objects.exclude(id_number_encrypted="").values_list("id_number_encrypted", flat=True)
    ]
    regions = {iddocs.parse(n, today=date(2016, 7, 7)).region_code[:4] for n in numbers}
    assert regions == {"4302"}


def test_every_child_under_14_has_a_guardian_and_consent(loaded: None) -> None:
    children = [p for p in Patron.objects.all() if p.birth_date and iddocs.age_on(p.birth_date, date(2016, 7, 7)) < 14]
    assert children and all((p.guardian_id or p.guardian_name) and p.guardian_consent_at for p in children)


def test_there_are_group_borrowers_with_contacts(loaded: None) -> None:
    groups = Patron.objects.filter(category__kind=PatronCategory.Kind.GROUP)
    assert groups.count() >= 3 and all(g.contact_name for g in groups)


def test_the_demo_reader_resolves_by_card_and_id_number(loaded: None) -> None:
    patron = Patron.objects.get(card_number="D000001")
    assert queries.resolve(decrypt(patron.id_number_encrypted)) == patron


def test_loading_twice_changes_nothing(loaded: None) -> None:
    count = Patron.objects.count()
    demo.load(DemoContext(small=True, say=lambda _line: None))
    assert Patron.objects.count() == count
