-- Management reviews (ISO 9001 §9.3): the leadership meeting, its inputs assembled from the data,
-- its comments and decisions, and the frozen record each closing leaves behind.
CREATE SEQUENCE review_ids START 1;
CREATE TABLE reviews (
    review_id       INTEGER PRIMARY KEY,
    title           VARCHAR NOT NULL,
    period_start    DATE NOT NULL,
    period_end      DATE NOT NULL,
    meeting_date    DATE,
    chair           VARCHAR NOT NULL,          -- a leadership account's email
    status          VARCHAR NOT NULL CHECK (status IN ('draft', 'held', 'closed')),
    resource_needs  VARCHAR NOT NULL DEFAULT '',
    target_changes  VARCHAR NOT NULL DEFAULT '',
    created_by      VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_by      VARCHAR NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    CHECK (period_start <= period_end)
);
-- Who attended: people (by email) and departments (by code).
CREATE TABLE review_attendees (
    review_id  INTEGER NOT NULL,
    kind       VARCHAR NOT NULL CHECK (kind IN ('person', 'dept')),
    ref        VARCHAR NOT NULL,
    PRIMARY KEY (review_id, kind, ref)
);
-- The meeting's comments, one text per input section.
CREATE TABLE review_comments (
    review_id   INTEGER NOT NULL,
    section     VARCHAR NOT NULL,
    body        VARCHAR NOT NULL,
    updated_by  VARCHAR NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, section)
);
-- Opportunities for improvement (§9.3.3 a): proposed from the data, then edited by the meeting.
CREATE TABLE review_opportunities (
    review_id  INTEGER NOT NULL,
    item_no    INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    PRIMARY KEY (review_id, item_no)
);
-- Decisions; one that calls for work points to the action it became (the action page looks back).
CREATE SEQUENCE review_decision_ids START 1;
CREATE TABLE review_decisions (
    decision_id  INTEGER PRIMARY KEY,
    review_id    INTEGER NOT NULL,
    text         VARCHAR NOT NULL,
    owner_dept   VARCHAR NOT NULL,
    sponsor      VARCHAR NOT NULL,
    due_date     DATE,
    action_id    INTEGER,
    created_by   VARCHAR NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
-- What a closing froze: the inputs' figures, the action statuses, the comments and decisions,
-- as they were (JSON). A reopened review keeps every earlier record; the last one is the record.
CREATE TABLE review_records (
    review_id  INTEGER NOT NULL,
    closing    INTEGER NOT NULL,               -- 1 for the first closing, 2 after a reopening, …
    closed_at  TIMESTAMP NOT NULL,
    closed_by  VARCHAR NOT NULL,
    content    VARCHAR NOT NULL,
    PRIMARY KEY (review_id, closing)
);
