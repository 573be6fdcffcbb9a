-- The plan model. Ids are UUIDs (16-byte blobs here, uuid in PostgreSQL); times are
-- RFC 3339 text; JSON columns hold ordered lists of strings that are never queried inside.

CREATE TABLE organisations (
    id          BLOB PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

CREATE TABLE users (
    id             BLOB PRIMARY KEY NOT NULL,
    org_id         BLOB NOT NULL REFERENCES organisations(id),
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    password_hash  TEXT,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE TABLE plans (
    id            BLOB PRIMARY KEY NOT NULL,
    org_id        BLOB NOT NULL REFERENCES organisations(id),
    title         TEXT NOT NULL,
    organisation  TEXT,
    inspection    TEXT,
    narrative     TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX plans_org ON plans(org_id);

CREATE TABLE plan_statuses (
    plan_id      BLOB NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    label        TEXT NOT NULL,
    meaning      TEXT NOT NULL,
    description  TEXT,
    PRIMARY KEY (plan_id, position)
);

CREATE TABLE glossary_entries (
    plan_id       BLOB NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    abbreviation  TEXT NOT NULL,
    title         TEXT,
    name          TEXT,
    person_id     BLOB REFERENCES users(id),
    PRIMARY KEY (plan_id, position)
);

CREATE TABLE areas (
    id          BLOB PRIMARY KEY NOT NULL,
    plan_id     BLOB NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    reference   TEXT,
    group_name  TEXT,
    title       TEXT NOT NULL,
    objectives  TEXT NOT NULL,
    outcomes    TEXT NOT NULL,
    measures    TEXT NOT NULL,
    narrative   TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX areas_plan ON areas(plan_id, position);

CREATE TABLE actions (
    id                BLOB PRIMARY KEY NOT NULL,
    plan_id           BLOB NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    area_id           BLOB NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
    parent_id         BLOB REFERENCES actions(id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    reference         TEXT,
    text              TEXT NOT NULL,
    sponsor           TEXT,
    start_text        TEXT,
    start_kind        TEXT,
    start_date        TEXT,
    start_recurrence  TEXT,
    due_text          TEXT,
    due_kind          TEXT,
    due_date          TEXT,
    due_recurrence    TEXT,
    assurance         TEXT,
    impact            TEXT,
    measure           TEXT,
    resources         TEXT,
    status_label      TEXT,
    status_meaning    TEXT,
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX actions_plan ON actions(plan_id, position);
CREATE INDEX actions_parent ON actions(parent_id);

CREATE TABLE action_leads (
    action_id  BLOB NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    person_id  BLOB REFERENCES users(id),
    PRIMARY KEY (action_id, position)
);
CREATE INDEX action_leads_person ON action_leads(person_id);

CREATE TABLE milestones (
    action_id       BLOB NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    text            TEXT NOT NULL,
    due_text        TEXT,
    due_kind        TEXT,
    due_date        TEXT,
    due_recurrence  TEXT,
    PRIMARY KEY (action_id, position)
);

CREATE TABLE updates (
    id           BLOB PRIMARY KEY NOT NULL,
    action_id    BLOB NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    update_date  TEXT,
    text         TEXT NOT NULL,
    author_id    BLOB REFERENCES users(id),
    created_at   TEXT NOT NULL
);
CREATE INDEX updates_action ON updates(action_id, position);

CREATE TABLE evidence (
    id          BLOB PRIMARY KEY NOT NULL,
    action_id   BLOB NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    reference   TEXT NOT NULL,
    added_by    BLOB REFERENCES users(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX evidence_action ON evidence(action_id, position);

-- Append-only: who changed what, when, from what to what. No foreign keys, so the
-- trail outlives what it describes.
CREATE TABLE audit_events (
    id             BLOB PRIMARY KEY NOT NULL,
    org_id         BLOB NOT NULL,
    at             TEXT NOT NULL,
    actor_user_id  BLOB,
    actor_label    TEXT NOT NULL,
    entity         TEXT NOT NULL,
    entity_id      BLOB NOT NULL,
    change         TEXT NOT NULL,
    before         TEXT,
    after          TEXT
);
CREATE INDEX audit_entity ON audit_events(entity_id, at);
CREATE INDEX audit_org ON audit_events(org_id, at);
