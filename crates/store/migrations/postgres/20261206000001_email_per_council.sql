-- An email address is unique within a council, not across them: a consultant who works
-- for two councils has an account in each, and a council's administrator adding someone
-- learns nothing about other councils' people (issue 10, item 4).
ALTER TABLE users DROP CONSTRAINT users_email_key;
ALTER TABLE users ADD CONSTRAINT users_org_email_key UNIQUE (org_id, email);
-- Sign-in looks a person up by email across councils.
CREATE INDEX users_email ON users(email);
