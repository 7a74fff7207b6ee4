-- Accounts, the departments that steward each dataset, and the audit trail.
CREATE TABLE users (
    email            VARCHAR PRIMARY KEY,         -- lower-case
    name             VARCHAR NOT NULL,
    dept             VARCHAR NOT NULL,
    role             VARCHAR NOT NULL CHECK (role IN ('viewer', 'member', 'dept_lead', 'leadership', 'admin')),
    status           VARCHAR NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending', 'disabled')),
    password_hash    VARCHAR,                     -- argon2id; NULL for single sign-on only
    failed_attempts  INTEGER NOT NULL DEFAULT 0,
    locked_until     TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    last_sign_in     TIMESTAMP
);

-- Which department may upload each dataset (its department leads, and leadership and admins
-- of that department). An admin can change it.
CREATE TABLE dataset_stewards (
    dataset  VARCHAR PRIMARY KEY,
    dept     VARCHAR NOT NULL
);
INSERT INTO dataset_stewards VALUES
    ('customers', 'sales'), ('tickets', 'customer_service'), ('ticket_transfers', 'customer_service'),
    ('survey_responses', 'marketing'), ('orders', 'logistics'), ('internal_ratings', 'direction');

CREATE SEQUENCE audit_ids START 1;
CREATE TABLE audit_log (
    audit_id  BIGINT PRIMARY KEY DEFAULT nextval('audit_ids'),
    happened_at  TIMESTAMP NOT NULL,
    actor     VARCHAR NOT NULL,
    action    VARCHAR NOT NULL,      -- sign_in, sign_in_failed, upload, undo, role_change, …
    target    VARCHAR,
    detail    VARCHAR,
    outcome   VARCHAR NOT NULL CHECK (outcome IN ('ok', 'refused'))
);
