-- A meeting's attendees and notes can be edited while it is open (issue 11): the edit is
-- checked against the version the editor saw, as actions' and plans' edits are.
ALTER TABLE meetings ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
