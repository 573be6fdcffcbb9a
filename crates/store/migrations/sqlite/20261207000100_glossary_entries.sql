-- A glossary entry becomes a record of its own that people add, edit and remove: an id
-- to name it by and a version to detect two people changing it at once. SQLite cannot
-- change a table's primary key, so the table is rebuilt with its rows (each given a
-- random id: the rows had none).
CREATE TABLE glossary_entries_new (
    id            BLOB PRIMARY KEY NOT NULL,
    plan_id       BLOB NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    abbreviation  TEXT NOT NULL,
    title         TEXT,
    name          TEXT,
    person_id     BLOB REFERENCES users(id),
    version       INTEGER NOT NULL DEFAULT 1
);
INSERT INTO glossary_entries_new (id, plan_id, position, abbreviation, title, name, person_id, version)
    SELECT randomblob(16), plan_id, position, abbreviation, title, name, person_id, 1
    FROM glossary_entries;
DROP TABLE glossary_entries;
ALTER TABLE glossary_entries_new RENAME TO glossary_entries;
CREATE INDEX glossary_entries_plan ON glossary_entries(plan_id, position);
