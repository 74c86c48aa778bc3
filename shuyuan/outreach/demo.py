"""Demo: the seed library's reading promotion in the first half of 2016, as its report tells it.

Every activity with its figures and a short narrative (the lantern festival, books to 官山居委会,
the 小小文化志愿者, the storytelling contest, the book-exchange fair, ten film screenings with
南门中学, the reading salon whose ten readers signed up and checked in with tickets), the volunteers
with their shifts, the two staff training events, and the opening of the 达芬奇画室 branch (made by
the branches demo and stocked by the catalogue demo: here its opening record and ceremony). The
branch's 300 first-day loans are circulation's; its 400 visits are the visits app's."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User

from shuyuan.branches.models import Branch, ServicePoint
from shuyuan.catalog.models import Item
from shuyuan.demo import DemoContext, local
from shuyuan.outreach import services
from shuyuan.outreach.models import Activity, Audience, BranchOpening, Kind, Partner, Registration, Training
from shuyuan.patrons.models import Patron

FESTIVAL = "我们的节日·元宵灯会"


def load(ctx: DemoContext) -> None:
    if Activity.objects.filter(title=FESTIVAL).exists():
        return
    central = Branch.objects.filter(code="LL01").first()
    if central is None:
        return
    points = {p.code: p for p in ServicePoint.objects.filter(branch__code__in=["LL01", "LL02"])}
    partners = {
        name: Partner.objects.get_or_create(name=name, defaults={"kind": kind, "address": address})[0]
        for name, kind, address in (
            ("官山居委会", Partner.Kind.COMMUNITY, "醴陵市浦口镇官山居委会"),
            ("南门中学", Partner.Kind.SCHOOL, "醴陵市南门中学"),
            ("达芬奇画室", Partner.Kind.COMPANY, "醴陵市达芬奇画室"),
        )
    }
    volunteers = _volunteers(ctx)
    _festival(central)
    _community(central, points, partners, volunteers["adults"])
    _young_volunteers(central, points, volunteers["children"])
    _contest(central, points)
    _exchange_fair(central, points, volunteers["adults"])
    _screenings(central, points, partners)
    _salon(ctx, central)
    _training()
    _davinci_opening(partners["达芬奇画室"])
    ctx.say(f"  outreach: {Activity.objects.count()} activities, {len(volunteers['children'])} young volunteers")


def _plan(title: str, kind: str, start: datetime, hours: float, branch: Branch, **fields: Any) -> Activity:
    plan = services.Plan(
        title=title, kind=kind, starts_at=start, ends_at=start + timedelta(hours=hours), branch=branch, **fields
    )
    return services.plan_activity(plan, at=start - timedelta(days=10), by=None)


def _done(activity: Activity, narrative: str, **outcome: Any) -> None:
    services.record_outcome(activity, narrative=narrative, at=activity.ends_at, by=None, **outcome)


def _festival(central: Branch) -> None:
    # 正月十五 is 2016-02-22; the report dates its write-up 2月23日.
    activity = _plan(
        FESTIVAL,
        Kind.FESTIVAL,
        local(2016, 2, 22, 19),
        2.5,
        central,
        place_name="状元洲文化公园",
        place_address="醴陵市状元洲",
    )
    _done(
        activity,
        "正月十五晚7:00在状元洲文化公园举行，悬挂大小灯笼400余个，灯下挂猜字、猜历史名人、诗句、成语等谜语"
        "200多条；广场中心设直径3米、高4米的大型灯笼，吸引3000余名民众赏灯猜谜。",
        walk_ins=3000,
        figures=[("灯笼", 400, "盏"), ("谜语", 200, "条"), ("大型灯笼", 1, "座")],
    )


def _community(central: Branch, points: dict, partners: dict, adults: list) -> None:
    activity = _plan(
        "学雷锋送书下乡·阅读推广",
        Kind.OUTREACH,
        local(2016, 4, 1, 9),
        3,
        central,
        service_point=points.get("LL01-GSJ"),
        partners=[partners["官山居委会"]],
        audience=Audience.ADULTS,
    )
    _shifts(adults[:4], activity, task="送书下乡")
    _done(
        activity,
        "文化志愿者走进浦口镇官山居委会，开展“我是雷锋家乡人，湖湘文化送春风”学雷锋送书下乡活动，"
        "500余册专业书籍交到居委会彭书记手中，流通300余人次。",
        walk_ins=300,
        books_handed_out=500,
    )


def _young_volunteers(central: Branch, points: dict, children: list) -> None:
    activity = _plan(
        "小小文化志愿者读书日",
        Kind.VOLUNTEER_DAY,
        local(2016, 4, 2, 9),
        2,
        central,
        service_point=points.get("LL01-READ"),
        audience=Audience.CHILDREN,
        age_min=8,
        age_max=13,
    )
    _shifts(children, activity, task="阅览室看书学习")
    _done(
        activity,
        "40多名小小文化志愿者来到图书馆，在阅览室看书学习近两个小时，平常积极“充电”，以后更好地为他人服务。",
        walk_ins=len(children),
    )


def _contest(central: Branch, points: dict) -> None:
    activity = _plan(
        "世界读书日·我的家族故事演讲大赛",
        Kind.CONTEST,
        local(2016, 4, 23, 9),
        3,
        central,
        service_point=points.get("LL01-HALL"),
    )
    _done(
        activity,
        "第二十一个世界读书日，七十几岁的老人到十来岁的孩子，樊、凌、李、周、黄等十余个姓氏的代表报名参赛，"
        "抽签决定演讲顺序；300多位观众冒着细雨专心听讲。",
        walk_ins=300,
        figures=[("参赛姓氏", 11, "个")],
    )


def _exchange_fair(central: Branch, points: dict, adults: list) -> None:
    activity = _plan(
        "醴陵市首届换书大会",
        Kind.BOOK_EXCHANGE,
        local(2016, 4, 24, 9),
        7,
        central,
        service_point=points.get("LL01-READ"),
    )
    _shifts(adults[:10], activity, task="维护换书秩序")
    _done(
        activity,
        "挑选800余册崭新的书籍和杂志在阅览室举办首届换书大会，10位文化志愿者维护秩序，"
        "当天500余人次前来交换图书，850余册图书流动起来。",
        walk_ins=500,
        books_exchanged=850,
        figures=[("备换图书", 800, "册")],
    )


def _screenings(central: Branch, points: dict, partners: dict) -> None:
    plan = services.Plan(
        title="学雷锋影视展",
        kind=Kind.FILM,
        starts_at=local(2016, 5, 4, 14, 30),
        ends_at=local(2016, 5, 4, 16, 30),
        branch=central,
        service_point=points.get("LL01-MEDIA"),
        partners=[partners["南门中学"]],
        audience=Audience.STUDENTS,
        narrative="联合南门中学在二楼共享工程室放映《青春雷锋》《雷锋》等影片。",
    )
    series = services.plan_series(plan, "FREQ=DAILY;COUNT=10", at=local(2016, 4, 28), by=None)
    for n, session in enumerate(series.sessions.order_by("starts_at")):
        _done(session, f"第{n + 1}场：南门中学组织学生观看。", walk_ins=80 + (n * 7) % 13)


def _salon(ctx: DemoContext, central: Branch) -> None:
    """Ten readers sign up online and check in with their tickets."""
    start = local(2016, 6, 29, 9)
    activity = _plan(
        "读书沙龙：我的读书体会",
        Kind.SALON,
        start,
        2,
        central,
        place_name="图书馆会议室",
        needs_signup=True,
        capacity=12,
        waiting_list_size=5,
        signup_opens_at=local(2016, 6, 20, 9),
    )
    readers = list(
        Patron.objects.filter(status=Patron.Status.ACTIVE, category__kind="adult").order_by("pk")[: ctx.scale(10, 10)]
    )
    for n, reader in enumerate(readers):
        registration = services.sign_up(
            activity,
            reader,
            at=local(2016, 6, 21, 10) + timedelta(hours=n),
            by=reader,
            channel=Registration.Channel.ONLINE,
        )
        services.check_in(activity, registration.ticket, at=start - timedelta(minutes=10 - n), by=None)
    _done(
        activity,
        "由读者自发发起、自愿参加，十位读者在会议室平等交流读书体会，抒发心灵感言，展示从书中学到的才识。",
    )


def _volunteers(ctx: DemoContext) -> dict[str, list]:
    rng = ctx.rng("outreach-volunteers")
    surnames = "李王张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗"
    given = "小明子涵一诺欣怡浩然梓萱宇轩雨桐俊杰思源晨曦佳怡"
    readers = list(Patron.objects.filter(status=Patron.Status.ACTIVE, category__kind="adult").order_by("-pk")[:3])
    adults = []
    for n in range(12):
        name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
        patron = readers[n] if n < len(readers) else None
        form = services.VolunteerForm(
            name=patron.name if patron else name,
            joined_on=date(2016, 3, 5),
            phone=f"139{rng.randrange(10**8):08d}",
            birth_date=date(1970 + rng.randrange(30), 1 + rng.randrange(12), 1 + rng.randrange(28)),
            skills=rng.choice(["图书整理", "活动组织", "摄影", "讲故事"]),
            group="文化志愿者",
            patron=patron,
        )
        adults.append(services.register_volunteer(form, at=local(2016, 3, 5), by=None))
    children = []
    for _n in range(ctx.scale(42, 42)):
        surname = rng.choice(surnames)
        form = services.VolunteerForm(
            name=surname + rng.choice(given) + rng.choice(given),
            joined_on=date(2016, 4, 2),
            birth_date=date(2003 + rng.randrange(6), 1 + rng.randrange(12), 1 + rng.randrange(28)),
            guardian_name=surname + rng.choice("建国志强秀英丽华卫东"),
            guardian_phone=f"138{rng.randrange(10**8):08d}",
            group="小小文化志愿者",
            skills="阅读",
        )
        children.append(services.register_volunteer(form, at=local(2016, 4, 2, 8), by=None))
    return {"adults": adults, "children": children}


def _shifts(volunteers: list, activity: Activity, *, task: str) -> None:
    for n, volunteer in enumerate(volunteers):
        shift = services.schedule_shift(
            volunteer,
            start=activity.starts_at,
            end=activity.ends_at,
            activity=activity,
            task=task,
            at=activity.starts_at - timedelta(days=1),
            by=None,
        )
        services.shift_check_in(shift, at=activity.starts_at - timedelta(minutes=15 - n % 10), by=None)
        services.shift_check_out(shift, at=activity.ends_at + timedelta(minutes=n % 20), by=None)


def _training() -> None:
    staff = {u.username: u for u in User.objects.filter(is_staff=True)}
    for title, kind, organiser, place, first, last, hours, who in (
        ("道德讲堂", Training.Kind.POLITICAL_STUDY, "株洲市委宣传部、市文明办", "醴陵市地税局第四分局多媒体大厅",
         date(2016, 5, 19), date(2016, 5, 19), "3", ("activities", "reading_room")),
        ("株洲市公共文化骨干培训班", Training.Kind.PROFESSIONAL, "株洲市文体广新局", "株洲市",
         date(2016, 6, 1), date(2016, 6, 3), "18", ("circulation", "cataloguing")),
    ):  # fmt: skip
        services.record_training(
            title=title,
            kind=kind,
            organiser=organiser,
            place=place,
            first_day=first,
            last_day=last,
            hours=Decimal(hours),
            attendees=[staff[name] for name in who if name in staff],
            at=local(2016, 6, 3, 18),
            by=None,
        )


def _davinci_opening(partner: Partner) -> None:
    """The branch, its desk and its books exist (branches and catalogue demos); the opening record
    says how it came about, and the ceremony is an activity of the day."""
    branch = Branch.objects.filter(code="LL02").first()
    if branch is None or BranchOpening.objects.filter(branch=branch).exists():
        return
    items = Item.objects.filter(home_branch=branch)
    donated = items.filter(note="捐赠").count()
    BranchOpening.objects.create(
        branch=branch,
        partner=partner,
        agreement_signed_on=date(2016, 6, 29),
        desks=8,
        benches=20,
        opens_on=date(2016, 7, 7),
        items_moved=items.count() - donated,
        donated_catalogued=donated,
        created_at=local(2016, 6, 29, 9),
    )
    activity = _plan(
        "达芬奇画室分馆开馆",
        Kind.BRANCH_OPENING,
        local(2016, 7, 7, 9),
        1,
        branch,
        partners=[partner],
        service_point=branch.service_points.first(),
    )
    _done(
        activity,
        "6月29日至7月7日与达芬奇画室合作创建画室分馆：场地100平方米，书桌8张，长凳20条，书架6个；"
        "募集二手书500余册，总馆挑选历史、文学等书籍2000余册。",
        figures=[
            ("场地", 100, "平方米"),
            ("书桌", 8, "张"),
            ("长凳", 20, "条"),
            ("书架", 6, "个"),
            ("捐赠图书", donated, "册"),
            ("总馆调拨图书", items.count() - donated, "册"),
        ],
    )
