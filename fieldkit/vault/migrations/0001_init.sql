-- fieldkit vault schema 1: interviews, quotes, revisions (hashes only), tags, settings, search.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL             -- JSON
) WITHOUT ROWID;

CREATE TABLE interviews (
    rowid          INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    interview_date TEXT,            -- ISO date; NULL only for drafts
    place          TEXT NOT NULL DEFAULT '',
    country        TEXT,
    role           TEXT NOT NULL DEFAULT '',
    organisation   TEXT NOT NULL DEFAULT '',
    language       TEXT,
    interviewer    TEXT,
    consent        TEXT NOT NULL,   -- JSON object
    tags           TEXT NOT NULL,   -- JSON array
    notes          TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    quote_count    INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    revision       INTEGER NOT NULL,
    sha256         TEXT NOT NULL,   -- hash of the current revision's canonical content
    fingerprint    TEXT NOT NULL    -- same interview entered twice
);
CREATE INDEX interviews_newest ON interviews (interview_date DESC, created_at DESC, rowid DESC);
CREATE INDEX interviews_fingerprint ON interviews (fingerprint);
CREATE INDEX interviews_status ON interviews (status);
CREATE INDEX interviews_place ON interviews (place COLLATE NOCASE);

CREATE TABLE quotes (
    interview_rowid INTEGER NOT NULL REFERENCES interviews (rowid) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    text            TEXT NOT NULL,
    tags            TEXT NOT NULL,  -- JSON array
    PRIMARY KEY (interview_rowid, position)
) WITHOUT ROWID;

-- Every tag of an interview and of its quotes, for the tag filter and tag completion.
CREATE TABLE interview_tags (
    tag             TEXT NOT NULL COLLATE NOCASE,
    interview_rowid INTEGER NOT NULL REFERENCES interviews (rowid) ON DELETE CASCADE,
    PRIMARY KEY (tag, interview_rowid)
) WITHOUT ROWID;
CREATE INDEX interview_tags_by_interview ON interview_tags (interview_rowid);

-- The revision trail keeps hashes only: text removed while anonymising is not kept.
CREATE TABLE revisions (
    interview_id TEXT NOT NULL,
    number       INTEGER NOT NULL,
    saved_at     TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    prev_sha256  TEXT,
    PRIMARY KEY (interview_id, number)
) WITHOUT ROWID;

-- Contentless: the index holds tokens, not a second copy of the text.
CREATE VIRTUAL TABLE interview_fts USING fts5 (
    quotes, role, place, tags,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
