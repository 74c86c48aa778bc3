"""Roll-ups equal recomputation from the rows, after any sequence of acts, corrections of visit counts,
back-dated offline transactions and roll-up runs (issue 18, section 3)."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from shuyuan.circulation.models import CirculationEvent
from shuyuan.patrons.models import PatronCategory, RegistrationEvent
from shuyuan.stats import figures, rollups
from shuyuan.stats.figures import MEASURES, Period
from shuyuan.stats.models import DailyCount
from shuyuan.stats.tests.factories import local, make_event
from shuyuan.testing.branches import make_branch, make_service_point
from shuyuan.testing.catalog import make_collection, make_item, make_record
from shuyuan.visits.models import VisitCount

BASE = date(2016, 3, 1)
DAYS = 8
KINDS = [
    CirculationEvent.Kind.CHECKOUT,
    CirculationEvent.Kind.CHECKIN,
    CirculationEvent.Kind.RENEWAL,
    CirculationEvent.Kind.IN_HOUSE_USE,
]

acts = st.one_of(
    st.tuples(
        st.just("act"),
        st.sampled_from(KINDS),
        st.integers(0, DAYS - 1),
        st.integers(0, 2),  # service point
        st.integers(0, 23),  # hour
        st.sampled_from(["desk", "kiosk"]),
        st.integers(0, 2),  # item (2: none)
    ),
    st.tuples(st.just("register"), st.integers(0, DAYS - 1), st.integers(0, 2), st.sampled_from(["desk", "kiosk"])),
    st.tuples(st.just("count"), st.integers(0, DAYS - 1), st.integers(0, 2), st.integers(0, 500)),
    st.tuples(st.just("run"), st.integers(1, DAYS + 1)),
)
QUESTIONS = [
    (),
    ("service_point",),
    ("branch", "hour"),
    ("channel", "day"),
    ("weekday",),
    ("collection",),
    ("clc_class", "month"),
    ("branch", "month"),
]


class RollupsEqualRecomputation(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.points = [make_service_point(), make_service_point(), make_service_point(branch=make_branch())]
        fiction = make_record(clc="I247.5")
        history = make_record(clc="K20")
        cls.items = [
            make_item(fiction, branch=cls.points[0].branch),
            make_item(history, collection=make_collection(cls.points[2].branch)),
            None,
        ]
        cls.category = PatronCategory.objects.first()

    def apply(self, action: tuple) -> None:
        if action[0] == "act":
            _, kind, day, point, hour, channel, item = action
            at = local(BASE.year, BASE.month, BASE.day + day, hour)
            make_event(kind, at, point=self.points[point], item=self.items[item], channel=channel, age_band="18-59")
        elif action[0] == "register":
            _, day, point, channel = action
            RegistrationEvent.objects.create(
                at=local(BASE.year, BASE.month, BASE.day + day, 11),
                kind=RegistrationEvent.Kind.NEW_CARD,
                channel=channel,
                branch=self.points[point].branch,
                service_point=self.points[point],
                category_kind="adult",
                reader_token=f"t{RegistrationEvent.objects.count()}",
            )
        elif action[0] == "count":
            _, day, point, count = action
            on = BASE + timedelta(days=day)
            current = VisitCount.objects.filter(
                service_point=self.points[point], day=on, replaced_by__isnull=True
            ).first()
            VisitCount.objects.create(
                service_point=self.points[point],
                day=on,
                count=count,
                source=VisitCount.Source.DESK,
                revision=current.revision + 1 if current else 1,
                replaces=current,
                entered_at=local(2016, 3, 20),
            )
        else:
            rollups.run(today=BASE + timedelta(days=action[1]))

    @given(st.lists(acts, max_size=14))
    def test_rollups_equal_recomputation_after_any_sequence(self, actions: list) -> None:
        for action in actions:
            self.apply(action)
        whole = Period(BASE, BASE + timedelta(days=DAYS))
        for name in rollups.STORED:
            measure = MEASURES[name]
            for by in QUESTIONS:
                if not all(d in measure.dimensions for d in by):
                    continue
                read = figures.counts(name, whole, by)
                assert read == figures.live_counts(measure, whole, tuple(by), branch=None, filters={}), (name, by)
        rollups.run(today=BASE + timedelta(days=DAYS + 1))
        for day in whole.each_day():
            if day > BASE + timedelta(days=DAYS):
                continue
            stored = sorted(
                DailyCount.objects.filter(day=day).values_list(
                    "measure", "branch_id", "service_point_id", "dimension", "key", "value"
                )
            )
            rebuilt = sorted(
                (c.measure, c.branch_id, c.service_point_id, c.dimension, c.key, c.value)
                for c in rollups.cells_of_day(day)
            )
            assert stored == rebuilt, day
