-- fieldkit vault schema 5: HQ keeps the signed bytes of every revision it accepted.

-- Append-only: a row per revision HQ accepted from a kit (new, updated, sent by a second kit,
-- sent again unchanged, or accepted from quarantine), with the exact record bytes the kit
-- signed. Nothing replaces or deletes a row: a later revision, however high its number, leaves
-- the earlier ones readable. Revisions accepted before this schema have no row (their content
-- was not kept); a receipt lists an entry as stored only when its bytes are here.
CREATE TABLE hq_revisions (
    interview_id TEXT NOT NULL,     -- the id the sending kit uses (an alias's own id)
    kit_id       TEXT NOT NULL,
    kit_revision INTEGER NOT NULL,
    sha256       TEXT NOT NULL,     -- of payload, as the signed manifest lists it
    bundle_id    TEXT NOT NULL,
    payload      BLOB NOT NULL,     -- the record as signed (canonical JSON)
    stored_at    TEXT NOT NULL,
    -- A rowid table: rows carry whole records, which a WITHOUT ROWID B-tree handles poorly.
    UNIQUE (interview_id, kit_id, kit_revision, sha256)
);

-- The signed bytes of a quarantined record, kept so that accepting it stores them too
-- (items quarantined before this schema have NULL).
ALTER TABLE quarantine ADD COLUMN record BLOB;
