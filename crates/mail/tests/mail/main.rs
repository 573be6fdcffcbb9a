//! Reminder runs against real SMTP: a sink on loopback started by each test takes the
//! messages (or refuses them, or hangs up), and the store is real SQLite and, with
//! `TEST_DATABASE_URL`, PostgreSQL.

mod runs;
