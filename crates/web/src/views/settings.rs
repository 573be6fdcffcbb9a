//! (being built) — see views/mod.rs for the route table.

use crate::routes::RouteDef;

/// This page's entries of the route table.
pub(crate) fn routes() -> Vec<RouteDef> {
    Vec::new()
}
