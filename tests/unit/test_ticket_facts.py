"""The per-ticket facts (ticket_facts) stay equal to a recomputation from the tickets and their
transfers after every load, replace, undo and demo build, on both stores."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from relclient.ingest import IngestError, undo_load
from relclient.store import Store, _apply, load_migrations
from tests.ingest_helpers import steward_user, upload, write

DEPTS = ("customer_service", "it", "logistics", "sales", "marketing")
TICKET_COLUMNS = ("ticket_id, customer_id, opened_at, channel, category, is_complaint, owner_dept,"
                  " first_response_at, resolved_at, reopened_count")


def expected_facts(store: Store) -> set[tuple]:
    """The facts computed in Python, row by row, from the contract's definitions: a transfer
    brings a ticket back when its receiver had passed the ticket on before it."""
    moves: dict[str, list[tuple]] = {}
    for ticket_id, at, sender, receiver in store.fetch_all(
            "SELECT ticket_id, transferred_at, from_dept, to_dept FROM ticket_transfers"):
        moves.setdefault(ticket_id, []).append((at, sender, receiver))
    facts = set()
    for row in store.fetch_all(f"SELECT {TICKET_COLUMNS} FROM tickets"):
        mine = moves.get(row[0], [])
        first: dict[str, datetime] = {}
        for at, sender, _ in mine:
            first[sender] = min(first.get(sender, at), at)
        back = [receiver for at, _, receiver in mine if receiver in first and first[receiver] < at]
        pair = {(at, s, r): "|".join(sorted((s, r))) for at, s, r in mine}
        bounced = {pair[m] for m in mine if m[2] in first and first[m[2]] < m[0]}
        reached = {d for _, sender, receiver in mine for d in (sender, receiver)}
        hours = [None if later is None else round((later - row[2]).total_seconds() / 3600, 9) for later in (row[7], row[8])]
        lists = (None,) * 5 if not mine else (  # never transferred: its owner alone took part (NULL)
            tuple(sorted(reached | {row[6]})), tuple(sorted({s for _, s, _ in mine})), tuple(sorted(set(back))),
            tuple(sorted(set(pair.values()))), tuple(sorted(bounced)))
        facts.add((*row, *hours, len(mine), max(len(reached) - 1, 0), bool(back), *lists))
    return facts


def stored_facts(store: Store) -> set[tuple]:
    """What ticket_facts holds (every row, a list as a tuple)."""
    rows = store.fetch_all(f"SELECT {TICKET_COLUMNS}, round(response_hours, 9), round(resolution_hours, 9), transfers,"
                           " reach, ping_pong, depts, passed_on_by, came_back_to, routes, bounce_routes FROM ticket_facts")
    assert len(rows) == store.fetch_one("SELECT count(*) FROM tickets")[0]  # one row per ticket, none twice
    return {(*r[:15], *(None if x is None else tuple(x) for x in r[15:])) for r in rows}


def _tickets_file(tmp_path, rng: random.Random, n: int, name: str):
    lines = ["ticket_id;customer_id;opened_at;channel;category;is_complaint;owner_dept;first_response_at;"
             "resolved_at;reopened_count"]
    for i in rng.sample(range(30), n):
        opened = datetime(2025, 3, 1) + timedelta(hours=rng.randrange(2000))
        resolved = "" if rng.random() < 0.3 else f"{opened + timedelta(hours=rng.randrange(1, 90)):%Y-%m-%d %H:%M:%S}"
        lines.append(f"T{i};C1;{opened:%Y-%m-%d %H:%M:%S};email;billing;{rng.choice(['true', 'false'])};"
                     f"{rng.choice(DEPTS)};;{resolved};{rng.randrange(3)}")
    return write(tmp_path, name, "\n".join(lines) + "\n")


def _transfers_file(tmp_path, rng: random.Random, n: int, name: str):
    lines = ["ticket_id;transferred_at;from_dept;to_dept"]
    for _ in range(n):
        sender, receiver = rng.sample(DEPTS, 2)
        at = datetime(2025, 3, 1) + timedelta(hours=rng.randrange(40))  # few hours: bounces happen
        lines.append(f"T{rng.randrange(30)};{at:%Y-%m-%d %H:%M:%S};{sender};{receiver}")
    return write(tmp_path, name, "\n".join(lines) + "\n")


def _random_history(store: Store, tmp_path, seed: int, steps: int) -> dict[str, int]:
    """Random loads (upserts and replaces of tickets and transfers) and undos, checking the facts
    after each; returns how many of each step ran."""
    rng = random.Random(seed)
    upload(store, "customers", write(tmp_path, "c.csv", "customer_id;created_on\nC1;2024-01-01\n"))
    loads: list[int] = []
    done = {"load": 0, "replace": 0, "undo": 0, "undo_refused": 0}
    for step in range(steps):
        kind = rng.choice(["tickets", "tickets", "transfers", "transfers", "replace", "undo"])
        if kind == "undo" and loads:
            try:
                undo_load(store, steward_user(store, "tickets"), loads.pop(rng.randrange(len(loads))))
                done["undo"] += 1
            except IngestError:
                done["undo_refused"] += 1  # a later load touched its rows: nothing changed
        elif kind == "tickets":
            loads.append(upload(store, "tickets", _tickets_file(tmp_path, rng, rng.randrange(3, 15), f"t{step}.csv"))
                         .load_id)
            done["load"] += 1
        else:
            replace = kind == "replace"
            result = upload(store, "ticket_transfers", _transfers_file(tmp_path, rng, rng.randrange(2, 25), f"x{step}.csv"),
                            mode="replace" if replace else "upsert", confirm_replace=replace)
            loads.append(result.load_id)
            done["replace" if replace else "load"] += 1
        assert stored_facts(store) == expected_facts(store), f"step {step}: {kind}"
    return done


@pytest.mark.slow  # random loads and undos, compared with a full derivation each: make test
def test_the_facts_equal_a_recomputation_after_random_loads_replaces_and_undos(store, tmp_path):
    done = _random_history(store, tmp_path, seed=11, steps=40)
    # The walk did what it claims: loads of both datasets, replaces, undos that ran.
    assert done["load"] >= 15 and done["replace"] >= 3 and done["undo"] >= 3, done
    facts = stored_facts(store)
    assert any(f[14] for f in facts) and any(f[12] >= 2 for f in facts)  # bounces and long trips happened


@pytest.mark.both_stores  # kept in the load's transaction: also on a DuckLake
def test_the_facts_follow_loads_and_undos_on_both_stores(store, tmp_path):
    done = _random_history(store, tmp_path, seed=5, steps=8)
    assert done["load"] + done["replace"] >= 4


def test_a_ticket_that_bounces_has_its_departments_counted_as_the_contract_says(store, tmp_path):
    upload(store, "customers", write(tmp_path, "c.csv", "customer_id;created_on\nC1;2024-01-01\n"))
    upload(store, "tickets", write(tmp_path, "t.csv", "ticket_id;customer_id;opened_at;channel;is_complaint;owner_dept\n"
                                   "T1;C1;2025-03-01 08:00:00;email;false;sales\n"
                                   "T2;C1;2025-03-01 09:00:00;email;false;it\n"))
    upload(store, "ticket_transfers", write(tmp_path, "x.csv", "ticket_id;transferred_at;from_dept;to_dept\n"
                                            "T1;2025-03-01 09:00:00;sales;it\n"
                                            "T1;2025-03-01 10:00:00;it;logistics\n"
                                            "T1;2025-03-01 11:00:00;logistics;it\n"))
    facts = {r[0]: r[1:] for r in store.fetch_all(
        "SELECT ticket_id, transfers, reach, ping_pong, depts, passed_on_by, came_back_to FROM ticket_facts")}
    # T1: sales → it → logistics → it: three transfers, two departments beyond the first, back to it.
    assert facts["T1"] == (3, 2, True, ["it", "logistics", "sales"], ["it", "logistics", "sales"], ["it"])
    assert facts["T2"] == (0, 0, False, None, None, None)  # never transferred: its owner alone


def test_the_demo_builds_its_facts_in_its_own_transaction(demo):
    assert stored_facts(demo) == expected_facts(demo)


def test_a_database_from_before_the_facts_gets_them_filled_when_it_is_opened(tmp_path):
    path = tmp_path / "old.duckdb"
    old = Store(path, migrate=False)
    for migration in load_migrations()[:10]:
        old.transaction(lambda cur, m=migration: _apply(cur, m))
    old.transaction(lambda cur: (
        cur.execute("INSERT INTO tickets (ticket_id, customer_id, opened_at, channel, is_complaint, owner_dept)"
                    " VALUES ('T1', 'C1', '2025-03-01 08:00', 'email', false, 'sales')"),
        cur.execute("INSERT INTO ticket_transfers VALUES ('T1', '2025-03-01 09:00', 'sales', 'it', NULL),"
                    " ('T1', '2025-03-01 10:00', 'it', 'sales', NULL)")))
    old.close()
    store = Store(path)
    assert store.schema_version() >= 11
    assert stored_facts(store) == expected_facts(store)
    # sales passed it on at 09:00 and got it back at 10:00: a bounce back to sales.
    assert store.fetch_all("SELECT transfers, ping_pong, depts, came_back_to FROM ticket_facts") == [
        (2, True, ["it", "sales"], ["sales"])]
    store.close()
