-- fieldkit vault schema 8: a kit restored from a backup sends again, in a new epoch.

-- HQ: a restored kit numbers its bundles on from the last one its backup held, so its new
-- timeline reuses numbers its lost one sent. A bundle's number is unique per kit and epoch
-- ('' is the kit's first timeline); an epoch's bundles name where it forked (after bundle
-- epoch_after, whose manifest hash is epoch_after_sha256). Rebuilt: SQLite cannot change a
-- table's UNIQUE constraint in place.
CREATE TABLE bundles_in_epochs (
    bundle_id            TEXT PRIMARY KEY,
    kit_id               TEXT NOT NULL,
    sequence             INTEGER NOT NULL,
    manifest_sha256      TEXT NOT NULL,
    prev_manifest_sha256 TEXT,
    imported_at          TEXT NOT NULL,
    stored               INTEGER NOT NULL,
    quarantined          INTEGER NOT NULL,
    receipt              BLOB NOT NULL,  -- the encrypted receipt, returned as is on replay
    epoch                TEXT NOT NULL DEFAULT '',
    epoch_after          INTEGER,
    epoch_after_sha256   TEXT,
    UNIQUE (kit_id, epoch, sequence)
) WITHOUT ROWID;
INSERT INTO bundles_in_epochs (bundle_id, kit_id, sequence, manifest_sha256,
    prev_manifest_sha256, imported_at, stored, quarantined, receipt)
SELECT bundle_id, kit_id, sequence, manifest_sha256, prev_manifest_sha256, imported_at,
    stored, quarantined, receipt FROM bundles_in;
DROP TABLE bundles_in;
ALTER TABLE bundles_in_epochs RENAME TO bundles_in;
-- Sequence checks read this, not the rows with their receipts inline.
CREATE INDEX bundles_in_by_kit ON bundles_in (kit_id, sequence, manifest_sha256);
CREATE INDEX bundles_in_timelines ON bundles_in (kit_id, epoch, sequence, manifest_sha256,
    epoch_after, epoch_after_sha256);
