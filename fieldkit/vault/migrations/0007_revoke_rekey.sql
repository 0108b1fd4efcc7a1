-- fieldkit vault schema 7: HQ revokes a kit; a kit moves to a new key.

-- Revocation is recorded on the kit itself (who, when, why); it is never undone
-- (docs/hq.md). NULL revoked_at: the kit is trusted.
ALTER TABLE kits ADD COLUMN revoked_at TEXT;
ALTER TABLE kits ADD COLUMN revoked_by TEXT;
ALTER TABLE kits ADD COLUMN revoked_reason TEXT;

-- Every key a kit had before the one on its card in `kits`: the card it was enrolled (or
-- last moved) with, when HQ accepted the statement that replaced it, and that statement.
-- A bundle signed with one of these is checked against it, then held, never merged.
CREATE TABLE kit_keys (
    fingerprint TEXT PRIMARY KEY,
    kit_id      TEXT NOT NULL,
    card        TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    statement   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX kit_keys_by_kit ON kit_keys (kit_id, replaced_at);

-- Bundles HQ verified but did not merge: from a revoked kit, or signed with a key the kit had
-- replaced. Their records wait in `quarantine`; they take no sequence number in `bundles_in`
-- (a thief's bundle must not occupy the number the real kit sends next) and get no receipt.
CREATE TABLE held_bundles (
    bundle_id       TEXT PRIMARY KEY,
    kit_id          TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,  -- of the key that signed it
    sequence        INTEGER NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    why             TEXT NOT NULL,  -- 'revoked' or 'replaced_key'
    received_at     TEXT NOT NULL,
    entries         INTEGER NOT NULL
) WITHOUT ROWID;
