-- An administrator disables a person (a leaver, a long absence): they cannot sign in,
-- their sessions end and they are not offered as a lead, but everything they wrote stays
-- theirs in the plan and its trail. NULL: enabled.
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMPTZ;
