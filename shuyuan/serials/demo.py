"""Demo: the general reading room's 2016 periodicals, 100+ titles through the post office and an
agency in Changsha, received up to the demo's today, a few late and claimed.

Titles are real names; their ISSN, CN numbers and postal codes are made up for the demo (valid in
form and check digit, not the titles' real numbers)."""

from datetime import date, timedelta
from decimal import Decimal

from shuyuan.branches.models import ServicePoint
from shuyuan.demo import DemoContext
from shuyuan.serials import services
from shuyuan.serials.models import Issue, IssueEvent, Subscription, Supplier
from shuyuan.serials.patterns import Frequency, Numbering, Pattern

NEWSPAPERS = (
    "人民日报 光明日报 经济日报 参考消息 湖南日报 株洲日报 醴陵日报 中国教育报 "
    "中国文化报 健康报 农民日报 科技日报 潇湘晨报 三湘都市报 文摘报 老年人报"
).split()
WEEKLIES = "南方周末 环球时报 读者报 中国新闻周刊 三联生活周刊 瞭望 新民周刊 小哥白尼 少年文摘报 中国电视报".split()
SEMIMONTHLIES = (
    "读者 意林 求是 半月谈 青年文摘 特别关注 知音 故事会 小学生时代 中学生博览 演讲与口才 幽默与笑话".split()
)
MONTHLIES = (
    "人民文学 收获 当代 十月 小说月报 散文 诗刊 湖南文学 芙蓉 中华遗产 国家地理 中国国家旅游 大众医学 家庭医生 "
    "百科知识 科学画报 环球科学 中国摄影 书法 美术 集邮 钓鱼 中国烹饪 家庭 女友 妇女之友 父母必读 儿童文学 "
    "少年文艺 我们爱科学 东方娃娃 米老鼠 故事大王 小溪流 作文通讯 课堂内外 中学生 大众电影 上海服饰 "
    "汽车之友 电脑爱好者 无线电 中国花卉盆景 农家之友 湖南农业 中国老年 老年人 当代健康报 兵器知识 舰船知识 "
    "航空知识 世界知识画报 文史博览 湘潮 书屋"
).split()
BIMONTHLIES = "今古传奇 当代作家评论 读书人 湖南教育 图书馆 收藏家 中国书画 考古 文物天地 花城".split()
QUARTERLIES = "湖南省图书馆学刊 地方文献研究 醴陵文史 中国陶瓷工业 书目季刊".split()


def _issn(n: int) -> str:
    body = f"{1671000 + n:07d}"
    total = sum(int(d) * w for d, w in zip(body, range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return f"{body[:4]}-{body[4:]}{'X' if check == 10 else check}"


def _plan() -> list[tuple[str, Pattern, int, Decimal]]:
    """Title, pattern, copies and yearly price of each 2016 subscription."""
    plan = []
    for n, title in enumerate(NEWSPAPERS):
        skip = (6, 7) if n % 3 == 0 else ()
        plan.append(
            (
                title,
                Pattern(Frequency.DAILY, date(2016, 1, 1), Numbering.DATE, 20000 + 137 * n, skipped_weekdays=skip),
                2,
                Decimal("360.00"),
            )
        )
    for n, title in enumerate(WEEKLIES):
        plan.append(
            (
                title,
                Pattern(Frequency.WEEKLY, date(2016, 1, 4 + n % 5), first_whole_number=800 + 50 * n),
                1,
                Decimal("180.00"),
            )
        )
    for n, title in enumerate(SEMIMONTHLIES):
        plan.append(
            (
                title,
                Pattern(Frequency.SEMIMONTHLY, date(2016, 1, 1 + n % 10), first_whole_number=500 + 24 * n),
                2,
                Decimal("144.00"),
            )
        )
    for n, title in enumerate(MONTHLIES):
        combined = ((1, 2),) if n % 7 == 0 else ()  # a 春节合刊
        skipped = (7, 8) if title in ("作文通讯", "课堂内外", "中学生", "小溪流") else ()  # school holidays
        numbering = Numbering.VOLUME_ISSUE if n % 5 == 0 else Numbering.YEAR_ISSUE
        plan.append(
            (
                title,
                Pattern(
                    Frequency.MONTHLY,
                    date(2016, 1, 5 + n % 20),
                    numbering,
                    300 + 12 * n,
                    30 + n % 20,
                    skipped_months=skipped,
                    combined=combined,
                ),
                1,
                Decimal("96.00"),
            )
        )
    for n, title in enumerate(BIMONTHLIES):
        plan.append((title, Pattern(Frequency.BIMONTHLY, date(2016, 1 + n % 2, 15)), 1, Decimal("60.00")))
    for n, title in enumerate(QUARTERLIES):
        plan.append(
            (title, Pattern(Frequency.QUARTERLY, date(2016, 3, 25), first_whole_number=40 + 4 * n), 1, Decimal("40.00"))
        )
    return plan


def load(ctx: DemoContext) -> None:
    room = ServicePoint.objects.get(code="LL01-READ")
    if Subscription.objects.filter(service_point=room, year=2016).exists():
        return
    post, _ = Supplier.objects.get_or_create(
        name="中国邮政集团公司醴陵市分公司", defaults={"kind": Supplier.Kind.POST_OFFICE, "address": "湖南省醴陵市"}
    )
    agency, _ = Supplier.objects.get_or_create(
        name="长沙湘江报刊发行社", defaults={"kind": Supplier.Kind.AGENCY, "address": "湖南省长沙市"}
    )
    plan = _plan()
    plan = plan[: ctx.scale(len(plan), 12)]
    subscribed_at = ctx.now.replace(year=2015, month=11, day=20)
    for n, (title, pattern, copies, price) in enumerate(plan):
        newspaper = pattern.frequency == Frequency.DAILY
        services.subscribe(
            title=title,
            issn=_issn(n),
            cn=f"CN{43 if n % 4 else 11}-{(n + 1) if newspaper else 1000 + n:04d}/{'Z' if newspaper else 'G2'}",
            postal_code=f"{42 if n % 4 else 2}-{2 * n + (1 if newspaper else 2)}",
            supplier=agency if n % 9 == 8 else post,
            price=price,
            service_point=room,
            year=2016,
            copies=copies,
            pattern=pattern,
            late_after_days=3 if newspaper else 10,
            issues_on_display=7 if newspaper else 1,
            at=subscribed_at,
            by=None,
        )
    _receive(ctx)


def _receive(ctx: DemoContext) -> None:
    """Everything due by a few days before today arrives 1-4 days after its date; a few never do."""
    rng = ctx.rng("serials")
    today = ctx.now.date()
    due = list(
        Issue.objects.filter(subscription__year=2016, expected_on__lte=today - timedelta(days=4)).select_related(
            "subscription"
        )
    )
    magazines = [
        i
        for i in due
        if i.subscription.frequency != Frequency.DAILY and date(2016, 5, 1) <= i.expected_on <= date(2016, 6, 20)
    ]
    missing = {i.pk for i in rng.sample(magazines, min(len(magazines), ctx.scale(9, 3)))}
    received = []
    for issue in due:
        if issue.pk in missing:
            continue
        issue.status = Issue.Status.RECEIVED
        issue.place = Issue.Place.STORAGE
        issue.received_at = ctx.now.replace(month=issue.expected_on.month, day=issue.expected_on.day) + timedelta(
            days=rng.randint(1, 4)
        )
        received.append(issue)
    Issue.objects.bulk_update(received, ["status", "place", "received_at"], batch_size=2000)
    IssueEvent.objects.bulk_create(
        (
            IssueEvent(issue=i, kind=IssueEvent.Kind.RECEIVED, at=i.received_at or ctx.now, by_label="demo")
            for i in received
        ),
        batch_size=2000,
    )
    # The newest received issues of each title are on display; shelve_old_issues keeps them there.
    Issue.objects.filter(pk__in=[i.pk for i in received]).update(place=Issue.Place.DISPLAY)
    room = ServicePoint.objects.get(code="LL01-READ")
    services.shelve_old_issues(room, at=ctx.now, by=None)
    services.mark_late_issues(at=ctx.now - timedelta(days=2))
    late = list(Issue.objects.filter(status=Issue.Status.LATE, subscription__year=2016).order_by("expected_on"))
    if late:
        services.claim(late[: max(1, len(late) * 2 // 3)], at=ctx.now - timedelta(days=1), by=None)
