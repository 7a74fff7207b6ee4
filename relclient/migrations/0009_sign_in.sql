-- Sign-in that an attacker cannot turn against the people it protects.
-- Throttling by key: an account ('account:<email>', whether the account exists or not, so that a
-- probe learns nothing) and a source address ('source:<address>'). Failures in a row, and the
-- moment before which an attempt is not even heard; the delay grows with each failure past the
-- free ones, and a correct password after the delay always signs in.
CREATE TABLE sign_in_throttle (
    key            VARCHAR PRIMARY KEY,
    failures       INTEGER NOT NULL,
    last_failure   TIMESTAMP NOT NULL,
    blocked_until  TIMESTAMP
);
-- Single sign-on matches the identity provider's issuer and subject, not the e-mail alone.
ALTER TABLE users ADD COLUMN sso_issuer VARCHAR;
ALTER TABLE users ADD COLUMN sso_subject VARCHAR;
-- An account an admin created with a password chooses its own at its first sign-in.
-- Last: in DuckDB 1.5.5 a column added with a DEFAULT, then another column, in one transaction
-- on a table holding rows, fails at COMMIT ("another transaction has altered this table").
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN DEFAULT false;
-- users.failed_attempts and users.locked_until (migration 5) are no longer read: the throttle
-- above replaces them.
