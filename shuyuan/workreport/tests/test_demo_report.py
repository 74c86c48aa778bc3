"""The work report on the demo database reproduces the seed library's figures (DESIGN.md section 7),
read back from the generated .docx, .xlsx and .pdf; and each figure equals a plain count over the
raw rows.

The suite runs the demo's small profile; ``SEED`` gives each row's value in both profiles (the full
one is DESIGN.md's table), and ``check_seed_table`` is what ``bench/workreport --demo-check`` runs on
a full-size demo database."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import translation

from shuyuan.acquisitions.models import LocalDocument, Receipt
from shuyuan.circulation.models import CirculationEvent
from shuyuan.demo import DemoContext, run
from shuyuan.outreach.models import Activity
from shuyuan.patrons.models import RegistrationEvent
from shuyuan.serials.models import Subscription
from shuyuan.stats.figures import Period
from shuyuan.visits.models import ComputerSession, EResourceUsage, VisitCount
from shuyuan.workreport import documents
from shuyuan.workreport.tests.readback import docx_tables, docx_text, pdf_text, squeeze, xlsx_sheets

SHANGHAI = ZoneInfo("Asia/Shanghai")
TO_JUNE_12 = Period(date(2016, 1, 1), date(2016, 6, 12))  # the seed's window figures
FIRST_HALF = Period(date(2016, 1, 1), date(2016, 6, 30))
TO_OPENING = Period(date(2016, 1, 1), date(2016, 7, 7))  # the 达芬奇画室 branch's first day

FULL, SMALL = 0, 1
# DESIGN.md section 7, (full, small): exact figures, or thresholds for the seed's "N+" figures.
SEED = {
    "desk_cards": (206, 206),
    "windows": {
        "外借处": (55_000, 550),
        "综合阅览室": (66_000, 660),
        "少儿阅览室": (49_000, 490),
        "电子阅览室": (45_200, 452),
        "地方文献室": (278, 278),
    },
    "print": (361_225, 3_611),
    "electronic": (14_000, 140),
    "loans_and_returns": (375_225, 3_751),
    "books_bought_at_least": (4_500, 100),
    "periodicals_at_least": (100, 12),
    "local_documents": ((40, 102), (40, 102)),
    "first_day_visits_at_least": (400, 40),
    "first_day_loans": (300, 10),
    "donated_at_least": (500, 10),
    "selected_at_least": (2_000, 30),
}
SHEET_SUMMARY, SHEET_CARDS, SHEET_WINDOWS, SHEET_ACTIVITIES, SHEET_OPENINGS, SHEET_TRAINING = (
    "概况", "办证", "各窗口服务", "阅读推广活动", "分馆开馆", "学习和培训",
)  # fmt: skip


def grouped(n: int) -> str:
    return f"{n:,}".replace(",", " ") if n >= 10_000 else str(n)


def wan(n: int) -> str:
    if n < 10_000:
        return str(n)
    return f"{n / 10_000:.2f}".rstrip("0").rstrip(".") + "万"


def near(value: int, expected: int, profile: int) -> bool:
    """±0.5 % for the full profile's rounded window figures (DESIGN.md), exact otherwise."""
    return (
        value == expected if profile == SMALL or expected in (45_200, 278) else abs(value - expected) <= expected / 200
    )


@pytest.fixture(scope="module")
def reports(django_db_setup, django_db_blocker) -> Iterator[dict[Period, documents.Files]]:
    """The small demo loaded once for this module, the three periods' reports made from it; the
    database emptied afterwards for the other modules."""
    with django_db_blocker.unblock():
        run(DemoContext(small=True, say=lambda _line: None))
        with translation.override("zh-hans"):
            made = {period: documents.make(period) for period in (TO_JUNE_12, FIRST_HALF, TO_OPENING)}
        yield made
        call_command("flush", "--no-input", stdout=io.StringIO())


def check_seed_table(made: dict[Period, documents.Files], profile: int) -> list[str]:
    """Every row of DESIGN.md section 7 against the three files; the rows that fail, as sentences."""
    failed: list[str] = []

    def expect(ok: bool, what: str) -> None:
        if not ok:
            failed.append(what)

    june12, half, opening = made[TO_JUNE_12], made[FIRST_HALF], made[TO_OPENING]
    # new reader cards at the lending desk, 01-01 – 06-12
    cards = SEED["desk_cards"][profile]
    desk = [row for row in june12.content.new_readers_by_point if row[0] == "外借处" and row[1] == "desk"]
    expect([row[3] for row in desk] == [cards], f"cards at the lending desk: {desk}")
    how = desk[0][2] if desk else ""
    sheets = xlsx_sheets(june12.xlsx)
    expect(("外借处", how, cards) in sheets[SHEET_CARDS], f"xlsx: 外借处 {cards} cards")
    docx_rows = [row for t in docx_tables(june12.docx) for row in t]
    expect(["外借处", how, str(cards)] in docx_rows, "docx: cards table")
    expect(f"外借处（{how}）{cards}张" in squeeze(pdf_text(june12.pdf)), "pdf: 外借处 cards")
    # visits per window, 01-01 – 06-12
    windows = {row[0]: row[1] for row in sheets[SHEET_WINDOWS][1:]}
    table = {row[0]: row[1] for t in docx_tables(june12.docx) for row in t if len(row) == 4}
    text = squeeze(pdf_text(june12.pdf))
    for name, values in SEED["windows"].items():
        expected = values[profile]
        got = windows.get(name)
        expect(got is not None and near(got, expected, profile), f"xlsx: {name} {got} ≠ {expected}")
        if got is not None:
            expect(table.get(name) == grouped(got), f"docx: {name} {table.get(name)}")
            expect(f"{name}流通读者{wan(got)}人次" in text, f"pdf: {name} {wan(got)}人次")
    # local documents collected, 01-01 – 06-12
    kinds, volumes = SEED["local_documents"][profile]
    expect((kinds, volumes) == (june12.content.local_kinds, june12.content.local_volumes), "local documents")
    expect(f"地方资料{kinds}种{volumes}册" in squeeze(docx_text(june12.docx)), "docx: local documents")
    expect(f"地方资料{kinds}种{volumes}册" in squeeze(pdf_text(june12.pdf)), "pdf: local documents")
    # loans and returns, 01-01 – 06-30
    summary = {row[0]: row[2] for row in xlsx_sheets(half.xlsx)[SHEET_SUMMARY]}
    total = SEED["loans_and_returns"][profile]
    expect(summary.get("纸质和电子文献借还册次") == total, f"xlsx: 借还 {summary.get('纸质和电子文献借还册次')}")
    expect(half.content.loans + half.content.returns == SEED["print"][profile], "print loans + returns")
    expect(half.content.e_lendings == SEED["electronic"][profile], "electronic lendings")
    for name, data in (("docx", squeeze(docx_text(half.docx))), ("pdf", squeeze(pdf_text(half.pdf)))):
        expect(f"共借还{squeeze(grouped(total))}册次" in data, f"{name}: 共借还 {grouped(total)} 册次")
    # new books bought from Beijing and Changsha, 01-01 – 06-30; periodicals subscribed in 2016
    bought = half.content.volumes_bought
    expect(bought >= SEED["books_bought_at_least"][profile], f"books bought {bought}")
    expect({v.city for v in half.content.vendors} == {"北京", "长沙"}, "vendors in Beijing and Changsha")
    titles = half.content.periodical_titles
    expect(titles >= SEED["periodicals_at_least"][profile], f"periodicals {titles}")
    for name, data in (("docx", squeeze(docx_text(half.docx))), ("pdf", squeeze(pdf_text(half.pdf)))):
        expect(f"北京、长沙等地采购新书{bought}册" in data, f"{name}: books bought")
        expect(f"订阅报刊、杂志{titles}种" in data, f"{name}: periodicals")
    # the activities on the seed's dates, and the branch's first day (up to 07-07)
    docx_all, pdf_all = squeeze(docx_text(opening.docx)), squeeze(pdf_text(opening.pdf))
    activity_rows = xlsx_sheets(opening.xlsx)[SHEET_ACTIVITIES][1:]
    wanted = [
        (date(2016, 2, 22), ["灯笼400盏", "谜语200条", "参加3000人次"]),
        (date(2016, 4, 1), ["赠送图书500册", "参加300人次"]),
        (date(2016, 4, 2), ["参加42人次"]),
        (date(2016, 4, 23), ["参加300人次"]),
        (date(2016, 4, 24), ["备换图书800册", "交换图书850册", "参加500人次", "志愿者10人"]),
        (date(2016, 6, 29), ["参加10人次"]),
    ]
    lines = {a.day: a for a in opening.content.activities}
    for day, facts in wanted:
        line = lines.get(day)
        expect(line is not None, f"activity on {day}")
        if line is None:
            continue
        expect(any(r[0] is not None and r[0].date() == day for r in activity_rows), f"xlsx: activity on {day}")
        for fact in facts:
            sentence = f"{day.month}月{day.day}日，{line.title}"
            for name, data in (("docx", docx_all), ("pdf", pdf_all)):
                start = data.find(squeeze(sentence))
                end = data.find("。数据：", start)
                expect(start >= 0 and fact in data[end : end + 200], f"{name}: {day} {fact}")
    films = lines.get(date(2016, 5, 4))
    expect(films is not None and films.sessions == 10 and films.attendance >= 800, "ten screenings of 80+")
    expect("5月4日起" in docx_all and "共10场" in pdf_all, "screenings in the documents")
    [branch] = opening.content.openings
    expect((branch.area_m2, branch.desks, branch.benches, branch.shelves) == (100, 8, 20, 6), "the branch's room")
    expect(branch.donated >= SEED["donated_at_least"][profile], f"donated {branch.donated}")
    expect(branch.moved >= SEED["selected_at_least"][profile], f"selected {branch.moved}")
    expect(branch.visits >= SEED["first_day_visits_at_least"][profile], f"first-day visits {branch.visits}")
    expect(branch.loans == SEED["first_day_loans"][profile], f"first-day loans {branch.loans}")
    first_day = f"开馆第一天流通{branch.visits}人次，借阅{branch.loans}册次"
    expect(first_day in docx_all and first_day in pdf_all, "docx/pdf: the first day")
    openings = xlsx_sheets(opening.xlsx)[SHEET_OPENINGS]
    expect(openings[1][-2:] == (branch.visits, branch.loans), "xlsx: the first day")
    # staff training: 05-19 and 06-01 – 06-03, two staff each
    trainings = xlsx_sheets(half.xlsx)[SHEET_TRAINING][1:]
    expect(
        [(r[0].date(), r[1].date(), r[5]) for r in trainings]
        == [(date(2016, 5, 19), date(2016, 5, 19), 2), (date(2016, 6, 1), date(2016, 6, 3), 2)],
        "xlsx: trainings",
    )
    for name, data in (("docx", squeeze(docx_text(half.docx))), ("pdf", squeeze(pdf_text(half.pdf)))):
        expect("5月19日，2名工作人员" in data and "6月1日—6月3日，2名工作人员" in data, f"{name}: trainings")
    return failed


@pytest.mark.django_db
def test_the_demo_report_reproduces_every_row_of_the_seed_table(reports):
    assert check_seed_table(reports, SMALL) == []


# Every figure against a second, plainly written count over the raw rows ---------------------------


def bounds(period: Period) -> tuple[datetime, datetime]:
    start = datetime.combine(period.first, time.min, tzinfo=SHANGHAI)
    return start, datetime.combine(period.last + timedelta(days=1), time.min, tzinfo=SHANGHAI)


def events(kind: str, period: Period) -> int:
    start, end = bounds(period)
    return CirculationEvent.objects.filter(kind=kind, at__gte=start, at__lt=end).count()


@pytest.mark.django_db
def test_each_circulation_figure_equals_a_count_of_the_events(reports):
    content = reports[FIRST_HALF].content
    Kind = CirculationEvent.Kind
    electronic = EResourceUsage.objects.filter(
        source__replaced_by__isnull=True, metric="Ebook_Loans", month__range=(date(2016, 1, 1), date(2016, 6, 30))
    ).aggregate(n=Sum("count"))["n"]
    assert (content.loans, content.returns, content.renewals, content.e_lendings) == (
        events(Kind.CHECKOUT, FIRST_HALF),
        events(Kind.CHECKIN, FIRST_HALF),
        events(Kind.RENEWAL, FIRST_HALF),
        electronic,
    )
    assert content.loans_and_returns == content.loans + content.returns + electronic


@pytest.mark.django_db
def test_each_window_and_the_new_cards_equal_a_count_of_their_rows(reports):
    content = reports[TO_JUNE_12].content
    first, last = TO_JUNE_12.first, TO_JUNE_12.last
    counted = {
        name: VisitCount.objects.filter(
            service_point__name=name, replaced_by__isnull=True, day__range=(first, last)
        ).aggregate(n=Sum("count"))["n"]
        for name in ("外借处", "综合阅览室", "少儿阅览室", "地方文献室")
    }
    counted["电子阅览室"] = (
        ComputerSession.objects.filter(day__range=(first, last)).values("reader_token", "day").distinct().count()
    )
    windows = {w.name: w.visits for w in content.windows}
    assert {name: windows[name] for name in counted} == counted
    start, end = bounds(TO_JUNE_12)
    cards = RegistrationEvent.objects.filter(kind=RegistrationEvent.Kind.NEW_CARD, at__gte=start, at__lt=end)
    assert content.new_readers == cards.count()


@pytest.mark.django_db
def test_books_periodicals_and_local_documents_equal_a_count_of_their_rows(reports):
    half, june12 = reports[FIRST_HALF].content, reports[TO_JUNE_12].content
    start, end = bounds(FIRST_HALF)
    bought = Receipt.objects.filter(received_at__gte=start, received_at__lt=end).aggregate(n=Sum("quantity"))["n"]
    titles = Subscription.objects.filter(year=2016).values("title").distinct().count()
    local = LocalDocument.objects.filter(received_on__range=(TO_JUNE_12.first, TO_JUNE_12.last))
    assert (half.volumes_bought, half.periodical_titles) == (bought, titles)
    assert (june12.local_kinds, june12.local_volumes) == (
        local.values("title").distinct().count(),
        local.aggregate(n=Sum("volumes"))["n"],
    )


@pytest.mark.django_db
def test_the_activities_and_their_attendance_equal_a_count_of_their_rows(reports):
    content = reports[FIRST_HALF].content
    start, end = bounds(FIRST_HALF)
    held = Activity.objects.filter(status=Activity.Status.HELD, starts_at__gte=start, starts_at__lt=end)
    attendance = sum(a.walk_ins + a.registrations.filter(checked_in_at__isnull=False).count() for a in held)
    assert sum(a.sessions for a in content.activities) == held.count()
    assert sum(a.attendance for a in content.activities) == attendance
    assert content.figure("activities").value == held.count()
