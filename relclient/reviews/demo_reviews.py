"""The demo company's management reviews: three past quarters, closed, whose decisions became
actions now in various states, and a draft for the latest quarter — made through the domain."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from relclient.actions.change import ActionChange
from relclient.actions.queries import get_action
from relclient.actions.updates import update_action
from relclient.auth import get_user
from relclient.periods import Period, quarter_of
from relclient.reviews.content import review_content
from relclient.reviews.edit import (
    add_decision,
    close_review,
    create_review,
    hold_review,
    set_comment,
    set_opportunities,
    update_review,
)
from relclient.reviews.sections import opportunity_text
from relclient.reference import department_names
from relclient.store import Store

CHAIR = "direction@demo.relclient.fr"
ATTENDEES = ("direction@demo.relclient.fr", "helene.dumas@demo.relclient.fr", "karim.benali@demo.relclient.fr",
             "responsable.sc@demo.relclient.fr", "julie.roux@demo.relclient.fr")
DEPARTMENTS = ("direction", "sales", "customer_service", "logistics", "marketing")

# Per past quarter (oldest first): comments by section, then decisions — text, owner, the KPI of
# the action it becomes (None: no action), contributors, days to its due date, where the action is now.
_QUARTERS: tuple[tuple[dict[str, str], tuple[tuple, ...]], ...] = (
    ({"satisfaction": "NPS stable ; les verbatims parlent surtout de délais de livraison.",
      "alignment": "Le ping-pong service clients ↔ logistique reste la première route."},
     (("Plan de fiabilisation des livraisons", "logistics", "on_time_delivery", ("sales",), 90, "done"),
      ("Former l'accueil au bon routage des demandes", "customer_service", "handoff_rate", ("it",), 120,
       "in_progress"),
      ("Financer une enquête CSAT après livraison", "marketing", None, (), 60, None))),
    ({"satisfaction": "Trimestre des retards : le NPS chute, les réclamations livraison explosent.",
      "process": "Livraison à l'heure très en dessous de l'habitude ; tickets sans réponse en hausse.",
      "nonconformities": "Réclamations en hausse nette : cellule de crise décidée."},
     (("Cellule de crise livraisons", "logistics", "on_time_delivery", ("customer_service", "production"), 45,
       "done"),
      ("Rappeler chaque détracteur du trimestre", "customer_service", "nps", ("sales",), 30, "done"),
      ("Revoir le contrat de service interne de l'informatique", "it", "internal_service_score",
       ("customer_service",), 90, "blocked"))),
    ({"satisfaction": "Le NPS remonte ; les clients partis pendant les retards ne reviennent pas seuls.",
      "alignment": "L'informatique reste le service le moins bien noté."},
     (("Réduire le ping-pong service clients ↔ logistique", "customer_service", "ping_pong_rate", ("logistics",),
       45, "in_progress"),
      ("Plan de reconquête des clients partis", "sales", "churn_rate", ("marketing",), 90, "todo"))),
)
_PATH = {"todo": (), "in_progress": ("in_progress",), "done": ("in_progress", "done"),
         "blocked": ("in_progress", "blocked")}


def seed_demo_reviews(store: Store, end: date) -> int:
    """Create the demo's reviews up to `end`; return how many (none when reviews exist already)."""
    if store.fetch_one("SELECT count(*) FROM reviews")[0]:
        return 0
    chair = get_user(store, CHAIR)
    names = department_names(store, "fr")
    latest = quarter_of(end)
    quarters = []
    q = latest
    for _ in _QUARTERS:
        q = quarter_of(q.start - timedelta(days=1))
        quarters.insert(0, q)
    for period, (comments, decided) in zip(quarters, _QUARTERS):
        meeting = period.end + timedelta(days=10)
        at = datetime.combine(meeting, time(10, 0))
        review_id = create_review(store, chair, _title(period), period, CHAIR, now=at - timedelta(days=5))
        update_review(store, chair, review_id, people=ATTENDEES, departments=DEPARTMENTS,
                      resource_needs="Aucun besoin nouveau." if len(decided) < 3 else "Un renfort logistique "
                      "temporaire pour le trimestre.", now=at - timedelta(days=5))
        hold_review(store, chair, review_id, meeting, now=at)
        for section, text in comments.items():
            set_comment(store, chair, review_id, section, text, now=at)
        proposed = review_content(store, review_id, today=meeting).proposed
        set_opportunities(store, chair, review_id, [opportunity_text(p, "fr", names) for p in proposed[:3]])
        for text, owner, kpi_id, contributors, days, final in decided:
            decision = add_decision(store, chair, review_id, text, owner, CHAIR, meeting + timedelta(days=days),
                                    action_kpi=kpi_id, contributors=contributors, now=at)
            if decision.action_id is None:
                continue
            for step, status in enumerate(_PATH[final], start=1):
                moved_at = min(at + timedelta(days=15 * step), datetime.combine(end, time(9, 0)))
                action = get_action(store, decision.action_id)
                reason = "En attente d'arbitrage budgétaire" if status == "blocked" else None
                change = ActionChange(status=status, status_reason=reason) if reason else ActionChange(status=status)
                update_action(store, chair, action.action_id, action.version, change, now=moved_at)
        close_review(store, chair, review_id, now=at + timedelta(days=2), today=meeting)
    draft = create_review(store, chair, _title(latest), latest, CHAIR, now=datetime.combine(end, time(8, 0)))
    update_review(store, chair, draft, people=ATTENDEES, departments=DEPARTMENTS,
                  now=datetime.combine(end, time(8, 0)))
    return len(quarters) + 1


def _title(period: Period) -> str:
    return f"Revue de direction T{(period.start.month - 1) // 3 + 1} {period.start.year}"
