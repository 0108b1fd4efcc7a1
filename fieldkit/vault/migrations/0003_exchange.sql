-- fieldkit vault schema 3: exchange with HQ. A kit uses the first group of tables, HQ's
-- central dataset (a vault too) the second.

-- Kit: the HQ this kit sends to (pinned card), the bundles it made, what HQ confirmed.
CREATE TABLE hq_pins (
    hq_id       TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    card        TEXT NOT NULL,          -- the card's JSON, as verified
    enrolled_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE bundles_out (
    sequence        INTEGER PRIMARY KEY,
    bundle_id       TEXT NOT NULL UNIQUE,
    hq_id           TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    entries         INTEGER NOT NULL,
    receipt_at      TEXT
);

CREATE TABLE sent_entries (
    bundle_id    TEXT NOT NULL,
    interview_id TEXT NOT NULL,
    revision     INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    PRIMARY KEY (bundle_id, interview_id)
) WITHOUT ROWID;

CREATE TABLE confirmed (
    interview_id TEXT PRIMARY KEY,
    revision     INTEGER NOT NULL,
    sha256       TEXT NOT NULL,         -- hash of the payload HQ confirmed
    bundle_id    TEXT NOT NULL,
    confirmed_at TEXT NOT NULL,
    purged_at    TEXT
) WITHOUT ROWID;

-- HQ: enrolled kits, imported bundles (with the receipt to return on replay), provenance of
-- every stored revision, and the quarantine of conflicting records.
CREATE TABLE kits (
    kit_id      TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    card        TEXT NOT NULL,
    enrolled_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE bundles_in (
    bundle_id            TEXT PRIMARY KEY,
    kit_id               TEXT NOT NULL,
    sequence             INTEGER NOT NULL,
    manifest_sha256      TEXT NOT NULL,
    prev_manifest_sha256 TEXT,
    imported_at          TEXT NOT NULL,
    stored               INTEGER NOT NULL,
    quarantined          INTEGER NOT NULL,
    receipt              BLOB NOT NULL,  -- the encrypted receipt, returned as is on replay
    UNIQUE (kit_id, sequence)
) WITHOUT ROWID;
-- Sequence checks read this, not the rows with their receipts inline.
CREATE INDEX bundles_in_by_kit ON bundles_in (kit_id, sequence, manifest_sha256);

CREATE TABLE provenance (
    interview_id TEXT NOT NULL,
    kit_revision INTEGER NOT NULL,
    kit_id       TEXT NOT NULL,
    bundle_id    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    PRIMARY KEY (interview_id, kit_id, kit_revision)
) WITHOUT ROWID;

-- The same interview (same date, place, role, organisation and quotes) sent by a second kit
-- under its own id: HQ keeps one record and notes which id of which kit it stands for.
CREATE TABLE aliases (
    interview_id TEXT PRIMARY KEY,     -- the id the sending kit uses
    stored_id    TEXT NOT NULL,        -- the interview HQ already had
    kit_id       TEXT NOT NULL,
    bundle_id    TEXT NOT NULL,
    noted_at     TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX aliases_stored ON aliases (stored_id);

CREATE TABLE quarantine (
    id           INTEGER PRIMARY KEY,
    interview_id TEXT NOT NULL,
    kit_id       TEXT NOT NULL,
    bundle_id    TEXT NOT NULL,
    kit_revision INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    payload      TEXT NOT NULL,
    reason       TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    resolved_at  TEXT,
    resolution   TEXT,
    UNIQUE (bundle_id, interview_id)
);
CREATE INDEX quarantine_open ON quarantine (resolved_at, interview_id);
