"""Saved tables e-mailed every day, month or year through Django's mail backend, each period once."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from shuyuan.roles import Role
from shuyuan.stats.figures import Period, StatsRefusal
from shuyuan.stattables import services, spec
from shuyuan.stattables.errors import Reason, TableRefused
from shuyuan.stattables.models import Schedule, ScheduleRun
from shuyuan.stattables.tests.factories import lend_many, local, make_library
from shuyuan.testing.branches import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def table():
    library = make_library()
    lend_many(library.novel, library.central_desk, 3, local(2016, 3, 2))
    lend_many(library.history, library.davinci_desk, 2, local(2016, 3, 2))
    owner = make_staff(Role.STATISTICS, library.davinci)
    made = spec.parse({"measure": "loans", "by": ["branch"], "period": "last_month"}, today=date(2016, 4, 1))
    return services.save_table(made, name="月度外借", is_shared=False, at=local(2016, 4, 1), by=owner)


def schedule(table, frequency: str = "monthly") -> Schedule:
    return services.add_schedule(
        table, frequency=frequency, recipients="director@lib.cn\nstats@lib.cn", at=local(2016, 3, 1), by=table.owner
    )


def test_a_monthly_table_is_mailed_on_the_first_with_excel_and_csv_for_last_month(table):
    schedule(table)
    services.send_due(at=local(2016, 4, 1, 6, 30))
    message = mail.outbox[0]
    assert (
        message.to,
        sorted(name.rsplit(".", 1)[1] for name, _body, _type in message.attachments),
        "2016-03-01" in message.subject,
    ) == (
        ["director@lib.cn", "stats@lib.cn"],
        ["csv", "xlsx"],
        True,
    )


def test_the_mailed_table_keeps_to_the_owners_branch(table):
    schedule(table)
    services.send_due(at=local(2016, 4, 1, 6, 30))
    csv_body = next(body for name, body, _type in mail.outbox[0].attachments if name.endswith(".csv"))
    text = csv_body.decode("utf-8-sig") if isinstance(csv_body, bytes) else csv_body
    assert ("达芬奇画室分馆,2" in text, "总馆,3" in text) == (True, False)


def test_a_period_is_sent_once_however_often_the_command_runs(table):
    schedule(table)
    services.send_due(at=local(2016, 4, 1, 6, 30))
    services.send_due(at=local(2016, 4, 1, 9, 0))
    assert (len(mail.outbox), ScheduleRun.objects.count()) == (1, 1)


def test_a_monthly_table_is_not_sent_in_the_middle_of_the_month(table):
    schedule(table)
    assert services.send_due(at=local(2016, 4, 15)).sent == 0


def test_a_daily_table_is_sent_every_day_for_yesterday(table):
    schedule(table, "daily")
    services.send_due(at=local(2016, 3, 3, 6, 30))
    assert "2016-03-02" in mail.outbox[0].subject


def test_a_yearly_table_waits_for_the_first_of_january():
    assert (services.due_period("yearly", date(2016, 12, 31)), services.due_period("yearly", date(2017, 1, 1))) == (
        None,
        Period(date(2016, 1, 1), date(2016, 12, 31)),
    )


def test_a_recipient_that_is_not_an_address_is_refused(table):
    with pytest.raises(TableRefused) as refused:
        services.add_schedule(
            table, frequency="daily", recipients="director@lib.cn\nnot an address", at=local(2016, 3, 1), by=table.owner
        )
    assert refused.value.reason == Reason.BAD_RECIPIENT


def test_someone_else_cannot_schedule_the_table(table):
    with pytest.raises(TableRefused):
        services.add_schedule(
            table, frequency="daily", recipients="a@lib.cn", at=local(2016, 3, 1), by=make_staff(Role.STATISTICS)
        )


def test_the_command_says_what_it_sent(table, capsys):
    schedule(table, "daily")
    call_command("send_scheduled_tables", "--at", "2016-03-03T06:30:00+08:00")
    assert "已发送 1 份" in capsys.readouterr().out


def test_a_future_period_cannot_be_scheduled_through_the_spec():
    with pytest.raises(StatsRefusal):
        spec.parse(
            {"measure": "loans", "period": "custom", "first": "2099-01-01", "last": "2099-01-31"},
            today=date(2016, 4, 1),
        )
