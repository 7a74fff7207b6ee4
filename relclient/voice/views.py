"""What the voice of the customer page, the department view and the CLI read: each theme's volume,
trend, NPS and sentiment with n and significance, its spread by department, channel and segment,
its verbatims, and the phrases detractors repeat that no theme covers. Aggregated in DuckDB;
Python only reads a row per theme."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pandas as pd

from relclient.audit import record
from relclient.auth import User
from relclient.metrics import KPIS_BY_ID, KpiFilter, compute_kpis
from relclient.overview import KpiTile, make_tiles
from relclient.periods import Period
from relclient.targets import targets_for
from relclient.metrics.significance import Sample, significant
from relclient.reference import latest_activity
from relclient.permissions import require
from relclient.store import Store
from relclient.voice.callbacks import DETRACTOR, counts
from relclient.voice.text import WORDS, load_stemmer, stems_sql, words_sql

# The ways a theme's verbatims can be split, and the SQL of each group (fixed text, an allow-list).
BREAKDOWNS: dict[str, str] = {
    "dept": "coalesce(s.dept, '')",
    "channel": "coalesce(t.channel, '')",
    "segment": "coalesce(cu.segment, '')",
}
_TICKET_JOIN = " LEFT JOIN tickets t ON t.ticket_id = s.ticket_id"
_CUSTOMER_JOIN = " LEFT JOIN customers cu ON cu.customer_id = s.customer_id"


def _scope(flt: KpiFilter, by: str | None = None) -> tuple[str, str, dict[str, object]]:
    """The joins, the conditions and their values of the filters on an answer: its customer's
    segment and region, its ticket's channel (and what the breakdown `by` reads). The department
    picks the themes that concern it (the catalogue's department), not the answers. A join only
    where it is read: at ten million tickets, joining them for nothing is most of a page's time."""
    conditions, values = [], {}
    for name, sql in (("segment", "cu.segment = $segment"), ("region", "cu.region = $region"),
                      ("channel", "t.channel = $channel")):
        if getattr(flt, name) is not None:
            conditions.append(sql)
            values[name] = getattr(flt, name)
    joins = ((_TICKET_JOIN if flt.channel is not None or by == "channel" else "")
             + (_CUSTOMER_JOIN if flt.segment is not None or flt.region is not None or by == "segment" else ""))
    return joins, "".join(f" AND {c}" for c in conditions), values


@dataclass(frozen=True)
class ThemeFigures:
    """One theme over a period and the one before: verbatims, NPS of its NPS answers, sentiment."""

    code: str
    name_fr: str
    name_en: str
    dept: str
    count: int
    previous_count: int
    count_significant: bool | None
    nps: float | None
    nps_n: int
    previous_nps: float | None
    previous_nps_n: int
    nps_significant: bool | None
    sentiment: float | None
    share: float | None  # % of the period's verbatims

    def name(self, lang: str) -> str:
        """The theme's name in `lang`."""
        return self.name_fr if lang == "fr" else self.name_en


@dataclass(frozen=True)
class ThemeSummary:
    """Every active theme's figures over a period (clipped to the data) and how many verbatims it had."""

    flt: KpiFilter  # clipped
    themes: tuple[ThemeFigures, ...]
    verbatims: int
    unthemed: int


def _nps(n: int, promoters: int, detractors: int) -> float | None:
    return 100 * (promoters - detractors) / n if n else None


def theme_summary(store: Store, flt: KpiFilter, *, theme: str | None = None) -> ThemeSummary:
    """Each active theme's figures for the period and the previous one, most verbatims first."""
    flt = flt.clipped(latest_activity(store))
    prev = flt.period.previous()
    joins, extra, values = _scope(flt)
    params = {**Period(prev.start, flt.period.end).bounds(), "split": flt.period.bounds()["lo"],
              "dept": flt.dept, "theme": theme, **values}
    rows = store.fetch_all(
        "WITH a AS (SELECT s.response_id, s.survey, s.score, v.sentiment,"
        " CASE WHEN s.answered_at >= $split THEN 'current' ELSE 'previous' END AS p"
        f" FROM verbatims v JOIN survey_responses s USING (response_id){joins}"
        f" WHERE s.answered_at >= $lo AND s.answered_at < $hi{extra}),"
        " x AS (SELECT vt.theme, a.* FROM verbatim_themes vt JOIN a USING (response_id))"
        " SELECT th.code, th.name_fr, th.name_en, th.dept,"
        " count(x.response_id) FILTER (WHERE p = 'current'), count(x.response_id) FILTER (WHERE p = 'previous'),"
        " count(*) FILTER (WHERE p = 'current' AND survey = 'nps'),"
        " count(*) FILTER (WHERE p = 'current' AND survey = 'nps' AND score >= 9),"
        " count(*) FILTER (WHERE p = 'current' AND survey = 'nps' AND score <= 6),"
        " count(*) FILTER (WHERE p = 'previous' AND survey = 'nps'),"
        " count(*) FILTER (WHERE p = 'previous' AND survey = 'nps' AND score >= 9),"
        " count(*) FILTER (WHERE p = 'previous' AND survey = 'nps' AND score <= 6),"
        " avg(sentiment) FILTER (WHERE p = 'current')"
        " FROM themes th LEFT JOIN x ON x.theme = th.code"
        " WHERE th.active AND ($dept IS NULL OR th.dept = $dept) AND ($theme IS NULL OR th.code = $theme)"
        " GROUP BY ALL ORDER BY 5 DESC, th.name_fr", params)
    totals = store.fetch_one(
        "SELECT count(*), count(*) FILTER (WHERE response_id NOT IN (SELECT response_id FROM verbatim_themes))"
        f" FROM verbatims v JOIN survey_responses s USING (response_id){joins}"
        f" WHERE s.answered_at >= $split AND s.answered_at < $hi{extra}",
        {k: v for k, v in params.items() if k not in ("lo", "dept", "theme")})
    total = int(totals[0])
    figures = []
    for code, fr, en, dept, now, before, n, plus, minus, pn, pplus, pminus, sentiment in rows:
        nps, previous = _nps(n, plus, minus), _nps(pn, pplus, pminus)
        figures.append(ThemeFigures(
            code, fr, en, dept, int(now), int(before),
            significant("count", Sample(float(now), int(now)), Sample(float(before), int(before))),
            nps, int(n), previous, int(pn),
            significant("nps", Sample(nps, n, plus, minus), Sample(previous, pn, pplus, pminus)),
            float(sentiment) if sentiment is not None else None, 100 * now / total if total else None))
    return ThemeSummary(flt, tuple(figures), total, int(totals[1]))


def theme_months(store: Store, flt: KpiFilter, months: int = 12) -> pd.DataFrame:
    """Verbatims per theme and month over the `months` months ending with the period (month, theme, count)."""
    flt = flt.clipped(latest_activity(store))
    first = (flt.period.end.replace(day=1) - pd.DateOffset(months=months - 1)).date()
    joins, extra, values = _scope(flt)
    return store.fetch_df(
        "SELECT date_trunc('month', s.answered_at)::DATE AS month, vt.theme, count(*) AS verbatims"
        f" FROM verbatim_themes vt JOIN themes th ON th.code = vt.theme AND th.active"
        f" JOIN survey_responses s USING (response_id){joins}"
        f" WHERE s.answered_at >= $lo AND s.answered_at < $hi AND ($dept IS NULL OR th.dept = $dept){extra}"
        " GROUP BY ALL ORDER BY month, vt.theme",
        {**Period(first, flt.period.end).bounds(), "dept": flt.dept, **values})


def theme_breakdown(store: Store, flt: KpiFilter, by: str) -> pd.DataFrame:
    """Verbatims per theme and group (`by`: the answer's department, its ticket's channel, its
    customer's segment) over the period: theme, grp, verbatims."""
    if by not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {by!r}; known: {', '.join(BREAKDOWNS)}")
    flt = flt.clipped(latest_activity(store))
    joins, extra, values = _scope(flt, by)
    return store.fetch_df(
        f"SELECT vt.theme, {BREAKDOWNS[by]} AS grp, count(*) AS verbatims"
        f" FROM verbatim_themes vt JOIN themes th ON th.code = vt.theme AND th.active"
        f" JOIN survey_responses s USING (response_id){joins}"
        f" WHERE s.answered_at >= $lo AND s.answered_at < $hi AND ($dept IS NULL OR th.dept = $dept){extra}"
        " GROUP BY ALL ORDER BY vt.theme, verbatims DESC",
        {**flt.period.bounds(), "dept": flt.dept,
         **values})


def search_condition(store: Store, text: str) -> tuple[str, dict[str, object]]:
    """SQL matching a verbatim `v`/answer `s` to a search: its words (stemmed, any accent, case or
    plural) or, for part of a word, the text itself without accents."""
    text = " ".join((text or "").split())[:200]
    if not text:
        return "", {}
    with store.cursor() as cur:
        load_stemmer(cur)
        stems = cur.execute(f"SELECT {stems_sql(words_sql('$q'), 'fr')}, {stems_sql(words_sql('$q'), 'en')},"
                            " strip_accents(lower($q))", {"q": text}).fetchone()
    return (" AND ((trim($q_fr) <> '' AND contains(v.stems_fr, $q_fr)) OR (trim($q_en) <> '' AND contains(v.stems_en, $q_en))"
            " OR contains(strip_accents(lower(s.comment)), $q_plain))",
            {"q_fr": stems[0], "q_en": stems[1], "q_plain": stems[2]})


def verbatims(store: Store, flt: KpiFilter, *, theme: str | None = None, text: str = "",
              limit: int = 300) -> pd.DataFrame:
    """The period's verbatims (of a theme, matching a search), newest first, with the customer,
    the score, the sentiment and the themes (codes)."""
    flt = flt.clipped(latest_activity(store))
    joins, extra, values = _scope(flt, "segment")  # the customer's name is shown
    found, found_values = search_condition(store, text)
    return store.fetch_df(
        "SELECT s.answered_at, s.customer_id, cu.name, s.survey, s.score, v.sentiment, s.comment, s.dept,"
        " (SELECT list(theme ORDER BY theme) FROM verbatim_themes x WHERE x.response_id = v.response_id) AS themes,"
        " s.response_id"
        f" FROM verbatims v JOIN survey_responses s USING (response_id){joins}"
        f" WHERE s.answered_at >= $lo AND s.answered_at < $hi{extra}{found}"
        " AND ($theme IS NULL OR v.response_id IN (SELECT response_id FROM verbatim_themes WHERE theme = $theme))"
        " AND ($dept IS NULL OR v.response_id IN (SELECT response_id FROM verbatim_themes x JOIN themes th"
        " ON th.code = x.theme AND th.active WHERE th.dept = $dept))"
        " ORDER BY s.answered_at DESC, s.response_id LIMIT $limit",
        {**flt.period.bounds(), "theme": theme,
         "dept": flt.dept, "limit": limit, **values, **found_values})


def examples(store: Store, flt: KpiFilter, theme: str, n: int = 3) -> list[tuple[str, str]]:
    """A theme's most telling verbatims of the period: (response_id, comment), the lowest sentiment
    first, distinct texts."""
    flt = flt.clipped(latest_activity(store))
    return [(r[0], r[1]) for r in store.fetch_all(
        "SELECT any_value(s.response_id ORDER BY s.answered_at DESC), s.comment FROM verbatim_themes vt"
        " JOIN verbatims v USING (response_id) JOIN survey_responses s USING (response_id)"
        " WHERE vt.theme = $theme AND s.answered_at >= $lo AND s.answered_at < $hi"
        " GROUP BY s.comment ORDER BY min(v.sentiment) NULLS LAST, count(*) DESC LIMIT $n",
        {"theme": theme, **flt.period.bounds(),
         "n": n})]


@dataclass(frozen=True)
class Proposal:
    """A phrase detractors repeat that no theme covers: how many said it, and one of them."""

    phrase: str
    verbatims: int
    example: str


def proposals(store: Store, flt: KpiFilter, *, limit: int = 8, at_least: int = 5) -> list[Proposal]:
    """The pairs of words (stop words aside) most repeated by the period's detractors whose verbatim
    no theme covers, not set aside before: candidates for the catalogue. A pair said mostly by the
    same people as one already kept ("livraison correcte", "correcte rien") is the same complaint:
    only the first is proposed."""
    flt = flt.clipped(latest_activity(store))
    rows = store.fetch_all(
        # Words as written (lower case, accents kept) for the reader; stop words checked without accents.
        "WITH d AS (SELECT s.response_id, s.comment,"
        " list_filter(regexp_split_to_array(lower(s.comment), '[^\\pL\\pN]+'), w -> w <> '') AS w"
        " FROM verbatims v JOIN survey_responses s USING (response_id)"
        f" WHERE {DETRACTOR} AND s.answered_at >= $lo AND s.answered_at < $hi"
        " AND v.response_id NOT IN (SELECT response_id FROM verbatim_themes)),"
        " stop AS (SELECT DISTINCT word FROM read_csv($words, header = true) WHERE kind = 'stop'),"
        " tok AS (SELECT response_id, comment, unnest(w) AS word, generate_subscripts(w, 1) AS pos FROM d),"
        " kept AS (SELECT *, row_number() OVER (PARTITION BY response_id ORDER BY pos) AS k FROM tok"
        " WHERE strip_accents(word) NOT IN (SELECT word FROM stop) AND length(word) > 2),"
        " pairs AS (SELECT a.response_id, a.comment, a.k, a.word || ' ' || b.word AS phrase FROM kept a JOIN kept b"
        " ON b.response_id = a.response_id AND b.k = a.k + 1)"
        # The most said first; among as many, the one said earliest in the sentences (where it starts).
        " SELECT phrase, count(DISTINCT response_id) AS n, min(comment), list(DISTINCT response_id) FROM pairs"
        " WHERE phrase NOT IN (SELECT phrase FROM theme_phrases_dismissed)"
        " GROUP BY phrase HAVING count(DISTINCT response_id) >= $at_least ORDER BY n DESC, avg(k), phrase"
        " LIMIT $candidates",
        {**flt.period.bounds(),
         "words": str(WORDS), "candidates": 5 * limit, "at_least": at_least})
    chosen: list[tuple[Proposal, set]] = []
    for phrase, n, example, ids in rows:  # at most 5 × limit candidates, already counted by DuckDB
        said_by = set(ids)
        if all(len(said_by & other) <= len(said_by) / 2 for _, other in chosen):
            chosen.append((Proposal(phrase, int(n), example), said_by))
    return [p for p, _ in chosen[:limit]]


def dismiss_phrase(store: Store, user: User, phrase: str) -> None:
    """Set a proposed phrase aside: it is not proposed again."""
    require(user, "manage_themes", store=store)

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute("DELETE FROM theme_phrases_dismissed WHERE phrase = ?", [phrase])
        cur.execute("INSERT INTO theme_phrases_dismissed VALUES (?, ?, ?)", [phrase, datetime.now(), user.email])
        record(cur, user.email, "theme_dismiss", phrase[:80], None)

    store.transaction(work)



@dataclass(frozen=True)
class VoicePage:
    """The voice of the customer page for one filter: the themes, their months, the call-backs."""

    summary: ThemeSummary
    months: pd.DataFrame
    callback_tiles: list[KpiTile]  # callback_rate and callback_hours
    callback_counts: dict[str, int]


CALLBACK_KPIS: tuple[str, ...] = ("callback_rate", "callback_hours")


def voice_page(store: Store, flt: KpiFilter, lang: str, today: date) -> VoicePage:
    """Everything the voice of the customer page shows for a filter (the period clipped to the data)."""
    summary = theme_summary(store, flt)
    result = compute_kpis(store, flt, CALLBACK_KPIS)
    tiles = make_tiles(result, targets_for(store, flt.dept), lang, tuple(KPIS_BY_ID[k] for k in CALLBACK_KPIS))
    return VoicePage(summary, theme_months(store, flt), tiles, counts(store, summary.flt, today=today))
