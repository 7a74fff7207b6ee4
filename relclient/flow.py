"""Per-ticket facts (`ticket_facts`): each ticket with its flow through the departments, kept
exact by the writes.

Whether a ticket was transferred, how far it went, whether it came back to a department that had
passed it on, and which departments took part: the dashboards read these at every view, and
deriving them from millions of transfers each time was most of a page's cost at scale. Every
write to `tickets` or `ticket_transfers` (a load, an undo, a crash recovery, the demo, a
migration) calls `refresh` or `rebuild` on its own cursor, inside its transaction: the facts
commit with the rows they come from, or not at all.
"""

from __future__ import annotations

import duckdb

from relclient import lake

# The datasets the facts derive from (a write to any other changes nothing here).
SOURCES: tuple[str, ...] = ("tickets", "ticket_transfers")

# {scope} is empty (every ticket) or the fixed condition naming the touched tickets.
_FACTS = """INSERT INTO ticket_facts
WITH x AS (SELECT ticket_id, transferred_at, from_dept, to_dept FROM ticket_transfers {scope}),
first_hand_off AS (SELECT ticket_id, from_dept AS dept, min(transferred_at) AS first_at FROM x GROUP BY ALL),
moves AS (
    -- back: the transfer brings the ticket to a department that had passed it on before
    SELECT x.*, coalesce(f.first_at < x.transferred_at, false) AS back
    FROM x LEFT JOIN first_hand_off f ON f.ticket_id = x.ticket_id AND f.dept = x.to_dept
),
flow AS (
    SELECT ticket_id, count(*) AS transfers, list_distinct(list_concat(list(from_dept), list(to_dept))) AS reached,
           bool_or(back) AS ping_pong, list_sort(list_distinct(list(from_dept))) AS passed_on_by,
           list_sort(list_distinct(list(to_dept) FILTER (WHERE back))) AS came_back_to,
           list_sort(list_distinct(list(route))) AS routes,
           list_sort(list_distinct(list(route) FILTER (WHERE back))) AS bounce_routes
    FROM (SELECT *, least(from_dept, to_dept) || '|' || greatest(from_dept, to_dept) AS route FROM moves)
    GROUP BY ticket_id
)
-- A ticket never transferred (most of them) has no lists (NULL: its owner alone took part): the
-- list work and storage are the transferred ones'.
SELECT t.ticket_id, t.customer_id, t.opened_at, t.channel, t.category, t.is_complaint, t.owner_dept,
       t.first_response_at, t.resolved_at, t.reopened_count,
       epoch(t.first_response_at - t.opened_at) / 3600, epoch(t.resolved_at - t.opened_at) / 3600,
       coalesce(f.transfers, 0), coalesce(len(f.reached) - 1, 0), coalesce(f.ping_pong, false),
       CASE WHEN f.ticket_id IS NOT NULL THEN list_sort(list_distinct(list_prepend(t.owner_dept, f.reached))) END,
       f.passed_on_by, CASE WHEN f.ticket_id IS NOT NULL THEN coalesce(f.came_back_to, []) END, f.routes,
       CASE WHEN f.ticket_id IS NOT NULL THEN coalesce(f.bounce_routes, []) END
FROM tickets t LEFT JOIN flow f ON f.ticket_id = t.ticket_id {scope_t}"""

_TOUCHED = "WHERE ticket_id IN (SELECT ticket_id FROM flow_touched)"

# Per source dataset (the allow-list), the tickets a load wrote and the versions it replaced or
# deleted (its history rows, replaced_by = the load): fixed text built once from SOURCES.
_NOTE_TOUCHED: dict[str, str] = {
    d: (f"INSERT INTO flow_touched SELECT DISTINCT ticket_id FROM (SELECT ticket_id FROM {d} WHERE load_id = $load"
        f" UNION ALL SELECT ticket_id FROM {d}_history WHERE replaced_by = $load)") for d in SOURCES}


def _take_turns(cur: duckdb.DuckDBPyConnection) -> None:
    # On a lake, two transactions refreshing one ticket's facts from different snapshots (a
    # tickets load and a transfers load) must not both commit: each takes both tables' turns.
    lake.take_turns(cur, SOURCES)


def rebuild(cur: duckdb.DuckDBPyConnection) -> None:
    """Derive the facts of every ticket again (the demo, a migration), in the caller's transaction."""
    _take_turns(cur)
    cur.execute("DELETE FROM ticket_facts")
    cur.execute(_FACTS.format(scope="", scope_t=""))


def touched_tickets(cur: duckdb.DuckDBPyConnection, dataset: str, load_id: int) -> None:
    """Note, in the temporary table `flow_touched`, the tickets whose facts a load may change: those
    it wrote, replaced or deleted (after the load), or will take back (before an undo)."""
    cur.execute("CREATE OR REPLACE TEMP TABLE flow_touched (ticket_id VARCHAR)")
    if dataset in _NOTE_TOUCHED:  # a name outside the allow-list gets no SQL at all
        cur.execute(_NOTE_TOUCHED[dataset], {"load": load_id})


def refresh(cur: duckdb.DuckDBPyConnection) -> int:
    """Derive again the facts of the tickets in `flow_touched` (see touched_tickets); return how many."""
    touched = int(cur.execute("SELECT count(*) FROM flow_touched").fetchone()[0])
    if touched:
        _take_turns(cur)
        cur.execute(f"DELETE FROM ticket_facts {_TOUCHED}")
        cur.execute(_FACTS.format(scope=_TOUCHED, scope_t="WHERE t.ticket_id IN (SELECT ticket_id FROM flow_touched)"))
    return touched
