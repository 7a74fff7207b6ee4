"""Words as the voice of the customer compares them, written once in SQL: lower case, accents off,
split on anything that is not a letter or digit, each word cut to its stem by Snowball (DuckDB's
`fts` extension, installed offline from PyPI) in French and in English. "Retards", "retard" and
"RETARD" are one word; so are "délai" and "delais", "deliveries" and "delivery".

A text's stems are kept ' '-separated with a space at each end, so that a catalogue phrase
(stemmed the same way) matches as a substring on whole words: " retard livraison " is in
" colis en retard livraison " but " ret " is not.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from relclient.lake import extension_file

FTS = ("duckdb_extension_fts", "fts")
# The languages a verbatim or a keyword is read in, and Snowball's name for each.
STEMMERS: dict[str, str] = {"fr": "french", "en": "english"}
DATA = Path(__file__).resolve().parent / "data"
LEXICON = DATA / "sentiment_lexicon.csv"  # lang, word, polarity (-1 … 1)
WORDS = DATA / "words.csv"  # lang, kind (negator, booster, stop), word


def load_stemmer(cur: duckdb.DuckDBPyConnection) -> None:
    """Make `stem()` available on this connection (a path from this code, never from input)."""
    cur.execute(f"LOAD '{extension_file(*FTS)}'")


def words_sql(text: str) -> str:
    """SQL for the list of a text's words, lower case and without accents (`text`: an expression
    from code)."""
    return (f"list_filter(regexp_split_to_array(strip_accents(replace(lower({text}), 'œ', 'oe')), '[^a-z0-9]+'),"
            " w -> w <> '')")


def stems_sql(words: str, lang: str) -> str:
    """SQL for a list of words' stems in `lang`, as ' a b c ' (`words`: an expression from code)."""
    return f"(' ' || array_to_string(list_transform({words}, w -> stem(w, '{STEMMERS[lang]}')), ' ') || ' ')"


def phrase_stems(cur: duckdb.DuckDBPyConnection, phrase: str, lang: str) -> str:
    """A phrase's stems as a verbatim's are kept (' a b '), or '' when it has no word."""
    load_stemmer(cur)
    found = cur.execute(f"SELECT {stems_sql(words_sql('$p'), lang)}", {"p": phrase}).fetchone()[0]
    return found if found.strip() else ""
