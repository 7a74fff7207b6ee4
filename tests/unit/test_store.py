"""The store: migrations, schema versions, transactions and their retries, on real DuckDB files."""

from __future__ import annotations

import threading

import duckdb
import pytest

from relclient.store import SchemaTooNewError, Store, StoreError, _apply, close_all, load_migrations, open_store


def test_a_new_database_gets_every_migration_and_records_its_version(tmp_path):
    s = Store(tmp_path / "new.duckdb")
    assert s.schema_version() == len(load_migrations())
    names = [r[0] for r in s.fetch_all("SELECT name FROM schema_version ORDER BY version")]
    assert names == [m.name for m in load_migrations()]
    s.close()


def test_migrating_again_at_every_start_changes_nothing(tmp_path):
    path = tmp_path / "db.duckdb"
    Store(path).close()
    s = Store(path)
    assert s.migrate() == []
    assert s.fetch_one("SELECT count(*) FROM departments")[0] == 10
    s.close()


def test_a_database_newer_than_the_code_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "db.duckdb"
    s = Store(path)
    s.transaction(lambda cur: cur.execute("INSERT INTO schema_version (version, name) VALUES (999, 'future')"))
    s.close()
    with pytest.raises(SchemaTooNewError, match="newer than this relclient"):
        Store(path)


def test_a_read_only_store_refuses_to_write(tmp_path):
    path = tmp_path / "db.duckdb"
    Store(path).close()
    ro = Store(path, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        ro.transaction(lambda cur: cur.execute("DELETE FROM departments"))
    ro.close()


def test_opening_a_missing_database_read_only_says_how_to_build_one(tmp_path):
    with pytest.raises(StoreError, match="relclient demo"):
        Store(tmp_path / "missing.duckdb", read_only=True)


@pytest.mark.both_stores
def test_a_failing_transaction_leaves_the_database_exactly_as_it_was(store):
    def work(cur):
        cur.execute("INSERT INTO customers (customer_id, created_on) VALUES ('A', DATE '2025-01-01')")
        cur.execute("INSERT INTO customers (customer_id, created_on) VALUES ('A', DATE '2025-01-02')")

    with pytest.raises(duckdb.ConstraintException):
        store.transaction(work)
    assert store.fetch_one("SELECT count(*) FROM customers")[0] == 0


@pytest.mark.both_stores
def test_a_python_error_inside_a_transaction_also_rolls_back(store):
    def work(cur):
        cur.execute("INSERT INTO customers (customer_id, created_on) VALUES ('A', DATE '2025-01-01')")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.transaction(work)
    assert store.fetch_one("SELECT count(*) FROM customers")[0] == 0


@pytest.mark.both_stores
def test_a_transaction_returns_what_its_work_returns(store):
    assert store.transaction(lambda cur: cur.execute("SELECT 41 + 1").fetchone()[0]) == 42


@pytest.mark.both_stores
def test_write_conflicts_are_retried_until_the_work_commits(store):
    store.transaction(lambda cur: cur.execute(
        "INSERT INTO customers (customer_id, created_on, annual_value) VALUES ('A', DATE '2025-01-01', 0)"))
    attempts = {"n": 0}
    barrier = threading.Barrier(2)

    def bump(cur):
        attempts["n"] += 1
        cur.execute("SELECT annual_value FROM customers WHERE customer_id = 'A'").fetchone()
        if attempts["n"] <= 2:
            barrier.wait(timeout=5)  # both threads read before either writes: a real conflict
        cur.execute("UPDATE customers SET annual_value = annual_value + 1 WHERE customer_id = 'A'")

    threads = [threading.Thread(target=store.transaction, args=(bump,)) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=20)
    assert store.fetch_one("SELECT annual_value FROM customers WHERE customer_id = 'A'")[0] == 2
    assert attempts["n"] == 3  # one of the two ran again after the conflict


def test_a_conflict_that_outlasts_the_attempts_is_raised(store):
    store.transaction(lambda cur: cur.execute(
        "INSERT INTO customers (customer_id, created_on) VALUES ('A', DATE '2025-01-01')"))
    with store.cursor() as blocker:
        blocker.execute("BEGIN TRANSACTION")
        blocker.execute("UPDATE customers SET name = 'held' WHERE customer_id = 'A'")
        try:
            with pytest.raises(duckdb.TransactionException):
                store.transaction(
                    lambda cur: cur.execute("UPDATE customers SET name = 'other' WHERE customer_id = 'A'"),
                    attempts=2, backoff_seconds=0.01)
        finally:
            blocker.execute("ROLLBACK")
    assert store.fetch_one("SELECT name FROM customers")[0] is None


def test_many_threads_read_through_their_own_cursors(kpi_store):
    errors, counts = [], []

    def read():
        try:
            counts.append(kpi_store.fetch_one("SELECT count(*) FROM tickets")[0])
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(16)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert counts == [7] * 16


def test_open_store_hands_out_one_store_per_database(tmp_path):
    Store(tmp_path / "x.duckdb").close()
    try:
        a = open_store(tmp_path / "x.duckdb")
        b = open_store(tmp_path / "x.duckdb")
        assert a is b
    finally:
        close_all()


def test_the_database_path_comes_from_relclient_db(monkeypatch, tmp_path):
    from relclient.store import DEFAULT_DB_PATH, db_path_from_env

    monkeypatch.delenv("RELCLIENT_DB", raising=False)
    assert db_path_from_env() == DEFAULT_DB_PATH
    monkeypatch.setenv("RELCLIENT_DB", str(tmp_path / "other.duckdb"))
    assert db_path_from_env() == tmp_path / "other.duckdb"


def test_a_mistyped_database_path_is_refused_not_created_empty(tmp_path):
    from relclient.store import NoDatabase

    for opening in (lambda: open_store(tmp_path / "typo.duckdb"), lambda: Store(tmp_path / "typo.duckdb", create=False),
                    lambda: Store(tmp_path / "typo.duckdb", read_only=True)):
        with pytest.raises(NoDatabase, match="relclient init"):
            opening()
    assert not (tmp_path / "typo.duckdb").exists()


@pytest.mark.parametrize("version", [m.version for m in load_migrations() if m.version > 5])
def test_each_migration_applies_in_one_transaction_to_a_database_that_holds_accounts(tmp_path, version):
    # Fresh databases hid it: migration 9 added two columns to `users` and failed at COMMIT on a
    # database with rows (DuckDB 1.5.5), so every existing company would have stopped at start-up.
    migrations = load_migrations()
    conn = duckdb.connect(str(tmp_path / "old.duckdb"))
    for migration in migrations[:version - 1]:
        _apply(conn, migration)
        if migration.name == "accounts":  # accounts exist from then on, as in a real company
            conn.execute("INSERT INTO users (email, name, dept, role, created_at)"
                         " VALUES ('ana@example.fr', 'Ana', 'it', 'viewer', now())")
    conn.execute("BEGIN TRANSACTION")  # as Store.migrate applies it
    _apply(conn, migrations[version - 1])
    conn.execute("COMMIT")
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == version
    conn.close()


def test_a_migration_whose_fill_was_never_registered_is_refused_rather_than_left_empty(monkeypatch):
    from relclient import migrations

    monkeypatch.setattr(migrations, "FILLS", {})
    with pytest.raises(migrations.MigrationError, match=r"\[11, 13\].*relclient.derived"):
        migrations.fills(range(1, 14))
    assert migrations.fills(range(1, 11)) == []  # no derived table before 11: nothing to fill


def test_the_derived_tables_fills_are_registered_for_every_migration_that_needs_one():
    from relclient import derived, migrations

    assert set(migrations.FILLS) == set(migrations.FILLED)
    assert migrations.fills([11, 13]) == [derived.rebuild_before_voice, *migrations.FILLS[13]]


def test_relclient_threads_keeps_each_connection_to_that_many_threads_and_a_bad_value_is_refused(tmp_path, monkeypatch):
    from relclient.engine import EngineSettingError, check_settings

    monkeypatch.setenv("RELCLIENT_THREADS", "1")
    s = Store(tmp_path / "one.duckdb")
    assert s.fetch_one("SELECT current_setting('threads')")[0] == 1
    s.close()
    for bad in ("0", "two", "-3"):
        monkeypatch.setenv("RELCLIENT_THREADS", bad)
        with pytest.raises(EngineSettingError, match="RELCLIENT_THREADS"):
            check_settings()
