"""The portal on DuckLake with a PostgreSQL catalog: the same schema, the same figures, the same rules.

A real PostgreSQL (tests/postgres_cluster.py) holds each lake's catalog; no mock. Where DuckLake has
no primary key or CHECK constraint, relclient/lake.py keeps the embedded schema's in the same
transaction: these tests prove it refuses what a DuckDB file refuses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from relclient import lake
from relclient.auth import AuthError, add_user
from relclient.housekeeping import maintain
from relclient.sign_in import authenticate
from relclient.store import NoDatabase, Store, StoreError, db_path_from_env, next_id
from tests.action_helpers import ROOT
from tests.conftest import target_env

REPO = Path(__file__).resolve().parents[2]
ADMIN = "admin@demo.relclient.fr"
PASSWORD = "A-long-and-unguessable-passphrase-42"


def _cli(target, *args: str, user: str | None = ADMIN) -> subprocess.CompletedProcess:
    return _clis([(target, args, user)])[0]


def _clis(commands: list[tuple]) -> list[subprocess.CompletedProcess]:
    """Run `python -m relclient` commands (target, args, user) at once; their results in order."""
    started = []
    for target, args, user in commands:
        env = {**os.environ, **target_env(target), **({"RELCLIENT_USER": user} if user else {})}
        started.append((args, subprocess.Popen([sys.executable, "-m", "relclient", *args], cwd=REPO, env=env,
                                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    results = []
    for args, process in started:
        out, err = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(args, process.returncode, out, err))
    return results


def _columns(store: Store) -> dict[str, list[tuple]]:
    rows = store.fetch_all(
        "SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns()"
        " WHERE database_name = current_database() AND NOT internal AND NOT table_name LIKE '\\_%' ESCAPE '\\'"
        " ORDER BY table_name, column_index")
    tables: dict[str, list[tuple]] = {}
    for table, *column in rows:
        tables.setdefault(table, []).append(tuple(column))
    return tables


def test_the_demo_built_on_ducklake_gives_exactly_the_same_kpis_as_on_the_file(lake_demo, demo_db):
    filters = (("--from", "2025-10-01", "--to", "2025-12-31"),
               ("--from", "2025-01-01", "--to", "2025-06-30", "--dept", "logistics"),
               ("--from", "2024-07-01", "--to", "2025-12-31", "--channel", "phone"))
    results = _clis([(target, ("kpis", *f, "--format", "json"), None) for f in filters for target in (demo_db, lake_demo)])
    for on_file, on_lake in zip(results[0::2], results[1::2]):
        assert on_file.returncode == 0 and on_lake.returncode == 0, on_lake.stderr
        assert json.loads(on_lake.stdout) == json.loads(on_file.stdout)
        assert on_lake.stdout == on_file.stdout  # to the last digit


def test_the_demo_on_ducklake_holds_the_same_rows_board_and_reviews_as_on_the_file(lake_demo, demo_db):
    on_file, on_lake = Store(demo_db, read_only=True), Store(lake_demo, read_only=True)
    try:
        for table in ("customers", "tickets", "ticket_transfers", "survey_responses", "orders", "internal_ratings",
                      "kpi_targets", "actions", "action_history", "reviews", "review_decisions", "users"):
            count = f"SELECT count(*) FROM {table}"
            assert on_lake.fetch_one(count) == on_file.fetch_one(count), table
        board = "SELECT status, count(*) FROM actions GROUP BY ALL ORDER BY ALL"
        assert on_lake.fetch_all(board) == on_file.fetch_all(board)
    finally:
        on_file.close()
        on_lake.close()


def test_every_command_line_tool_works_on_ducklake(lake_demo, tmp_path):
    tickets = tmp_path / "tickets.csv"
    tickets.write_text("ticket_id,customer_id,opened_at,channel,category,is_complaint,owner_dept\n"
                       "TL001,CL0000001,2025-11-03 09:00,phone,billing,yes,sales\n")
    lead = "responsable.sc@demo.relclient.fr"
    commands = [(("actions", "list", "--format", "json"), ADMIN), (("reviews", "list", "--format", "json"), ADMIN),
                (("users", "list"), None), (("ingest", "tickets", str(tickets)), lead), (("loads",), None)]
    for result in _clis([(lake_demo, args, user) for args, user in commands]):  # all at once, as a server's day
        assert result.returncode == 0, f"{result.args}: {result.stderr}"
    assert _cli(lake_demo, "maintain", user=None).stdout.startswith("housekeeping: ")
    store = Store(lake_demo, read_only=True)
    try:
        assert store.fetch_one("SELECT count(*) FROM tickets WHERE ticket_id = 'TL001'")[0] == 1
        load_id = store.fetch_one("SELECT max(load_id) FROM loads")[0]
    finally:
        store.close()
    undone = _cli(lake_demo, "undo", str(load_id), user=lead)
    assert undone.returncode == 0, undone.stderr
    refused = _cli(lake_demo, "backup", str(tmp_path))
    assert refused.returncode == 2 and refused.stderr.startswith("error: only a database file") and "pg_dump" in refused.stderr


def test_the_lake_gets_the_same_tables_columns_and_types_as_the_file(new_lake, tmp_path):
    on_file, on_lake = Store(tmp_path / "f.duckdb"), Store(new_lake(fresh=True))
    try:
        assert on_lake.schema_version() == on_file.schema_version() > 0
        assert _columns(on_lake) == _columns(on_file)
        seeded = "SELECT code, name_fr, name_en, sort_order FROM departments ORDER BY code"
        assert on_lake.fetch_all(seeded) == on_file.fetch_all(seeded)
        assert on_lake.migrate() == []  # opening again applies nothing
    finally:
        on_file.close()
        on_lake.close()


@pytest.mark.parametrize("store_kind", ["file", "ducklake"], indirect=True)
def test_a_key_written_twice_is_refused_on_both_stores_and_nothing_is_kept(store):
    insert = ("INSERT INTO users (email, name, dept, role, status, failed_attempts, created_at)"
              " VALUES (?, 'Ann', 'it', 'member', 'active', 0, now())")
    store.transaction(lambda cur: cur.execute(insert, ["ann@example.fr"]))
    with pytest.raises(duckdb.ConstraintException):
        store.transaction(lambda cur: (cur.execute(insert, ["bob@example.fr"]), cur.execute(insert, ["ann@example.fr"])))
    assert store.fetch_all("SELECT email FROM users ORDER BY email") == [("ann@example.fr",)]
    row = ["T1", "C1", "2025-01-01 10:00", "phone", False, "sales"]
    ticket = "INSERT INTO tickets (ticket_id, customer_id, opened_at, channel, is_complaint, owner_dept) VALUES (?, ?, ?, ?, ?, ?)"
    with pytest.raises(duckdb.ConstraintException):
        store.transaction(lambda cur: cur.executemany(ticket, [row, row]))
    assert store.fetch_one("SELECT count(*) FROM tickets")[0] == 0


@pytest.mark.parametrize("store_kind", ["file", "ducklake"], indirect=True)
def test_a_row_breaking_a_check_is_refused_on_both_stores(store):
    ticket = ("INSERT INTO tickets (ticket_id, customer_id, opened_at, channel, is_complaint, owner_dept, resolved_at)"
              " VALUES (?, 'C1', '2025-01-02 10:00', ?, false, 'sales', ?)")
    for bad in (["T1", "pigeon", None], ["T2", "phone", "2025-01-01 10:00"]):  # unknown channel; resolved before opened
        with pytest.raises(duckdb.ConstraintException):
            store.transaction(lambda cur, bad=bad: cur.execute(ticket, bad))
    with pytest.raises(duckdb.ConstraintException):
        store.transaction(lambda cur: cur.execute("UPDATE departments SET code = 'sales' WHERE code = 'it'"))
    assert store.fetch_one("SELECT count(*) FROM tickets")[0] == 0
    assert store.fetch_one("SELECT count(*) FROM departments WHERE code = 'it'")[0] == 1


@pytest.mark.parametrize("store_kind", ["file", "ducklake"], indirect=True)
def test_numbers_drawn_from_a_sequence_are_never_given_twice(store):
    drawn = [store.transaction(lambda cur: next_id(cur, "action_ids")) for _ in range(3)]
    drawn += store.transaction(lambda cur: [next_id(cur, "audit_ids") for _ in range(3)])
    assert drawn[:3] == sorted(drawn[:3]) and len(set(drawn[:3])) == 3 and len(set(drawn[3:])) == 3
    with pytest.raises(ValueError):
        store.transaction(lambda cur: next_id(cur, "users; DROP TABLE users"))


def test_a_mistyped_or_incomplete_lake_setting_is_refused_with_what_to_set(monkeypatch, postgres, tmp_path):
    monkeypatch.setenv("RELCLIENT_DB", "ducklake:postgres:" + postgres.conninfo("postgres"))
    monkeypatch.delenv("RELCLIENT_DATA_PATH", raising=False)
    with pytest.raises(StoreError, match="RELCLIENT_DATA_PATH"):
        db_path_from_env()
    monkeypatch.setenv("RELCLIENT_DATA_PATH", str(tmp_path / "data"))
    monkeypatch.setenv("RELCLIENT_DB", "ducklake:postgres:dbname=nowhere host=127.0.0.1 port=1 user=x password=secret")
    with pytest.raises(StoreError) as refused:
        Store(db_path_from_env())
    assert "cannot open the DuckLake" in str(refused.value) and "secret" not in str(refused.value)
    # ATTACH takes no bound parameters: the operator's string is quoted, a quote in it stays text.
    monkeypatch.setenv("RELCLIENT_DB", "ducklake:postgres:dbname=x' AS evil (TYPE duckdb); --")
    with pytest.raises(StoreError, match="cannot open the DuckLake"):
        Store(db_path_from_env())
    empty = lake.LakeAddress(postgres.create_database("never_built"), str(tmp_path / "data"))
    with pytest.raises(NoDatabase):
        Store(empty, create=False)  # a command other than init or demo does not build a schema


def test_housekeeping_writes_small_commits_out_and_deletes_the_files_no_snapshot_needs(new_lake):
    store = Store(new_lake())
    try:
        for n in range(30):  # thirty sign-ins' worth of small commits
            store.transaction(lambda cur, n=n: cur.execute(
                "INSERT INTO audit_log (audit_id, happened_at, actor, action, outcome) VALUES (?, now(), 'me', 'tick', 'ok')",
                [next_id(cur, "audit_ids")]))
        snapshots = "SELECT count(*) FROM __ducklake_metadata_relclient_lake.public.ducklake_snapshot"
        before = store.fetch_one(snapshots)[0]
        first = maintain(store)
        assert first.flushed >= 30  # the inlined rows, now in Parquet
        second = maintain(store, keep_days=0.0)
        assert second.expired > 0 and store.fetch_one(snapshots)[0] < before
        assert store.fetch_one("SELECT count(*) FROM audit_log WHERE action = 'tick'")[0] == 30  # nothing lost
    finally:
        store.close()


@pytest.mark.parametrize("store_kind", ["file", "ducklake"], indirect=True)
def test_a_transaction_that_empties_a_keyed_table_commits_on_both_stores(store):
    # Found in the browser: a right password after a wrong one deletes the account's only throttle
    # row, and the lake's key check then read an empty table as no answer at all.
    add_user(store, ROOT, "ann@example.fr", "Ann", "it", "member", PASSWORD)
    with pytest.raises(AuthError):
        authenticate(store, "ann@example.fr", "not the password")
    assert store.fetch_one("SELECT count(*) FROM sign_in_throttle")[0] == 1
    assert authenticate(store, "ann@example.fr", PASSWORD).email == "ann@example.fr"
    assert store.fetch_one("SELECT count(*) FROM sign_in_throttle")[0] == 0
