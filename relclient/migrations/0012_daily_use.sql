-- Daily use: a session that survives a reload, a person's language and start page, the weekly digest.
-- A signed-in session. The browser holds its secret in an HttpOnly cookie; the table holds only
-- hashes. A session is claimed once: the page signs in, the browser trades a one-time code (never
-- in the address) for the cookie at /api/session.
CREATE TABLE sessions (
    id           VARCHAR PRIMARY KEY,
    email        VARCHAR NOT NULL,
    token_hash   VARCHAR,
    claim_hash   VARCHAR,
    claim_until  TIMESTAMP,
    started      TIMESTAMP NOT NULL,
    last_seen    TIMESTAMP NOT NULL,
    ended        TIMESTAMP
);
-- One digest per person and week, whichever process sends it.
CREATE TABLE digests_sent (
    email    VARCHAR NOT NULL,
    week     DATE NOT NULL,
    sent_at  TIMESTAMP NOT NULL,
    items    INTEGER NOT NULL,
    PRIMARY KEY (email, week)
);
-- A person's preferences: the interface language ('fr'/'en') and the page they start on.
ALTER TABLE users ADD COLUMN lang VARCHAR;
ALTER TABLE users ADD COLUMN start_page VARCHAR;
