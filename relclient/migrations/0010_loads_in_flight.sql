-- A load or an undo in flight: committed on its own before the work's transaction, removed by it.
-- DuckDB 1.5.5 can bring back part of a large transaction that a crash interrupted inside its
-- COMMIT (duckdb/duckdb#25931): a row left here names what to finish or take back at the next
-- opening of the database, once its process is gone (relclient/ingest/recovery.py).
CREATE TABLE loads_in_flight (
    load_id     BIGINT PRIMARY KEY,
    dataset     VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL CHECK (kind IN ('load', 'undo')),
    actor       VARCHAR NOT NULL,
    pid         INTEGER NOT NULL,
    host        VARCHAR NOT NULL,
    started_at  TIMESTAMP NOT NULL
);
