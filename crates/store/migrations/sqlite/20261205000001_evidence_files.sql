-- The files kept as evidence, one row per council that keeps each (a file is kept once
-- under the SHA-256 of its bytes, so two councils' copies of one report are one file).
-- A file no evidence points to is marked unreferenced by the housekeeping, and removed
-- when it has stayed so for the grace period; the removal is in the council's trail.
CREATE TABLE evidence_files (
    id               BLOB PRIMARY KEY NOT NULL,
    key              TEXT NOT NULL,
    org_id           BLOB NOT NULL REFERENCES organisations(id),
    stored_at        TEXT NOT NULL,
    unreferenced_at  TEXT
);
CREATE UNIQUE INDEX evidence_files_key_org ON evidence_files(key, org_id);
CREATE INDEX evidence_file_key ON evidence(file_key);

-- The files already kept, each under the council whose evidence points to it.
INSERT INTO evidence_files (id, key, org_id, stored_at)
SELECT randomblob(16), e.file_key, p.org_id, MIN(e.created_at)
FROM evidence e
JOIN actions a ON a.id = e.action_id
JOIN plans p ON p.id = a.plan_id
WHERE e.file_key IS NOT NULL
GROUP BY e.file_key, p.org_id;
