-- Findings of the plan checks that someone who answers for the action has dismissed,
-- with why. A dismissal holds while the cells the check reads are as they were (the
-- fingerprint, a SHA-256 of them); when they change, the finding is shown again. One
-- per action and check: dismissing again replaces it (the trail keeps both).
CREATE TABLE check_dismissals (
    id                  BLOB PRIMARY KEY NOT NULL,
    action_id           BLOB NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    code                TEXT NOT NULL,
    fingerprint         TEXT NOT NULL,
    reason              TEXT NOT NULL,
    dismissed_by_id     BLOB REFERENCES users(id),
    dismissed_by_label  TEXT NOT NULL,
    dismissed_at        TEXT NOT NULL
);
CREATE UNIQUE INDEX check_dismissals_action_code ON check_dismissals(action_id, code);
