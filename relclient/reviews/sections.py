"""A review's inputs worded for a reader: per section, its tables and its charts. The review page,
the HTML minutes and the PDF minutes all draw from here, so they say the same thing.

Every figure says the rows it rests on (n) and whether its change is significant, in the KPI
layer's words; while the period is not over, each section says so and sets the figures against
the same number of days before, never against the previous review's complete period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import plotly.graph_objects as go

from relclient.charts import trend_figure
from relclient.i18n import CHANNEL_LABELS, format_date, format_number, t
from relclient.metrics import KPIS, MIN_RATINGS, KpiTrend, KpiValue, kpi, month_end
from relclient.overview import KpiTile, kpi_tile
from relclient.reviews.content import ReviewContent
from relclient.reviews.inputs import TREND_KPIS
from relclient.reviews.model import SECTIONS


@dataclass(frozen=True)
class Table:
    """A titled table of text cells; `sources`, when given, names per row the action it can open."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    sources: list[str] | None = field(default=None)


def _day(text: str, lang: str) -> str:
    return format_date(date.fromisoformat(text), lang)


def period_note(content: ReviewContent, lang: str) -> str | None:
    """The line every section of an unfinished period carries: computed to date, set against as
    many days before (None once the period is over)."""
    if not content.partial:
        return None
    p = content.inputs["period"]
    return t("reviews.partial", lang, through=_day(p["through"], lang), days=p["days"], of=p["of"],
             prev_start=_day(p["previous_start"], lang), prev_end=_day(p["previous_end"], lang))


def kpi_value(v: dict) -> KpiValue:
    """A KPI's figures as the inputs hold them (a record frozen before n existed reads n = 0)."""
    return KpiValue(v["value"], v.get("previous_period"), v.get("n", 0), v.get("previous_n", 0), v.get("significant"))


def review_tiles(content: ReviewContent, kpi_ids: tuple[str, ...], lang: str) -> list[KpiTile]:
    """A section's KPIs as the dashboards' tiles: the change against the same days before, judged
    by the KPI layer, the previous review's figure in the help while both periods are complete."""
    tiles = []
    for kpi_id in kpi_ids:
        k, v = kpi(kpi_id), content.inputs["kpis"][kpi_id]
        note = None
        if content.previous is not None and not content.partial:
            note = t("reviews.metric_help", lang, previous=k.format(content.previous["kpis"][kpi_id]["value"], lang))
        tiles.append(kpi_tile(k, kpi_value(v), v["target"], lang, note=note))
    return tiles


def _with_n(k, value: float | None, n: int | None, lang: str) -> str:
    text = k.format(value, lang)
    return text if value is None or not n else f"{text} · n = {format_number(n, lang, 0)}"


def _columns(content: ReviewContent, lang: str, first: str) -> tuple[list[str], bool]:
    # The figure's column, the same days before, and the previous review only for a complete period.
    p = content.inputs["period"]
    this = t("reviews.c.to_date", lang, days=p["days"], of=p["of"]) if content.partial else t("reviews.c.this", lang)
    if "previous_start" in p:
        before = t("reviews.c.same_days" if content.partial else "reviews.c.previous_period", lang, days=p["days"],
                   start=_day(p["previous_start"], lang), end=_day(p["previous_end"], lang))
    else:
        before = t("reviews.c.previous_period_plain", lang)
    with_review = content.previous is not None and not content.partial
    return [first, this, before] + ([t("reviews.c.previous", lang)] if with_review else []), with_review


def _kpi_table(content: ReviewContent, kpi_ids: tuple[str, ...], lang: str) -> Table:
    columns, with_review = _columns(content, lang, t("reviews.c.kpi", lang))
    columns[3:3] = [t("reviews.c.change", lang), t("reviews.c.verdict", lang)]
    rows = []
    for kpi_id in kpi_ids:
        k, v = kpi(kpi_id), content.inputs["kpis"][kpi_id]
        value = kpi_value(v)
        verdict = value.verdict(k)
        row = [k.label(lang), _with_n(k, value.value, value.n, lang), _with_n(k, value.previous, value.previous_n, lang),
               k.format_change(value.change, lang) or "—", t(f"verdict.{verdict}", lang) if verdict else "—"]
        if with_review:
            row.append(k.format(content.previous["kpis"][kpi_id]["value"], lang))
        rows.append(row + [k.format(v["target"], lang) if v["target"] is not None else "—"])
    return Table(t("reviews.t.kpis", lang), columns + [t("reviews.c.target", lang)], rows)


def _status(code: str, lang: str) -> str:
    return t(f"action_status.{code}", lang)


def _was(value: object, lang: str) -> str:
    return "—" if value is None else format_number(value, lang, 0)


def section_tables(content: ReviewContent, lang: str, depts: dict[str, str]) -> dict[str, list[Table]]:
    """Each section's tables, worded in `lang` (departments named with `depts`)."""
    i = content.inputs
    name = lambda code: depts.get(code, code)  # noqa: E731 - a one-line lookup
    decided = i["decided_actions"]
    tables: dict[str, list[Table]] = {s.id: [_kpi_table(content, s.kpis, lang)] if s.kpis else [] for s in SECTIONS}
    tables["actions"] = [Table(t("reviews.t.decided", lang, done=sum(a["status"] == "done" for a in decided),
                                 open=sum(a["status"] not in ("done", "dropped") for a in decided),
                                 overdue=sum(a["overdue"] for a in decided)),
                               [t("reviews.c.action", lang), t("reviews.c.status", lang), t("reviews.c.decided_due", lang),
                                t("reviews.c.due", lang)],
                               [[f"#{a['action_id']} {a['title']}",
                                 _status(a["status"], lang) + (f" · {t('actions.card.overdue', lang)}" if a["overdue"] else ""),
                                 _day(a["decided_due"], lang) if a["decided_due"] else "—",
                                 _day(a["due"], lang) if a["due"] else "—"] for a in decided])]
    # Beside each row: the same days before, and the previous review's figure when both periods are complete.
    before = content.previous or {}
    was_category = {c["category"]: c["complaints"] for c in before.get("complaint_categories", [])}
    was_route = {(r["a"], r["b"]): r["tickets"] for r in before.get("routes", [])}
    columns, with_review = _columns(content, lang, t("reviews.c.category", lang))
    tables["satisfaction"] += [
        Table(t("reviews.t.categories", lang), columns,
              [[c["category"] or "—", format_number(c["complaints"], lang, 0), _was(c.get("previous_period"), lang)]
               + ([_was(was_category.get(c["category"]), lang)] if with_review else [])
               for c in i["complaint_categories"]]),
        Table(t("reviews.t.verbatims", lang), [t("reviews.c.day", lang), t("reviews.c.score", lang),
                                               t("reviews.c.dept", lang), t("reviews.c.comment", lang)],
              [[_day(v["answered_at"], lang), f"{v['score']}/10", name(v["dept"]) if v["dept"] else "—", v["comment"]]
               for v in i["detractor_verbatims"]]),
    ]
    tables["nonconformities"].append(Table(
        t("reviews.t.corrective", lang), [t("reviews.c.action", lang), t("reviews.c.status", lang)],
        [[f"#{a['action_id']} {a['title']}", _status(a["status"], lang)] for a in i["corrective_actions"]]))
    route_columns, _ = _columns(content, lang, t("reviews.c.route", lang))
    route_columns[1] = t("reviews.c.tickets_in", lang, period=route_columns[1])
    route_columns[2:2] = [t("reviews.c.share", lang)]
    tables["alignment"] += [
        Table(t("reviews.t.routes", lang), route_columns,
              [[f"{name(r['a'])} ⇄ {name(r['b'])}", format_number(r["tickets"], lang, 0),
                f"{format_number(r['share'], lang, 1)} %", _was(r.get("previous_period"), lang)]
               + ([_was(was_route.get((r["a"], r["b"])), lang)] if with_review else []) for r in i["routes"]]),
        Table(t("reviews.t.pairs", lang), [t("reviews.c.rater", lang), t("reviews.c.rated", lang),
                                           t("reviews.c.score", lang), t("reviews.c.ratings", lang)],
              [[name(p["rater_dept"]), name(p["rated_dept"]), f"{format_number(p['score'], lang, 2)}/5",
                format_number(p.get("ratings", 0), lang, 0)
                + (f" ({t('internal.few', lang, n=MIN_RATINGS)})" if p.get("ratings", MIN_RATINGS) < MIN_RATINGS else "")]
               for p in i["weakest_pairs"]]),
    ]
    objectives = []
    for k in KPIS:  # the registry's order, whatever order a frozen record keeps its figures in
        v = i["kpis"].get(k.id)
        if v is None or v["target"] is None:
            continue
        met = k.meets(v["value"], v["target"])
        objectives.append([k.label(lang), _with_n(k, v["value"], v.get("n"), lang), k.format(v["target"], lang),
                           "—" if met is None else t("reviews.met" if met else "reviews.not_met", lang)])
    this = _columns(content, lang, "")[0][1]
    tables["objectives"] = [Table(t("reviews.t.objectives", lang), [t("reviews.c.kpi", lang), this,
                                                                    t("reviews.c.target", lang), t("reviews.c.met", lang)],
                                  objectives)]
    if content.opportunities:
        tables["opportunities"] = [Table(t("reviews.t.opportunities", lang), [t("reviews.c.opportunity", lang)],
                                         [[text] for text in content.opportunities])]
    else:
        tables["opportunities"] = [Table(
            t("reviews.t.proposed", lang), [t("reviews.c.opportunity", lang), t("reviews.c.size", lang)],
            [[opportunity_text(p, lang, depts), size_text(p, lang)] for p in content.proposed],
            [p["source"] for p in content.proposed])]
    return tables


def _rows_word(item: dict, lang: str) -> str:
    # What an opportunity's size counts: the KPI's rows, tickets, ratings, customers.
    if item["kind"] == "kpi":
        return t(f"rows.{kpi(item['kpi']).source}", lang)
    return t({"route": "rows.tickets_opened", "channel": "rows.tickets_opened", "pair": "rows.internal_ratings_by_period",
              "detractors": "rows.customers_by_period"}[item["kind"]], lang)


def size_text(item: dict, lang: str) -> str:
    """How many rows an opportunity concerns ("≈ 1 520 tickets")."""
    return f"≈ {format_number(item['size'], lang, 0)} {_rows_word(item, lang)}"


def opportunity_text(item: dict, lang: str, depts: dict[str, str] | None = None) -> str:
    """A proposed opportunity in words, with its figure and its n."""
    name = (depts or {}).get
    kind = item["kind"]
    if kind == "kpi":
        k = kpi(item["kpi"])
        figures = {"kpi": k.label(lang), "value": k.format(item["value"], lang),
                   "n": format_number(item["n"], lang, 0), "rows": t(f"rows.{k.source}", lang)}
        if item["target"] is not None and item["previous"] is not None:
            return t("reviews.opp.gap_and_worse", lang, target=k.format(item["target"], lang),
                     previous=k.format(item["previous"], lang), **figures)
        if item["target"] is not None:
            return t("reviews.opp.gap", lang, target=k.format(item["target"], lang), **figures)
        return t("reviews.opp.worse", lang, previous=k.format(item["previous"], lang), **figures)
    if kind == "route":
        return t("reviews.opp.route", lang, a=name(item["a"], item["a"]), b=name(item["b"], item["b"]),
                 tickets=format_number(item["tickets"], lang, 0), share=format_number(item["share"], lang, 1))
    if kind == "pair":
        text = t("reviews.opp.pair", lang, rater=name(item["rater"], item["rater"]), rated=name(item["rated"], item["rated"]),
                 score=format_number(item["score"], lang, 2), n=format_number(item["ratings"], lang, 0))
        return text + (f" ({t('internal.few', lang, n=MIN_RATINGS)})" if item["ratings"] < MIN_RATINGS else "")
    if kind == "detractors":
        return t("reviews.opp.detractors", lang, unheard=format_number(item["unheard"], lang, 0),
                 total=format_number(item["total"], lang, 0))
    return t("reviews.opp.channel", lang, channel=CHANNEL_LABELS[lang].get(item["channel"], item["channel"]),
             unanswered=format_number(item["unanswered"], lang, 0), tickets=format_number(item["tickets"], lang, 0),
             rate=format_number(item["rate"], lang, 1))


def section_charts(content: ReviewContent, lang: str) -> dict[str, list[go.Figure]]:
    """Each section's charts: the satisfaction KPIs month by month, as the dashboards draw them (a
    last month to date drawn apart)."""
    trends = content.inputs["trends"]
    months = [date.fromisoformat(m) for m in trends["months"]]
    # A record frozen before trends said their days reads every month as complete.
    days = trends.get("days") or [month_end(m).day for m in months]
    trend = KpiTrend(months, {k: trends[k] for k in TREND_KPIS}, trends.get("n") or {}, days)
    charts: dict[str, list[go.Figure]] = {s.id: [] for s in SECTIONS}
    charts["satisfaction"] = [trend_figure(kpi(k), trend, content.inputs["kpis"][k]["target"], lang) for k in TREND_KPIS]
    return charts
