-- What the approver says in signing an action off ("Evidence seen at the March
-- board"), shown on the action's timeline.
ALTER TABLE signoffs ADD COLUMN signoff_note TEXT;
