-- A plan's revision: moved on by every audited change that belongs to the plan, so a
-- reader can tell in one row whether a plan it holds is still current.
ALTER TABLE plans ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
