-- fieldkit vault schema 12: forms HQ publishes, and the answers each interview gives to one.

-- One table on both sides: at HQ the versions it published, on a kit the versions it loaded
-- (each accepted only after its signature verified against the pinned HQ). Rows are only
-- ever added: an interview names the version it was filled with, which must stay readable.
CREATE TABLE forms (
    form_id      TEXT NOT NULL,
    version      INTEGER NOT NULL,
    title        TEXT NOT NULL,
    published_at TEXT NOT NULL,     -- HQ's time of publishing, as signed
    body         BLOB NOT NULL,     -- the form description (canonical JSON), as signed
    file         BLOB NOT NULL,     -- the whole signed form file (docs/forms.md)
    stored_at    TEXT NOT NULL,
    PRIMARY KEY (form_id, version)
) WITHOUT ROWID;

-- NULL for an interview without a form (every interview before this schema).
ALTER TABLE interviews ADD COLUMN form_id TEXT;
ALTER TABLE interviews ADD COLUMN form_version INTEGER;
ALTER TABLE interviews ADD COLUMN answers TEXT;    -- canonical JSON object: name -> answer

-- The search index gains a column for the answers (after schema 11's private notes). FTS5 cannot add a column, and a
-- contentless index cannot rebuild itself: it is made anew from the rows (the same text
-- vault/schema.py's fts_fields indexes).
DROP TABLE interview_fts;
CREATE VIRTUAL TABLE interview_fts USING fts5 (
    quotes, role, place, tags, notes, answers,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
-- As schema 4 set it: deleting a row removes its tokens from the index at once.
INSERT INTO interview_fts (interview_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO interview_fts (rowid, quotes, role, place, tags, notes, answers)
SELECT i.rowid,
       coalesce((SELECT group_concat(text, char(10) || char(10))
                 FROM (SELECT text FROM quotes WHERE interview_rowid = i.rowid
                       ORDER BY position)), ''),
       i.role,
       i.place,
       trim(coalesce((SELECT group_concat(value, ' ') FROM json_each(i.tags)), '') || ' ' ||
            coalesce((SELECT group_concat(j.value, ' ')
                      FROM quotes q, json_each(q.tags) j WHERE q.interview_rowid = i.rowid), '')),
       i.notes,
       ''
FROM interviews i;
