"""The record of loads: recent loads for the Data page and the CLI, and each dataset's freshness."""

from __future__ import annotations

import pandas as pd

from relclient.store import Store


def recent_loads(store: Store, dataset: str | None = None, limit: int = 50) -> pd.DataFrame:
    """The latest loads, newest first (one dataset or all)."""
    return store.fetch_df(
        "SELECT load_id, dataset, started_at, actor, file_name, file_size, mode, rows_read, inserted, updated,"
        " unchanged, deleted, rejected, warnings, duration_ms, sha256, undone_at, undone_by FROM loads"
        " WHERE $dataset IS NULL OR dataset = $dataset ORDER BY load_id DESC LIMIT $limit",
        {"dataset": dataset, "limit": limit})


def last_loads(store: Store) -> dict[str, tuple]:
    """Per dataset, its newest load that stands (not undone): (when, who, file name)."""
    rows = store.fetch_all(
        "SELECT dataset, max_by(started_at, load_id), max_by(actor, load_id), max_by(file_name, load_id)"
        " FROM loads WHERE undone_at IS NULL GROUP BY dataset")
    return {r[0]: tuple(r[1:]) for r in rows}
