"""The data contract in code matches the contract's page and the database's tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from relclient.contract import DATASETS, DEPARTMENTS, dataset

REPO = Path(__file__).resolve().parents[2]
SHARED_PAGE = REPO.parent / "shared" / "design" / "data-contract.md"
# The contract's page as the repository keeps it (a clean clone has no ../shared/): the tests read
# this copy, and fail when it drifts from the shared page wherever that one is beside the checkout.
CONTRACT_PAGE = REPO / "docs" / "data-contract.md"


def _page_tables() -> dict[str, dict]:
    """Datasets, keys and column types as the contract's page writes them."""
    text = CONTRACT_PAGE.read_text("utf-8")
    found = {}
    for match in re.finditer(r"^### (\w+) — key (.+)$", text, re.M):
        name, key_text = match.group(1), match.group(2)
        keys = tuple(re.findall(r"`(\w+)`", key_text))
        body = text[match.end():].split("\n### ")[0].split("\n## ")[0]
        columns = {}
        for row in re.finditer(r"^\| (\w+) \| ([\w(),]+) \| (.*) \|$", body, re.M):
            if row.group(1) != "column":
                columns[row.group(1)] = (row.group(2), row.group(3))
        found[name] = {"key": keys, "columns": columns}
    return found


def test_every_dataset_column_type_and_key_of_the_contract_page_is_in_the_code():
    page = _page_tables()
    assert set(page) == {d.name for d in DATASETS}
    for name, spec in page.items():
        ds = dataset(name)
        assert ds.key == spec["key"], name
        assert list(ds.column_names) == list(spec["columns"]), name
        for col_name, (type_text, rule) in spec["columns"].items():
            col = ds.column(col_name)
            assert type_text.startswith(col.type), (name, col_name)
            assert col.required == rule.startswith("required"), (name, col_name)


def test_the_departments_of_the_contract_page_are_the_registry():
    text = CONTRACT_PAGE.read_text("utf-8")
    rows = re.findall(r"^\| (\w+) \| ([^|]+) \| ([^|]+) \|$", text, re.M)
    page = [(c, fr.strip(), en.strip()) for c, fr, en in rows if c not in ("code",) and not c.startswith("-")]
    assert page[:10] == [(d.code, d.name_fr, d.name_en) for d in DEPARTMENTS]


@pytest.mark.skipif(not SHARED_PAGE.exists(), reason="shared/ is not beside this checkout")
def test_the_repository_copy_of_the_contract_page_is_the_shared_page():
    assert CONTRACT_PAGE.read_bytes() == SHARED_PAGE.read_bytes(), (
        "the data contract changed: copy ../shared/design/data-contract.md to docs/ and follow it")


def test_the_database_tables_have_exactly_the_contract_columns_and_types_plus_their_load(store):
    for ds in DATASETS:
        rows = store.fetch_all(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_name = ? ORDER BY ordinal_position", [ds.name])
        # load_id is provenance (the load that last wrote the row), not a contract column.
        assert [r[0] for r in rows] == [*ds.column_names, "load_id"], ds.name
        rows = rows[:-1]
        for (col_name, data_type, nullable), col in zip(rows, ds.columns):
            assert data_type == col.sql_type, (ds.name, col_name)
            if col.required:
                assert nullable == "NO", (ds.name, col_name)


def test_each_dataset_key_is_its_primary_key(store):
    for ds in DATASETS:
        row = store.fetch_one(
            "SELECT constraint_column_names FROM duckdb_constraints() "
            "WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'", [ds.name])
        assert row is not None, ds.name
        assert tuple(row[0]) == ds.key


def test_the_departments_table_is_seeded_with_the_ten_departments(store):
    rows = store.fetch_all("SELECT code, name_fr, name_en FROM departments ORDER BY sort_order")
    assert rows == [(d.code, d.name_fr, d.name_en) for d in DEPARTMENTS]


@pytest.mark.parametrize("sql", [
    "INSERT INTO tickets (ticket_id, customer_id, opened_at, channel, is_complaint, owner_dept)"
    " VALUES ('T', 'C', TIMESTAMP '2025-01-01', 'fax', false, 'it')",
    "INSERT INTO survey_responses (response_id, customer_id, answered_at, survey, score)"
    " VALUES ('R', 'C', TIMESTAMP '2025-01-01', 'csat', 6)",
    "INSERT INTO ticket_transfers (ticket_id, transferred_at, from_dept, to_dept) VALUES ('T', TIMESTAMP '2025-01-01', 'it', 'it')",
    "INSERT INTO internal_ratings (month, rater_dept, rated_dept, score) VALUES (DATE '2025-01-02', 'it', 'rnd', 3)",
    "INSERT INTO orders (order_id, customer_id, ordered_at, promised_on, delivered_on, amount, returned) VALUES ('O', 'C', TIMESTAMP '2025-01-01', DATE '2025-01-02', NULL, -1, false)",
    "INSERT INTO customers (customer_id, created_on, churned_on) VALUES ('C', DATE '2025-01-02', DATE '2025-01-01')",
])
def test_the_tables_refuse_rows_that_break_the_contract_rules(store, sql):
    import duckdb

    with pytest.raises(duckdb.ConstraintException):
        store.transaction(lambda cur: cur.execute(sql))
