-- fieldkit vault schema 11: HQ's history of imports; the kit's search index gains the private
-- notes, and what was sent is looked up per interview.

-- HQ: a row per bundle file an import took up (in the HQ window or with 'fieldkit hq import'),
-- written in the import's transaction: what it did, or why it was rejected. Only ever added
-- to. Bundles imported before this schema get a row from bundles_in, without the file's name
-- or the breakdown of what was stored (new, updated, ... are NULL there).
CREATE TABLE hq_imports (
    id          INTEGER PRIMARY KEY,   -- in the order of the imports: the newest is the highest
    imported_at TEXT NOT NULL,
    file_name   TEXT NOT NULL,         -- the bundle file's name, '' if not known
    fate        TEXT NOT NULL,         -- 'imported', 'replay' (imported before) or 'rejected'
    bundle_id   TEXT,                  -- NULL when the file could not be read as a bundle
    kit_id      TEXT,
    sequence    INTEGER,
    new         INTEGER,
    duplicates  INTEGER,
    updated     INTEGER,
    unchanged   INTEGER,
    stored      INTEGER NOT NULL DEFAULT 0,
    quarantined INTEGER NOT NULL DEFAULT 0,
    unreviewed  INTEGER NOT NULL DEFAULT 0,
    warnings    TEXT NOT NULL DEFAULT '[]',   -- JSON array of the import's warnings
    reason      TEXT                          -- why a rejected file was rejected
);
INSERT INTO hq_imports (imported_at, file_name, fate, bundle_id, kit_id, sequence, stored,
                        quarantined)
    SELECT imported_at, '', 'imported', bundle_id, kit_id, sequence, stored, quarantined
    FROM bundles_in ORDER BY imported_at, kit_id, sequence;

-- Kit: the search index gains the private notes (searched on this computer only: notes are
-- never part of a bundle). A contentless index cannot gain a column, so it is built again
-- from the interviews, their quotes and tags, as records.py writes a row.
DROP TABLE interview_fts;
CREATE VIRTUAL TABLE interview_fts USING fts5 (
    quotes, role, place, tags, notes,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO interview_fts (interview_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO interview_fts (rowid, quotes, role, place, tags, notes)
    SELECT i.rowid,
           coalesce((SELECT group_concat(q.text, char(10) || char(10))
                     FROM (SELECT text FROM quotes WHERE interview_rowid = i.rowid
                           ORDER BY position) q), ''),
           i.role,
           i.place,
           coalesce((SELECT group_concat(t.value, ' ')
                     FROM (SELECT value FROM json_each(i.tags)
                           UNION ALL
                           SELECT j.value FROM quotes qt, json_each(qt.tags) j
                           WHERE qt.interview_rowid = i.rowid) t), ''),
           i.notes
    FROM interviews i;

-- Kit: the interview list shows whether each interview went to HQ as it is now.
CREATE INDEX sent_entries_by_interview ON sent_entries (interview_id, revision);
