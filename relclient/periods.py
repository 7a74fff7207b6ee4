"""Periods as the data contract defines them: two dates, both included, and the one before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from relclient.i18n import format_date, t


# The days a date typed in a link, an argument or a form may name: outside them it is a typo or an
# attack, and date arithmetic near year 1 or 9999 overflows.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)


@dataclass(frozen=True)
class Period:
    """Days `start` to `end`, both included; `asked_end` is the end asked for when the data stops
    before it (the period is then computed "to date", through `end`)."""

    start: date
    end: date
    asked_end: date | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        if self.asked_end is not None and self.asked_end <= self.end:
            raise ValueError(f"a period clipped at {self.end} was asked to end later, not on {self.asked_end}")

    @property
    def days(self) -> int:
        """How many days the period covers (computed: through `end`)."""
        return (self.end - self.start).days + 1

    @property
    def clipped(self) -> bool:
        """Whether the data stops before the end asked for: the figures are "to date"."""
        return self.asked_end is not None

    @property
    def days_asked(self) -> int:
        """How many days the period asked for covers (its `days` when not clipped)."""
        return ((self.asked_end or self.end) - self.start).days + 1

    def bounds(self) -> dict[str, datetime]:
        """The period as SQL reads it: `lo` ≤ instant < `hi` (midnight of `start`, midnight after
        `end`), so a timestamp on the last day counts and one at midnight after it does not."""
        return {"lo": datetime.combine(self.start, time()), "hi": datetime.combine(self.end + timedelta(days=1), time())}

    def asked(self) -> Period:
        """The period as it was asked for, before clipping."""
        return Period(self.start, self.asked_end or self.end)

    def clip(self, latest: date | None) -> Period:
        """The period computed through `latest` (the latest data day) when it is asked to end
        later; unchanged when the data covers it, or when it starts after the data (no data)."""
        asked = self.asked()
        if latest is None or latest >= asked.end or latest < asked.start:
            return asked
        return Period(asked.start, latest, asked.end)

    def previous(self) -> Period:
        """The period of the same number of days that ends the day before `start`."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    @property
    def ts_start(self) -> datetime:
        """The first instant in the period (start 00:00)."""
        return datetime.combine(self.start, time.min)

    @property
    def ts_end_exclusive(self) -> datetime:
        """The first instant after the period ((end + 1 day) 00:00)."""
        return datetime.combine(self.end + timedelta(days=1), time.min)


def period_text(period: Period, lang: str, compare: bool = True) -> str:
    """One sentence saying which days a figure covers and (`compare`) which ones it is compared
    with, "to date (N of M days)" when the data stops before the end asked for."""
    prev = period.previous()
    days = {"start": format_date(period.start, lang), "end": format_date(period.end, lang), "days": period.days,
            "prev_start": format_date(prev.start, lang), "prev_end": format_date(prev.end, lang)}
    plain = "" if compare else "_plain"
    if period.clipped:
        return t(f"period.caption_to_date{plain}", lang, asked_end=format_date(period.asked_end, lang),
                 of=period.days_asked, **days)
    return t(f"period.caption{plain}", lang, **days)


def to_date_text(period: Period, lang: str) -> str | None:
    """"to date (64 of 92 days)" for a clipped period, None for a complete one."""
    return t("period.to_date", lang, days=period.days, of=period.days_asked) if period.clipped else None


def parse_date(text: str) -> date:
    """An ISO date YYYY-MM-DD between 1900 and 2100; ValueError naming the expected form otherwise."""
    try:
        day = date.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValueError(f"{str(text)[:40]!r} is not a date of the form YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{text!r} is not a date between {FIRST_DAY.year} and {LAST_DAY.year}")
    return day


def quarter_of(day: date) -> Period:
    """The calendar quarter that contains `day`."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    next_start = date(day.year + (first_month == 10), 1 if first_month == 10 else first_month + 3, 1)
    return Period(start, next_start - timedelta(days=1))


# Period presets the interface offers, each anchored on a reference day (the latest data).
PRESETS: tuple[str, ...] = ("quarter_to_date", "previous_quarter", "last_30_days", "last_90_days",
                            "year_to_date", "last_12_months")


def preset_period(preset: str, anchor: date) -> Period:
    """The period a preset names: the quarter or year of `anchor` (whole: the KPI layer computes it
    through the latest data day and says "to date"), or days ending on `anchor`."""
    if preset == "quarter_to_date":
        return quarter_of(anchor)
    if preset == "previous_quarter":
        return quarter_of(quarter_of(anchor).start - timedelta(days=1))
    if preset == "last_30_days":
        return Period(anchor - timedelta(days=29), anchor)
    if preset == "last_90_days":
        return Period(anchor - timedelta(days=89), anchor)
    if preset == "year_to_date":
        return Period(date(anchor.year, 1, 1), date(anchor.year, 12, 31))
    if preset == "last_12_months":
        return Period(anchor - timedelta(days=364), anchor)
    raise ValueError(f"unknown period preset {preset!r}; known: {', '.join(PRESETS)}")
