import subprocess
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from shuyuan.serials import letters, services
from shuyuan.serials.errors import Reason, SerialsRefused
from shuyuan.serials.models import Claim, Issue
from shuyuan.serials.patterns import Pattern
from shuyuan.testing.branches import NOW
from shuyuan.testing.serials import make_subscription, make_supplier

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_daily_job_marks_issues_late_after_the_grace_days_only():
    subscription = make_subscription(pattern=Pattern("monthly", date(2016, 1, 10)), late_after_days=10)
    services.mark_late_issues(at=datetime(2016, 1, 19, 6, tzinfo=SHANGHAI))
    assert not subscription.issues.filter(status=Issue.Status.LATE).exists()
    assert services.mark_late_issues(at=datetime(2016, 1, 20, 6, tzinfo=SHANGHAI)) == 1
    assert subscription.issues.get(sequence=1).status == Issue.Status.LATE


def test_a_received_issue_is_never_marked_late():
    subscription = make_subscription(pattern=Pattern("monthly", date(2016, 1, 10)))
    services.check_in(subscription.issues.get(sequence=1), at=NOW, by=None)
    assert services.mark_late_issues(at=datetime(2016, 2, 1, 6, tzinfo=SHANGHAI)) == 0


def test_claiming_makes_one_claim_per_supplier():
    post, agency = make_supplier("醴陵市邮政局"), make_supplier("长沙报刊发行社")
    a = make_subscription(supplier=post).issues.get(sequence=1)
    b = make_subscription(supplier=post).issues.get(sequence=1)
    c = make_subscription(supplier=agency).issues.get(sequence=1)
    claims = services.claim([a, b, c], at=NOW, by=None)
    assert sorted(claim.issues.count() for claim in claims) == [1, 2]
    assert Issue.objects.filter(status=Issue.Status.CLAIMED, claim_count=1).count() == 3


def test_claiming_a_received_issue_is_refused_and_nothing_is_claimed():
    subscription = make_subscription()
    first, second = subscription.issues.all()[:2]
    services.check_in(first, at=NOW, by=None)
    with pytest.raises(SerialsRefused) as refused:
        services.claim([first, second], at=NOW, by=None)
    assert refused.value.reason == Reason.CLAIM_RECEIVED
    assert not Claim.objects.exists()


def test_the_claim_letter_pdf_names_the_supplier_and_the_missing_issues(tmp_path):
    supplier = make_supplier("醴陵市邮政局")
    issue = make_subscription(title="湖南教育", supplier=supplier, postal_code="42-3").issues.get(sequence=2)
    claim = services.claim([issue], at=NOW + timedelta(days=40), by=None)[0]
    pdf = tmp_path / "claim.pdf"
    pdf.write_bytes(letters.claim_letter(claim, library_name="醴陵市图书馆"))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in ("醴陵市邮政局", "湖南教育", "2016年第2期", "42-3", "醴陵市图书馆", "缺期催询"):
        assert expected in text


def test_a_second_claim_leaves_the_first_letter_as_it_was():
    issue = make_subscription().issues.get(sequence=1)
    first = services.claim([issue], at=NOW, by=None)[0]
    second = services.claim([issue], at=NOW + timedelta(days=15), by=None)[0]
    assert list(first.issues.all()) == list(second.issues.all()) == [issue]
    issue.refresh_from_db()
    assert issue.claim_count == 2
