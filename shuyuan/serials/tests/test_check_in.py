import pytest

from shuyuan.serials import queries, services
from shuyuan.serials.errors import Reason, SerialsRefused
from shuyuan.serials.models import Issue, IssueEvent
from shuyuan.testing.branches import NOW
from shuyuan.testing.serials import make_subscription

pytestmark = pytest.mark.django_db


def test_checking_in_receives_the_issue_and_puts_it_on_display():
    issue = make_subscription().issues.first()
    services.check_in(issue, at=NOW, by=None)
    issue.refresh_from_db()
    assert (issue.status, issue.place) == (Issue.Status.RECEIVED, Issue.Place.DISPLAY)
    assert IssueEvent.objects.filter(issue=issue, kind=IssueEvent.Kind.RECEIVED).count() == 1


def test_checking_in_an_issue_twice_is_refused_with_a_chinese_message():
    issue = make_subscription(title="读者").issues.first()
    services.check_in(issue, at=NOW, by=None)
    with pytest.raises(SerialsRefused) as refused:
        services.check_in(issue, at=NOW, by=None)
    assert refused.value.reason == Reason.ALREADY_RECEIVED
    assert "已经签到" in refused.value.message
    assert IssueEvent.objects.filter(issue=issue, kind=IssueEvent.Kind.RECEIVED).count() == 1


def test_a_scanned_issn_stands_for_the_next_issue_not_received():
    subscription = make_subscription(issn="0254-4164")
    first, second = subscription.issues.all()[:2]
    services.check_in(first, at=NOW, by=None)
    assert queries.issue_for_scan("02544164", year=2016) == second


def test_a_periodical_barcode_with_add_on_names_its_issue():
    subscription = make_subscription(issn="0254-4164")
    third = subscription.issues.get(first_number=3)
    assert queries.issue_for_scan("977025441600503", year=2016) == third


def test_scanning_the_same_barcode_twice_is_refused_the_second_time():
    make_subscription(issn="0254-4164")
    services.check_in(queries.issue_for_scan("977025441600503", year=2016), at=NOW, by=None)
    with pytest.raises(SerialsRefused) as refused:
        services.check_in(queries.issue_for_scan("977025441600503", year=2016), at=NOW, by=None)
    assert refused.value.reason == Reason.ALREADY_RECEIVED


def test_a_scan_of_an_unknown_title_is_refused():
    make_subscription(issn="0254-4164")
    with pytest.raises(SerialsRefused) as refused:
        queries.issue_for_scan("CN11-9999/Z", year=2016)
    assert refused.value.reason == Reason.NOT_FOUND
