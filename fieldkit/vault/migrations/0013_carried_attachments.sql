-- fieldkit vault schema 13: attachments carried in bundles (version 2) and confirmed by HQ.

-- On a kit: what each bundle carried of each attachment (the bytes sent have this sha256),
-- so that a receipt may confirm only those; and, on the attachment itself, the sha256 of
-- the copy HQ confirmed holding (NULL: none). An attachment is sent again until HQ confirms
-- exactly what would be sent now.
CREATE TABLE sent_attachments (
    bundle_id      TEXT NOT NULL,
    attachment_id  TEXT NOT NULL,
    interview_id   TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    PRIMARY KEY (bundle_id, attachment_id)
) WITHOUT ROWID;
ALTER TABLE attachments ADD COLUMN confirmed_sha256 TEXT;

-- At HQ: every attachment a bundle brought, sealed in the dataset's attachments/ folder as a
-- kit seals its own (vault/blobs.py, its own key here). Rows are only ever added: a kit that
-- sends another copy of an attachment (the original after the stripped one) adds a row. An
-- attachment is shown with an interview only where the kit that sent it is one HQ accepted
-- that interview from (provenance), so a kit cannot file its files under another's work.
CREATE TABLE hq_attachments (
    kit_id           TEXT NOT NULL,
    id               TEXT NOT NULL,      -- the kit's id for the attachment
    sha256           TEXT NOT NULL,      -- of the bytes HQ holds
    interview_id     TEXT NOT NULL,      -- the interview, as the kit named it
    media_type       TEXT NOT NULL,
    size             INTEGER NOT NULL,
    copy             TEXT NOT NULL CHECK (copy IN ('stripped', 'original')),
    original_sha256  TEXT NOT NULL,      -- of the original the kit keeps sealed
    bundle_id        TEXT NOT NULL,      -- the bundle that brought it first
    received_at      TEXT NOT NULL,
    blob             TEXT NOT NULL UNIQUE,
    blob_key         BLOB NOT NULL,
    PRIMARY KEY (kit_id, id, sha256)
) WITHOUT ROWID;
CREATE INDEX hq_attachments_by_interview ON hq_attachments (interview_id, kit_id);
