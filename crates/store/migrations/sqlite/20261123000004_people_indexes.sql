-- An organisation's people, and its admins, by organisation: the people page lists them
-- (`users WHERE org_id`), and every change of a person's organisation role counts the
-- admins left (`users WHERE org_id AND role`) inside its transaction.
CREATE INDEX users_org ON users(org_id, role);
