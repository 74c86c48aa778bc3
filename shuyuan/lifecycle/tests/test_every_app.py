"""Merging and erasing reach the reader's data in every app. The reader below has a row behind
every foreign key of any installed app that points at a reader; a new app whose model points at
readers fails the first test until the reader gets such a row here, and the merge test until the
app's building block is in the lifecycle's list."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db.models import Model

from shuyuan.acquisitions.services import suggest
from shuyuan.circulation import services as circulation
from shuyuan.circulation.models import Channel, CirculationPolicy, Compensation, Fee, Notice, OverdueListing, Suspension
from shuyuan.desk.models import DeskScan
from shuyuan.devices.models import Device
from shuyuan.lifecycle import services as lifecycle
from shuyuan.lifecycle.tests.test_erasure import tables_holding, traces
from shuyuan.outreach import services as outreach
from shuyuan.outreach.models import Registration
from shuyuan.patrons import services as patrons
from shuyuan.patrons.models import Patron, PatronCategory
from shuyuan.sip2 import services as sip2
from shuyuan.sip2.models import OfflineConflict
from shuyuan.testing.branches import NOW, make_service_point
from shuyuan.testing.catalog import make_item
from shuyuan.testing.circulation import give_back, lend
from shuyuan.testing.devices import make_device
from shuyuan.testing.outreach import make_activity, make_volunteer
from shuyuan.testing.patrons import make_category, make_patron

pytestmark = pytest.mark.django_db

LATER = NOW + timedelta(days=60)


def links_to_readers() -> list[tuple[type[Model], str]]:
    """Every foreign key of every installed app that points at a reader, but the merge pointer."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.many_to_one and field.related_model is Patron and (model, field.name) != (Patron, "merged_into")
    ]


def rows_pointing_at(patron: Patron) -> dict[str, int]:
    return {
        f"{model._meta.label}.{name}": model._default_manager.filter(**{name: patron.pk}).count()
        for model, name in links_to_readers()
    }


def reader_with_data_in_every_app() -> Patron:
    patron = make_patron("欧阳全", phone="13912345678", pin="280461", legacy_deposit=Decimal("50"))
    branch = patron.home_branch
    patrons.refund_deposit(patron, amount=Decimal("50"), receipt_number="T-1", branch=branch, at=NOW, by=None)
    make_patron("欧阳大", birth=date(1999, 1, 1), guardian=patron, guardian_consent=True)
    CirculationPolicy.objects.create(library=branch.library, charges_fees=True)
    wanted = make_item(branch=branch)
    lend(wanted, make_patron("王五"), at=NOW)
    circulation.place_hold(wanted.record, patron, pickup_branch=branch, at=NOW, by=None, channel=Channel.OPAC)
    late = make_item(branch=branch)
    lend(late, patron, at=NOW)
    give_back(late, at=NOW + timedelta(days=45))
    lost = lend(make_item(branch=branch, price="30.00"), patron, at=NOW)
    circulation.mark_lost(lost, at=NOW, by=None, channel=Channel.DESK)
    patrons.block(patron, reason="损坏图书", at=NOW, by=None)
    Suspension.objects.create(patron=patron, first_day=NOW.date(), last_day=NOW.date(), overdue_days=1, created_at=NOW)
    OverdueListing.objects.create(patron=patron, long_overdues=1, listed_at=NOW)
    Notice.objects.create(patron=patron, kind=Notice.Kind.OVERDUE, created_at=NOW, channel="none")
    kiosk, _key = make_device(Device.Kind.SIP2_KIOSK, branch)
    OfflineConflict.objects.create(
        device=kiosk, command="11", happened_at=NOW, received_at=NOW, item_barcode="T1", patron=patron,
        reason="patron_blocked", message="",
    )  # fmt: skip
    DeskScan.objects.create(
        client_id="every-app-scan-1", session="every-app-session", mode=DeskScan.Mode.LEND,
        user=User.objects.create_user("every-app-clerk"), service_point=make_service_point(branch), patron=patron,
        created_at=NOW,
    )  # fmt: skip
    activity = make_activity(capacity=5, branch=branch)
    outreach.sign_up(activity, patron, at=NOW, by=None, channel=Registration.Channel.ONLINE)
    make_volunteer("欧阳全", patron=patron, phone="13912345678")
    suggest(patron, title="醴陵瓷器", at=NOW, by=None)
    return patron


def settle(patron: Patron) -> None:
    """Everything that would hold up an erasure, settled as staff would."""
    at = NOW + timedelta(days=46)
    for fee in Fee.objects.filter(patron=patron, status=Fee.Status.OPEN):
        circulation.pay_fee(fee, at=at, by=None, channel=Channel.DESK)
    for compensation in Compensation.objects.filter(patron=patron, status=Compensation.Status.OPEN):
        circulation.settle_compensation(compensation, settlement="paid", at=at, by=None, channel=Channel.DESK)
    for conflict in OfflineConflict.objects.filter(patron=patron):
        sip2.resolve_conflict(conflict, at=at, by=None)


def test_the_reader_has_a_row_behind_every_link_to_readers_in_every_app() -> None:
    counts = rows_pointing_at(reader_with_data_in_every_app())
    assert [link for link, count in counts.items() if count == 0] == []


def test_after_a_merge_no_row_of_any_app_points_at_the_removed_record() -> None:
    keep = make_patron(
        "欧阳全", id_number=None, category=make_category(PatronCategory.Kind.GROUP), contact_name="欧阳",
        card_number="A0009", is_legacy_card=True,
    )  # fmt: skip
    remove = reader_with_data_in_every_app()
    lifecycle.merge(keep, remove, at=LATER, by=None)
    assert {link: count for link, count in rows_pointing_at(remove).items() if count} == {}


def test_after_an_erasure_no_table_of_any_app_holds_the_persons_name_numbers_or_hashes() -> None:
    patron = reader_with_data_in_every_app()
    settle(patron)
    wanted = traces(patron)
    lifecycle.erase_patron(patron, at=LATER, by=None, reason="读者书面申请注销")
    assert tables_holding(wanted) == []
