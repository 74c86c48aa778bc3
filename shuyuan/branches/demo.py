"""Demo: 醴陵市图书馆 in 2016, its service points, the 达芬奇画室 branch, the calendar and the staff."""

import secrets
from datetime import date, time
from pathlib import Path

from django.contrib.auth.models import Group, User

from shuyuan.branches import services
from shuyuan.branches.holidays import parse_schedule
from shuyuan.branches.models import Branch, Library, OpeningHours, PublicHoliday, ServicePoint, StaffProfile
from shuyuan.demo import LIBRARY_CODE, DemoContext, logins_file
from shuyuan.roles import Role, ensure_roles

CENTRAL = "LL01"
DAVINCI = "LL02"
POINTS = [
    # code, name, kind, branch, hours (weekdays, opens, closes)
    ("LL01-DESK", "外借处", ServicePoint.Kind.LENDING_DESK, CENTRAL, (range(7), time(8, 30), time(17, 30))),
    ("LL01-READ", "综合阅览室", ServicePoint.Kind.GENERAL_READING_ROOM, CENTRAL, (range(7), time(8, 30), time(21))),
    ("LL01-KIDS", "少儿阅览室", ServicePoint.Kind.CHILDRENS_ROOM, CENTRAL, (range(7), time(8, 30), time(17, 30))),
    ("LL01-EREAD", "电子阅览室", ServicePoint.Kind.E_READING_ROOM, CENTRAL, (range(7), time(8, 30), time(21))),
    ("LL01-LOCAL", "地方文献室", ServicePoint.Kind.LOCAL_DOCUMENTS_ROOM, CENTRAL, (range(5), time(8, 30), time(17))),
    ("LL01-MEDIA", "共享工程室", ServicePoint.Kind.MULTIMEDIA_ROOM, CENTRAL, (range(5), time(8, 30), time(17))),
    ("LL01-KIOSK", "自助借还机", ServicePoint.Kind.KIOSK, CENTRAL, (range(7), time(8), time(21))),
    ("LL01-HALL", "报告厅", ServicePoint.Kind.EVENT_VENUE, CENTRAL, (range(7), time(8, 30), time(21))),
    ("LL01-GSJ", "官山居委会流动站", ServicePoint.Kind.DEPOSIT_STATION, CENTRAL, (range(5), time(9), time(17))),
    ("LL02-DESK", "画室分馆借阅处", ServicePoint.Kind.LENDING_DESK, DAVINCI, (range(1, 7), time(9), time(18))),
]
STAFF = [
    ("director", "馆长", Role.DIRECTOR, True),
    ("circulation", "外借处", Role.CIRCULATION, False),
    ("cataloguing", "采编部", Role.CATALOGUING, True),
    ("acquisitions", "采访与期刊", Role.ACQUISITIONS, True),
    ("reading_room", "阅览室", Role.READING_ROOM, False),
    ("activities", "活动部", Role.ACTIVITIES, True),
    ("statistics", "统计", Role.STATISTICS, True),
    ("davinci", "画室分馆", Role.CIRCULATION, False),
]


def load(ctx: DemoContext) -> None:
    library, _ = Library.objects.get_or_create(
        code=LIBRARY_CODE, defaults={"name": "醴陵市图书馆", "region_code": "430281", "isil": "CN-430281-L"}
    )
    central, _ = Branch.objects.get_or_create(
        code=CENTRAL,
        defaults=dict(
            library=library,
            name="醴陵市图书馆总馆",
            kind=Branch.Kind.CENTRAL,
            address="湖南省醴陵市",
            area_m2=5200,
            seats=420,
            shelves=380,
            opened_on=date(1979, 1, 1),
        ),
    )
    Branch.objects.get_or_create(
        code=DAVINCI,
        defaults=dict(
            library=library,
            name="达芬奇画室分馆",
            address="醴陵市达芬奇画室",
            partner_name="达芬奇画室",
            partner_agreement="画室提供场地与管理人员，图书馆提供图书、系统与业务指导，通借通还。",
            area_m2=100,
            seats=20,
            shelves=6,
            opened_on=date(2016, 7, 7),
            closed_weekdays="0",
        ),
    )
    branches = {b.code: b for b in Branch.objects.all()}
    for code, name, kind, branch_code, (weekdays, opens, closes) in POINTS:
        point, created = ServicePoint.objects.get_or_create(
            code=code, defaults=dict(branch=branches[branch_code], name=name, kind=kind)
        )
        if created:
            OpeningHours.objects.bulk_create(
                OpeningHours(service_point=point, weekday=d, opens_at=opens, closes_at=closes) for d in weekdays
            )
    if not PublicHoliday.objects.filter(date__year=2016).exists():
        schedule = (Path(__file__).parent / "data" / "holidays-2016.csv").read_text(encoding="utf-8")
        services.import_holiday_schedule(parse_schedule(schedule), at=ctx.now, by=None)
    load_staff(ctx, central, branches[DAVINCI])


def load_staff(ctx: DemoContext, central: Branch, davinci: Branch) -> None:
    ensure_roles()
    for username, last_name, role, everywhere in STAFF:
        if User.objects.filter(username=username).exists():
            continue
        password = secrets.token_urlsafe(8)
        user = User.objects.create_user(username, password=password, last_name=last_name, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        profile = StaffProfile.objects.create(user=user, all_branches=everywhere)
        profile.branches.add(davinci if username == "davinci" else central)
        remember_login(f"{username} / {password} / {Role(role).label}")


def remember_login(line: str) -> None:
    path = logins_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(line + "\n")
    path.chmod(0o600)
