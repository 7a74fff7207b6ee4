"""A review's inputs worded for a reader: per section, its tables and its charts. The review page,
the HTML minutes and the PDF minutes all draw from here, so they say the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go

from relclient.charts import trend_figure
from relclient.i18n import format_number, t
from relclient.metrics import kpi
from relclient.overview import format_value
from relclient.reviews.content import ReviewContent
from relclient.reviews.model import SECTIONS


@dataclass(frozen=True)
class Table:
    """A titled table of text cells."""

    title: str
    columns: list[str]
    rows: list[list[str]]


def _kpi_table(content: ReviewContent, kpi_ids: tuple[str, ...], lang: str) -> Table:
    rows = []
    for kpi_id in kpi_ids:
        k, v = kpi(kpi_id), content.inputs["kpis"][kpi_id]
        before = content.previous["kpis"][kpi_id]["value"] if content.previous else None
        rows.append([k.label(lang), format_value(k, v["value"], lang), format_value(k, before, lang),
                     format_value(k, v["target"], lang) if v["target"] is not None else "—"])
    return Table(t("reviews.t.kpis", lang), [t("reviews.c.kpi", lang), t("reviews.c.this", lang),
                                             t("reviews.c.previous", lang), t("reviews.c.target", lang)], rows)


def _status(code: str, lang: str) -> str:
    return t(f"action_status.{code}", lang)


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
                                 a["decided_due"] or "—", a["due"] or "—"] for a in decided])]
    # The previous review's figure beside each row, where the same row existed then.
    before = content.previous or {}
    was_category = {c["category"]: c["complaints"] for c in before.get("complaint_categories", [])}
    was_route = {(r["a"], r["b"]): r["tickets"] for r in before.get("routes", [])}
    was = lambda value: "—" if value is None else format_number(value, lang, 0)  # noqa: E731
    tables["satisfaction"] += [
        Table(t("reviews.t.categories", lang), [t("reviews.c.category", lang), t("reviews.c.complaints", lang),
                                                t("reviews.c.previous", lang)],
              [[c["category"] or "—", format_number(c["complaints"], lang, 0), was(was_category.get(c["category"]))]
               for c in i["complaint_categories"]]),
        Table(t("reviews.t.verbatims", lang), [t("reviews.c.day", lang), t("reviews.c.score", lang),
                                               t("reviews.c.dept", lang), t("reviews.c.comment", lang)],
              [[v["answered_at"], f"{v['score']}/10", name(v["dept"]) if v["dept"] else "—", v["comment"]]
               for v in i["detractor_verbatims"]]),
    ]
    tables["nonconformities"].append(Table(
        t("reviews.t.corrective", lang), [t("reviews.c.action", lang), t("reviews.c.status", lang)],
        [[f"#{a['action_id']} {a['title']}", _status(a["status"], lang)] for a in i["corrective_actions"]]))
    tables["alignment"] += [
        Table(t("reviews.t.routes", lang), [t("reviews.c.route", lang), t("reviews.c.tickets", lang),
                                            t("reviews.c.share", lang), t("reviews.c.previous", lang)],
              [[f"{name(r['a'])} ⇄ {name(r['b'])}", format_number(r["tickets"], lang, 0),
                f"{format_number(r['share'], lang, 1)} %", was(was_route.get((r["a"], r["b"])))] for r in i["routes"]]),
        Table(t("reviews.t.pairs", lang), [t("reviews.c.rater", lang), t("reviews.c.rated", lang),
                                           t("reviews.c.score", lang)],
              [[name(p["rater_dept"]), name(p["rated_dept"]), f"{format_number(p['score'], lang, 2)}/5"]
               for p in i["weakest_pairs"]]),
    ]
    objectives = []
    for kpi_id, v in i["kpis"].items():
        if v["target"] is None:
            continue
        k = kpi(kpi_id)
        met = v["value"] is not None and (v["value"] >= v["target"] if k.higher_is_better else v["value"] <= v["target"])
        objectives.append([k.label(lang), format_value(k, v["value"], lang), format_value(k, v["target"], lang),
                           t("reviews.met", lang) if met else t("reviews.not_met", lang)])
    tables["objectives"] = [Table(t("reviews.t.objectives", lang), [t("reviews.c.kpi", lang), t("reviews.c.this", lang),
                                                                    t("reviews.c.target", lang), t("reviews.c.met", lang)],
                                  objectives)]
    items = content.opportunities or [opportunity_text(p, lang) for p in content.proposed]
    tables["opportunities"] = [Table(t("reviews.t.opportunities" if content.opportunities else "reviews.t.proposed", lang),
                                     [t("reviews.c.opportunity", lang)], [[text] for text in items])]
    return tables


def opportunity_text(item: dict, lang: str) -> str:
    """A proposed opportunity in words."""
    k = kpi(item["kpi"])
    if item["kind"] == "gap":
        return t("reviews.opp.gap", lang, kpi=k.label(lang), value=format_value(k, item["value"], lang),
                 target=format_value(k, item["target"], lang))
    return t("reviews.opp.trend", lang, kpi=k.label(lang), value=format_value(k, item["value"], lang),
             previous=format_value(k, item["previous"], lang))


def section_charts(content: ReviewContent, lang: str) -> dict[str, list[go.Figure]]:
    """Each section's charts: the satisfaction KPIs month by month, as the dashboards draw them."""
    trends = content.inputs["trends"]
    months = [date.fromisoformat(m) for m in trends["months"]]
    charts: dict[str, list[go.Figure]] = {s.id: [] for s in SECTIONS}
    charts["satisfaction"] = [trend_figure(kpi(k), months, trends[k], content.inputs["kpis"][k]["target"], lang)
                              for k in ("nps", "csat", "ces")]
    return charts
