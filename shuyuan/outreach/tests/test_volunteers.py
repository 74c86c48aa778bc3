import subprocess
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from shuyuan.keys import decrypt
from shuyuan.outreach import certificates, queries, services
from shuyuan.outreach.errors import OutreachRefused, Reason
from shuyuan.outreach.models import Volunteer
from shuyuan.testing.branches import NOW
from shuyuan.testing.outreach import make_activity, make_volunteer

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_volunteer_under_fourteen_without_a_guardian_is_refused_in_chinese():
    with pytest.raises(OutreachRefused) as refused:
        make_volunteer("王小明", birth_date=date(2005, 6, 1))
    assert refused.value.reason == Reason.GUARDIAN_REQUIRED
    assert refused.value.message == "未满 14 周岁的志愿者须由监护人陪同登记，请填写监护人姓名和电话。"
    assert not Volunteer.objects.exists()


def test_a_child_volunteer_registers_with_a_guardian():
    child = make_volunteer(
        "王小明",
        birth_date=date(2005, 6, 1),
        guardian_name="王强",
        guardian_phone="13912345678",
        group="小小文化志愿者",
    )
    assert (child.guardian_name, child.guardian_phone_masked) == ("王强", "139****5678")


def test_a_volunteer_of_fourteen_needs_no_guardian():
    assert make_volunteer("李华", birth_date=date(2002, 3, 1)).guardian_name == ""


def test_the_phone_is_stored_encrypted_and_shown_masked():
    volunteer = make_volunteer(phone="138 1234 5678")
    assert volunteer.phone_masked == "138****5678"
    assert "13812345678" not in volunteer.phone_encrypted
    assert decrypt(volunteer.phone_encrypted) == "13812345678"


def clock(volunteer, start, end, activity=None):
    shift = services.schedule_shift(
        volunteer, start=start, end=start + timedelta(hours=2), activity=activity, at=NOW, by=None
    )
    services.shift_check_in(shift, at=start, by=None)
    return services.shift_check_out(shift, at=end, by=None)


def test_volunteer_hours_come_from_the_real_check_in_and_out_times():
    volunteer = make_volunteer()
    clock(volunteer, datetime(2016, 4, 24, 8, 40, tzinfo=SHANGHAI), datetime(2016, 4, 24, 12, 10, tzinfo=SHANGHAI))
    clock(volunteer, datetime(2016, 5, 4, 14, 0, tzinfo=SHANGHAI), datetime(2016, 5, 4, 15, 15, tzinfo=SHANGHAI))
    assert queries.volunteer_hours(volunteer, date(2016, 1, 1), date(2016, 12, 31)) == Decimal("4.8")


def test_a_shift_not_yet_checked_out_counts_no_hours():
    volunteer = make_volunteer()
    start = datetime(2016, 4, 24, 9, tzinfo=SHANGHAI)
    shift = services.schedule_shift(volunteer, start=start, end=start + timedelta(hours=2), at=NOW, by=None)
    services.shift_check_in(shift, at=start, by=None)
    assert queries.volunteer_hours(volunteer, date(2016, 1, 1), date(2016, 12, 31)) == 0


def test_checking_out_before_checking_in_is_refused():
    volunteer = make_volunteer()
    start = datetime(2016, 4, 24, 9, tzinfo=SHANGHAI)
    shift = services.schedule_shift(volunteer, start=start, end=start + timedelta(hours=2), at=NOW, by=None)
    services.shift_check_in(shift, at=start, by=None)
    with pytest.raises(OutreachRefused) as refused:
        services.shift_check_out(shift, at=start - timedelta(minutes=30), by=None)
    assert refused.value.reason == Reason.ENDS_BEFORE_START


def test_the_certificate_of_service_hours_reads_back_in_chinese(tmp_path):
    volunteer = make_volunteer("赵敏")
    fair = make_activity("换书大会", starts_at=datetime(2016, 4, 24, 9, tzinfo=SHANGHAI))
    clock(volunteer, datetime(2016, 4, 24, 8, 30, tzinfo=SHANGHAI), datetime(2016, 4, 24, 12, 0, tzinfo=SHANGHAI), fair)
    shifts = queries.completed_shifts(volunteer, date(2016, 1, 1), date(2016, 12, 31))
    pdf = certificates.certificate(
        volunteer,
        shifts,
        first=date(2016, 1, 1),
        last=date(2016, 12, 31),
        library="醴陵市图书馆",
        issued_on=date(2016, 7, 7),
    )
    (tmp_path / "c.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "c.pdf"), "-"], capture_output=True, text=True).stdout
    compact = "".join(text.split())
    assert "志愿服务时长证明" in compact
    assert "赵敏" in compact
    assert "累计服务时长3.5小时" in compact
    assert "换书大会" in compact
