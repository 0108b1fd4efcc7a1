-- fieldkit vault schema 17: HQ remembers its Uwazi exports, so that an export "since the
-- last" carries only interviews no earlier Uwazi CSV carried, or that changed since one did.

-- HQ: a row per Uwazi export written to a file ('csv': the entities; 'template': the template
-- and thesauri). Only ever added to.
CREATE TABLE uwazi_exports (
    id          INTEGER PRIMARY KEY,   -- the export's number, shown to the data manager
    kind        TEXT NOT NULL CHECK (kind IN ('csv', 'template')),
    exported_at TEXT NOT NULL,
    language    TEXT NOT NULL,         -- the labels' language ('': each form's default)
    columns     TEXT NOT NULL,         -- JSON array: the CSV's column names
    since       INTEGER,               -- csv: the export it continued (NULL: everything)
    rows        INTEGER NOT NULL       -- csv: rows (one per quote); template: properties
);

-- HQ: the interviews each Uwazi CSV carried, with the SHA-256 of their shared content then.
CREATE TABLE uwazi_exported (
    export_id    INTEGER NOT NULL REFERENCES uwazi_exports (id),
    interview_id TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    PRIMARY KEY (export_id, interview_id)
);
CREATE INDEX uwazi_exported_by_interview ON uwazi_exported (interview_id, export_id);
