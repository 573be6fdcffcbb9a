-- A glossary entry becomes a record of its own that people add, edit and remove: an id
-- to name it by and a version to detect two people changing it at once. Existing rows
-- are given a random id (they had none).
ALTER TABLE glossary_entries ADD COLUMN id UUID;
UPDATE glossary_entries SET id = gen_random_uuid();
ALTER TABLE glossary_entries ALTER COLUMN id SET NOT NULL;
ALTER TABLE glossary_entries DROP CONSTRAINT glossary_entries_pkey;
ALTER TABLE glossary_entries ADD PRIMARY KEY (id);
ALTER TABLE glossary_entries ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE INDEX glossary_entries_plan ON glossary_entries(plan_id, position);
