-- A plan attached to another (a monitoring visit's plan whose actions are "included in
-- the existing Improvement plan"). Deleting the parent leaves the plan on its own.
ALTER TABLE plans ADD COLUMN parent_id BLOB REFERENCES plans(id) ON DELETE SET NULL;
CREATE INDEX plans_parent ON plans(parent_id);
