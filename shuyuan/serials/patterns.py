"""Publication patterns: from a frequency, the first issue of the year, the omission rules (skipped
months and weekdays) and the combination rules (combined issues), the issues a year brings, each
with its numbering as printed. Pure functions of plain values, tested without a database.

A year is first laid out in slots (one per publication date the frequency gives), the skipped slots
are taken away, the rest numbered 1, 2, 3 … in the year, then combined issues merge consecutive
numbers into one issue (a 春节合刊 “第1-2期” arrives once, on its first number's date). The
cumulative number (总第…期) advances with every number, so a combined issue carries two.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import pairwise

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Frequency(TextChoices):
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")
    SEMIMONTHLY = "semimonthly", _("semi-monthly")
    MONTHLY = "monthly", _("monthly")
    BIMONTHLY = "bimonthly", _("bimonthly")
    QUARTERLY = "quarterly", _("quarterly")
    IRREGULAR = "irregular", _("irregular")


class Numbering(TextChoices):
    YEAR_ISSUE = "year_issue", _("year and issue (2016年第3期)")
    VOLUME_ISSUE = "volume_issue", _("volume and issue (第12卷第3期)")
    DATE = "date", _("date (newspapers)")


MONTH_STEPS = {Frequency.MONTHLY: 1, Frequency.BIMONTHLY: 2, Frequency.QUARTERLY: 3}


@dataclass(frozen=True)
class Pattern:
    frequency: str
    first_issue_on: date
    numbering: str = Numbering.YEAR_ISSUE
    first_whole_number: int | None = None
    volume: int | None = None
    skipped_months: tuple[int, ...] = ()
    skipped_weekdays: tuple[int, ...] = ()  # ISO weekdays, 1 = Monday
    combined: tuple[tuple[int, int], ...] = ()  # numbers in the year, first and last of each combined issue
    irregular_dates: tuple[date, ...] = ()


@dataclass(frozen=True)
class Predicted:
    sequence: int
    expected_on: date
    first_number: int
    last_number: int
    first_whole_number: int | None
    last_whole_number: int | None
    volume: int | None
    label: str

    @property
    def is_combined(self) -> bool:
        return self.last_number > self.first_number


class InvalidPattern(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def slots(pattern: Pattern) -> list[date]:
    """Every publication date of the first issue's year that the frequency gives, before omissions."""
    first = pattern.first_issue_on
    year = first.year
    if pattern.frequency == Frequency.IRREGULAR:
        return sorted(d for d in set(pattern.irregular_dates) if d.year == year)
    if pattern.frequency in (Frequency.DAILY, Frequency.WEEKLY):
        step = timedelta(days=1 if pattern.frequency == Frequency.DAILY else 7)
        days, day = [], first
        while day.year == year:
            days.append(day)
            day += step
        return days
    if pattern.frequency == Frequency.SEMIMONTHLY:
        on = min(first.day, 28)
        pair = (on, on + 15) if on <= 13 else (max(on - 15, 1), on)
        return [d for m in range(1, 13) for d in (date(year, m, pair[0]), date(year, m, pair[1])) if d >= first]
    months = MONTH_STEPS[Frequency(pattern.frequency)]
    return [date(year, m, min(first.day, 28)) for m in range(first.month, 13, months)]


def predict(pattern: Pattern) -> list[Predicted]:
    """The issues of the first issue's year, in order, with their numbering as printed."""
    published = [
        d
        for d in slots(pattern)
        if d.month not in pattern.skipped_months and d.isoweekday() not in pattern.skipped_weekdays
    ]
    groups = _combine(len(published), pattern.combined)
    issues = []
    for sequence, (first_number, last_number) in enumerate(groups, start=1):
        whole = pattern.first_whole_number
        first_whole = None if whole is None else whole + first_number - 1
        last_whole = None if whole is None else whole + last_number - 1
        on = published[first_number - 1]
        issues.append(
            Predicted(
                sequence=sequence,
                expected_on=on,
                first_number=first_number,
                last_number=last_number,
                first_whole_number=first_whole,
                last_whole_number=last_whole,
                volume=pattern.volume,
                label=label(pattern, on, first_number, last_number, first_whole, last_whole),
            )
        )
    return issues


def _combine(count: int, combined: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    merged = sorted(combined)
    for (a, b), (c, _d) in pairwise(merged):
        if c <= b:
            raise InvalidPattern(_("Combined issues %(a)s-%(b)s and %(c)s overlap.") % {"a": a, "b": b, "c": c})
    for a, b in merged:
        if not 1 <= a < b <= count:
            raise InvalidPattern(
                _("Combined issue %(a)s-%(b)s is outside the year's %(count)s issues.")
                % {"a": a, "b": b, "count": count}
            )
    starts = {a: b for a, b in merged}
    groups, number = [], 1
    while number <= count:
        last = starts.get(number, number)
        groups.append((number, last))
        number = last + 1
    return groups


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def label(pattern: Pattern, on: date, first: int, last: int, first_whole: int | None, last_whole: int | None) -> str:
    # The numbering as printed on the cover, in Chinese whatever the page's language: it is data.
    if pattern.numbering == Numbering.DATE:
        text = f"{on.year}年{on.month}月{on.day}日"
    elif pattern.numbering == Numbering.VOLUME_ISSUE:
        text = f"第{pattern.volume or 1}卷第{_span(first, last)}期"
    else:
        text = f"{on.year}年第{_span(first, last)}期"
    if first_whole is not None and last_whole is not None:
        text += f" (总第{_span(first_whole, last_whole)}期)"
    return text


def next_year(pattern: Pattern) -> Pattern:
    """The same pattern one year on: the cycle continues from the year's last slot, the cumulative
    number from the year's last number, the volume advances by one."""
    year_slots = slots(pattern)
    year = pattern.first_issue_on.year + 1
    if pattern.frequency == Frequency.IRREGULAR:
        dates = tuple(_same_day(d, year) for d in pattern.irregular_dates if d.year == year - 1)
        first = min(dates) if dates else date(year, 1, 1)
        whole, volume = _carried(pattern)
        return replace(pattern, first_issue_on=first, irregular_dates=dates, first_whole_number=whole, volume=volume)
    last = year_slots[-1] if year_slots else pattern.first_issue_on
    if pattern.frequency in (Frequency.DAILY, Frequency.WEEKLY):
        step = timedelta(days=1 if pattern.frequency == Frequency.DAILY else 7)
        first = last + step
        while first.year < year:
            first += step
    elif pattern.frequency == Frequency.SEMIMONTHLY:
        first = date(year, 1, min(pattern.first_issue_on.day, 13))
    else:
        month = last.month + MONTH_STEPS[Frequency(pattern.frequency)] - 12
        first = date(year, max(month, 1), min(pattern.first_issue_on.day, 28))
    whole, volume = _carried(pattern)
    return replace(pattern, first_issue_on=first, first_whole_number=whole, volume=volume)


def _carried(pattern: Pattern) -> tuple[int | None, int | None]:
    issues = predict(pattern)
    whole = pattern.first_whole_number
    if whole is not None:
        whole = (issues[-1].last_whole_number or whole - 1) + 1 if issues else whole
    volume = None if pattern.volume is None else pattern.volume + 1
    return whole, volume


def _same_day(d: date, year: int) -> date:
    return date(year, d.month, min(d.day, 28) if d.month == 2 else d.day)


def parse_numbers(text: str) -> tuple[int, ...]:
    """``7, 8`` → (7, 8); ``7-8`` → (7, 8)."""
    numbers: list[int] = []
    for part in text.replace("，", ",").replace("、", ",").split(","):
        part = part.strip()
        if not part:
            continue
        low, _sep, high = part.partition("-")
        try:
            numbers.extend(range(int(low), int(high or low) + 1))
        except ValueError:
            raise InvalidPattern(_("“%(part)s” is not a number or a range of numbers.") % {"part": part}) from None
    return tuple(sorted(set(numbers)))


def parse_combined(text: str) -> tuple[tuple[int, int], ...]:
    """``1-2, 7-8`` → ((1, 2), (7, 8)): each a combined issue's first and last number."""
    pairs = []
    for part in text.replace("，", ",").replace("、", ",").replace("+", "-").split(","):
        part = part.strip()
        if not part:
            continue
        low, _sep, high = part.partition("-")
        try:
            pairs.append((int(low), int(high)))
        except ValueError:
            raise InvalidPattern(_("“%(part)s” is not a combined issue such as 1-2.") % {"part": part}) from None
    return tuple(sorted(pairs))
