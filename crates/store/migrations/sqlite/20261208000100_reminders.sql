-- Reminders by email (issue 11).

-- How many working days before a round's deadline the reminder goes.
ALTER TABLE plans ADD COLUMN reminder_days INTEGER NOT NULL DEFAULT 2;

-- The sent-log: every digest due to be emailed, claimed before it is sent. The unique key
-- (person, kind, plan, window) makes a digest once-only: a second server, or the same
-- one after a restart, finds the key taken and sends nothing. The row keeps what was
-- due (recipient, subject, bodies, the actions named) so a failed send is retried as it
-- was, with backoff, and never forgotten.
--   status: sending (claimed, lease_until says until when), sent, failed (retried from
--   next_attempt_at), abandoned (too many failures; kept, and logged).
CREATE TABLE sent_messages (
    id               BLOB PRIMARY KEY NOT NULL,
    person_id        BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    plan_id          BLOB NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    digest_window    TEXT NOT NULL,
    period_start     TEXT NOT NULL,
    to_email         TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body_text        TEXT NOT NULL,
    body_html        TEXT NOT NULL,
    action_ids       TEXT NOT NULL,
    chase_id         BLOB REFERENCES chases(id) ON DELETE SET NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    lease_until      TEXT,
    next_attempt_at  TEXT,
    sent_at          TEXT,
    last_error       TEXT
);
CREATE UNIQUE INDEX sent_messages_key ON sent_messages(person_id, kind, plan_id, digest_window);
CREATE INDEX sent_messages_plan ON sent_messages(plan_id, created_at);
CREATE INDEX sent_messages_retry ON sent_messages(status, next_attempt_at);

-- How often a person wants email for what waits on them: each, daily, weekly or off
-- (the owner's escalation is sent whatever they choose). No row: "each".
CREATE TABLE email_preferences (
    user_id     BLOB PRIMARY KEY NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    frequency   TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
