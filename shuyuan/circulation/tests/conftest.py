from datetime import datetime

import pytest

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.catalog.models import Item
from shuyuan.patrons.models import Patron, PatronCategory
from shuyuan.testing.branches import NOW, make_branch
from shuyuan.testing.catalog import make_item
from shuyuan.testing.circulation import make_desk
from shuyuan.testing.patrons import make_category, make_patron


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def branch(db: None) -> Branch:
    return make_branch()


@pytest.fixture
def desk(branch: Branch) -> ServicePoint:
    return make_desk(branch)


@pytest.fixture
def other_branch(branch: Branch) -> Branch:
    return make_branch(library=branch.library)


@pytest.fixture
def other_desk(other_branch: Branch) -> ServicePoint:
    return make_desk(other_branch)


@pytest.fixture
def reader(branch: Branch, desk: ServicePoint) -> Patron:
    return make_patron("李四", branch=branch, service_point=desk)


@pytest.fixture
def second_reader(branch: Branch, desk: ServicePoint) -> Patron:
    return make_patron("王五", branch=branch, service_point=desk)


@pytest.fixture
def station(branch: Branch, desk: ServicePoint) -> Patron:
    """A group borrower (a community's deposit station), with a mobile number for its notices."""
    return make_patron(
        "官山居委会",
        id_number=None,
        branch=branch,
        service_point=desk,
        category=make_category(PatronCategory.Kind.GROUP),
        contact_name="李主任",
        phone="13912345678",
    )


@pytest.fixture
def book(branch: Branch) -> Item:
    return make_item(branch=branch, price="32.00")
