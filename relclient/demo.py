"""The demo company: a deterministic French mid-size company over 24 months, built in DuckDB."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from importlib import resources

import duckdb

from relclient import derived
from relclient.actions.demo_actions import DEMO_PEOPLE, seed_demo_actions
from relclient.auth import hash_password
from relclient.demo_targets import seed_demo_targets
from relclient.reviews.demo_reviews import seed_demo_reviews

from relclient.contract import DATASETS
from relclient.store import Store
from relclient.voice import callbacks


class DemoRefused(Exception):
    """The demo would overwrite data that is already there."""


@dataclass(frozen=True)
class DemoReport:
    """What building the demo produced: rows per dataset and the time it took."""

    scale: float
    seed: int
    end_date: date
    rows: dict[str, int]
    seconds: float
    actions: int = 0
    reviews: int = 0
    targets: int = 0


def _statements() -> list[str]:
    # The script is fixed text shipped with the code; statements end with ";" at a line end.
    script = resources.files("relclient").joinpath("demo.sql").read_text("utf-8")
    lines = [line for line in script.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";\n") if s.strip()]


# One account per role, for trying the portal (README lists them). Never in a real company's database:
# `demo` refuses a database that holds data unless told to replace it.
DEMO_USERS: tuple[tuple[str, str, str, str, str], ...] = (
    ("lecteur@demo.relclient.fr", "Léa Lecteur", "marketing", "viewer", "lecteur-demo-2025"),
    ("membre@demo.relclient.fr", "Marc Membre", "customer_service", "member", "membre-demo-2025"),
    ("responsable.sc@demo.relclient.fr", "Sophie Service", "customer_service", "dept_lead", "responsable-demo-2025"),
    ("direction@demo.relclient.fr", "Denis Direction", "direction", "leadership", "direction-demo-2025"),
    ("admin@demo.relclient.fr", "Alice Admin", "direction", "admin", "admin-demo-2025"),
)


def build_demo(store: Store, *, scale: float = 1.0, seed: int = 7, end_date: date | None = None,
               replace: bool = False) -> DemoReport:
    """Fill the customer datasets with the demo company, all in one transaction.

    Refuses (DemoRefused) when a dataset already holds rows, unless `replace` is set, so that a
    stray command never mixes demo rows with a company's real data.
    """
    if scale <= 0:
        raise ValueError("the scale must be greater than 0")
    end = end_date or date.today()
    started = time.perf_counter()

    def work(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
        # The demo's accounts have published passwords: they never go into a real company's
        # database, --replace or not.
        demo_emails = [u[0] for u in DEMO_USERS] + [p[0] for p in DEMO_PEOPLE]
        real = cur.execute("SELECT count(*) FROM users WHERE NOT list_contains(?, email)", [demo_emails]).fetchone()[0]
        if real:
            raise DemoRefused(f"the database holds {real} real account(s): the demo, whose passwords are published, "
                              "never goes into it; build it into its own file (RELCLIENT_DB=demo.duckdb)")
        filled = [d.name for d in DATASETS if _count(cur, d.name)]
        if filled and not replace:
            raise DemoRefused(
                f"the database already holds data ({', '.join(filled)}); "
                "use --replace to delete it and build the demo instead"
            )
        for ds in DATASETS:
            cur.execute(_DELETE[ds.name])
        cur.execute("SET VARIABLE demo_seed = ?", [seed])
        cur.execute("SET VARIABLE demo_scale = ?", [float(scale)])
        cur.execute("SET VARIABLE demo_end = ?", [end])
        for statement in _statements():
            cur.execute(statement)
        for drop in _DROP_WORK_TABLES:
            cur.execute(drop)
        # The call-backs first, then a history of calls on them (the KPI days read it).
        callbacks.sync(cur)
        cur.execute(_DEMO_CALLS)
        derived.rebuild(cur)
        for email, name, dept, role, password in DEMO_USERS:  # kept when the demo is rebuilt
            cur.execute("INSERT INTO users (email, name, dept, role, password_hash, created_at)"
                        " SELECT ?, ?, ?, ?, ?, get_current_timestamp() WHERE NOT EXISTS"
                        " (SELECT 1 FROM users WHERE email = ?)", [email, name, dept, role, hash_password(password), email])
        for email, name, dept, role in DEMO_PEOPLE:  # sponsors and assignees of the demo board
            cur.execute("INSERT INTO users (email, name, dept, role, created_at) SELECT ?, ?, ?, ?,"
                        " get_current_timestamp() WHERE NOT EXISTS (SELECT 1 FROM users WHERE email = ?)",
                        [email, name, dept, role, email])
        return {d.name: _count(cur, d.name) for d in DATASETS}

    rows = store.transaction(work, attempts=1)
    targets = seed_demo_targets(store)  # from the data: each KPI's best recent quarter
    # The board comes after the data: each action's baseline is measured on it.
    actions = seed_demo_actions(store, end)
    reviews = seed_demo_reviews(store, end)  # after the board: its decisions become actions on it
    return DemoReport(scale, seed, end, rows, time.perf_counter() - started, actions, reviews, targets)


# A history of call-backs: a quarter of the detractors and late complaints called back (a few not
# reachable) until the last two months, when the list started and nearly half were, sooner.
# Calls happen by the demo's end; the rest is open (the rnd and hours macros of demo.sql).
_DEMO_CALLS = """
UPDATE callbacks c SET status = d.status, outcome = d.outcome, done_at = d.done_at, done_by = d.done_by
FROM (
    SELECT kind, ref,
           CASE WHEN r < share THEN 'called' ELSE 'unreachable' END AS status,
           CASE WHEN r < share THEN ['resolved', 'explained', 'explained', 'escalated', 'declined'][1 + floor(rnd(ref, 'cb_o') * 5)::INTEGER] END AS outcome,
           origin_at + hours(2 + pow(rnd(ref, 'cb_h'), 2) * CASE WHEN recent THEN 150 ELSE 300 END) AS done_at,
           CASE WHEN dept = 'customer_service' THEN 'responsable.sc@demo.relclient.fr'
                WHEN dept = 'logistics' THEN 'julie.roux@demo.relclient.fr'
                ELSE 'membre@demo.relclient.fr' END AS done_by
    FROM (SELECT *, rnd(ref, 'cb') AS r, origin_at >= d_end() - INTERVAL 60 DAY AS recent,
                 CASE WHEN origin_at >= d_end() - INTERVAL 60 DAY THEN 0.45 ELSE 0.25 END AS share
          FROM callbacks)
    WHERE r < share + 0.06
) d
WHERE c.kind = d.kind AND c.ref = d.ref AND d.done_at < ts_end()
"""

# Table names come from the contract (an allow-list), never from input.
_COUNT = {d.name: f"SELECT count(*) FROM {d.name}" for d in DATASETS}
_DELETE = {d.name: f"DELETE FROM {d.name}" for d in DATASETS}
_DROP_WORK_TABLES = [f"DROP TABLE IF EXISTS {t}" for t in
                     ("demo_customers", "demo_tickets", "demo_steps", "demo_orders", "demo_answers",
                      "demo_verbatims")]


def _count(cur: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(cur.execute(_COUNT[table]).fetchone()[0])
