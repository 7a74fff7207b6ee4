"""Periods as the data contract defines them: two dates, both included, and the one before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class Period:
    """Days `start` to `end`, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        """How many days the period covers."""
        return (self.end - self.start).days + 1

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


def parse_date(text: str) -> date:
    """An ISO date YYYY-MM-DD; ValueError naming the expected form otherwise."""
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValueError(f"{text!r} is not a date of the form YYYY-MM-DD") from None


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
    """The period a preset names, ending on or before `anchor`."""
    if preset == "quarter_to_date":
        return Period(quarter_of(anchor).start, anchor)
    if preset == "previous_quarter":
        return quarter_of(quarter_of(anchor).start - timedelta(days=1))
    if preset == "last_30_days":
        return Period(anchor - timedelta(days=29), anchor)
    if preset == "last_90_days":
        return Period(anchor - timedelta(days=89), anchor)
    if preset == "year_to_date":
        return Period(date(anchor.year, 1, 1), anchor)
    if preset == "last_12_months":
        return Period(anchor - timedelta(days=364), anchor)
    raise ValueError(f"unknown period preset {preset!r}; known: {', '.join(PRESETS)}")
