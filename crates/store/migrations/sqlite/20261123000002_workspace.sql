-- The web workspace: sessions and sign-in throttling, plan membership, plan settings,
-- statuses and periods on updates, evidence as links and files, sign-off and impact
-- checks, and the subject of every audit event (whose trail shows it).

-- How a plan is run.
ALTER TABLE plans ADD COLUMN update_cadence TEXT NOT NULL DEFAULT 'monthly';
ALTER TABLE plans ADD COLUMN review_cadence TEXT NOT NULL DEFAULT 'fortnightly';
ALTER TABLE plans ADD COLUMN impact_interval_months INTEGER NOT NULL DEFAULT 3;

-- The status a writer set with an update, and the reporting period it was written for.
ALTER TABLE updates ADD COLUMN status_label TEXT;
ALTER TABLE updates ADD COLUMN status_meaning TEXT;
ALTER TABLE updates ADD COLUMN period TEXT;

-- Evidence: a link (an imported reference is a link with or without an address) or an
-- uploaded file. `reference` keeps the plan-document text of each piece.
ALTER TABLE evidence ADD COLUMN kind TEXT NOT NULL DEFAULT 'link' CHECK (kind IN ('link', 'file'));
ALTER TABLE evidence ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE evidence ADD COLUMN url TEXT;
ALTER TABLE evidence ADD COLUMN file_key TEXT;
ALTER TABLE evidence ADD COLUMN file_name TEXT;
ALTER TABLE evidence ADD COLUMN content_type TEXT;
ALTER TABLE evidence ADD COLUMN size INTEGER;
-- Existing references: the words as written; a bare address is also the link.
UPDATE evidence SET title = reference;
UPDATE evidence SET url = reference
 WHERE (reference LIKE 'http://_%' OR reference LIKE 'https://_%')
   AND reference NOT LIKE '% %' AND reference NOT LIKE '%' || char(9) || '%'
   AND reference NOT LIKE '%' || char(10) || '%' AND reference NOT LIKE '%' || char(13) || '%';

-- A proposal that an action is complete, and its sign-off once given. One per action;
-- reopening removes it (the audit trail and impact_checks keep the history).
CREATE TABLE signoffs (
    action_id             BLOB PRIMARY KEY NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    proposed_by_id        BLOB REFERENCES users(id),
    proposed_by_label     TEXT NOT NULL,
    proposed_at           TEXT NOT NULL,
    proposal_note         TEXT,
    signed_off_by_id      BLOB REFERENCES users(id),
    signed_off_by_label   TEXT,
    signed_off_at         TEXT,
    impact_check_due      TEXT
);

CREATE TABLE impact_checks (
    id                BLOB PRIMARY KEY NOT NULL,
    action_id         BLOB NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    checked_by_id     BLOB REFERENCES users(id),
    checked_by_label  TEXT NOT NULL,
    checked_at        TEXT NOT NULL,
    confirmed         BOOLEAN NOT NULL,
    note              TEXT
);
CREATE INDEX impact_checks_action ON impact_checks(action_id, checked_at);

-- Who has which role on a plan. An organisation admin needs none.
CREATE TABLE plan_members (
    plan_id     BLOB NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    user_id     BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('owner', 'lead', 'contributor', 'viewer')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (plan_id, user_id)
);
CREATE INDEX plan_members_user ON plan_members(user_id);

-- Signed-in sessions. The cookie carries a secret; only its hash is kept.
CREATE TABLE sessions (
    id_hash       TEXT PRIMARY KEY NOT NULL,
    user_id       BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    user_agent    TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- Failed sign-ins per key ("email:...", "ip:..."), for throttling. A success clears
-- its key's failures.
CREATE TABLE login_attempts (
    id       BLOB PRIMARY KEY NOT NULL,
    attempt_key  TEXT NOT NULL,
    at       TEXT NOT NULL,
    success  BOOLEAN NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts(attempt_key, at);

-- Whose trail an event belongs to (an update's action, an area's plan), and its plan.
ALTER TABLE audit_events ADD COLUMN subject_id BLOB;
ALTER TABLE audit_events ADD COLUMN plan_id BLOB;
UPDATE audit_events SET subject_id = entity_id, plan_id = entity_id WHERE entity = 'plan';
UPDATE audit_events SET subject_id = entity_id,
    plan_id = (SELECT a.plan_id FROM actions a WHERE a.id = audit_events.entity_id)
 WHERE entity = 'action';
UPDATE audit_events SET subject_id = (SELECT u.action_id FROM updates u WHERE u.id = audit_events.entity_id)
 WHERE entity = 'update';
UPDATE audit_events SET plan_id = (SELECT a.plan_id FROM actions a WHERE a.id = audit_events.subject_id)
 WHERE entity = 'update';
UPDATE audit_events SET subject_id = entity_id WHERE subject_id IS NULL;
CREATE INDEX audit_subject ON audit_events(subject_id, at);
CREATE INDEX audit_plan ON audit_events(plan_id, at);
