-- A plan updated on its own dates (update_cadence 'custom') keeps the days its periods end
-- on: ISO dates, comma separated, earliest first. Empty for a regular cadence.
ALTER TABLE plans ADD COLUMN period_ends TEXT NOT NULL DEFAULT '';
