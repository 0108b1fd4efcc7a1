-- fieldkit vault schema 6: HQ names each kit; HQ marks records sent unreviewed.

-- kits.name was the card's name (every kit of an organisation carries the organisation's):
-- it is now HQ's own name for the kit, given at enrolment and unique. A kit enrolled before
-- is named after its card plus its fingerprint's first group (the whole fingerprint should
-- two kits share that group: fingerprints, unlike names, do not change as rows are updated).
UPDATE kits SET name = name || ' ' || CASE
    WHEN (SELECT count(*) FROM kits other
          WHERE substr(other.fingerprint, 1, 4) = substr(kits.fingerprint, 1, 4)) > 1
    THEN fingerprint ELSE substr(fingerprint, 1, 4) END;
CREATE UNIQUE INDEX kits_by_name ON kits (name COLLATE NOCASE);


-- How many identifying details nobody reviewed a kit sent a revision with (exported with
-- --allow-unreviewed: the manifest entry's optional "unreviewed"); 0: none, or sent before
-- kits said so.
ALTER TABLE provenance ADD COLUMN unreviewed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quarantine ADD COLUMN unreviewed INTEGER NOT NULL DEFAULT 0;
