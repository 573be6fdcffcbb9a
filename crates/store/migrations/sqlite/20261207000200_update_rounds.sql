-- Update rounds (issue 11).

-- How many update periods with no new update, the status unchanged, make an action
-- stalled.
ALTER TABLE plans ADD COLUMN stalled_periods INTEGER NOT NULL DEFAULT 3;

-- Every change of an action's status, written in the transaction that makes it: the
-- status history (what each period ended with) is read from here. Who made the change
-- is in the audit trail.
CREATE TABLE status_changes (
    id              BLOB PRIMARY KEY NOT NULL,
    action_id       BLOB NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    at              TEXT NOT NULL,
    status_label    TEXT,
    status_meaning  TEXT
);
CREATE INDEX status_changes_action ON status_changes(action_id, at);

-- What is known of the history before it was kept: each update that set a status, when
-- it was written; and each action's status now, held since its last change (every
-- status change moves an action's version, so one never changed has held it since it
-- was made).
INSERT INTO status_changes (id, action_id, at, status_label, status_meaning)
SELECT randomblob(16), u.action_id, u.created_at, u.status_label, u.status_meaning
FROM updates u WHERE u.status_label IS NOT NULL;
INSERT INTO status_changes (id, action_id, at, status_label, status_meaning)
SELECT randomblob(16), a.id, CASE WHEN a.version = 1 THEN a.created_at ELSE a.updated_at END,
       a.status_label, a.status_meaning
FROM actions a;

-- A plan's meetings. For now the review meetings an owner sets on the round page: a
-- round's deadline counts back from its period's review meeting.
CREATE TABLE meetings (
    id                BLOB PRIMARY KEY NOT NULL,
    plan_id           BLOB NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    meeting_date      TEXT NOT NULL,
    kind              TEXT NOT NULL,
    created_by_id     BLOB REFERENCES users(id),
    created_by_label  TEXT NOT NULL,
    created_at        TEXT NOT NULL
);
CREATE INDEX meetings_plan ON meetings(plan_id, meeting_date);

-- Chases: an owner asked a person to update what they lead that is due in a round. The
-- row says what was due from whom and by when (the store works it out), so a mailer can
-- send it later and mark it sent (`emailed_at`); the person sees it on their home page.
CREATE TABLE chases (
    id               BLOB PRIMARY KEY NOT NULL,
    plan_id          BLOB NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    person_id        BLOB NOT NULL REFERENCES users(id),
    period_start     TEXT NOT NULL,
    period_end       TEXT NOT NULL,
    period_label     TEXT NOT NULL,
    deadline         TEXT NOT NULL,
    action_ids       TEXT NOT NULL,
    chased_by_id     BLOB REFERENCES users(id),
    chased_by_label  TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    emailed_at       TEXT
);
CREATE INDEX chases_person ON chases(person_id, period_end);
CREATE INDEX chases_plan ON chases(plan_id, period_start);
