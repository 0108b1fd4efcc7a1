-- fieldkit vault schema 4: the anonymisation review, and a search index that forgets at once.

-- Findings a researcher marked "not identifying", per interview. Kept on this kit only; rows
-- whose text no longer occurs in the interview are removed when it is saved.
CREATE TABLE review_dismissed (
    interview_id TEXT NOT NULL,
    kind         TEXT NOT NULL,
    text         TEXT NOT NULL,         -- the finding's text, case-folded
    PRIMARY KEY (interview_id, kind, text)
) WITHOUT ROWID;

-- How many findings of an interview's current content nobody has reviewed yet: the export
-- guard's cache, valid while `checked` (detector version and content hash) still matches.
CREATE TABLE review_state (
    interview_id TEXT PRIMARY KEY,
    checked      TEXT NOT NULL,
    unreviewed   INTEGER NOT NULL
) WITHOUT ROWID;

-- Deleting from the contentless index removes the words from its pages at once, instead of
-- marking them deleted until the next merge: replaced text must not stay searchable.
INSERT INTO interview_fts (interview_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO interview_fts (interview_fts) VALUES ('optimize');
