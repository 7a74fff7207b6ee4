-- Voice of the customer: the themes leadership catalogues, what each verbatim says, and the
-- call-backs that close the loop with a customer who was unhappy (relclient/voice/).

-- The theme catalogue: a theme's names, the department it concerns, and the words and phrases
-- (one per line, French and English) that mark a verbatim as about it. Matching ignores accents,
-- case and word endings (relclient/voice/text.py). A retired theme keeps its code for history.
CREATE TABLE themes (
    code         VARCHAR PRIMARY KEY,
    name_fr      VARCHAR NOT NULL,
    name_en      VARCHAR NOT NULL,
    dept         VARCHAR NOT NULL,
    keywords_fr  VARCHAR NOT NULL,
    keywords_en  VARCHAR NOT NULL,
    active       BOOLEAN NOT NULL,
    changed_at   TIMESTAMP NOT NULL,
    changed_by   VARCHAR
);

-- Per survey answer with a comment, derived and kept exact by the writes: its words stemmed
-- both ways (French and English, ' '-separated and ' '-bounded, so a phrase matches as a
-- substring), and its sentiment from the lexicon shipped in relclient/voice/data (-1 … 1; NULL when
-- no word of the lexicon is in it). No keys: only relclient/voice/derive.py writes here.
CREATE TABLE verbatims (
    response_id   VARCHAR NOT NULL,
    answered_at   TIMESTAMP NOT NULL, -- the answer's, so that a write re-derives only its own days
    comment_hash  UBIGINT NOT NULL,
    stems_fr      VARCHAR NOT NULL,
    stems_en      VARCHAR NOT NULL,
    sentiment     DOUBLE
);
-- The themes each verbatim is about (none, one or several).
CREATE TABLE verbatim_themes (
    response_id  VARCHAR NOT NULL,
    theme        VARCHAR NOT NULL
);

-- A call-back: a detractor (NPS 0-6, CSAT 1-2) or a complaint nobody followed up within 7 days,
-- owned by the department concerned, due by a date, then called (with an outcome) or not reachable.
CREATE TABLE callbacks (
    kind         VARCHAR NOT NULL,   -- 'detractor' (ref: response_id) or 'complaint' (ref: ticket_id)
    ref          VARCHAR NOT NULL,
    customer_id  VARCHAR NOT NULL,
    dept         VARCHAR NOT NULL,
    origin_at    TIMESTAMP NOT NULL, -- when the customer spoke: the answer, the complaint
    due_on       DATE NOT NULL,
    status       VARCHAR NOT NULL,   -- 'open', 'called' or 'unreachable'
    outcome      VARCHAR,            -- when called: 'resolved', 'explained', 'escalated' or 'declined'
    note         VARCHAR,
    done_at      TIMESTAMP,
    done_by      VARCHAR,
    PRIMARY KEY (kind, ref)
);

-- Phrases proposed as themes that leadership set aside: not proposed again.
CREATE TABLE theme_phrases_dismissed (
    phrase        VARCHAR PRIMARY KEY,
    dismissed_at  TIMESTAMP NOT NULL,
    dismissed_by  VARCHAR
);
