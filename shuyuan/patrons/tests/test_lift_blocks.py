"""Lifting all of a reader's open blocks of one kind (what a kiosk's 25 Patron Enable does)."""

import pytest

from shuyuan.audit.models import AuditEntry
from shuyuan.patrons import services
from shuyuan.patrons.models import PatronBlock
from shuyuan.testing.branches import NOW
from shuyuan.testing.patrons import make_patron

pytestmark = pytest.mark.django_db

KIOSK = PatronBlock.Kind.KIOSK


def test_lifting_blocks_of_a_kind_lifts_every_open_one_and_says_how_many() -> None:
    patron = make_patron()
    services.block(patron, reason="card kept", kind=KIOSK, at=NOW, by=None)
    services.block(patron, reason="tampering", kind=KIOSK, at=NOW, by=None)
    lifted = services.lift_blocks(patron, kind=KIOSK, at=NOW, by=None)
    assert (lifted, patron.blocks.filter(lifted_at__isnull=True).count()) == (2, 0)


def test_lifting_blocks_of_a_kind_leaves_blocks_of_other_kinds() -> None:
    patron = make_patron()
    services.block(patron, reason="conduct", kind=PatronBlock.Kind.CONDUCT, at=NOW, by=None)
    lifted = services.lift_blocks(patron, kind=KIOSK, at=NOW, by=None)
    assert (lifted, patron.blocks.filter(lifted_at__isnull=True).count()) == (0, 1)


def test_lifting_blocks_of_a_kind_logs_each_block_lifted() -> None:
    patron = make_patron()
    services.block(patron, reason="card kept", kind=KIOSK, at=NOW, by=None)
    services.lift_blocks(patron, kind=KIOSK, at=NOW, by=None)
    assert list(AuditEntry.objects.filter(action="patron.unblock").values_list("detail", flat=True)) == [
        {"reason": "card kept"}
    ]
