-- fieldkit vault schema 9: attachments (photos, recordings, documents) of an interview.

-- The bytes are sealed in files in the vault folder's attachments/ (vault/blobs.py), each
-- under its own random key kept here: deleting a row is the crypto-erase of its file. The
-- original is kept as given; `stripped_*` is the copy without metadata that is sent by
-- default (NULL where none was made).
CREATE TABLE attachments (
    id               TEXT PRIMARY KEY,
    interview_id     TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    file_name        TEXT NOT NULL,      -- the original's name; never leaves this kit
    media_type       TEXT NOT NULL,      -- sniffed from the bytes, not the name
    size             INTEGER NOT NULL,
    sha256           TEXT NOT NULL,      -- of the original
    created_at       TEXT NOT NULL,
    send             TEXT NOT NULL CHECK (send IN ('stripped', 'original', 'kit_only')),
    metadata         TEXT NOT NULL,      -- JSON: what the original carries, in words
    sensitive        INTEGER NOT NULL,   -- how many of those name a place or a person
    examined         INTEGER NOT NULL,   -- 0: this version cannot read the format's metadata
    reviewed_at      TEXT,               -- when someone reviewed the metadata; NULL: nobody
    blob             TEXT NOT NULL UNIQUE,
    blob_key         BLOB NOT NULL,
    stripped_blob    TEXT UNIQUE,
    stripped_key     BLOB,
    stripped_size    INTEGER,
    stripped_sha256  TEXT
);
CREATE INDEX attachments_by_interview ON attachments (interview_id, position);
