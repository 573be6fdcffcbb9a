-- The web workspace: sessions and sign-in throttling, plan membership, plan settings,
-- statuses and periods on updates, evidence as links and files, sign-off and impact
-- checks, and the subject of every audit event. Same tables and columns as
-- migrations/sqlite (a test checks it).

ALTER TABLE plans ADD COLUMN update_cadence TEXT NOT NULL DEFAULT 'monthly';
ALTER TABLE plans ADD COLUMN review_cadence TEXT NOT NULL DEFAULT 'fortnightly';
ALTER TABLE plans ADD COLUMN impact_interval_months BIGINT NOT NULL DEFAULT 3;

ALTER TABLE updates ADD COLUMN status_label TEXT;
ALTER TABLE updates ADD COLUMN status_meaning TEXT;
ALTER TABLE updates ADD COLUMN period TEXT;

ALTER TABLE evidence ADD COLUMN kind TEXT NOT NULL DEFAULT 'link' CHECK (kind IN ('link', 'file'));
ALTER TABLE evidence ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE evidence ADD COLUMN url TEXT;
ALTER TABLE evidence ADD COLUMN file_key TEXT;
ALTER TABLE evidence ADD COLUMN file_name TEXT;
ALTER TABLE evidence ADD COLUMN content_type TEXT;
ALTER TABLE evidence ADD COLUMN size BIGINT;
UPDATE evidence SET title = reference;
UPDATE evidence SET url = reference
 WHERE (reference LIKE 'http://_%' OR reference LIKE 'https://_%')
   AND reference !~ '\s';

CREATE TABLE signoffs (
    action_id             UUID PRIMARY KEY NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    proposed_by_id        UUID REFERENCES users(id),
    proposed_by_label     TEXT NOT NULL,
    proposed_at           TIMESTAMPTZ NOT NULL,
    proposal_note         TEXT,
    signed_off_by_id      UUID REFERENCES users(id),
    signed_off_by_label   TEXT,
    signed_off_at         TIMESTAMPTZ,
    impact_check_due      DATE
);

CREATE TABLE impact_checks (
    id                UUID PRIMARY KEY NOT NULL,
    action_id         UUID NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    checked_by_id     UUID REFERENCES users(id),
    checked_by_label  TEXT NOT NULL,
    checked_at        TIMESTAMPTZ NOT NULL,
    confirmed         BOOLEAN NOT NULL,
    note              TEXT
);
CREATE INDEX impact_checks_action ON impact_checks(action_id, checked_at);

CREATE TABLE plan_members (
    plan_id     UUID NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    user_id     UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('owner', 'lead', 'contributor', 'viewer')),
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (plan_id, user_id)
);
CREATE INDEX plan_members_user ON plan_members(user_id);

CREATE TABLE sessions (
    id_hash       TEXT PRIMARY KEY NOT NULL,
    user_id       UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token    TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    user_agent    TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE login_attempts (
    id       UUID PRIMARY KEY NOT NULL,
    attempt_key  TEXT NOT NULL,
    at       TIMESTAMPTZ NOT NULL,
    success  BOOLEAN NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts(attempt_key, at);

ALTER TABLE audit_events ADD COLUMN subject_id UUID;
ALTER TABLE audit_events ADD COLUMN plan_id UUID;
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
