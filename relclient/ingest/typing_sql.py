"""SQL expressions that turn a text cell into a contract value: numbers, booleans, dates, value maps.

Each builder returns SQL whose values are bound through a `Binder` ($p0, $p1, …), one per
statement, so that no value from a file or a user is ever written into the SQL text.
"""

from __future__ import annotations

import re

from relclient.contract import CHANNELS
from relclient.i18n import CHANNEL_LABELS
from relclient.ingest.mapping import DATE_FORMATS, normalise

TRUE_WORDS: tuple[str, ...] = ("true", "vrai", "oui", "yes", "y", "o", "1", "t", "x")
FALSE_WORDS: tuple[str, ...] = ("false", "faux", "non", "no", "n", "0", "f")
# Spaces a thousands separator can be: space, no-break space, narrow no-break space; and money signs.
_NUMBER_NOISE = "[\\s\u00a0\u202f'€$£]|EUR"
_TIMES = ("", " %H:%M", " %H:%M:%S", "T%H:%M", "T%H:%M:%S", " %Hh%M")
MIN_YEAR, MAX_YEAR = 1900, 2100  # "25" read as the year 25 is a misread date, not history


def builtin_values(column_type: str, allowed: tuple[str, ...] | None, departments: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """Value aliases every upload understands: department names, channel labels (both languages)."""
    pairs: list[tuple[str, str]] = [(v, v) for v in allowed or ()]  # 'Web' is web: codes ignore case
    if column_type == "dept":
        for code, fr, en in departments:
            pairs += [(code, code), (fr, code), (en, code)]
    if allowed == CHANNELS:
        for labels in CHANNEL_LABELS.values():
            pairs += [(label, code) for code, label in labels.items()]
        pairs += [("telephone", "phone"), ("tel", "phone"), ("e-mail", "email"), ("courriel", "email"),
                  ("internet", "web"), ("site", "web"), ("referral", "web"), ("fax", "mail"),
                  ("postal mail", "mail"), ("courrier", "mail"), ("magasin", "store"), ("boutique", "store"),
                  ("in person", "store"), ("agence", "store")]
    return pairs


class Binder:
    """Named parameters for one statement: `bind(value)` gives "$p3", usable as often as needed."""

    def __init__(self) -> None:
        self.params: dict[str, object] = {}

    def bind(self, value: object) -> str:
        """A placeholder bound to `value`."""
        name = f"p{len(self.params)}"
        self.params[name] = value
        return "$" + name

    def used_by(self, sql: str) -> dict[str, object]:
        """The parameters `sql` refers to (DuckDB refuses named parameters a statement does not use)."""
        names = set(re.findall(r"\$(p\d+)\b", sql))
        return {k: v for k, v in self.params.items() if k in names}


def mapped(source: str, pairs: list[tuple[str, str]], b: Binder) -> str:
    """`source` (an SQL text expression) after the value map, compared without case, accents or spaces."""
    if not pairs:
        return source
    table: dict[str, str] = {}
    for old, new in pairs:
        table.setdefault(normalise(old), new)  # the user's map comes first and wins
    key = f"regexp_replace(lower(strip_accents({source})), '[^a-z0-9]', '', 'g')"  # = normalise()
    # One MAP lookup instead of a CASE per value: maps of any length cost the same.
    lookup = f"map_extract_value(MAP({b.bind(list(table))}, {b.bind(list(table.values()))}), {key})"
    return f"coalesce({lookup}, {source})"


def clean_number(text: str, b: Binder) -> str:
    """The text of a number without spaces, no-break spaces or money signs ('1 234,50 €' → '1234,50')."""
    return f"regexp_replace({text}, {b.bind(_NUMBER_NOISE)}, '', 'g')"


def number_from_clean(s: str, fmt: str) -> str:
    """A decimal from cleaned French or English notation: '1234,50', '1.234,50', '1,234.50'."""
    french = f"replace(replace({s}, '.', ''), ',', '.')"
    english = f"replace({s}, ',', '')"
    if fmt == "comma":
        body = french
    elif fmt == "dot":
        body = english
    else:
        # Both marks: the last one is the decimal separator. A comma alone is French decimals.
        body = (f"(CASE WHEN strpos({s}, ',') > 0 AND strpos(reverse({s}), ',') < "
                f"coalesce(nullif(strpos(reverse({s}), '.'), 0), 1000000) THEN {french} ELSE {english} END)")
    return f"TRY_CAST({body} AS DECIMAL(14, 2))"


def number(text: str, fmt: str, b: Binder) -> str:
    """A decimal from French or English notation: '1 234,50', '1.234,50', '1,234.50', '12 €'."""
    return number_from_clean(clean_number(text, b), fmt)


def integer_from_clean(s: str) -> str:
    """A whole number from cleaned text; '3,0' and '3.0' are 3, '3,5' is not a whole number."""
    d = f"TRY_CAST(replace({s}, ',', '.') AS DOUBLE)"
    # Not TRY_CAST(text AS INTEGER): DuckDB rounds '12.5' to 13 on the way.
    return f"(CASE WHEN {d} = round({d}) THEN TRY_CAST({d} AS INTEGER) END)"


def integer(text: str, b: Binder) -> str:
    """A whole number; '3,0' and '3.0' are 3, '3,5' is not a whole number."""
    return integer_from_clean(clean_number(text, b))


def boolean(text: str, b: Binder) -> str:
    """oui/non, vrai/faux, yes/no, true/false, 1/0 (and y/n, o/n, x for a ticked box)."""
    key = f"lower(trim({text}))"
    return (f"(CASE WHEN list_contains({b.bind(list(TRUE_WORDS))}, {key}) THEN true"
            f" WHEN list_contains({b.bind(list(FALSE_WORDS))}, {key}) THEN false END)")


def timestamp_formats(family: str) -> list[str]:
    """Every strptime pattern of a date family, with and without a time of day."""
    return [d + t for d in DATE_FORMATS[family] for t in _TIMES]


def parse_timestamp(text: str, family: str, b: Binder, first: str | None = None) -> str:
    """The text read in `family`'s date order, or in ISO 8601 (which is unambiguous); `first`,
    the pattern most of the column follows, is tried alone before the others (coalesce reads the
    next argument only for the rows still empty)."""
    tries = [f"try_strptime({text}, {b.bind(first)})"] if first else []
    tries += [f"try_strptime({text}, {b.bind(timestamp_formats(family))})", f"TRY_CAST({text} AS TIMESTAMP)"]
    return f"coalesce({', '.join(tries)})"


def plausible(parsed: str) -> str:
    """A parsed timestamp, unless its year shows a misread ('25' read as the year 25)."""
    return f"(CASE WHEN year({parsed}) BETWEEN {MIN_YEAR} AND {MAX_YEAR} THEN {parsed} END)"


def timestamp(text: str, family: str, b: Binder) -> str:
    """A timestamp read in `family`'s date order, or in ISO 8601."""
    return plausible(parse_timestamp(text, family, b))
