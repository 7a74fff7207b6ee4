"""The closed loop: what the dashboards point at (a detractor, a complaint, a bouncing ticket, a
weak pair of departments) becomes a new action pre-filled with its link and its KPI."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd

from relclient.actions.errors import ActionError
from relclient.actions.model import Link
from relclient.addresses import url_path
from relclient.contract import SURVEY_SCALES
from relclient.customer_distance import detractor_counts
from relclient.i18n import CHANNEL_LABELS, format_date, t
from relclient.metrics import KPIS_BY_ID, KpiFilter, compute_kpis, kpi
from relclient.periods import Period, parse_date
from relclient.reference import department_names
from relclient.store import Store
from relclient.targets import targets_for
from relclient.voice.views import examples, theme_summary

SOURCES: tuple[str, ...] = ("response", "complaint", "ticket", "pair", "kpi", "detractors", "channel", "theme")


@dataclass(frozen=True)
class Prefill:
    """A new action's starting values, from what prompted it."""

    source: str  # e.g. "response:R123"
    title: str
    problem: str
    kpi_id: str
    scope_dept: str | None
    lead_dept: str
    contributors: tuple[str, ...]
    links: tuple[Link, ...]


def source_address(kind: str, ref: str) -> str:
    """The new-action page's address for a source, as the dashboards' tables link to it (the colons
    kept readable: the page splits on them)."""
    return f"/{url_path('new_action')}?from=" + quote(f"{kind}:{ref}", safe=":")


def period_source(kind: str, ref: str | None, start: object, end: object) -> str:
    """A source read over a period, as `_span` reads it back: `<kind>[:<ref>]:<from>:<to>` (a KPI,
    the detractors, a channel, a theme)."""
    return ":".join(str(part) for part in (kind, ref, start, end) if part is not None)


def _clip(text: str | None, n: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _ticket_departments(store: Store, ticket_id: str) -> list[str]:
    # Every department the ticket went through, in the order it first reached them.
    return [r[0] for r in store.fetch_all(
        "SELECT dept FROM (SELECT from_dept AS dept, transferred_at FROM ticket_transfers WHERE ticket_id = $t"
        " UNION ALL SELECT to_dept, transferred_at FROM ticket_transfers WHERE ticket_id = $t)"
        " GROUP BY dept ORDER BY min(transferred_at), dept", {"t": ticket_id})]


def _span(source: str, parts: list[str]) -> Period:
    # "<kind>:<ref>:<from>:<to>": the period a review's opportunity was read over.
    try:
        return Period(parse_date(parts[0]), parse_date(parts[1]))
    except (IndexError, ValueError):
        raise ActionError("source", source=source, kinds=", ".join(SOURCES)) from None


def _from_figures(store: Store, source: str, kind: str, ref: str, lang: str) -> Prefill:
    # A review's opportunity: a KPI off target or worse, detractors nobody called, a channel left unanswered.
    head, *rest = ref.split(":")
    if kind == "theme":
        return _from_theme(store, source, head, _span(source, rest), lang)
    if kind == "detractors":
        period = _span(source, [head, *rest])
        total, unheard = detractor_counts(store, KpiFilter(period))
        return Prefill(source, t("actions.prefill.detractors_title", lang, n=unheard),
                       t("actions.prefill.detractors_problem", lang, n=unheard, total=total,
                         start=format_date(period.start, lang), end=format_date(period.end, lang)),
                       "nps", None, "customer_service", ("sales",), ())
    period = _span(source, rest)
    if kind == "channel":
        if head not in CHANNEL_LABELS[lang]:
            raise ActionError("source_unknown", source=source)
        v = compute_kpis(store, KpiFilter(period, channel=head), ["unanswered_48h_rate"]).values["unanswered_48h_rate"]
        channel = CHANNEL_LABELS[lang][head]
        return Prefill(source, t("actions.prefill.channel_title", lang, channel=channel),
                       t("actions.prefill.channel_problem", lang, channel=channel, n=v.n,
                         rate=kpi("unanswered_48h_rate").format(v.value, lang),
                         start=format_date(period.start, lang), end=format_date(period.end, lang)),
                       "unanswered_48h_rate", None, "customer_service", (), ())
    if head not in KPIS_BY_ID:
        raise ActionError("source_unknown", source=source)
    k = KPIS_BY_ID[head]
    v = compute_kpis(store, KpiFilter(period), [k.id]).values[k.id]
    target = targets_for(store, None).get(k.id)
    return Prefill(source, t("actions.prefill.kpi_title", lang, kpi=k.label(lang)),
                   t("actions.prefill.kpi_problem", lang, kpi=k.label(lang), value=k.format(v.value, lang),
                     n=v.n, previous=k.format(v.previous, lang),
                     target=k.format(target.value, lang) if target else "—",
                     start=format_date(period.start, lang), end=format_date(period.end, lang)),
                   k.id, None, k.owner, (), ())


def _from_theme(store: Store, source: str, code: str, period: Period, lang: str) -> Prefill:
    # A theme of the voice of the customer: its figures over the period and its most telling verbatims.
    found = theme_summary(store, KpiFilter(period), theme=code).themes
    if not found:
        raise ActionError("source_unknown", source=source)
    th = found[0]
    said = examples(store, KpiFilter(period), code)
    nps = kpi("nps").format(th.nps, lang)
    lines = "\n".join(f"- « {_clip(text, 160)} »" for _, text in said) or "—"
    return Prefill(source, t("actions.prefill.theme_title", lang, theme=th.name(lang), n=th.count),
                   t("actions.prefill.theme_problem", lang, theme=th.name(lang), n=th.count, before=th.previous_count,
                     nps=nps, nps_n=th.nps_n, start=format_date(period.start, lang), end=format_date(period.end, lang),
                     examples=lines),
                   "nps", None, th.dept, (), tuple(Link("response", r) for r, _ in said))


def source_text(source: str, lang: str, names: dict[str, str], themes: dict[str, str] | None = None) -> str:
    """What an action was pre-filled from, in words ("the detractors from 01/10/2025 to 03/12/2025");
    `names` are the departments', `themes` the themes' in `lang`."""
    kind, _, ref = source.partition(":")
    parts = ref.split(":")
    try:
        if kind in ("kpi", "channel"):
            start, end = (format_date(parse_date(d), lang) for d in parts[1:3])
            label = KPIS_BY_ID[parts[0]].label(lang) if kind == "kpi" else CHANNEL_LABELS[lang][parts[0]]
            return t(f"actions.origin.{kind}", lang, label=label, start=start, end=end)
        if kind == "detractors":
            start, end = (format_date(parse_date(d), lang) for d in parts[:2])
            return t("actions.origin.detractors", lang, start=start, end=end)
        if kind == "theme":
            start, end = (format_date(parse_date(d), lang) for d in parts[1:3])
            return t("actions.origin.theme", lang, label=(themes or {}).get(parts[0], parts[0]), start=start, end=end)
        if kind == "pair":
            rater, _, rated = ref.partition(">")
            return t("actions.origin.pair", lang, rater=names.get(rater, rater), rated=names.get(rated, rated))
        if kind in ("response", "complaint", "ticket"):
            return t(f"actions.origin.{kind}", lang, ref=ref)
    except (KeyError, ValueError):
        pass
    return source


def prefill(store: Store, source: str, lang: str) -> Prefill:
    """The pre-filled action for `kind:ref` (a survey answer, complaint, ticket or department pair;
    a review's opportunity: `kpi:<id>:<from>:<to>`, `detractors:<from>:<to>`, `channel:<code>:<from>:<to>`)."""
    kind, _, ref = source.partition(":")
    names = department_names(store, lang)
    if kind not in SOURCES or not ref:
        raise ActionError("source", source=source, kinds=", ".join(SOURCES))
    if kind in ("kpi", "detractors", "channel", "theme"):
        return _from_figures(store, source, kind, ref, lang)
    if kind == "response":
        row = store.fetch_one("SELECT survey, score, comment, dept, customer_id, ticket_id, answered_at::DATE"
                              " FROM survey_responses WHERE response_id = ?", [ref])
        if row is None:
            raise ActionError("source_unknown", source=source)
        survey, score, comment, dept, customer, ticket, day = row
        links = [Link("response", ref), Link("customer", customer)] + ([Link("ticket", ticket)] if ticket else [])
        return Prefill(source, t("actions.prefill.response_title", lang, survey=survey.upper(), score=score,
                                 max=SURVEY_SCALES[survey][1], comment=_clip(comment, 60)),
                       t("actions.prefill.response_problem", lang, customer=customer, day=day, score=score,
                         max=SURVEY_SCALES[survey][1], survey=survey.upper(), comment=comment or "—"),
                       survey, dept, dept or "customer_service", (), tuple(links))
    if kind in ("complaint", "ticket"):
        row = store.fetch_one("SELECT customer_id, owner_dept, category, is_complaint, opened_at::DATE,"
                              " reopened_count FROM tickets WHERE ticket_id = ?", [ref])
        if row is None:
            raise ActionError("source_unknown", source=source)
        customer, owner, category, _, day, reopened = row
        route = _ticket_departments(store, ref)
        lead = route[0] if kind == "ticket" and route else owner
        others = tuple(d for d in dict.fromkeys([*route, owner]) if d != lead)
        links = (Link("ticket", ref), Link("customer", customer))
        if kind == "complaint":
            return Prefill(source, t("actions.prefill.complaint_title", lang, category=category or "—", ticket=ref),
                           t("actions.prefill.complaint_problem", lang, ticket=ref, customer=customer, day=day,
                             category=category or "—", owner=names.get(owner, owner), reopened=reopened),
                           "complaints", owner, lead, others, links)
        route_text = " → ".join(names.get(d, d) for d in route) or names.get(owner, owner)
        return Prefill(source, t("actions.prefill.ticket_title", lang, route=route_text),
                       t("actions.prefill.ticket_problem", lang, ticket=ref, customer=customer, day=day,
                         route=route_text, n=len(route)),
                       "ping_pong_rate", None, lead, others, links)
    rater, _, rated = ref.partition(">")
    row = store.fetch_one("SELECT avg(score), count(*) FROM internal_ratings WHERE rater_dept = ? AND rated_dept = ?",
                          [rater, rated])
    if row is None or not row[1]:
        raise ActionError("source_unknown", source=source)
    rater_name, rated_name = names.get(rater, rater), names.get(rated, rated)
    return Prefill(source, t("actions.prefill.pair_title", lang, rater=rater_name, rated=rated_name),
                   t("actions.prefill.pair_problem", lang, rater=rater_name, rated=rated_name, score=f"{row[0]:.2f}",
                     n=row[1]),
                   "internal_service_score", rated, rated, (rater,), (Link("pair", ref),))


def action_sources(kpi_id: str, rows: pd.DataFrame) -> list[str] | None:
    """The action source of each row behind a KPI (an answer, a complaint, a ticket), or None when
    its rows are not of a kind an action links to (orders, customers, ratings)."""
    if "response_id" in rows.columns:
        return [f"response:{r}" for r in rows["response_id"]]
    if "ticket_id" in rows.columns:
        kind = "complaint" if kpi_id == "complaints" else "ticket"
        return [f"{kind}:{r}" for r in rows["ticket_id"]]
    return None
