//! The store's integration tests, one binary with a module per subject. Every test runs
//! on SQLite, and on PostgreSQL when `TEST_DATABASE_URL` is set (otherwise it prints that
//! its PostgreSQL half was skipped; in CI the variable is set and PostgreSQL required).

mod actions;
mod audit;
mod checks;
mod files;
mod glossary;
mod import_report;
mod layouts;
mod measures;
mod meetings;
mod people;
mod plans;
mod reminders;
mod rounds;
mod schema;
mod sessions;
mod signoff;
mod tls;
mod updates_evidence;
mod world;
