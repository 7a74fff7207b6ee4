"""The demo company's action board: about forty cross-team actions at every stage, built through
the same domain functions as a real board (so their history is the one a real board would have)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from relclient.actions.change import ActionChange, ActionDraft
from relclient.actions.comments import add_comment
from relclient.actions.creation import create_action
from relclient.actions.model import ChecklistItem, Link
from relclient.actions.movement import baseline_for
from relclient.actions.updates import update_action
from relclient.auth import User, get_user
from relclient.metrics import kpi
from relclient.store import Store

# People of the demo company who sponsor or carry actions (no password: they never sign in).
DEMO_PEOPLE: tuple[tuple[str, str, str, str], ...] = (
    ("helene.dumas@demo.relclient.fr", "Hélène Dumas", "direction", "leadership"),
    ("karim.benali@demo.relclient.fr", "Karim Benali", "sales", "leadership"),
    ("julie.roux@demo.relclient.fr", "Julie Roux", "logistics", "dept_lead"),
    ("thomas.petit@demo.relclient.fr", "Thomas Petit", "it", "member"),
    ("nadia.haddad@demo.relclient.fr", "Nadia Haddad", "marketing", "member"),
)
_SPONSORS = {"D": "direction@demo.relclient.fr", "H": "helene.dumas@demo.relclient.fr",
             "K": "karim.benali@demo.relclient.fr"}
_PEOPLE = {"M": "membre@demo.relclient.fr", "S": "responsable.sc@demo.relclient.fr",
           "J": "julie.roux@demo.relclient.fr", "T": "thomas.petit@demo.relclient.fr",
           "N": "nadia.haddad@demo.relclient.fr"}

# title, KPI, scope (None: company), lead, contributors, sponsor, assignees, priority, created (days
# before the end), due (days after creation), whether it sets a target, final status, reason,
# checklist (done first).
_TEMPLATES: tuple[tuple, ...] = (
    ("Rappeler chaque détracteur sous 48 h", "nps", None, "customer_service", ("sales", "marketing"), "D", "MS",
     "high", 200, 90, 25.0, "done", None, ("Liste quotidienne des détracteurs", "Script d'appel", "Suivi dans le CRM")),
    ("Fin du ping-pong facturation ↔ commercial", "ping_pong_rate", None, "sales", ("customer_service",), "K", "S",
     "critical", 170, 60, 3.0, "in_progress", None, ("Cartographier les motifs", "Règle de routage unique")),
    ("Réponse sous 24 h sur le chat", "first_response_hours", "customer_service", "customer_service", ("it",), "D",
     "MT", "high", 150, 45, 12.0, "done", None, ("Astreinte chat", "Réponses types")),
    ("Promesse de livraison fiable", "on_time_delivery", None, "logistics", ("sales", "production"), "H", "J",
     "critical", 140, 120, 95.0, "in_progress", None, ("Calcul de date au devis", "Alerte retard fournisseur",
                                                       "Point hebdo logistique-production")),
    ("Tickets sans réponse : zéro au-delà de 48 h", "unanswered_48h_rate", None, "customer_service", ("it",), "D", "S",
     "high", 120, 30, 2.0, "blocked", "Attente de l'outil d'alerte (IT)", ("Tableau des tickets en attente",)),
    ("Expliquer la facture en une page", "complaints", None, "sales", ("communication", "it"), "K", "N", "normal",
     110, 75, None, "todo", None, ("Maquette", "Test avec 10 clients")),
    ("Retours produits : analyser les causes", "return_rate", None, "production", ("rnd", "logistics"), "H", "J",
     "normal", 100, 90, 4.0, "in_progress", None, ("Codes motif de retour", "Revue mensuelle R&D")),
    ("Plan de reconquête des clients partis", "churn_rate", None, "sales", ("marketing", "customer_service"), "K", "N",
     "high", 95, 120, 5.0, "todo", None, ()),
    ("Un interlocuteur unique pour les grands comptes", "one_touch_rate", None, "sales", ("customer_service",), "K", "",
     "normal", 90, 100, None, "proposed", None, ()),
    ("Service informatique → service clients : délais d'accès", "internal_service_score", "it", "it",
     ("customer_service",), "D", "T", "normal", 85, 45, 4.0, "done", None, ("Catalogue des demandes", "SLA interne")),
    ("Réduire les réouvertures de tickets", "reopen_rate", None, "customer_service", ("production", "rnd"), "D", "M",
     "normal", 80, 60, 5.0, "in_progress", None, ("Checklist de clôture", "Contrôle qualité hebdo")),
    ("Enquête CSAT après chaque livraison", "csat", "logistics", "logistics", ("marketing",), "H", "JN", "low", 75, 90,
     4.3, "todo", None, ()),
    ("Simplifier le formulaire de réclamation", "ces", None, "it", ("customer_service", "communication"), "D", "T",
     "normal", 70, 40, 5.5, "blocked", "Refonte du site reportée au T2", ("Parcours actuel chronométré",)),
    ("Former les commerciaux aux délais réels", "on_time_delivery", "logistics", "logistics", ("sales",), "K", "J",
     "normal", 65, 30, None, "done", None, ("Support de formation", "Sessions régionales")),
    ("Partager les verbatims détracteurs chaque lundi", "nps", None, "marketing", ("customer_service", "sales"), "H",
     "N", "normal", 60, 30, 22.0, "in_progress", None, ("Extraction automatique", "Diffusion")),
    ("Achats : pénalités de retard fournisseurs", "on_time_delivery", None, "purchasing", ("logistics",), "H", "",
     "high", 58, 60, 93.0, "todo", None, ()),
    ("Routage des tickets par motif", "handoff_rate", None, "it", ("customer_service",), "D", "T", "high", 55, 50, 15.0,
     "in_progress", None, ("Motifs harmonisés", "Règles dans l'outil", "Test pilote")),
    ("Charte de réponse aux réclamations", "complaints", "customer_service", "customer_service", ("communication",),
     "D", "S", "normal", 52, 20, None, "done", None, ("Rédaction", "Validation direction")),
    ("Production → logistique : plannings partagés", "internal_service_score", "production", "production",
     ("logistics",), "H", "J", "normal", 50, 45, 3.8, "proposed", None, ()),
    ("Campagne « vous nous avez dit »", "nps", None, "communication", ("marketing",), "H", "N", "low", 48, 60, None,
     "dropped", "Budget réaffecté à la reconquête", ()),
    ("Délai de résolution des litiges de facturation", "resolution_hours", None, "sales", ("customer_service",), "K",
     "S", "high", 46, 40, 48.0, "in_progress", None, ("Circuit de validation des avoirs",)),
    ("Tableau de bord partagé en comité hebdo", "internal_service_score", None, "direction", ("marketing", "sales",
     "customer_service", "logistics"), "D", "", "normal", 45, 30, None, "done", None, ("Ordre du jour type",)),
    ("Suivi des colis en temps réel pour le client", "ces", None, "it", ("logistics",), "H", "T", "normal", 44, 90,
     5.8, "todo", None, ("Choix du transporteur API",)),
    ("Réponses aux avis en ligne sous 72 h", "csat", None, "communication", ("customer_service",), "H", "N", "low", 42,
     45, None, "in_progress", None, ()),
    ("Escalade directe des réclamations grands comptes", "complaints", None, "customer_service", ("sales",), "K", "S",
     "high", 40, 25, None, "blocked", "Désaccord sur le seuil « grand compte »", ()),
    ("R&D : retours terrain trimestriels", "return_rate", "rnd", "rnd", ("customer_service", "production"), "H", "",
     "low", 38, 90, None, "proposed", None, ()),
    ("Fiabiliser les données clients (doublons)", "one_touch_rate", None, "it", ("sales",), "D", "T", "normal", 36, 60,
     None, "todo", None, ("Règles de dédoublonnage",)),
    ("Prévenir le client avant un retard", "on_time_delivery", None, "logistics", ("customer_service",), "H", "J",
     "high", 34, 21, None, "in_progress", None, ("Modèle d'e-mail", "Déclencheur J-2")),
    ("Accueil téléphonique : moins de transferts", "handoff_rate", "customer_service", "customer_service", ("it",),
     "D", "M", "normal", 30, 45, 12.0, "todo", None, ()),
    ("Bilan des actions du trimestre en comité", "nps", None, "direction", ("marketing",), "D", "", "normal", 28, 14,
     None, "done", None, ()),
    ("Marketing ↔ commercial : leads qualifiés", "internal_service_score", "marketing", "marketing", ("sales",), "K",
     "N", "normal", 26, 60, 4.0, "in_progress", None, ("Définition commune d'un lead",)),
    ("Catalogue des motifs de réclamation", "complaints", None, "customer_service", ("production", "logistics"), "D",
     "M", "normal", 24, 30, None, "todo", None, ()),
    ("Enquête d'effort après résolution", "ces", "customer_service", "customer_service", ("marketing",), "H", "",
     "low", 20, 60, None, "proposed", None, ()),
    ("Stock de sécurité des références critiques", "on_time_delivery", None, "purchasing", ("production",
     "logistics"), "H", "J", "high", 18, 45, None, "todo", None, ()),
    ("Communication de crise livraison", "csat", None, "communication", ("logistics",), "H", "", "normal", 15, 10,
     None, "in_progress", None, ()),
    ("Revue des clients à risque d'attrition", "churn_rate", "sales", "sales", ("customer_service",), "K", "", "normal",
     12, 30, None, "proposed", None, ()),
    ("Accès du service clients aux commandes", "first_response_hours", None, "it", ("customer_service",
     "logistics"), "D", "T", "high", 10, 30, None, "todo", None, ()),
    ("Rétrospective ping-pong avec la logistique", "ping_pong_rate", None, "customer_service", ("logistics",), "D",
     "S", "normal", 8, 21, None, "proposed", None, ()),
    ("Panel clients annuel", "nps", None, "marketing", (), "H", "N", "low", 6, 120, None, "proposed", None, ()),
    ("Guide des bons transferts entre services", "ping_pong_rate", None, "customer_service", ("sales", "logistics",
     "it"), "D", "S", "normal", 4, 45, None, "todo", None, ()),
)

# The path an action takes to reach each final status, one step after another.
_PATHS = {"proposed": (), "todo": ("todo",), "in_progress": ("todo", "in_progress"),
          "blocked": ("todo", "in_progress", "blocked"), "done": ("todo", "in_progress", "done"),
          "dropped": ("dropped",)}


def _demo_user(store: Store, email: str) -> User:
    user = get_user(store, email)
    if user is None:
        raise RuntimeError(f"the demo account {email} is missing")
    return user


def _links(store: Store, kpi_id: str, dept: str | None, n: int) -> tuple[Link, ...]:
    # A real record behind some actions: a detractor's answer or a complaint of the scope.
    if n % 3:
        return ()
    if kpi_id in ("nps", "csat", "ces"):
        row = store.fetch_one("SELECT response_id, customer_id FROM survey_responses WHERE survey = ? AND"
                              " (? IS NULL OR dept = ?) AND comment IS NOT NULL ORDER BY score, response_id LIMIT 1",
                              [kpi_id, dept, dept])
        return (Link("response", row[0]), Link("customer", row[1])) if row else ()
    row = store.fetch_one("SELECT ticket_id, customer_id FROM tickets WHERE is_complaint AND"
                          " (? IS NULL OR owner_dept = ?) ORDER BY reopened_count DESC, ticket_id LIMIT 1", [dept, dept])
    return (Link("ticket", row[0]), Link("customer", row[1])) if row else ()


def _target(kpi_id: str, baseline: float | None) -> float | None:
    # A target a sponsor would set: a third of the way to the ideal, or 30 % fewer when lower is better.
    if baseline is None:
        return None
    k = kpi(kpi_id)
    ideal = k.unit.high  # the best a higher-is-better KPI can be: 100 %, 100 points, 5/5, 7/7
    if not k.higher_is_better or ideal is None:
        return round(baseline * (0.7 if not k.higher_is_better else 1.3), 1)
    return round(baseline + (ideal - baseline) / 3, k.unit.decimals)


def seed_demo_actions(store: Store, end: date) -> int:
    """Create the demo board's actions as they would have happened up to `end`; return how many
    (none when the board already holds actions: a rebuilt demo keeps its board)."""
    if store.fetch_one("SELECT count(*) FROM actions")[0]:
        return 0
    closing = datetime.combine(end, time(17, 0))
    made: dict[int, int] = {}  # template number -> the id its action got
    for n, (title, kpi_id, scope, lead, contributors, sponsor, people, priority, age, due_in, target, final,
            reason, checklist) in enumerate(_TEMPLATES, start=1):
        created = closing - timedelta(days=age, hours=n % 7)
        if target is not None:
            target = _target(kpi_id, baseline_for(store, kpi_id, scope, created.date())[0].value)
        creator = _demo_user(store, _PEOPLE["S"] if lead == "customer_service" else _SPONSORS[sponsor])
        action = create_action(store, creator, ActionDraft(
            title=title, kpi_id=kpi_id, scope_dept=scope, lead_dept=lead, contributors=contributors,
            sponsor=_SPONSORS[sponsor], assignees=tuple(_PEOPLE[p] for p in people), priority=priority,
            due_date=(created + timedelta(days=due_in)).date(), target=target, target_date=None if target is None
            else (created + timedelta(days=due_in + 30)).date(),
            problem=f"Constat du tableau de bord partagé : {kpi(kpi_id).label_fr}.",
            checklist=tuple(ChecklistItem(text) for text in checklist),
            # A few actions wait for an earlier one: dependencies only point backwards, never in a loop.
            blocked_by=(made[n - 3],) if n % 9 == 0 and final != "done" else (), links=_links(store, kpi_id, scope, n)), now=created)
        steps = _PATHS[final]
        # Moves spread over the action's life; a stale one stopped moving more than a month ago.
        span = max(age - (40 if n % 5 == 0 else 2), 1)
        sponsor_user = _demo_user(store, _SPONSORS[sponsor])
        for step_no, status in enumerate(steps, start=1):
            at = created + timedelta(days=span * step_no / (len(steps) + 1))
            change = ActionChange(status=status)
            if status in ("blocked", "dropped"):
                change = replace(change, status_reason=reason)
            if status == "done" or (status == "in_progress" and checklist):
                done_count = len(checklist) if status == "done" else max(len(checklist) // 2, 1)
                change = replace(change, checklist=tuple(ChecklistItem(text, i < done_count)
                                                         for i, text in enumerate(checklist)))
            action = update_action(store, sponsor_user, action.action_id, action.version, change, now=at)
        if n % 4 == 0:
            add_comment(store, sponsor_user, action.action_id,
                        "Point au prochain comité : où en est-on ?", (lead, *contributors[:1]),
                        now=created + timedelta(days=max(span // 2, 1)))
        made[n] = action.action_id
    return len(made)
