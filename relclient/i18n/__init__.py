"""User-facing text in French and English. Every string a page shows comes from here.

KPI, department and dataset names live with their registries (metrics, contract); the catalogue
modules of this package hold the interface's own words, each key with its French and English
text side by side so that neither language can be forgotten.
"""

from __future__ import annotations

from datetime import date, datetime

from relclient.i18n import (accounts, actions, common, dashboards, data_page, fields, figures, ingest, ingest_report,
                            me, reviews, voice)

LANGUAGES: tuple[str, ...] = ("fr", "en")
DEFAULT_LANGUAGE = "fr"


def _catalog() -> dict[str, dict[str, str]]:
    pairs: dict[str, tuple[str, str]] = {}
    for module in (common, dashboards, figures, ingest, ingest_report, data_page, accounts, actions, reviews, me,
                   fields, voice):
        duplicated = pairs.keys() & module.TEXTS.keys()
        if duplicated:
            raise ValueError(f"text keys defined twice: {sorted(duplicated)}")
        pairs.update(module.TEXTS)
    return {lang: {key: texts[n] for key, texts in pairs.items()} for n, lang in enumerate(LANGUAGES)}


CATALOG: dict[str, dict[str, str]] = _catalog()

CHANNEL_LABELS: dict[str, dict[str, str]] = {
    "fr": {"phone": "Téléphone", "email": "E-mail", "web": "Site web", "chat": "Chat",
           "store": "Magasin", "mail": "Courrier", "social": "Réseaux sociaux"},
    "en": {"phone": "Phone", "email": "Email", "web": "Website", "chat": "Chat",
           "store": "Store", "mail": "Mail", "social": "Social media"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang`, with `values` filled in; KeyError for an unknown key."""
    text = CATALOG[lang if lang in CATALOG else DEFAULT_LANGUAGE][key]
    return text.format(**values) if values else text


def field_label(name: str, lang: str) -> str:
    """A data-contract column's name for a reader (the column's code when the catalogue has none)."""
    return CATALOG[lang if lang in CATALOG else DEFAULT_LANGUAGE].get(f"field.{name}", name)


def value_label(kind: str, code: object, lang: str) -> object:
    """A coded value's words (a survey kind, a demo category), or the value as written."""
    return CATALOG[lang if lang in CATALOG else DEFAULT_LANGUAGE].get(f"{kind}.{code}", code)


def tn(key: str, n: int, lang: str, **values: object) -> str:
    """The text for `key` with `n` in it, singular or plural: `key.one` for 1 (and 0 in French),
    `key.many` otherwise; `n` is written the language's way."""
    one = n in (0, 1) if lang == "fr" else n == 1
    return t(f"{key}.{'one' if one else 'many'}", lang, n=format_number(n, lang, 0), **values)


def pick_language(locale: str | None) -> str:
    """The interface language for a browser locale: French or English, French otherwise."""
    if locale:
        prefix = locale.replace("_", "-").split("-")[0].lower()
        if prefix in LANGUAGES:
            return prefix
    return DEFAULT_LANGUAGE


def format_date(day: date, lang: str) -> str:
    """A date the way each language writes it (31/12/2025 in French, 31 Dec 2025 in English); a
    date and time (a pandas Timestamp from a table) reads as its day."""
    if isinstance(day, datetime):
        day = day.date()
    if lang == "fr":
        return day.strftime("%d/%m/%Y")
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"  # not strftime's %b: the machine's locale


MONTHS_EN: tuple[str, ...] = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_number(value: float, lang: str, decimals: int = 1) -> str:
    """A number written the way each language writes it (1 234,5 in French, 1,234.5 in English)."""
    text = f"{value:,.{decimals}f}"
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text
