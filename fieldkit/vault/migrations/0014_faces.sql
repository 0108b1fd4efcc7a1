-- fieldkit vault schema 14: faces in photos, and the regions blurred in what is sent.

-- `faces`: JSON [[x, y, w, h], …], the faces OpenCV found in the photo turned upright (full-size
-- pixels); NULL: not looked for (a row from before this version, or a photo that could not be
-- read for it). `blurred`: the regions blurred in the sent copy (`stripped_*`, which is then a
-- copy without metadata *and* with them blurred; the original stays as attached).
-- `faces_open`: how many found faces the sent copy does not blur. `faces_reviewed_at`: when
-- someone looked at the photo and let its faces go as they are; NULL: nobody.
ALTER TABLE attachments ADD COLUMN faces TEXT;
ALTER TABLE attachments ADD COLUMN blurred TEXT NOT NULL DEFAULT '[]';
ALTER TABLE attachments ADD COLUMN faces_open INTEGER;
ALTER TABLE attachments ADD COLUMN faces_reviewed_at TEXT;
