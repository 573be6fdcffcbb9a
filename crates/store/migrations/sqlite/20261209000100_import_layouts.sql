-- Import layouts (issue 13): a person's corrections to how a plan file was read, kept
-- for their organisation under a name and the header signature that recognises a later
-- file of the same layout. One layout per signature in an organisation: saving again
-- replaces it.
CREATE TABLE import_layouts (
    id           BLOB PRIMARY KEY NOT NULL,
    org_id       BLOB NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    signature    TEXT NOT NULL,
    -- The corrections as JSON (the content of an `assure import --layout` file).
    corrections  TEXT NOT NULL,
    saved_at     TEXT NOT NULL,
    saved_by     TEXT NOT NULL
);
CREATE UNIQUE INDEX import_layouts_signature ON import_layouts(org_id, signature);
