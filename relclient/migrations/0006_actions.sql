-- Cross-team actions: a customer problem, the KPI it must move, the departments that fix it
-- together and the leadership sponsor who answers for it. Nothing here is ever deleted: an
-- action is dropped, not removed, and its history only grows.
CREATE SEQUENCE action_ids START 1;
CREATE TABLE actions (
    action_id       INTEGER PRIMARY KEY,
    title           VARCHAR NOT NULL,
    problem         VARCHAR NOT NULL DEFAULT '',
    kpi_id          VARCHAR NOT NULL,
    scope_dept      VARCHAR,                  -- NULL: the KPI is measured for the whole company
    baseline        DOUBLE,                   -- the KPI over the baseline window; NULL: no data then
    baseline_start  DATE NOT NULL,
    baseline_end    DATE NOT NULL,
    target          DOUBLE,
    target_date     DATE,
    lead_dept       VARCHAR NOT NULL,
    sponsor         VARCHAR NOT NULL,         -- a leadership account's email
    priority        VARCHAR NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'critical')),
    due_date        DATE,
    status          VARCHAR NOT NULL CHECK (status IN ('proposed', 'todo', 'in_progress', 'blocked', 'done', 'dropped')),
    status_reason   VARCHAR,                  -- required when blocked or dropped
    status_since    TIMESTAMP NOT NULL,
    created_by      VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_by      VARCHAR NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL          -- +1 at every change: a save on an older one is refused
);
CREATE TABLE action_contributors (
    action_id  INTEGER NOT NULL,
    dept       VARCHAR NOT NULL,
    PRIMARY KEY (action_id, dept)
);
CREATE TABLE action_assignees (
    action_id  INTEGER NOT NULL,
    email      VARCHAR NOT NULL,
    PRIMARY KEY (action_id, email)
);
CREATE TABLE action_checklist (
    action_id  INTEGER NOT NULL,
    item_no    INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    done       BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (action_id, item_no)
);
CREATE TABLE action_dependencies (
    action_id   INTEGER NOT NULL,
    blocked_by  INTEGER NOT NULL,
    PRIMARY KEY (action_id, blocked_by),
    CHECK (action_id <> blocked_by)
);
-- What prompted the action: a customer, a ticket, a survey answer, or a pair of departments
-- ("rater>rated") of the internal-customer matrix.
CREATE TABLE action_links (
    action_id  INTEGER NOT NULL,
    kind       VARCHAR NOT NULL CHECK (kind IN ('customer', 'ticket', 'response', 'pair')),
    ref        VARCHAR NOT NULL,
    PRIMARY KEY (action_id, kind, ref)
);
CREATE SEQUENCE action_comment_ids START 1;
CREATE TABLE action_comments (
    comment_id  BIGINT PRIMARY KEY,
    action_id   INTEGER NOT NULL,
    author      VARCHAR NOT NULL,
    written_at  TIMESTAMP NOT NULL,
    body        VARCHAR NOT NULL
);
CREATE TABLE action_mentions (
    comment_id  BIGINT NOT NULL,
    dept        VARCHAR NOT NULL,
    PRIMARY KEY (comment_id, dept)
);
CREATE SEQUENCE action_history_ids START 1;
CREATE TABLE action_history (
    history_id  BIGINT PRIMARY KEY,
    action_id   INTEGER NOT NULL,
    version     INTEGER NOT NULL,             -- the version this change produced
    changed_by  VARCHAR NOT NULL,
    changed_at  TIMESTAMP NOT NULL,
    field       VARCHAR NOT NULL,
    old_value   VARCHAR,
    new_value   VARCHAR
);
-- How many actions a column of the board should hold at most before it warns.
CREATE TABLE action_wip_limits (
    status       VARCHAR PRIMARY KEY,
    max_actions  INTEGER NOT NULL CHECK (max_actions > 0)
);
INSERT INTO action_wip_limits VALUES ('todo', 12), ('in_progress', 8), ('blocked', 4);
