-- Targets leadership sets per KPI, for the whole company (dept = '') or one department.
-- '' rather than NULL for "company" because a primary key column cannot hold NULL.
CREATE TABLE kpi_targets (
    kpi_id  VARCHAR NOT NULL,
    dept    VARCHAR NOT NULL DEFAULT '',
    target  DOUBLE NOT NULL,
    set_by  VARCHAR NOT NULL,
    set_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (kpi_id, dept)
);
