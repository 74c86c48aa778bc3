import pytest

from shuyuan.branches import demo as branches_demo
from shuyuan.demo import DemoContext
from shuyuan.serials import demo
from shuyuan.serials.models import Claim, Issue, Subscription

pytestmark = pytest.mark.django_db


def test_the_demo_subscribes_over_a_hundred_titles_for_2016_with_a_few_late_and_claimed(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    ctx = DemoContext(say=lambda _text: None)
    branches_demo.load(ctx)
    demo.load(ctx)
    assert Subscription.objects.filter(year=2016, service_point__code="LL01-READ").count() >= 100
    assert Issue.objects.filter(status=Issue.Status.RECEIVED).count() > 3000
    assert 1 <= Issue.objects.filter(status=Issue.Status.LATE).count() < 10
    assert Issue.objects.filter(status=Issue.Status.CLAIMED).exists()
    assert Claim.objects.exists()
    demo.load(ctx)
    assert Subscription.objects.filter(year=2016).count() == len(demo._plan())
