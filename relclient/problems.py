"""The base of the errors a person can hit: a message key and its values, told in their language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from relclient.i18n import format_date, format_number, t


@dataclass(frozen=True)
class Amount:
    """A number in an error, written the reader's way when the error is worded (1 024 / 1,024)."""

    value: float
    decimals: int = 0

    def __str__(self) -> str:
        return format_number(self.value, "en", self.decimals)


class Problem(Exception):
    """An error worded from the catalogue: `<PREFIX>.<key>` with `values` filled in."""

    PREFIX = "error"

    def __init__(self, key: str, **values: object):
        self.key = key
        self.values = values
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """The error in `lang`, specific enough to act on."""
        values = {k: worded(v, lang) for k, v in self.values.items()}
        return t(f"{self.PREFIX}.{self.key}", lang, **values)


def worded(value: object, lang: str) -> object:
    """A value of an error as the reader reads it: a number and a date or time their way, another
    error in their language, a thing named in both languages (a KPI: `label(lang)`) by its name in
    theirs; anything else as it is (so that no code or ISO date reaches a screen through an error)."""
    if isinstance(value, Amount):
        return format_number(value.value, lang, value.decimals)
    if isinstance(value, Problem):  # an error told within another: in the same language
        return value.message(lang)
    if isinstance(value, datetime):
        return f"{format_date(value, lang)} {value:%H:%M}"
    if isinstance(value, date):
        return format_date(value, lang)
    label = getattr(value, "label", None)
    return label(lang) if callable(label) else value
