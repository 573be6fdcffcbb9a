//! One module per page; each exposes `get` (and `post` where the page has a form) and
//! `routes()`, its entries of the route table with the access each needs.

// Each page module owns its entries of the route table (`routes()`).
pub(crate) mod account;
pub(crate) mod action;
pub(crate) mod area;
pub(crate) mod attached;
pub(crate) mod banner;
pub(crate) mod checks;
pub(crate) mod chrome;
pub(crate) mod edit_action;
pub(crate) mod edit_form;
pub(crate) mod edit_plan;
pub(crate) mod email_choice;
pub(crate) mod evidence;
pub(crate) mod evidence_remove;
pub(crate) mod form;
pub(crate) mod format;
pub(crate) mod glossary;
pub(crate) mod glossary_form;
pub(crate) mod health;
pub(crate) mod history;
pub(crate) mod home;
pub(crate) mod import;
pub(crate) mod import_layouts;
pub(crate) mod import_report;
pub(crate) mod inspection;
pub(crate) mod locate;
pub(crate) mod login;
pub(crate) mod measure;
pub(crate) mod measure_form;
pub(crate) mod measure_values;
pub(crate) mod measures;
pub(crate) mod meeting;
pub(crate) mod meeting_forms;
pub(crate) mod meetings;
pub(crate) mod members;
pub(crate) mod my_updates;
pub(crate) mod naming;
pub(crate) mod overview;
pub(crate) mod page;
pub(crate) mod password_link;
pub(crate) mod people;
pub(crate) mod plan;
pub(crate) mod plan_export;
pub(crate) mod plans;
pub(crate) mod profile;
pub(crate) mod reports;
pub(crate) mod round;
pub(crate) mod round_forms;
pub(crate) mod search;
pub(crate) mod sessions;
pub(crate) mod settings;
pub(crate) mod signoff;
pub(crate) mod status_columns;
pub(crate) mod table;
pub(crate) mod timeline;
pub(crate) mod update;
pub(crate) mod update_correct;

use crate::Error;
use crate::routing::{Access, RouteDef};

/// The whole route table.
pub(crate) fn all_routes() -> Vec<RouteDef> {
    let mut all = vec![
        RouteDef::get("/assets/{*path}", Access::Public, crate::assets::serve),
        RouteDef::get("/healthz", Access::Public, health::healthz),
        RouteDef::get("/login", Access::Public, login::get),
        RouteDef::post("/login", Access::Public, login::post),
        RouteDef::post("/logout", Access::SignedIn, login::logout),
        RouteDef::get("/plans", Access::SignedIn, plans::get),
    ];
    for module_routes in [
        home::routes(),
        account::routes(),
        sessions::routes(),
        profile::routes(),
        email_choice::routes(),
        password_link::routes(),
        history::routes(),
        evidence_remove::routes(),
        update_correct::routes(),
        my_updates::routes(),
        search::routes(),
        import::routes(),
        people::routes(),
        settings::routes(),
        members::routes(),
        glossary::routes(),
        attached::routes(),
        overview::routes(),
        area::routes(),
        inspection::routes(),
        import_report::routes(),
        import_layouts::routes(),
        table::routes(),
        action::routes(),
        edit_action::routes(),
        edit_plan::routes(),
        update::routes(),
        evidence::routes(),
        signoff::routes(),
        checks::routes(),
        meetings::routes(),
        measures::routes(),
        meeting::routes(),
        round::routes(),
        reports::routes(),
        plan_export::routes(),
        round_forms::routes(),
    ] {
        all.extend(module_routes);
    }
    all
}

/// Any path no route matches.
pub(crate) async fn not_found() -> Error {
    Error::NotFound
}
