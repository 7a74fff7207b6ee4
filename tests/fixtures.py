"""The small hand-made company the KPI tests compute by hand. Period under test: July 2025.

Every row is here for a reason given beside it; tests/unit/test_metrics.py derives each expected
value from these rows in its comments.
"""

from __future__ import annotations

from relclient import derived
from relclient.voice import callbacks
from relclient.store import Store

CUSTOMERS = [
    # id, segment, region, created_on, churned_on
    ("C1", "PME", "Bretagne", "2024-01-01", None),                  # active throughout
    ("C2", "Particulier", "Bretagne", "2024-06-01", "2025-07-15"),  # churns in July
    ("C3", "PME", "Normandie", "2025-07-10", "2025-07-20"),         # created and churned in July
    ("C4", "Particulier", "Normandie", "2024-02-01", "2025-06-15"), # churns in June (previous)
    ("C5", "Particulier", "Bretagne", "2025-06-30", None),          # created the day before July
    ("C6", "PME", "Bretagne", "2025-07-01", None),                  # created on July 1st
]

TICKETS = [
    # id, customer, opened_at, channel, complaint, owner, first_response_at, resolved_at, reopened
    ("T1", "C1", "2025-07-01 00:00:00", "email", True, "customer_service",
     "2025-07-01 10:00:00", "2025-07-02 00:00:00", 0),               # 10 h, 24 h
    ("T2", "C2", "2025-07-10 12:00:00", "phone", False, "logistics",
     "2025-07-13 12:00:00", "2025-07-20 12:00:00", 1),               # 72 h, 240 h, reopened
    ("T3", "C1", "2025-07-31 23:59:59", "chat", True, "customer_service",
     None, None, 0),                                                  # never answered
    ("T4", "C3", "2025-08-01 00:00:00", "email", True, "customer_service",
     None, None, 0),                                                  # just after July
    ("T5", "C2", "2025-06-20 08:00:00", "email", False, "customer_service",
     "2025-06-20 09:00:00", "2025-07-05 08:00:00", 0),               # June; resolved in July, 360 h
    ("T6", "C9", "2025-07-15 09:00:00", "web", False, "sales",
     "2025-07-17 09:00:00", "2025-07-17 21:00:00", 0),               # unknown customer; exactly 48 h; 60 h
    ("T7", "C1", "2025-06-29 10:00:00", "phone", True, "customer_service",
     "2025-06-29 10:30:00", "2025-06-30 10:00:00", 2),               # June: 0.5 h, 24 h, reopened
]

TRANSFERS = [
    # T2: received by customer service, then passed on: a handoff, not a ping-pong.
    ("T2", "2025-07-10 13:00:00", "sales", "customer_service"),
    ("T2", "2025-07-10 14:00:00", "customer_service", "logistics"),
    # T3: back to customer service after passing it on: a ping-pong (after July: still counts).
    ("T3", "2025-08-01 01:00:00", "customer_service", "logistics"),
    ("T3", "2025-08-01 02:00:00", "logistics", "customer_service"),
    # T5: it -> sales -> rnd -> it: came back to IT, a ping-pong.
    ("T5", "2025-06-21 09:00:00", "it", "sales"),
    ("T5", "2025-06-22 09:00:00", "sales", "rnd"),
    ("T5", "2025-06-23 09:00:00", "rnd", "it"),
]

SURVEYS = [
    # id, customer, answered_at, survey, score, dept, comment
    ("S1", "C1", "2025-07-01 00:00:00", "nps", 10, "customer_service"),
    ("S2", "C2", "2025-07-05 10:00:00", "nps", 9, "logistics"),
    ("S3", "C1", "2025-07-06 10:00:00", "nps", 6, "customer_service", "Trop long."),  # 6: a detractor
    ("S4", "C9", "2025-07-07 10:00:00", "nps", 7, None),                 # passive, unknown customer
    ("S5", "C2", "2025-07-31 23:59:59", "nps", 0, "customer_service", "Jamais rappelé."),
    ("S6", "C1", "2025-07-20 10:00:00", "nps", 9, "logistics"),
    ("S7", "C1", "2025-07-08 10:00:00", "csat", 5, "customer_service", "Parfait."),
    ("S8", "C2", "2025-07-09 10:00:00", "csat", 4, "customer_service"),  # 4 counts as satisfied
    ("S9", "C2", "2025-07-10 10:00:00", "csat", 3, "customer_service"),
    ("S10", "C1", "2025-07-11 10:00:00", "ces", 7, "logistics"),
    ("S11", "C2", "2025-07-12 10:00:00", "ces", 2, "logistics"),
    ("S12", "C1", "2025-08-01 00:00:00", "nps", 10, "customer_service"), # just after July
    ("S13", "C1", "2025-06-15 10:00:00", "nps", 3, "customer_service"),  # June
]

ORDERS = [
    # id, customer, ordered_at, promised_on, delivered_on, returned
    ("O1", "C1", "2025-07-02 10:00:00", "2025-07-05", "2025-07-05", False),  # on the promised day
    ("O2", "C2", "2025-06-25 10:00:00", "2025-06-28", "2025-07-02", True),   # June order, late in July
    ("O3", "C1", "2025-07-20 10:00:00", "2025-07-25", None, False),          # not delivered yet
    ("O4", "C3", "2025-07-28 10:00:00", "2025-07-30", "2025-07-31", True),   # late, last day of July
    ("O5", "C2", "2025-07-31 23:00:00", "2025-08-03", "2025-08-01", False),  # delivered in August
]

RATINGS = [
    # month, rater, rated, score
    ("2025-07-01", "customer_service", "it", 2),
    ("2025-07-01", "logistics", "it", 3),
    ("2025-07-01", "it", "customer_service", 5),
    ("2025-06-01", "customer_service", "it", 1),
    ("2025-08-01", "customer_service", "it", 5),
]


def load_kpi_fixture(store: Store) -> None:
    """Insert the hand-made company into an empty, migrated store."""

    def work(cur) -> None:
        cur.executemany(
            "INSERT INTO customers (customer_id, segment, region, created_on, churned_on) VALUES (?, ?, ?, ?, ?)",
            CUSTOMERS)
        cur.executemany(
            "INSERT INTO tickets (ticket_id, customer_id, opened_at, channel, is_complaint, owner_dept,"
            " first_response_at, resolved_at, reopened_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            TICKETS)
        cur.executemany("INSERT INTO ticket_transfers (ticket_id, transferred_at, from_dept, to_dept) VALUES (?, ?, ?, ?)", TRANSFERS)
        cur.executemany(
            "INSERT INTO survey_responses (response_id, customer_id, answered_at, survey, score, dept, comment) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", [s if len(s) == 7 else (*s, None) for s in SURVEYS])
        cur.executemany(
            "INSERT INTO orders (order_id, customer_id, ordered_at, promised_on, delivered_on, amount, returned) VALUES (?, ?, ?, ?, ?, 100, ?)", ORDERS)
        cur.executemany("INSERT INTO internal_ratings (month, rater_dept, rated_dept, score) VALUES (?, ?, ?, ?)",
                        RATINGS)
        # S3, July's detractor, called back 30 hours after answering (S5 and June's S13 never are).
        callbacks.sync(cur)
        cur.execute("UPDATE callbacks SET status = 'called', outcome = 'resolved', done_at = origin_at + INTERVAL 30 HOUR,"
                    " done_by = 'cs@example.fr' WHERE kind = 'detractor' AND ref = 'S3'")
        derived.rebuild(cur)  # written straight into the tables: derive the per-ticket facts as a load would

    store.transaction(work)
