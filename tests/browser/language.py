"""What a reader must never see: raw codes and machine values on a French screen, French words
on an English one. Used by the walk of every page (test_every_page_in_browser.py)."""

from __future__ import annotations

import re
import unicodedata

from relclient.i18n import CATALOG
from relclient.metrics import KPIS

# File names and e-mail addresses are shown as written.
_EXEMPT = re.compile(r"\S+@\S+|\S+\.(csv|xlsx|parquet|duckdb|json|pdf|png)\b", re.IGNORECASE)
RAW = {
    "snake_case": re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b"),
    "None/nan": re.compile(r"\b(?:None|nan|NaN|NaT|null)\b"),
    "ISO timestamp": re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b"),
}


def raw_tokens(text: str) -> list[str]:
    """Every raw code, missing-value word or ISO date in a screen's text (what it is, and where)."""
    text = _EXEMPT.sub(" ", text)
    found = []
    for kind, pattern in RAW.items():
        for match in pattern.finditer(text):
            start = max(0, match.start() - 30)
            found.append(f"{kind}: {match.group(0)!r} in …{text[start:match.end() + 30]!r}…")
    return found


def _words(texts) -> set[str]:
    return {w.lower() for text in texts for w in re.findall(r"[^\W\d_]{5,}", re.sub(r"\{[^}]*\}", " ", text))}


def _accented(word: str) -> bool:
    return any(unicodedata.decomposition(c) for c in word)


def french_only_words() -> set[str]:
    """Words of the interface's French texts that no English text has: accented ones (sure to be French)."""
    french = _words([*CATALOG["fr"].values(), *(k.label_fr for k in KPIS), *(k.definition_fr for k in KPIS)])
    english = _words([*CATALOG["en"].values(), *(k.label_en for k in KPIS), *(k.definition_en for k in KPIS)])
    return {w for w in french - english if _accented(w)}


def french_words_in(text: str, vocabulary: set[str]) -> list[str]:
    """The interface's French words found in an English screen's text."""
    return sorted({w for w in _words([text]) if w in vocabulary})


# A page's visible text without Material icons (their names, like "view_kanban", are ligatures the
# font draws as pictures; innerText would hold their names).
VISIBLE_TEXT = """() => {
    const icons = [...document.querySelectorAll('[data-testid="stIconMaterial"], [data-testid="stExpanderIcon"]')];
    icons.forEach(e => e.style.setProperty('display', 'none', 'important'));
    const text = document.body.innerText;
    icons.forEach(e => e.style.removeProperty('display'));
    return text;
}"""


# Words that are French on an English screen on purpose: the language switch names French in French.
SHOWN_IN_FRENCH_ON_PURPOSE = {"français"}
# Tables whose texts people or files wrote: shown as written, in whatever language they were written.
DATA_TABLES = ("actions", "action_checklist", "action_comments", "reviews", "review_decisions", "customers",
               "survey_responses", "tickets", "saved_mappings")


def written_texts(store) -> list[str]:
    """Every text a person or a file wrote that a page may show (longest first, to blank them out)."""
    texts: set[str] = set()
    for table in DATA_TABLES:
        columns = [r[0] for r in store.fetch_all(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND data_type = 'VARCHAR'", [table])]
        for column in columns:  # identifiers from the catalog of the test's own database
            texts |= {r[0] for r in store.fetch_all(f'SELECT DISTINCT "{column}" FROM {table} WHERE length("{column}") >= 4')}
    return sorted(texts, key=len, reverse=True)


def without(text: str, written: list[str]) -> str:
    """The screen's text without what people and files wrote: the interface's own words are left."""
    for piece in written:
        if piece in text:
            text = text.replace(piece, " ")
    return text
