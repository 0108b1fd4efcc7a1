-- fieldkit vault schema 15: recordings being made in the app.

-- A row is committed before the first sound is sealed, holding the key of the file the sound
-- goes to (blob format version 2, vault/journal.py). Stopping turns it into an attachment and
-- deletes the row in one transaction; a row still here at the next open is a recording that
-- was killed (or lost its power) mid-way: what was sealed of it becomes an attachment then
-- (vault/recording.py). Deleting the interview deletes the row, and so the key.
CREATE TABLE recordings (
    id            TEXT PRIMARY KEY,
    interview_id  TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    file_name     TEXT NOT NULL,      -- the attachment's name once it is one
    started_at    TEXT NOT NULL,
    blob          TEXT NOT NULL UNIQUE,
    blob_key      BLOB NOT NULL
);
