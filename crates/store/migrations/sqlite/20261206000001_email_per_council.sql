-- no-transaction
-- An email address is unique within a council, not across them: a consultant who works
-- for two councils has an account in each, and a council's administrator adding someone
-- learns nothing about other councils' people (issue 10, item 4).
--
-- SQLite cannot drop a column's UNIQUE, so the table is rebuilt the documented way:
-- foreign keys off outside a transaction, copy, drop, rename, check, keys on.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE users_new (
    id             BLOB PRIMARY KEY NOT NULL,
    org_id         BLOB NOT NULL REFERENCES organisations(id),
    email          TEXT NOT NULL,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    password_hash  TEXT,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (org_id, email)
);
INSERT INTO users_new (id, org_id, email, name, role, password_hash, version, created_at, updated_at)
    SELECT id, org_id, email, name, role, password_hash, version, created_at, updated_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_org ON users(org_id, role);
-- Sign-in looks a person up by email across councils.
CREATE INDEX users_email ON users(email);
COMMIT;
PRAGMA foreign_key_check;
PRAGMA foreign_keys = ON;
