-- Per-ticket facts: each ticket's row as the dashboards read it, with its flow through the
-- departments derived from ticket_transfers. Kept exact by every write to tickets or
-- ticket_transfers (relclient/flow.py: loads, undos, crash recoveries and the demo, in the same
-- transaction), and filled from the data already there when this migration runs. The KPI layer
-- reads it instead of joining millions of transfers at every view: a scan, no join.
-- No keys: nothing but flow.py writes here, and an index would cost every commit.
CREATE TABLE ticket_facts (
    ticket_id          VARCHAR NOT NULL,
    customer_id        VARCHAR NOT NULL,
    opened_at          TIMESTAMP NOT NULL,
    channel            VARCHAR NOT NULL,
    category           VARCHAR,
    is_complaint       BOOLEAN NOT NULL,
    owner_dept         VARCHAR NOT NULL,
    first_response_at  TIMESTAMP,
    resolved_at        TIMESTAMP,
    reopened_count     INTEGER NOT NULL,
    response_hours     DOUBLE,             -- epoch(first_response_at - opened_at) / 3600
    resolution_hours   DOUBLE,             -- epoch(resolved_at - opened_at) / 3600
    transfers          INTEGER NOT NULL,   -- how many times it was transferred
    reach              INTEGER NOT NULL,   -- departments beyond the first its transfers went through
    ping_pong          BOOLEAN NOT NULL,   -- it came back to a department that had passed it on
    -- The lists are NULL for a ticket never transferred (most of them): its owner alone took part.
    depts              VARCHAR[],          -- every department that took part: owner, senders, receivers
    passed_on_by       VARCHAR[],          -- the departments that transferred it
    came_back_to       VARCHAR[],          -- the departments it came back to after passing it on
    routes             VARCHAR[],          -- the pairs of departments it travelled between, 'a|b' (a < b)
    bounce_routes      VARCHAR[]           -- the pairs of a transfer back to a department that had passed it on
);

-- Every additive KPI's counts per day (shares, NPS, counts: relclient/metrics/daily.py),
-- company-wide (scope '') and for each department (scope = its code), as the KPI layer computes
-- them, stored by the same writes: any period's figure is a sum over its days. Only days with rows.
CREATE TABLE kpi_days (
    scope       VARCHAR NOT NULL,
    day         DATE NOT NULL,
    kpi_id      VARCHAR NOT NULL,
    n           BIGINT NOT NULL,  -- the rows the figure rests on
    hits        BIGINT NOT NULL,  -- a share's rows meeting its condition; a count's count
    promoters   BIGINT NOT NULL,  -- an NPS's
    detractors  BIGINT NOT NULL
);

-- The (scope, KPI) stored over all the data, and the digest of the SQL that computed them: only
-- these are read (a department added since, or a changed formula, is computed from the rows).
CREATE TABLE kpi_days_built (
    scope       VARCHAR NOT NULL,
    kpi_id      VARCHAR NOT NULL,
    definition  VARCHAR NOT NULL
);
