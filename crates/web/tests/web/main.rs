//! The web app's tests, one binary: the pages in-process through the router on both
//! backends, the route table walked for every role, the GOV.UK components against their
//! fixtures, and the journeys in a real browser with axe-core.

mod actions;
mod areas;
mod attached_plans;
mod browser;
mod browser_reports;
mod browser_show;
mod checks;
mod components;
mod editing;
mod evidence_removal;
mod fresh_reads;
mod glossary;
mod history;
mod home;
mod import;
mod import_layouts;
mod import_limits;
mod import_report;
mod inspection;
mod limits_and_upkeep;
mod measures;
mod meetings;
mod my_updates;
mod people;
mod plans;
mod reminders;
mod reports;
mod rounds;
mod route_walk;
mod search;
mod security;
mod sessions;
mod settings;
mod shared_plans;
mod sign_in;
mod signoff_rules;
mod support;
mod table_pages;
mod update_correction;
