-- The six customer datasets of the data contract, with their keys and rules.
-- Department codes are checked by the upload validation (departments can be added at run
-- time), not by foreign keys: DuckDB foreign keys would block retiring or renaming one.
CREATE TABLE customers (
    customer_id   VARCHAR PRIMARY KEY,
    name          VARCHAR,
    segment       VARCHAR,
    region        VARCHAR,
    created_on    DATE NOT NULL,
    churned_on    DATE CHECK (churned_on IS NULL OR churned_on >= created_on),
    annual_value  DECIMAL(14,2) CHECK (annual_value IS NULL OR annual_value >= 0)
);

CREATE TABLE tickets (
    ticket_id          VARCHAR PRIMARY KEY,
    customer_id        VARCHAR NOT NULL,
    opened_at          TIMESTAMP NOT NULL,
    channel            VARCHAR NOT NULL
                       CHECK (channel IN ('phone', 'email', 'web', 'chat', 'store', 'mail', 'social')),
    category           VARCHAR,
    is_complaint       BOOLEAN NOT NULL,
    owner_dept         VARCHAR NOT NULL,
    first_response_at  TIMESTAMP CHECK (first_response_at IS NULL OR first_response_at >= opened_at),
    resolved_at        TIMESTAMP CHECK (resolved_at IS NULL OR resolved_at >= opened_at),
    reopened_count     INTEGER NOT NULL DEFAULT 0 CHECK (reopened_count >= 0)
);

CREATE TABLE ticket_transfers (
    ticket_id       VARCHAR NOT NULL,
    transferred_at  TIMESTAMP NOT NULL,
    from_dept       VARCHAR NOT NULL,
    to_dept         VARCHAR NOT NULL CHECK (to_dept <> from_dept),
    PRIMARY KEY (ticket_id, transferred_at, from_dept, to_dept)
);

CREATE TABLE survey_responses (
    response_id  VARCHAR PRIMARY KEY,
    customer_id  VARCHAR NOT NULL,
    answered_at  TIMESTAMP NOT NULL,
    survey       VARCHAR NOT NULL CHECK (survey IN ('nps', 'csat', 'ces')),
    score        INTEGER NOT NULL CHECK (
                     (survey = 'nps' AND score BETWEEN 0 AND 10)
                  OR (survey = 'csat' AND score BETWEEN 1 AND 5)
                  OR (survey = 'ces' AND score BETWEEN 1 AND 7)),
    dept         VARCHAR,
    ticket_id    VARCHAR,
    comment      VARCHAR
);

CREATE TABLE orders (
    order_id      VARCHAR PRIMARY KEY,
    customer_id   VARCHAR NOT NULL,
    ordered_at    TIMESTAMP NOT NULL,
    promised_on   DATE NOT NULL,
    delivered_on  DATE,
    amount        DECIMAL(14,2) NOT NULL CHECK (amount >= 0),
    returned      BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE internal_ratings (
    month       DATE NOT NULL CHECK (day(month) = 1),
    rater_dept  VARCHAR NOT NULL,
    rated_dept  VARCHAR NOT NULL CHECK (rated_dept <> rater_dept),
    score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment     VARCHAR,
    PRIMARY KEY (month, rater_dept, rated_dept)
);
