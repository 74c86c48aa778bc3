"""Donations, local documents and the book-exchange pool."""

import subprocess
from datetime import date

import pytest

from shuyuan.acquisitions import queries, services
from shuyuan.acquisitions.certificates import certificate_pdf
from shuyuan.acquisitions.errors import AcquisitionsRefused, Reason
from shuyuan.acquisitions.models import Donation, PoolMovement
from shuyuan.testing.acquisitions import NOW
from shuyuan.testing.branches import make_library

pytestmark = pytest.mark.django_db

Kind = PoolMovement.Kind


def donate(titles, day=date(2016, 3, 1), **fields):
    return services.record_donation(
        "醴陵市档案馆",
        donor_kind=Donation.DonorKind.ORGANISATION,
        received_on=day,
        kinds=0,
        volumes=0,
        destination=Donation.Destination.CATALOGUED,
        local_titles=[services.LocalTitle(t, v) for t, v in titles],
        at=NOW,
        by=None,
        **fields,
    )


def test_local_documents_are_counted_in_kinds_and_volumes():
    donate([("醴陵县志", 3), ("醴陵瓷业志", 2)])
    donate([("醴陵县志", 1)], day=date(2016, 5, 1))
    assert queries.local_document_counts() == (2, 6)


def test_local_documents_after_a_date_are_not_counted_up_to_it():
    donate([("醴陵县志", 3)])
    donate([("醴陵年鉴2015", 1)], day=date(2016, 6, 20))
    assert queries.local_document_counts(until=date(2016, 6, 12)) == (1, 3)


def test_the_donation_certificate_names_the_donor_and_what_was_given():
    make_library()
    donation = donate([("醴陵县志", 3), ("醴陵瓷业志", 2)])
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=certificate_pdf(donation), capture_output=True, check=True
    ).stdout.decode()
    assert all(part in text for part in ("捐赠证书", "醴陵市档案馆", "2 种", "5 册", "2016年3月1日", "盖章"))


def test_donated_books_for_the_pool_are_counted_into_it():
    services.record_donation(
        "张先生",
        donor_kind=Donation.DonorKind.PERSON,
        received_on=date(2016, 4, 1),
        kinds=30,
        volumes=40,
        destination=Donation.Destination.POOL,
        at=NOW,
        by=None,
    )
    assert services.pool_stock() == 40


def test_a_fair_counts_books_prepared_brought_and_exchanged():
    fair = services.add_fair("换书大集", held_on=date(2016, 4, 24), at=NOW, by=None)
    services.count_pool(Kind.DONATED, 500, fair=fair, at=NOW, by=None)
    services.count_pool(Kind.WEEDED, 310, fair=fair, at=NOW, by=None)
    services.count_pool(Kind.BROUGHT, 60, fair=fair, at=NOW, by=None)
    services.count_pool(Kind.EXCHANGED, 855, fair=fair, at=NOW, by=None, visits=512)
    figures = queries.fair_figures(type(fair).objects.get(pk=fair.pk))
    assert (figures.prepared, figures.brought, figures.exchanged, figures.visits) == (810, 60, 855, 512)


def test_more_books_cannot_leave_the_pool_than_are_in_it():
    services.count_pool(Kind.WEEDED, 10, at=NOW, by=None)
    with pytest.raises(AcquisitionsRefused) as refused:
        services.count_pool(Kind.EXCHANGED, 11, at=NOW, by=None)
    assert refused.value.reason == Reason.NOT_IN_POOL and services.pool_stock() == 10
