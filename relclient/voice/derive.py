"""What each verbatim says, derived in DuckDB and kept exact by the writes: its stems, its sentiment
and its themes (tables verbatims, verbatim_themes), and the call-backs the answers and complaints
call for (relclient/voice/callbacks.py). A load refreshes what changed in its own transaction; a
catalogue change re-reads one theme; the demo and the migration derive everything.

Sentiment: each word of the lexicon (relclient/voice/data, French and English, -1 … 1, matched on
stems) counts its polarity, turned the other way and damped (× -0.74, as VADER does) when a
negation stands among the three words before it, and strengthened (× 1.3) after "très", "very"…;
a verbatim's score is s / √(s² + 1) of their sum s: 0 is neutral, ±1 is never quite reached.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb

from relclient.voice import callbacks
from relclient.voice.text import LEXICON, STEMMERS, WORDS, load_stemmer, stems_sql, words_sql

NEGATION_FACTOR, BOOST_FACTOR, NEGATION_WINDOW = -0.74, 1.3, 3

# A write re-derives the answers of the days it touched ($lo ≤ answered_at < $hi; everything when
# both are NULL: the demo, the migration), not millions of unchanged ones.
_IN_DAYS = "($lo IS NULL OR ({t} >= $lo AND {t} < $hi))"
# Verbatims whose answer is gone, lost its comment, has another one now or moved to another day:
# noted once, then dropped with their themes.
_STALE = ("CREATE OR REPLACE TEMP TABLE voice_stale AS SELECT v.response_id FROM verbatims v"
          " LEFT JOIN survey_responses s USING (response_id)"
          f" WHERE {_IN_DAYS.format(t='v.answered_at')} AND (s.comment IS NULL OR trim(s.comment) = ''"
          " OR hash(s.comment) <> v.comment_hash OR s.answered_at <> v.answered_at)")
# The verbatims to derive: answers with a comment that verbatims lacks (new, or changed and dropped).
_NEW = ("CREATE OR REPLACE TEMP TABLE voice_new AS SELECT response_id FROM survey_responses s"
        f" WHERE {_IN_DAYS.format(t='s.answered_at')} AND comment IS NOT NULL AND trim(comment) <> ''"
        " AND response_id NOT IN (SELECT response_id FROM verbatims)")

_LEXICON_STEM = " ".join(f"WHEN '{lang}' THEN stem(w, '{name}')" for lang, name in STEMMERS.items())
_WORDS = words_sql("s.comment")
_DERIVE = f"""
INSERT INTO verbatims (response_id, answered_at, comment_hash, stems_fr, stems_en, sentiment)
WITH lex AS (
    SELECT lang, stem, avg(polarity) AS polarity FROM (
        SELECT lang, CASE lang {_LEXICON_STEM} END AS stem, polarity
        FROM (SELECT lang, polarity, {words_sql('word')}[1] AS w FROM read_csv($lexicon, header = true)))
    WHERE stem IS NOT NULL GROUP BY ALL
), kinds AS (
    SELECT list(DISTINCT word) FILTER (WHERE kind = 'negator') AS negators,
           list(DISTINCT word) FILTER (WHERE kind = 'booster') AS boosters
    FROM read_csv($words, header = true)
), fresh AS (
    SELECT s.response_id, s.answered_at, s.comment, {_WORDS} AS w FROM survey_responses s
    WHERE s.response_id IN (SELECT response_id FROM voice_new)
), tok AS (
    SELECT response_id, w, unnest(w) AS word, generate_subscripts(w, 1) AS pos FROM fresh
), stemmed AS (
    SELECT *, stem(word, 'french') AS stem_fr, stem(word, 'english') AS stem_en FROM tok
), hit AS (
    SELECT t.response_id, t.pos, t.w, l.polarity FROM stemmed t JOIN lex l ON l.lang = 'fr' AND l.stem = t.stem_fr
    UNION ALL
    SELECT t.response_id, t.pos, t.w, l.polarity FROM stemmed t JOIN lex l ON l.lang = 'en' AND l.stem = t.stem_en
), valued AS (
    -- A word in both lexicons counts once, at the mean of its two polarities.
    SELECT h.response_id, avg(h.polarity)
           * CASE WHEN list_has_any(any_value(h.w)[greatest(1, h.pos - {NEGATION_WINDOW}):h.pos - 1], any_value(k.negators))
                  THEN {NEGATION_FACTOR} ELSE 1 END
           * CASE WHEN h.pos > 1 AND list_contains(any_value(k.boosters), any_value(h.w)[h.pos - 1])
                  THEN {BOOST_FACTOR} ELSE 1 END AS v
    FROM hit h, kinds k GROUP BY h.response_id, h.pos
), scored AS (
    SELECT response_id, sum(v) / sqrt(sum(v) * sum(v) + 1) AS sentiment FROM valued GROUP BY response_id
)
SELECT f.response_id, f.answered_at, hash(f.comment), {stems_sql('f.w', 'fr')}, {stems_sql('f.w', 'en')}, sc.sentiment
FROM fresh f LEFT JOIN scored sc USING (response_id)
"""

# A theme's phrases, stemmed in their language (' a b '), for the active themes.
_PHRASES = " UNION ALL ".join(
    f"SELECT code, '{lang}' AS lang, {stems_sql(words_sql('k'), lang)} AS phrase"
    f" FROM (SELECT code, unnest(string_split(keywords_{lang}, chr(10))) AS k FROM themes"
    f" WHERE active AND ($theme IS NULL OR code = $theme))"
    for lang in STEMMERS)

def _match_sql(only_new: bool) -> str:
    verbatims = "(SELECT * FROM verbatims WHERE response_id IN (SELECT response_id FROM voice_new))" if only_new \
        else "verbatims"
    return (f"INSERT INTO verbatim_themes (response_id, theme)"
            f" WITH p AS (SELECT * FROM ({_PHRASES}) WHERE trim(phrase) <> ''), v AS (SELECT * FROM {verbatims})"
            f" SELECT DISTINCT response_id, code FROM ("
            + " UNION ALL ".join(f"SELECT v.response_id, p.code FROM v JOIN p ON p.lang = '{lang}'"
                                 f" AND contains(v.stems_{lang}, p.phrase)" for lang in STEMMERS)
            + ")")


# Every verbatim against one theme or all (a catalogue change), or the ones just derived (a write).
_MATCH = {False: _match_sql(False), True: _match_sql(True)}


def match(cur: duckdb.DuckDBPyConnection, *, theme: str | None = None, only_new: bool = False) -> None:
    """Assign themes again: one theme's over every verbatim (a catalogue change), every theme's
    over the verbatims just derived (`only_new`), or everything."""
    load_stemmer(cur)
    if not only_new:
        cur.execute("DELETE FROM verbatim_themes WHERE $theme IS NULL OR theme = $theme", {"theme": theme})
    cur.execute(_MATCH[only_new], {"theme": theme})


def sync(cur: duckdb.DuckDBPyConnection, first: date | None = None, last: date | None = None) -> None:
    """Derive the verbatims that changed, their themes and the call-backs, in the caller's
    transaction (a load, an undo, a recovery): those of the answers of the days `first` … `last`
    when given (the days the write touched), of every answer otherwise."""
    load_stemmer(cur)
    days = {"lo": first, "hi": last + timedelta(days=1) if last else None} if first else {"lo": None, "hi": None}
    cur.execute(_STALE, days)
    cur.execute("DELETE FROM verbatim_themes WHERE response_id IN (SELECT response_id FROM voice_stale)")
    cur.execute("DELETE FROM verbatims WHERE response_id IN (SELECT response_id FROM voice_stale)")
    cur.execute(_NEW, days)
    cur.execute(_DERIVE, {"lexicon": str(LEXICON), "words": str(WORDS)})
    match(cur, only_new=True)
    cur.execute("DROP TABLE IF EXISTS voice_new")
    cur.execute("DROP TABLE IF EXISTS voice_stale")
    callbacks.sync(cur, days)


def rebuild(cur: duckdb.DuckDBPyConnection) -> None:
    """Derive every verbatim, theme and call-back again from the data (the demo, the migration);
    the call-backs already done are kept."""
    cur.execute("DELETE FROM verbatim_themes")
    cur.execute("DELETE FROM verbatims")
    sync(cur)
