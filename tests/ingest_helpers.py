"""What ingest tests share: a checksum of every table, and a one-call upload."""

from __future__ import annotations

from pathlib import Path

from relclient.ingest import LoadMode, LoadRequest, LoadResult, ReadOptions, ingest_file, inspect_file, suggest_for
from relclient.auth import User
from relclient.stewards import steward_of
from relclient.store import Store


def table_checksums(store: Store) -> dict[str, tuple]:
    """Row count and an order-independent hash of every row, for every table of the database."""
    tables = [r[0] for r in store.fetch_all(
        "SELECT table_name FROM duckdb_tables() WHERE NOT temporary AND database_name = current_database()"
        # A lake's bookkeeping (relclient/lake.py: its counters and guards) is not data, as a file's
        # sequences are not tables.
        " AND NOT starts_with(table_name, '_') ORDER BY table_name")]
    return {t: store.fetch_one(f"SELECT count(*), bit_xor(hash(x)) FROM {t} x") for t in tables}


def steward_user(store: Store, dataset: str = "tickets") -> User:
    """A department lead of the department that stewards `dataset` (who may upload and undo it)."""
    with store.cursor() as cur:
        return User("tester", "Tester", steward_of(cur, dataset), "dept_lead")


def upload(store: Store, dataset: str, path: Path, *, options: ReadOptions = ReadOptions(), **request) -> LoadResult:
    """Upload `path` with the mapping suggested from its headers and values (or `mapping=`), as the
    dataset's steward; `mode=` may be a mode's word, read as the command line reads it."""
    mapping = request.pop("mapping", None) or suggest_for(dataset, inspect_file(path, options)).mapping
    if "mode" in request:
        request["mode"] = LoadMode.parse(request["mode"])
    return ingest_file(store, steward_user(store, dataset), path, LoadRequest(mapping, **request), options=options)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    """A file of `text` in `encoding` under tmp_path."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path
