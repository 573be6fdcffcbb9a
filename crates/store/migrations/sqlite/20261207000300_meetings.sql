-- Review meetings (issue 11): a meeting's attendees and notes, its closing (a closed
-- meeting's record is read-only), and the decisions recorded against the plan's actions.

ALTER TABLE meetings ADD COLUMN attendees TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN closed_at TEXT;
ALTER TABLE meetings ADD COLUMN closed_by_id BLOB REFERENCES users(id);
ALTER TABLE meetings ADD COLUMN closed_by_label TEXT;

CREATE TABLE meeting_decisions (
    id                BLOB PRIMARY KEY NOT NULL,
    meeting_id        BLOB NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    action_id         BLOB NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    text              TEXT NOT NULL,
    decided_by_id     BLOB REFERENCES users(id),
    decided_by_label  TEXT NOT NULL,
    created_at        TEXT NOT NULL
);
CREATE INDEX meeting_decisions_meeting ON meeting_decisions(meeting_id, created_at);
CREATE INDEX meeting_decisions_action ON meeting_decisions(action_id);
