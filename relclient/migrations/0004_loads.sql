-- Uploads: every load recorded, every stored row remembering the load that last wrote it, and
-- the rows a load replaced kept aside so that the load can be undone exactly.
CREATE SEQUENCE load_ids START 1;

CREATE TABLE loads (
    load_id         BIGINT PRIMARY KEY DEFAULT nextval('load_ids'),
    dataset         VARCHAR NOT NULL,
    actor           VARCHAR NOT NULL,
    started_at      TIMESTAMP NOT NULL,
    duration_ms     INTEGER NOT NULL,
    file_name       VARCHAR NOT NULL,
    file_size       BIGINT NOT NULL,
    sha256          VARCHAR NOT NULL,
    file_format     VARCHAR NOT NULL,   -- what was read: "csv utf-8 ';'", "xlsx sheet Clients", …
    mode            VARCHAR NOT NULL CHECK (mode IN ('upsert', 'append', 'replace')),
    all_or_nothing  BOOLEAN NOT NULL,
    mapping         JSON NOT NULL,
    headers         VARCHAR[] NOT NULL, -- the file's header row, to rebuild rejected rows
    rows_read       BIGINT NOT NULL,
    inserted        BIGINT NOT NULL,
    updated         BIGINT NOT NULL,
    unchanged       BIGINT NOT NULL,
    deleted         BIGINT NOT NULL,
    rejected        BIGINT NOT NULL,
    warnings        BIGINT NOT NULL,
    undone_at       TIMESTAMP,
    undone_by       VARCHAR
);

-- Rejected rows of a load that went ahead with its valid rows: the file's own values, so that
-- they can be downloaded with their reasons, fixed and uploaded again.
CREATE TABLE load_rejects (
    load_id  BIGINT NOT NULL,
    line     BIGINT NOT NULL,
    raw      VARCHAR[] NOT NULL,
    PRIMARY KEY (load_id, line)
);

-- What validation found, per line and column (errors rejected the row; warnings did not). The
-- reason is a code and a detail, worded in the reader's language when shown.
CREATE TABLE load_issues (
    load_id      BIGINT NOT NULL,
    line         BIGINT NOT NULL,
    column_name  VARCHAR,
    value        VARCHAR,
    code         VARCHAR NOT NULL,
    detail       VARCHAR,
    severity     VARCHAR NOT NULL CHECK (severity IN ('error', 'warning'))
);

-- Mappings saved under a name, found again by the file's header row.
CREATE TABLE saved_mappings (
    name        VARCHAR PRIMARY KEY,
    dataset     VARCHAR NOT NULL,
    header_key  VARCHAR NOT NULL,   -- sha256 of the normalised header row
    mapping     JSON NOT NULL,
    saved_by    VARCHAR NOT NULL,
    saved_at    TIMESTAMP NOT NULL
);

ALTER TABLE customers ADD COLUMN load_id BIGINT;
ALTER TABLE tickets ADD COLUMN load_id BIGINT;
ALTER TABLE ticket_transfers ADD COLUMN load_id BIGINT;
ALTER TABLE survey_responses ADD COLUMN load_id BIGINT;
ALTER TABLE orders ADD COLUMN load_id BIGINT;
ALTER TABLE internal_ratings ADD COLUMN load_id BIGINT;

-- The previous version of every row a load updated or deleted (replaced_by = that load).
-- Undoing the load puts these rows back; no keys here, a row may be replaced many times.
CREATE TABLE customers_history AS SELECT *, 0::BIGINT AS replaced_by FROM customers WHERE false;
CREATE TABLE tickets_history AS SELECT *, 0::BIGINT AS replaced_by FROM tickets WHERE false;
CREATE TABLE ticket_transfers_history AS SELECT *, 0::BIGINT AS replaced_by FROM ticket_transfers WHERE false;
CREATE TABLE survey_responses_history AS SELECT *, 0::BIGINT AS replaced_by FROM survey_responses WHERE false;
CREATE TABLE orders_history AS SELECT *, 0::BIGINT AS replaced_by FROM orders WHERE false;
CREATE TABLE internal_ratings_history AS SELECT *, 0::BIGINT AS replaced_by FROM internal_ratings WHERE false;
