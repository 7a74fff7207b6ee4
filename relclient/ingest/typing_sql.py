"""SQL expressions that turn a text cell into a contract value: numbers, booleans, dates, value maps.

Each builder returns SQL whose values are bound through a `Binder` ($p0, $p1, …), one per
statement, so that no value from a file or a user is ever written into the SQL text.
"""

from __future__ import annotations

import re

from relclient.contract import CHANNELS
from relclient.engine import portal_timezone
from relclient.i18n import CHANNEL_LABELS
from relclient.ingest.mapping import DATE_FORMATS, normalise

TRUE_WORDS: tuple[str, ...] = ("true", "vrai", "oui", "yes", "y", "o", "1", "t", "x")
FALSE_WORDS: tuple[str, ...] = ("false", "faux", "non", "no", "n", "0", "f")
# Spaces a thousands separator can be: space, no-break space, narrow no-break space; and money signs.
_NUMBER_NOISE = "[\\s\u00a0\u202f'€$£]|EUR"
_TIMES = ("", " %H:%M", " %H:%M:%S", "T%H:%M", "T%H:%M:%S", " %Hh%M", " %I:%M %p", " %I:%M:%S %p")
# Dates written with a month's name ("22-Apr-15", "3 mars 2026", "October 31, 2017"), read after
# month_words() has put French names into English and dropped weekdays and dots.
NAMED_DATES = ("%d %B %Y", "%d %b %Y", "%d-%b-%y", "%d-%b-%Y", "%d %b %y", "%B %d, %Y", "%b %d, %Y",
               "%B %d %Y", "%b %d %Y", "%d/%b/%Y", "%d/%b/%y", "%Y-%b-%d")
NAMED_TIMES = ("", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p", " %Hh%M", " %Hh")
# Stamps that carry their own offset: RFC 2822 and Twitter's export ("Tue Oct 31 22:10:47 +0000 2017").
ZONED = ("%a %b %d %H:%M:%S %z %Y", "%a, %d %b %Y %H:%M:%S %z", "%a, %d %b %Y %H:%M %z", "%d %b %Y %H:%M:%S %z")
# An ISO stamp ending in an offset: Z, +01:00, +0100, -05.
_ISO_ZONE = r"\d:\d{2}(:\d{2}([.,]\d+)?)?\s*(Z|z|[+-]\d{2}(:?\d{2})?)$"
# French month names and abbreviations (accents already stripped) → English abbreviations.
_FRENCH_MONTHS = (("janv(ier)?", "jan"), ("fevr?(ier)?", "feb"), ("mars", "mar"), ("avr(il)?", "apr"),
                  ("mai", "may"), ("juin", "jun"), ("juil(let)?", "jul"), ("aout", "aug"),
                  ("sept(embre)?", "sep"), ("octobre", "oct"), ("novembre", "nov"), ("decembre", "dec"))
WORD_EDGE = r"\b"
_LETTERS = r"\pL\pL"  # two letters: a month's or a weekday's name, "1er"
# Weekdays before a date, "1er", and "à"/"at" before a time: words the patterns do not read.
_WORD_FIXES = ((r"^(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday" \
               r"|saturday|sunday)\.?,?\s+", ""),
               (r"(\d)er\b", r"\1"),
               (r"\s+(a|at)\s+(\d)", r" \2"))
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
                  ("in person", "store"), ("agence", "store"), ("call", "phone"), ("phone call", "phone"),
                  ("customer care call", "phone"), ("call center", "phone"), ("appel", "phone"),
                  ("centre d'appels", "phone"), ("sms", "phone"), ("twitter", "social"), ("facebook", "social"),
                  ("instagram", "social"), ("reseaux sociaux", "social"), ("live chat", "chat"),
                  ("messagerie", "chat"), ("online", "web"), ("en ligne", "web"), ("formulaire", "web"),
                  ("web form", "web"), ("app", "web"), ("application", "web")]
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


def named_formats() -> list[str]:
    """Every strptime pattern of a date written with its month's name, with and without a time."""
    return [d + t for d in NAMED_DATES for t in NAMED_TIMES]


def month_words(text: str, b: Binder) -> str:
    """`text` lowered, without accents, weekday, "1er", "à" or dots, its French month names in
    English: what NAMED_DATES read ("mardi 3 mars 2026 à 14h30" → "3 mar 2026 14h30")."""
    x = f"lower(strip_accents({text}))"
    for pattern, by in _WORD_FIXES:
        x = f"regexp_replace({x}, {b.bind(pattern)}, {b.bind(by)})"
    x = f"replace({x}, '.', '')"
    for french, english in _FRENCH_MONTHS:
        x = f"regexp_replace({x}, {b.bind(WORD_EDGE + french + WORD_EDGE)}, {b.bind(english)})"
    return x


def parse_timestamp(text: str, family: str, b: Binder, first: str | None = None, zone: str | None = None) -> str:
    """The text read in `family`'s date order, in ISO 8601 (which is unambiguous), or with a
    month's name; a stamp with an offset (Z, +01:00, RFC 2822) is converted to `zone`, the
    portal's time zone. `first`, the pattern most of the column follows, is tried alone before
    the others (coalesce reads the next argument only for the rows still empty)."""
    zone = b.bind(zone or portal_timezone())
    tries = [f"try_strptime({text}, {b.bind(first)})"] if first else []
    tries += [f"try_strptime({text}, {b.bind(timestamp_formats(family))})",
              # Before the plain cast, which would drop the offset without applying it.
              f"CASE WHEN regexp_matches({text}, {b.bind(_ISO_ZONE)}) THEN timezone({zone},"
              f" TRY_CAST({text} AS TIMESTAMPTZ)) END",
              f"TRY_CAST({text} AS TIMESTAMP)"]
    words = month_words(text, b)
    # Month names and RFC 2822 stamps hold letters: only such cells pay for the rewrite and the
    # 84 patterns (an empty cell or a plain date never reaches them).
    named = (f"coalesce(timezone({zone}, try_strptime({words}, {b.bind(list(ZONED))})),"
             f" try_strptime({words}, {b.bind(named_formats())}))")
    tries += [f"CASE WHEN regexp_matches({text}, {b.bind(_LETTERS)}) THEN {named} END"]
    return f"CASE WHEN {text} IS NOT NULL THEN coalesce({', '.join(tries)}) END"


def plausible(parsed: str) -> str:
    """A parsed timestamp, unless its year shows a misread ('25' read as the year 25)."""
    return f"(CASE WHEN year({parsed}) BETWEEN {MIN_YEAR} AND {MAX_YEAR} THEN {parsed} END)"


def timestamp(text: str, family: str, b: Binder) -> str:
    """A timestamp read in `family`'s date order, or in ISO 8601."""
    return plausible(parse_timestamp(text, family, b))
