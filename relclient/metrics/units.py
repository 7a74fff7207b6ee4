"""The units KPIs are measured in: how a value and a change are written, and what a target may be."""

from __future__ import annotations

from dataclasses import dataclass

from relclient.i18n import format_number, t


@dataclass(frozen=True)
class Unit:
    """One unit: decimals shown, the range a target may take, and how a change reads."""

    id: str
    decimals: int  # counts are whole, scores need two to move visibly
    low: float | None  # the range a target may take, so a typo (750 % for 75 %) is caught at once
    high: float | None
    # A change of a percentage moves in points; a score's change reads without its "/5".
    change_unit: str | None = None  # catalogue key of the unit a change is written in
    attached: bool = False  # the symbol follows the number with no space ("4.50/7")
    # Percentages and NPS points are out of 100: a gap of x points is x rows in a hundred.
    per_hundred: bool = False

    def symbol(self, lang: str) -> str:
        """The unit's symbol in `lang` ('' for counts)."""
        return t(f"unit.{self.id}", lang)

    def format(self, value: float | None, lang: str) -> str:
        """A value with its unit, or a dash when it is undefined."""
        if value is None:
            return t("overview.no_value", lang)
        text = format_number(value, lang, self.decimals)
        return f"{text}{self.symbol(lang)}" if self.attached else f"{text} {self.symbol(lang)}".strip()

    def format_change(self, change: float | None, lang: str) -> str | None:
        """A signed change ("+2.3 pts"), None when undefined; a change that rounds to zero has no minus."""
        if change is None:
            return None
        magnitude = format_number(abs(change), lang, self.decimals)
        sign = "-" if change < 0 and magnitude.strip("0,. \u202f") else "+"
        unit = t(self.change_unit, lang) if self.change_unit else ""
        return f"{sign}{magnitude} {unit}".rstrip()

    def allows(self, value: float) -> bool:
        """Whether `value` is a target this unit can reach."""
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


UNITS: dict[str, Unit] = {u.id: u for u in (
    Unit("points", 1, -100.0, 100.0, "unit.points", per_hundred=True),
    Unit("percent", 1, 0.0, 100.0, "unit.points", per_hundred=True),
    Unit("score5", 2, 1.0, 5.0, attached=True),
    Unit("score7", 2, 1.0, 7.0, attached=True),
    Unit("count", 0, 0.0, None),
    Unit("hours", 1, 0.0, None, "unit.hours"),
)}
