"""The KPI registry: every KPI of the data contract defined once, with everything its figures mean.

Each KPI carries its names and definitions in both languages, its unit (how its values, changes
and targets are written and checked), its direction, its owner, the row set it reads and its
formula (the figure, the rows `n` it rests on, the significance test of a change). Pages, the
review, the minutes and the CLI ask the KPI; none of them re-states what a KPI means.
"""

from __future__ import annotations

from dataclasses import dataclass

from relclient.metrics.formulas import Formula, count, mean, median, nps, share
from relclient.metrics.sources import SOURCES
from relclient.metrics.units import UNITS, Unit


@dataclass(frozen=True)
class Kpi:
    """One KPI: its names, definition, unit, direction, owner, row set and formula."""

    id: str
    label_fr: str
    label_en: str
    definition_fr: str
    definition_en: str
    unit_id: str  # key of UNITS
    higher_is_better: bool
    owner: str  # department code
    source: str  # key of metrics.sources.SOURCES
    formula: Formula
    # Reads the per-ticket transfer flags (transferred, passed_on, ping_pong) of the sources.
    needs_flow: bool = False

    def label(self, lang: str) -> str:
        """The KPI's name in `lang`."""
        return self.label_fr if lang == "fr" else self.label_en

    def definition(self, lang: str) -> str:
        """The KPI's one-sentence definition in `lang`."""
        return self.definition_fr if lang == "fr" else self.definition_en

    @property
    def unit(self) -> Unit:
        """The unit its values are measured in."""
        return UNITS[self.unit_id]

    @property
    def datasets(self) -> tuple[str, ...]:
        """The datasets this KPI reads."""
        return SOURCES[self.source].datasets

    @property
    def is_count(self) -> bool:
        """A count: 0 with no rows (rates, means and medians stay NULL), whole numbers."""
        return self.formula.test == "count"

    @property
    def grows_with_length(self) -> bool:
        """A figure that grows with the period's length (a count; churn, which counts who left):
        a target for it reads differently on a month and on a quarter."""
        return self.is_count or self.source == "customers_by_period"

    @property
    def filters(self) -> tuple[str, ...]:
        """The filters that restrict this KPI (the others leave it company-wide)."""
        return tuple(SOURCES[self.source].filter_sql)

    def format(self, value: float | None, lang: str) -> str:
        """A value with its unit, or a dash when it is undefined."""
        return self.unit.format(value, lang)

    def format_change(self, change: float | None, lang: str) -> str | None:
        """The signed change against another figure (percentages move in points)."""
        return self.unit.format_change(change, lang)

    def better(self, change: float) -> bool:
        """Whether a change of this size moves the KPI the right way."""
        return change > 0 if self.higher_is_better else change < 0

    def shortfall(self, value: float | None, target: float | None) -> float | None:
        """How far `value` is from `target` the wrong way (0 when met; None without both). A gap
        smaller than the unit shows ("2.0 h for 2.0 h") is none: nobody reads a target as missed
        by a difference the page cannot show."""
        if value is None or target is None:
            return None
        gap = max(0.0, (target - value) if self.higher_is_better else (value - target))
        return 0.0 if gap < 0.5 * 10 ** -self.unit.decimals else gap

    def meets(self, value: float | None, target: float | None) -> bool | None:
        """Whether `value` meets `target` (None without both)."""
        gap = self.shortfall(value, target)
        return None if gap is None else gap == 0

    def rows_to_move(self, gap: float, n: int, beyond: int | None = None) -> float:
        """How many of the `n` rows would have to change for the figure to move by `gap`: a count's
        own rows; a share's or an NPS's gap in points of a hundred; a mean's gap over its whole
        scale (each row moving from one end to the other, the fewest); for a median, the rows
        `beyond` its target past half of them."""
        test = self.formula.test
        if test == "count":
            return gap
        if test in ("proportion", "nps"):
            return gap * n / 100
        if test == "mean":
            return gap * n / (self.unit.high - self.unit.low)
        return max(0.0, beyond - n / 2) if beyond is not None else 0.0


_NPS = "survey = 'nps'"
CALLBACK_DAYS = 7  # a detractor called back within this many days of the answer counts in callback_rate
_CSAT = "survey = 'csat'"
_CES = "survey = 'ces'"


# Hours from opening to the first response and to resolution: columns of ticket_facts, computed
# once when the tickets are written (epoch(later - opened_at) / 3600), not at every view.
_RESPONSE_HOURS, _RESOLUTION_HOURS = "response_hours", "resolution_hours"


KPIS: tuple[Kpi, ...] = (
    Kpi("nps", "NPS", "NPS",
        "Réponses NPS de la période : % de promoteurs (9–10) moins % de détracteurs (0–6).",
        "NPS answers in the period: % of promoters (9–10) minus % of detractors (0–6).",
        "points", True, "marketing", "surveys", nps(_NPS)),
    Kpi("csat", "Satisfaction (CSAT)", "Satisfaction (CSAT)",
        "Réponses CSAT de la période : % de notes 4 ou 5 sur 5.",
        "CSAT answers in the period: % of scores of 4 or 5 out of 5.",
        "percent", True, "customer_service", "surveys", share("score >= 4", _CSAT)),
    Kpi("ces", "Effort client (CES)", "Effort (CES)",
        "Réponses CES de la période : note moyenne sur 7 (7 = très facile).",
        "CES answers in the period: mean score out of 7 (7 = very easy).",
        "score7", True, "customer_service", "surveys", mean("score", _CES)),
    Kpi("complaints", "Réclamations", "Complaints",
        "Nombre de tickets ouverts dans la période et marqués comme réclamation.",
        "Number of tickets opened in the period and flagged as complaints.",
        "count", False, "customer_service", "tickets_opened", count("is_complaint")),
    Kpi("first_response_hours", "Délai 1re réponse", "First response time",
        "Tickets ouverts dans la période et déjà répondus : médiane des heures jusqu'à la première réponse.",
        "Tickets opened in the period that got a response: median hours until the first response.",
        "hours", False, "customer_service", "tickets_opened",
        median(_RESPONSE_HOURS, "first_response_at IS NOT NULL")),
    Kpi("unanswered_48h_rate", "Sans réponse 48 h", "Unanswered 48 h",
        "Tickets ouverts dans la période : % sans première réponse, ou répondus plus de 48 h après.",
        "Tickets opened in the period: % with no first response, or one more than 48 h later.",
        "percent", False, "customer_service", "tickets_opened",
        share(f"first_response_at IS NULL OR {_RESPONSE_HOURS} > 48")),
    Kpi("resolution_hours", "Délai de résolution", "Resolution time",
        "Tickets résolus dans la période : médiane des heures entre ouverture et résolution.",
        "Tickets resolved in the period: median hours from opening to resolution.",
        "hours", False, "customer_service", "tickets_resolved", median(_RESOLUTION_HOURS)),
    Kpi("reopen_rate", "Taux de réouverture", "Reopen rate",
        "Tickets résolus dans la période : % rouverts au moins une fois.",
        "Tickets resolved in the period: % reopened at least once.",
        "percent", False, "customer_service", "tickets_resolved", share("reopened_count > 0")),
    Kpi("handoff_rate", "Taux de transfert", "Handoff rate",
        "Tickets ouverts dans la période : % transférés au moins une fois d'un service à un autre "
        "(pour un service : % qu'il a lui-même transmis).",
        "Tickets opened in the period: % handed at least once from one department to another "
        "(for one department: % it passed on itself).",
        "percent", False, "direction", "tickets_opened", share("passed_on"), needs_flow=True),
    Kpi("ping_pong_rate", "Taux de ping-pong", "Ping-pong rate",
        "Tickets ouverts dans la période : % revenus à un service qui les avait déjà transférés "
        "(pour un service : % revenus à lui après qu'il les a transmis).",
        "Tickets opened in the period: % that came back to a department that had passed them on "
        "(for one department: % that came back to it after it passed them on).",
        "percent", False, "direction", "tickets_opened", share("ping_pong"), needs_flow=True),
    Kpi("one_touch_rate", "Un seul contact", "One-touch resolution",
        "Tickets résolus dans la période : % sans aucun transfert ni réouverture.",
        "Tickets resolved in the period: % with no transfer and never reopened.",
        "percent", True, "customer_service", "tickets_resolved",
        share("NOT transferred AND reopened_count = 0"), needs_flow=True),
    Kpi("on_time_delivery", "Livraison à l'heure", "On-time delivery",
        "Commandes livrées dans la période : % livrées au plus tard à la date promise.",
        "Orders delivered in the period: % delivered on or before the promised date.",
        "percent", True, "logistics", "orders_delivered", share("delivered_on <= promised_on")),
    Kpi("return_rate", "Taux de retour", "Return rate",
        "Commandes passées dans la période : % retournées.",
        "Orders placed in the period: % returned.",
        "percent", False, "production", "orders_ordered", share("returned")),
    Kpi("callback_rate", "Rappels sous 7 jours", "Called back in 7 days",
        "Détracteurs (NPS 0–6, CSAT 1–2) ayant répondu dans la période : % rappelés (joints) dans les 7 jours "
        "suivant leur réponse.",
        "Detractors (NPS 0–6, CSAT 1–2) who answered in the period: % called back (reached) within 7 days "
        "of their answer.",
        "percent", True, "customer_service", "callbacks_by_origin",
        share(f"status = 'called' AND done_at < origin_at + INTERVAL {CALLBACK_DAYS} DAY", "kind = 'detractor'")),
    Kpi("callback_hours", "Délai de rappel", "Call-back time",
        "Rappels faits dans la période (détracteurs et réclamations restées sans suite) : médiane des heures "
        "entre la réponse ou la réclamation et l'appel.",
        "Call-backs made in the period (detractors, and complaints left without follow-up): median hours "
        "from the answer or complaint to the call.",
        "hours", False, "customer_service", "callbacks_by_call",
        median("epoch(done_at - origin_at) / 3600", "status = 'called'")),
    Kpi("churn_rate", "Taux d'attrition", "Churn rate",
        "Clients partis dans la période, en % des clients actifs au début de la période.",
        "Customers who left in the period, as a % of the customers active at its start.",
        "percent", False, "sales", "customers_by_period",
        share("true", "created_on < d_start AND (churned_on IS NULL OR churned_on >= d_start)",
              numerator="churned_on BETWEEN d_start AND d_end")),
    Kpi("internal_service_score", "Service interne", "Internal service",
        "Notes internes des mois de la période : moyenne sur 5 de la note qu'un service donne à un autre.",
        "Internal ratings of the months in the period: mean score out of 5 one department gives another.",
        "score5", True, "direction", "internal_ratings_by_period", mean("score")),
)
KPIS_BY_ID: dict[str, Kpi] = {k.id: k for k in KPIS}


def kpi(kpi_id: str) -> Kpi:
    """The KPI with this id; KeyError naming the known ids when there is none."""
    try:
        return KPIS_BY_ID[kpi_id]
    except KeyError:
        raise KeyError(f"unknown KPI {kpi_id!r}; known: {', '.join(KPIS_BY_ID)}") from None
